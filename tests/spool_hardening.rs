//! The spool on disk against what others may leave in it: symbolic links,
//! leftovers of interrupted writes, quarantined messages, folders the user
//! made. (issue 10, items 6 and 7)

#![cfg(unix)]

mod support;

use std::fs;
use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, SystemTime};

use hudhud::compose::Outgoing;
use hudhud::outbox::{Damage, Folder, Spool, SpoolError};
use support::smtp_server::{ServerConfig, TestServer};

const SECRET: &str = "the target's secret contents";

fn outgoing(n: u32) -> Outgoing {
    Outgoing {
        message_id: format!("<h{n}@example.com>"),
        envelope_from: "cron@example.com".into(),
        envelope_to: vec!["boss@example.com".into()],
        raw: format!(
            "From: cron@example.com\r\nTo: Boss <boss@example.com>\r\nSubject: report {n}\r\n\r\nbody {n}\r\n"
        )
        .into_bytes(),
    }
}

struct Home {
    dir: tempfile::TempDir,
}

impl Home {
    fn new(port: u16) -> Home {
        let dir = tempfile::tempdir().unwrap();
        let home = Home { dir };
        fs::create_dir(home.config_dir()).unwrap();
        fs::write(
            home.config_dir().join("config.toml"),
            format!(
                "[[account]]\nname = \"local\"\nemail = \"cron@example.com\"\nhost = \"127.0.0.1\"\nport = {port}\nsecurity = \"none\"\nauth = \"none\"\n"
            ),
        )
        .unwrap();
        home
    }

    fn config_dir(&self) -> PathBuf {
        self.dir.path().join("config")
    }

