//! Kill the worker with SIGKILL at random moments while it drains 300
//! messages, restarting it each time. Afterwards every message is in sent/
//! or unconfirmed, every sent one reached the server, none reached it twice,
//! and none is missing.

#![cfg(unix)]

mod support;

use std::collections::HashMap;
use std::process::{Command, Stdio};
use std::time::Duration;

use hudhud::compose::Outgoing;
use hudhud::outbox::{Folder, Spool, State};
use support::smtp_server::{Fault, Phase, ServerConfig, TestServer};

const MESSAGES: usize = 300;
const KILLS: usize = 12;

fn random_below(n: u64) -> u64 {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos() as u64;
    (nanos ^ (nanos >> 7)).wrapping_mul(6364136223846793005) % n
}

fn message_id_of(data: &[u8]) -> String {
    String::from_utf8_lossy(data)
        .lines()
        .find_map(|l| l.strip_prefix("Message-ID: ").map(str::to_owned))
        .unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigkill_at_random_moments_never_loses_or_duplicates() {
    // A small delay before each 250 keeps messages on the wire long enough
    // for kills to land mid-send.
    let test = TestServer::start(ServerConfig {
        faults: vec![Fault::Delay {
            phase: Phase::EndOfData,
            delay: Duration::from_millis(10),
        }],
        ..ServerConfig::default()
    })
    .await;
    let dir = tempfile::tempdir().unwrap();
    let config_dir = dir.path().join("config");
    let data_dir = dir.path().join("data");
    std::fs::create_dir_all(&config_dir).unwrap();
    std::fs::write(
        config_dir.join("config.toml"),
        format!(
            "[[account]]\nname = \"local\"\nemail = \"cron@example.com\"\nhost = \"127.0.0.1\"\nport = {}\nsecurity = \"none\"\nauth = \"none\"\n",
            test.port()
        ),
    )
    .unwrap();
    let spool = Spool::open(&data_dir).unwrap();
    let mut queued = HashMap::new();
    for n in 0..MESSAGES {
        let message_id = format!("<crash{n}@example.com>");
        let outgoing = Outgoing {
            message_id: message_id.clone(),
            envelope_from: "cron@example.com".into(),
            envelope_to: vec!["ops@example.com".into()],
            raw: format!(
                "From: cron@example.com\r\nMessage-ID: {message_id}\r\nSubject: {n}\r\n\r\nbody\r\n"
            )
            .into_bytes(),
        };
        let entry = spool
            .enqueue("local", &outgoing, &n.to_string(), None, None)
            .unwrap();
        queued.insert(entry.id, message_id);
    }

    let worker = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_hudhud"))
            .args(args)
            .env("HUDHUD_CONFIG_DIR", &config_dir)
            .env("HUDHUD_DATA_DIR", &data_dir)
            .env("HUDHUD_LANG", "en")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap()
    };
    let mut kills = 0;
    let mut progress = Vec::new();
    while kills < KILLS {
        let mut child = worker(&["daemon"]);
        tokio::time::sleep(Duration::from_millis(40 + random_below(160))).await;
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        kills += 1;
        progress.push(test.received().len());
    }
    assert!(
        progress.last().copied().unwrap_or(0) < MESSAGES,
        "the kills came too late to hit the drain: {progress:?}"
    );
    // A final run without interruption sends what is left.
    let status = worker(&["outbox", "flush"]).wait().unwrap();
    assert!(status.code().is_some(), "flush ran to the end");

    let mut reached: HashMap<String, usize> = HashMap::new();
    for t in test.transactions() {
        *reached.entry(message_id_of(&t.data)).or_default() += 1;
    }
    let accepted: std::collections::HashSet<String> = test
        .received()
        .iter()
        .map(|r| message_id_of(&r.data))
        .collect();

    let sent = spool.list(Folder::Sent);
    let waiting = spool.list(Folder::Outbox);
    let failed = spool.list(Folder::Failed);
    assert!(failed.is_empty(), "nothing fails: {failed:?}");
    assert_eq!(sent.len() + waiting.len(), MESSAGES, "none is missing");
    for entry in &waiting {
        assert_eq!(entry.state, State::Unconfirmed, "{entry:?}");
    }
    assert!(waiting.len() <= kills, "at most one unconfirmed per kill");
    for entry in &sent {
        assert!(
            accepted.contains(&entry.message_id),
            "sent but the server never accepted {}",
            entry.message_id
        );
    }
    for (message_id, times) in &reached {
        assert!(*times <= 1, "{message_id} reached the server {times} times");
    }
    for (id, message_id) in &queued {
        assert!(
            sent.iter().any(|e| &e.id == id) || waiting.iter().any(|e| &e.id == id),
            "{id} ({message_id}) vanished"
        );
    }
    eprintln!(
        "crash test: {kills} kills, progress {progress:?}, {} sent, {} unconfirmed",
        sent.len(),
        waiting.len()
    );
}