    fn data_dir(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    fn spool(&self) -> Spool {
        Spool::open(&self.data_dir()).unwrap()
    }

    fn hudhud(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_hudhud"))
            .args(args)
            .env("HUDHUD_CONFIG_DIR", self.config_dir())
            .env("HUDHUD_DATA_DIR", self.data_dir())
            .env("HUDHUD_LANG", "en")
            .output()
            .unwrap()
    }

    /// A file outside the spool that a link will point to.
    fn victim(&self) -> PathBuf {
        let path = self.dir.path().join("victim.txt");
        fs::write(&path, SECRET).unwrap();
        path
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn age(path: &Path, by: Duration) {
    fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(SystemTime::now() - by)
        .unwrap();
}

#[test]
fn a_link_at_the_journal_does_not_truncate_its_target() {
    let home = Home::new(1);
    let spool = home.spool();
    let victim = home.victim();
    symlink(&victim, home.data_dir().join("locks/local.journal")).unwrap();
    let refused = spool.lock("local", Duration::ZERO);
    assert!(
        matches!(refused, Err(SpoolError::Link(_))),
        "{:?}",
        refused.map(|l| l.is_some())
    );
    let shown = refused.err().unwrap().to_string();
    assert!(
        shown.contains("local.journal") && shown.contains("symbolic link"),
        "{shown}"
    );
    // Recovery of idle accounts (every `outbox` command) must not touch it either.
    spool.recover_idle();
    assert_eq!(fs::read_to_string(&victim).unwrap(), SECRET);
}

#[test]
fn a_link_at_the_lock_file_is_refused() {
    let home = Home::new(1);
    let spool = home.spool();
    let victim = home.victim();
    symlink(&victim, home.data_dir().join("locks/local.lock")).unwrap();
    assert!(matches!(
        spool.lock("local", Duration::ZERO),
        Err(SpoolError::Link(_))
    ));
    assert_eq!(fs::read_to_string(&victim).unwrap(), SECRET);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_link_at_a_queued_message_is_not_sent_and_shows_as_damaged() {
    let server = TestServer::start(ServerConfig::default()).await;
    let home = Home::new(server.port());
    let spool = home.spool();
    let entry = spool
        .enqueue("local", &outgoing(1), "report 1", None, None)
        .unwrap();
    let eml = spool.message_path(Folder::Outbox, &entry.id);
    fs::remove_file(&eml).unwrap();
    symlink(home.victim(), &eml).unwrap();

    assert!(spool.raw(Folder::Outbox, &entry.id).is_err());
    let flush = tokio::task::block_in_place(|| home.hudhud(&["outbox", "flush"]));
    assert!(
        server.received().is_empty(),
        "sent through the link: {:?}\n{}",
        server.received(),
        text(&flush.stderr)
    );

    let damaged = spool.damaged();
    assert_eq!(damaged.len(), 1, "{damaged:?}");
    assert_eq!(damaged[0].id, entry.id);
    assert_eq!(damaged[0].problem, Damage::NotRegular);
    let list = tokio::task::block_in_place(|| home.hudhud(&["outbox", "list"]));
    let out = text(&list.stdout);
    assert!(list.status.success(), "{}", text(&list.stderr));
    assert!(out.contains(&entry.id) && out.contains("damaged"), "{out}");
    assert!(out.contains("symbolic link"), "{out}");
    assert!(!out.contains(SECRET), "{out}");
}

#[test]
fn a_link_at_a_state_file_is_not_followed() {
    let home = Home::new(1);
    let spool = home.spool();
    let entry = spool
        .enqueue("local", &outgoing(1), "report 1", None, None)
        .unwrap();
    // The link points to a valid state file outside the spool.
    let json = home.data_dir().join(format!("outbox/{}.json", entry.id));
    let outside = home.dir.path().join("outside.json");
    fs::rename(&json, &outside).unwrap();
    symlink(&outside, &json).unwrap();
    assert!(spool.list(Folder::Outbox).is_empty());
    assert!(spool.find(&entry.id).is_none());
    assert_eq!(spool.damaged()[0].problem, Damage::NotRegular);
}

#[test]
fn stale_temporary_files_go_at_recovery_and_fresh_ones_stay() {
    let home = Home::new(1);
    let spool = home.spool();
    let outbox = spool.dir(Folder::Outbox);
    // Left by an enqueue killed an hour ago, and by one running right now
    // in another process.
    let stale = outbox.join(".20260101T000000000000-dead.eml.tmp");
    let live = outbox.join(".20260101T000000000000-live.eml.tmp");
    let stale_state = spool.dir(Folder::Sent).join(".x.json.4242.tmp");
    for path in [&stale, &live, &stale_state] {
        fs::write(path, vec![b'x'; 4096]).unwrap();
    }
    age(&stale, Duration::from_secs(3600));
    age(&stale_state, Duration::from_secs(3600));
    let kept = spool
        .enqueue("local", &outgoing(1), "report 1", None, None)
        .unwrap();

    let reopened = Spool::open(&home.data_dir()).unwrap();
    assert!(stale.exists(), "opening is cheap: no clean-up there");
    // What a worker, `send` and `outbox flush` run first.
    reopened.recover_idle();
    assert!(!stale.exists() && !stale_state.exists());
    assert!(live.exists(), "a live writer's file was removed");
    assert_eq!(reopened.list(Folder::Outbox)[0].id, kept.id);
}

#[test]
fn a_quarantined_message_is_listed_and_shown_with_how_to_recover() {
    let home = Home::new(1);
    let spool = home.spool();
    let entry = spool
        .enqueue("local", &outgoing(7), "report 7", None, None)
        .unwrap();
    let json = home.data_dir().join(format!("outbox/{}.json", entry.id));
    fs::write(&json, b"{ \"id\": truncated").unwrap();
    age(&json, Duration::from_secs(600));

    let list = home.hudhud(&["outbox", "list"]);
    let (out, err) = (text(&list.stdout), text(&list.stderr));
    assert!(list.status.success(), "{err}");
    assert!(!err.contains("empty"), "{err}");
    assert!(out.contains(&entry.id), "{out}");
    assert!(out.contains("damaged"), "{out}");
    // What is left: recipients and subject read from the message itself.
    assert!(
        out.contains("boss@example.com") && out.contains("report 7"),
        "{out}"
    );
    let eml = home.data_dir().join(format!("quarantine/{}.eml", entry.id));
    assert!(out.contains(&eml.display().to_string()), "{out}");
    assert!(out.contains("hudhud sendmail -t -i"), "{out}");

    let show = home.hudhud(&["outbox", "show", &entry.id]);
    let out = text(&show.stdout);
    assert!(show.status.success(), "{}", text(&show.stderr));
    assert!(
        out.contains("report 7") && out.contains("boss@example.com"),
        "{out}"
    );
    assert!(out.contains(&eml.display().to_string()), "{out}");

    let shown = home.hudhud(&["outbox", "show", &entry.id, "--json"]);
    let shown: serde_json::Value = serde_json::from_slice(&shown.stdout).unwrap();
    assert_eq!(shown["state"], "damaged");
    assert_eq!(shown["subject"], "report 7");

    let json = home.hudhud(&["outbox", "list", "--json"]);
    let listed: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(listed[0]["state"], "damaged");
    assert_eq!(listed[0]["problem"], "state-unreadable");
}

#[test]
fn a_message_whose_text_is_lost_still_shows_its_envelope() {
    let home = Home::new(1);
    let spool = home.spool();
    let entry = spool
        .enqueue("local", &outgoing(3), "report 3", None, None)
        .unwrap();
    fs::remove_file(spool.message_path(Folder::Outbox, &entry.id)).unwrap();
    assert!(spool.list(Folder::Outbox).is_empty());
    let damaged = spool.find_damaged(&entry.id).unwrap();
    assert_eq!(damaged.problem, Damage::MessageMissing);
    assert_eq!(damaged.account.as_deref(), Some("local"));
    assert_eq!(damaged.recipients, vec!["boss@example.com".to_owned()]);
    assert!(damaged.explain().contains("lost"), "{}", damaged.explain());
}

#[test]
fn a_shared_folder_the_user_made_keeps_its_mode_and_is_warned_about() {
    let home = Home::new(1);
    let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o7777;
    fs::create_dir(home.data_dir()).unwrap();
    for dir in [home.config_dir(), home.data_dir()] {
        fs::set_permissions(&dir, fs::Permissions::from_mode(0o1777)).unwrap();
    }
    let run = home.hudhud(&["account", "default", "local"]);
    assert!(run.status.success(), "{}", text(&run.stderr));
    let run = home.hudhud(&["outbox", "list"]);
    assert!(run.status.success(), "{}", text(&run.stderr));
    assert_eq!(mode(&home.config_dir()), 0o1777);
    assert_eq!(mode(&home.data_dir()), 0o1777);
    let err = text(&run.stderr);
    // Once, for the folder the user made (not again for each one inside).
    assert_eq!(err.matches("(mode 1777)").count(), 1, "{err}");
    assert!(
        err.contains(&format!(
            "{} is open to other users",
            home.data_dir().display()
        )),
        "{err}"
    );
    // The folders Hudhud makes inside are private.
    assert_eq!(mode(&home.data_dir().join("outbox")), 0o700);
}
