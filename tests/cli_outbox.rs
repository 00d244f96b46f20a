//! The command line as cron, scripts and people use it: the real binary
//! against a spool and a config in a temporary folder, the in-repo SMTP
//! server, and no keychain (a D-Bus address that leads nowhere, as in cron).

#![cfg(unix)]

mod support;

use std::io::Write;
use std::process::{Command, Output, Stdio};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use hudhud::compose::Outgoing;
use hudhud::config::{Account, AuthMethod, Config, Security as AccountSecurity, Settings};
use hudhud::outbox::{Entry, Folder, PasswordSource, Spool, State, drain_account};
use hudhud::paths::Paths;
use hudhud::secrets::SecretError;
use hudhud::smtp::{Credentials, ErrorKind, Problem, Reply, SmtpError, Step, Transcript};
use support::smtp_server::{Fault, Phase, Security, ServerConfig, TestServer};

const USER: &str = "cron@example.com";

struct Home {
    dir: tempfile::TempDir,
}

impl Home {
    /// A config with one account "work" on `port` (plain, no sign-in).
    fn new(port: u16) -> Home {
        let home = Home {
            dir: tempfile::tempdir().unwrap(),
        };
        home.save(vec![plain_account("work", port)]);
        home
    }

    fn paths(&self) -> Paths {
        Paths {
            config_dir: self.dir.path().join("config"),
            data_dir: self.dir.path().join("data"),
        }
    }

    fn save(&self, accounts: Vec<Account>) {
        let config = Config {
            accounts,
            ..Config::default()
        };
        config.save(&self.paths()).unwrap();
    }

    fn config(&self) -> Config {
        Config::load(&self.paths()).unwrap()
    }

    fn spool(&self) -> Spool {
        Spool::open(&self.paths().data_dir).unwrap()
    }

    /// Runs hudhud with this home, in English, with no keychain reachable.
    async fn run(&self, args: &[&str], stdin: &[u8], env: &[(&str, &str)]) -> Output {
        let mut command = Command::new(env!("CARGO_BIN_EXE_hudhud"));
        command
            .args(args)
            .env("HUDHUD_CONFIG_DIR", self.paths().config_dir)
            .env("HUDHUD_DATA_DIR", self.paths().data_dir)
            .env("HUDHUD_LANG", "en")
            .env("HOME", self.dir.path())
            .env(
                "DBUS_SESSION_BUS_ADDRESS",
                format!("unix:path={}", self.dir.path().join("no-bus").display()),
            )
            .env_remove("HUDHUD_LOG")
            .env_remove("NO_COLOR")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for (key, value) in env {
            command.env(key, value);
        }
        let stdin = stdin.to_vec();
        // The test server runs on this runtime: wait for the child elsewhere.
        tokio::task::spawn_blocking(move || {
            let mut child = command.spawn().unwrap();
            child.stdin.take().unwrap().write_all(&stdin).unwrap();
            child.wait_with_output().unwrap()
        })
        .await
        .unwrap()
    }

    fn queue(&self, n: usize, to: &[&str]) -> String {
        let outgoing = Outgoing {
            message_id: format!("<cli{n}.{}@example.com>", nanos()),
            envelope_from: USER.into(),
            envelope_to: to.iter().map(|s| s.to_string()).collect(),
            raw: format!(
                "From: {USER}\r\nTo: {}\r\nMessage-ID: <cli{n}@example.com>\r\nSubject: {n}\r\n\r\nbody {n}\r\n",
                to.join(", ")
            )
            .into_bytes(),
        };
        self.spool()
            .enqueue("work", &outgoing, &format!("message {n}"), None, None)
            .unwrap()
            .id
    }

    fn entry(&self, id: &str) -> (Entry, Folder) {
        self.spool().find(id).expect("the entry exists")
    }

    /// Puts a queued message in `state` with `error`, as a worker would.
    fn fail(&self, id: &str, state: State, error: SmtpError) {
        let spool = self.spool();
        let mut lock = spool.lock("work", Duration::from_secs(5)).unwrap().unwrap();
        let (entry, _) = spool.find(id).unwrap();
        lock.begin(id).unwrap();
        lock.mark_failed_attempt(entry, state, error, Transcript::default(), None)
            .unwrap();
        lock.finish_batch().unwrap();
    }
}

fn plain_account(name: &str, port: u16) -> Account {
    Account {
        name: name.into(),
        email: USER.into(),
        host: "127.0.0.1".into(),
        port: Some(port),
        security: AccountSecurity::None,
        auth: AuthMethod::None,
        ..Default::default()
    }
}

fn nanos() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn rejected(kind: ErrorKind, code: u16) -> SmtpError {
    SmtpError {
        kind,
        problem: Problem::Rejected(Step::Auth),
        reply: Some(Reply {
            code,
            text: "5.7.8 no".into(),
        }),
        refused_recipients: Vec::new(),
    }
}

fn a_port_nobody_listens_on() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

// --- item 5: no keychain from here (cron) ---

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sendmail_without_a_keychain_queues_for_the_daemon_which_then_sends() {
    let test = TestServer::start(ServerConfig {
        security: Security::ImplicitTls,
        auth: Some((USER.into(), "pw".into())),
        ..ServerConfig::default()
    })
    .await;
    let home = Home::new(test.port());
    let ca = test.write_ca_file(home.dir.path());
    let account = Account {
        host: "localhost".into(),
        security: AccountSecurity::Tls,
        auth: AuthMethod::Password,
        ca_file: Some(ca),
        ..plain_account("work", test.port())
    };
    home.save(vec![account.clone()]);
    let message = b"To: ops@example.com\nSubject: disk full\n\n/var at 99%\n";

    // -odi: deliver now, which cannot be done from here.
    let out = home.run(&["sendmail", "-t", "-odi"], message, &[]).await;
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("the keychain is not reachable from here"),
        "{}",
        stderr(&out)
    );
    // The default (-odb) hands over to a background flush that cannot either.
    let out = home.run(&["sendmail", "-t"], message, &[]).await;
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // Let that background flush finish before looking.
    tokio::time::sleep(Duration::from_millis(500)).await;
    drop(home.spool().lock("work", Duration::from_secs(20)).unwrap());
    let out = home.run(&["outbox", "flush"], b"", &[]).await;
    assert_eq!(out.status.code(), Some(75), "{}", stderr(&out));

    let waiting = home.spool().list(Folder::Outbox);
    assert_eq!(waiting.len(), 2);
    for entry in &waiting {
        assert_eq!(entry.state, State::Queued, "not held: {entry:?}");
        assert_eq!(entry.attempts, 0, "no attempt counted");
        assert!(entry.is_due(chrono::Utc::now()));
    }
    assert_eq!(test.connections(), 0);

    // The daemon in the desktop session reaches the keychain and sends both.
    let passwords: PasswordSource = Arc::new(|account: &Account| {
        Ok(Some(Credentials {
            username: account.username().into(),
            password: "pw".into(),
        }))
    });
    let never = AtomicBool::new(false);
    let settings = Settings {
        timeout_secs: 5,
        ..Settings::default()
    };
    let report = drain_account(&home.spool(), &account, &settings, &passwords, None, &never)
        .await
        .unwrap();
    assert_eq!(report.sent, 2, "{report:?}");
    assert_eq!(test.received().len(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn send_without_a_keychain_exits_75_and_says_the_message_waits() {
    let home = Home::new(a_port_nobody_listens_on());
    let account = Account {
        auth: AuthMethod::Password,
        ..plain_account("work", a_port_nobody_listens_on())
    };
    home.save(vec![account]);
    let out = home
        .run(
            &["send", "--to", "ops@example.com", "--subject", "s"],
            b"hi",
            &[],
        )
        .await;
    assert_eq!(out.status.code(), Some(75), "{}", stderr(&out));
    let text = stderr(&out);
    assert!(text.contains("hudhud daemon"), "{text}");
    assert!(!text.contains("Nothing was saved"), "{text}");
    assert!(!text.contains("another Hudhud process"), "{text}");
    let waiting = home.spool().list(Folder::Outbox);
    assert_eq!((waiting[0].state, waiting[0].attempts), (State::Queued, 0));
}

/// The worker itself: an unreachable keychain leaves messages queued with no
/// attempt and no connection; a reachable one without the password holds them.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unreachable_keychain_leaves_messages_queued_a_missing_password_holds_them() {
    let test = TestServer::start(ServerConfig::default()).await;
    let home = Home::new(test.port());
    let account = Account {
        auth: AuthMethod::Password,
        ..plain_account("work", test.port())
    };
    let a = home.queue(1, &["ok@example.com"]);
    let b = home.queue(2, &["ok@example.com"]);
    let never = AtomicBool::new(false);
    let drain = |passwords: PasswordSource| {
        let spool = home.spool();
        let account = account.clone();
        let never = &never;
        async move {
            drain_account(
                &spool,
                &account,
                &Settings::default(),
                &passwords,
                None,
                never,
            )
            .await
            .unwrap()
        }
    };
    let unreachable: PasswordSource =
        Arc::new(|_: &Account| Err(SecretError::Unavailable("no bus".into())));
    let report = drain(unreachable.clone()).await;
    assert_eq!(report.keychain_unreachable, 2, "{report:?}");
    assert_eq!(report.held, 0);
    for id in [&a, &b] {
        let (entry, folder) = home.entry(id);
        assert_eq!(
            (entry.state, folder, entry.attempts),
            (State::Queued, Folder::Outbox, 0)
        );
        let error = entry.last_error.expect("the reason is noted");
        assert!(matches!(
            error.problem,
            Problem::Keychain(SecretError::Unavailable(_))
        ));
        assert!(!error.to_string().contains("Nothing was saved"));
    }
    // Still due: the next drain (the daemon's) tries again.
    assert_eq!(drain(unreachable).await.keychain_unreachable, 2);
    assert_eq!(test.connections(), 0);

    let missing: PasswordSource = Arc::new(|a: &Account| Err(SecretError::Missing(a.name.clone())));
    let report = drain(missing).await;
    assert_eq!(
        (report.held, report.keychain_unreachable),
        (2, 0),
        "{report:?}"
    );
    assert_eq!(home.entry(&a).0.state, State::Held);
}

/// Messages an older Hudhud held for want of a keychain go once a daemon runs.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_daemon_sends_messages_held_earlier_because_no_keychain_was_reachable() {
    let test = TestServer::start(ServerConfig::default()).await;
    let home = Home::new(test.port());
    let id = home.queue(1, &["ok@example.com"]);
    home.fail(
        &id,
        State::Held,
        SmtpError::new(
            ErrorKind::Config,
            Problem::Keychain(SecretError::Unavailable("no bus".into())),
        ),
    );
    let other = home.queue(2, &["ok@example.com"]);
    home.fail(
        &other,
        State::Held,
        SmtpError::new(
            ErrorKind::Config,
            Problem::Keychain(SecretError::Missing("work".into())),
        ),
    );
    let shutdown = Arc::new(AtomicBool::new(false));
    let wake = Arc::new(tokio::sync::Notify::new());
    let passwords: PasswordSource = Arc::new(|_: &Account| Ok(None));
    let worker = tokio::spawn(hudhud::outbox::run_worker(
        home.paths(),
        passwords,
        None,
        shutdown.clone(),
        wake.clone(),
    ));
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    while home.entry(&id).1 != Folder::Sent && std::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    shutdown.store(true, std::sync::atomic::Ordering::SeqCst);
    wake.notify_one();
    worker.await.unwrap();
    assert_eq!(home.entry(&id).1, Folder::Sent);
    assert_eq!(test.received().len(), 1);
    // A password missing from a reachable keychain still needs the user.
    assert_eq!(home.entry(&other).0.state, State::Held);
}

// --- item 10: flush reports the whole outbox and exits with the worst ---

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn flush_exits_75_when_a_message_waits_to_retry_and_counts_every_state() {
    let test = TestServer::start(ServerConfig {
        faults: vec![Fault::Reply {
            phase: Phase::RcptTo,
            code: 451,
            text: "4.3.0 try later".into(),
            only_rcpt: Some("later@example.com".into()),
        }],
        ..ServerConfig::default()
    })
    .await;
    let home = Home::new(test.port());
    home.queue(1, &["ok@example.com"]);
    home.queue(2, &["later@example.com"]);
    let scheduled = Outgoing {
        message_id: "<later@example.com>".into(),
        envelope_from: USER.into(),
        envelope_to: vec!["x@example.com".into()],
        raw: b"Subject: later\r\n\r\nx\r\n".to_vec(),
    };
    let tomorrow = chrono::Utc::now() + chrono::Duration::days(1);
    home.spool()
        .enqueue("work", &scheduled, "later", Some(tomorrow), None)
        .unwrap();

    let out = home
        .run(&["outbox", "flush"], b"", &[("HUDHUD_LOG", "info")])
        .await;
    let text = stderr(&out);
    assert_eq!(out.status.code(), Some(75), "{text}");
    assert!(
        text.contains("sent by this run: 1, waiting: 1, unconfirmed: 0, held: 0, failed: 0, scheduled for later: 1"),
        "{text}"
    );
    // The worker's log line is there, and without colour codes: stderr is a pipe.
    assert!(text.contains("-> deferred"), "{text}");
    assert!(!text.contains('\u{1b}'), "no ANSI escapes: {text:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn flush_exit_codes_follow_the_worst_state_in_the_outbox() {
    let test = TestServer::start(ServerConfig {
        faults: vec![Fault::Reply {
            phase: Phase::RcptTo,
            code: 550,
            text: "5.1.1 no such user".into(),
            only_rcpt: Some("nobody@example.com".into()),
        }],
        ..ServerConfig::default()
    })
    .await;
    let home = Home::new(test.port());

    // Nothing at all: 0.
    let out = home.run(&["outbox", "flush"], b"", &[]).await;
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));

    // Everything sent: 0.
    home.queue(1, &["ok@example.com"]);
    let out = home.run(&["outbox", "flush"], b"", &[]).await;
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("sent by this run: 1,"));

    // Refused for good: 65, also on the next run that sends nothing.
    home.queue(2, &["nobody@example.com"]);
    let out = home.run(&["outbox", "flush"], b"", &[]).await;
    assert_eq!(out.status.code(), Some(65), "{}", stderr(&out));
    let out = home.run(&["outbox", "flush"], b"", &[]).await;
    assert_eq!(out.status.code(), Some(65), "{}", stderr(&out));
    assert!(stderr(&out).contains("failed: 1,"), "{}", stderr(&out));

    // Held for the account's settings: 78; for a refused password: 77.
    let config_held = home.queue(3, &["ok@example.com"]);
    home.fail(
        &config_held,
        State::Held,
        SmtpError::new(ErrorKind::Config, Problem::NoStartTls),
    );
    let out = home.run(&["outbox", "flush"], b"", &[]).await;
    assert_eq!(out.status.code(), Some(78), "{}", stderr(&out));
    assert!(stderr(&out).contains("held: 1,"), "{}", stderr(&out));
    let auth_held = home.queue(4, &["ok@example.com"]);
    home.fail(
        &auth_held,
        State::Held,
        rejected(ErrorKind::AuthRefused, 535),
    );
    let out = home.run(&["outbox", "flush"], b"", &[]).await;
    assert_eq!(out.status.code(), Some(77), "{}", stderr(&out));
    assert!(stderr(&out).contains("held: 2,"), "{}", stderr(&out));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn flush_exits_75_for_an_unconfirmed_message() {
    let home = Home::new(a_port_nobody_listens_on());
    let id = home.queue(1, &["ok@example.com"]);
    home.fail(
        &id,
        State::Unconfirmed,
        SmtpError::new(
            ErrorKind::Unconfirmed,
            Problem::ConnectionLost(Step::EndOfData),
        ),
    );
    let out = home.run(&["outbox", "flush"], b"", &[]).await;
    assert_eq!(out.status.code(), Some(75), "{}", stderr(&out));
    assert!(stderr(&out).contains("unconfirmed: 1,"), "{}", stderr(&out));
    assert!(stderr(&out).contains("mark-sent"), "{}", stderr(&out));
}

// --- item 12: accounts from the command line ---

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn account_edit_changes_the_account_in_place_and_releases_held_messages() {
    let test = TestServer::start(ServerConfig::default()).await;
    let wrong_port = a_port_nobody_listens_on();
    let home = Home::new(wrong_port);
    let id = home.queue(1, &["ok@example.com"]);
    home.fail(
        &id,
        State::Held,
        SmtpError::new(ErrorKind::Config, Problem::NoStartTls),
    );
    // A change that cannot fix it leaves it held.
    let out = home
        .run(
            &["account", "edit", "work", "--display-name", "Cron Daemon"],
            b"",
            &[],
        )
        .await;
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        home.config()
            .account("work")
            .unwrap()
            .display_name
            .as_deref(),
        Some("Cron Daemon")
    );
    assert_eq!(home.entry(&id).0.state, State::Held);

    let port = test.port().to_string();
    let out = home
        .run(
            &[
                "account",
                "edit",
                "work",
                "--port",
                &port,
                "--username",
                "robot",
            ],
            b"",
            &[],
        )
        .await;
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let account = home.config().account("work").unwrap().clone();
    assert_eq!(account.port, Some(test.port()));
    assert_eq!(account.username.as_deref(), Some("robot"));
    assert_eq!(account.display_name.as_deref(), Some("Cron Daemon"));
    assert_eq!(home.entry(&id).0.state, State::Queued, "released");

    // "" goes back to the default.
    let out = home
        .run(&["account", "edit", "work", "--username", ""], b"", &[])
        .await;
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(home.config().account("work").unwrap().username, None);

    // Plain SMTP to another machine still needs the opt-in.
    let out = home
        .run(
            &["account", "edit", "work", "--host", "smtp.example.com"],
            b"",
            &[],
        )
        .await;
    assert_eq!(out.status.code(), Some(78), "{}", stderr(&out));
    assert_eq!(home.config().account("work").unwrap().host, "127.0.0.1");

    let out = home
        .run(&["account", "edit", "nosuch", "--port", "25"], b"", &[])
        .await;
    assert_eq!(out.status.code(), Some(64), "{}", stderr(&out));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_display_name_with_a_line_break_is_refused_naming_the_field() {
    let home = Home::new(25);
    for args in [
        vec![
            "account",
            "add",
            "cron",
            "--email",
            "cron@example.com",
            "--host",
            "127.0.0.1",
            "--security",
            "none",
            "--no-auth",
            "--display-name",
            "Cron\r\nX-Injected: y",
        ],
        vec![
            "account",
            "edit",
            "work",
            "--display-name",
            "Cron\nBcc: x@y",
        ],
        vec!["account", "edit", "work", "--display-name", "Cron\n"],
    ] {
        let out = home.run(&args, b"", &[]).await;
        let text = stderr(&out);
        assert_eq!(out.status.code(), Some(64), "{args:?}: {text}");
        assert!(text.contains("--display-name"), "{text}");
        assert!(text.contains("control character"), "{text}");
    }
    let config = home.config();
    assert_eq!(config.accounts.len(), 1, "nothing added");
    assert_eq!(config.accounts[0].display_name, None, "nothing changed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn removing_an_account_with_waiting_messages_needs_force_which_fails_them() {
    let home = Home::new(a_port_nobody_listens_on());
    let a = home.queue(1, &["ok@example.com"]);
    let b = home.queue(2, &["ok@example.com"]);
    home.fail(
        &b,
        State::Held,
        SmtpError::new(ErrorKind::Config, Problem::NoStartTls),
    );
    let out = home.run(&["account", "remove", "work"], b"", &[]).await;
    let text = stderr(&out);
    assert_eq!(out.status.code(), Some(64), "{text}");
    assert!(text.contains("2 messages"), "{text}");
    assert!(text.contains("--force"), "{text}");
    assert!(home.config().account("work").is_ok(), "not removed");
    assert_eq!(home.spool().list(Folder::Outbox).len(), 2);

    let out = home
        .run(&["account", "remove", "work", "--force"], b"", &[])
        .await;
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(home.config().account("work").is_err());
    for id in [&a, &b] {
        let (entry, folder) = home.entry(id);
        assert_eq!((entry.state, folder), (State::Failed, Folder::Failed));
        let error = entry.last_error.unwrap();
        assert_eq!(error.problem, Problem::AccountRemoved("work".into()));
        assert!(error.to_string().contains("“work” was removed"));
    }
    let out = home.run(&["outbox", "list"], b"", &[]).await;
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("was removed"),
        "the reason is listed"
    );
}

// --- item 13: send to the recipients the server accepted ---

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn send_to_accepted_queues_a_copy_for_exactly_the_accepted_recipients() {
    let test = TestServer::start(ServerConfig {
        faults: vec![Fault::Reply {
            phase: Phase::RcptTo,
            code: 550,
            text: "5.1.1 no such user".into(),
            only_rcpt: Some("nobody@example.com".into()),
        }],
        ..ServerConfig::default()
    })
    .await;
    let home = Home::new(test.port());
    let id = home.queue(
        1,
        &["ok@example.com", "nobody@example.com", "bcc@example.com"],
    );
    let out = home.run(&["outbox", "flush"], b"", &[]).await;
    assert_eq!(out.status.code(), Some(65), "{}", stderr(&out));
    assert!(test.received().is_empty(), "the default: nobody gets it");

    let out = home
        .run(&["outbox", "send-to-accepted", &id], b"", &[])
        .await;
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let copy_id = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    let received = test.received();
    assert_eq!(received.len(), 1);
    assert_eq!(
        received[0].rcpt_to,
        ["ok@example.com", "bcc@example.com"],
        "exactly the accepted ones"
    );
    let data = String::from_utf8_lossy(&received[0].data);
    assert!(
        data.contains("To: ok@example.com, nobody@example.com, bcc@example.com\r\n"),
        "the headers are the original's: {data}"
    );
    assert!(
        !data.contains("<cli1@example.com>"),
        "a new Message-ID: {data}"
    );
    let (copy, folder) = home.entry(&copy_id);
    assert_eq!(folder, Folder::Sent);
    assert!(data.contains(&format!("Message-ID: {}\r\n", copy.message_id)));

    let (original, folder) = home.entry(&id);
    assert_eq!(folder, Folder::Failed);
    assert_eq!(original.copies.len(), 1);
    assert_eq!(original.copies[0].id, copy_id);
    assert_eq!(original.copies[0].to, ["ok@example.com", "bcc@example.com"]);
    let out = home.run(&["outbox", "show", &id], b"", &[]).await;
    assert!(String::from_utf8_lossy(&out.stdout).contains(&copy_id));

    // Once only.
    let out = home
        .run(&["outbox", "send-to-accepted", &id], b"", &[])
        .await;
    assert_eq!(out.status.code(), Some(64), "{}", stderr(&out));
    assert!(stderr(&out).contains(&copy_id));
    assert_eq!(test.received().len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn send_to_accepted_refuses_when_nobody_was_refused_or_nobody_accepted() {
    let test = TestServer::start(ServerConfig {
        faults: vec![
            Fault::Reply {
                phase: Phase::RcptTo,
                code: 550,
                text: "5.1.1 no such user".into(),
                only_rcpt: Some("nobody@example.com".into()),
            },
            Fault::Reply {
                phase: Phase::MailFrom,
                code: 553,
                text: "5.7.1 sender refused".into(),
                only_rcpt: None,
            },
        ],
        ..ServerConfig::default()
    })
    .await;
    let home = Home::new(test.port());
    let only_refused = home.queue(1, &["nobody@example.com"]);
    let out = home.run(&["outbox", "flush"], b"", &[]).await;
    assert_eq!(out.status.code(), Some(65), "{}", stderr(&out));
    let (entry, _) = home.entry(&only_refused);
    // MAIL FROM is refused first: nothing was refused per recipient.
    assert!(entry.last_error.unwrap().refused_recipients.is_empty());
    let out = home
        .run(&["outbox", "send-to-accepted", &only_refused], b"", &[])
        .await;
    assert_eq!(out.status.code(), Some(64), "{}", stderr(&out));
    assert!(stderr(&out).contains("refused none of the recipients"));

    test.set_faults(vec![Fault::Reply {
        phase: Phase::RcptTo,
        code: 550,
        text: "5.1.1 no such user".into(),
        only_rcpt: Some("nobody@example.com".into()),
    }]);
    let all_refused = home.queue(2, &["nobody@example.com"]);
    home.run(&["outbox", "flush"], b"", &[]).await;
    let out = home
        .run(&["outbox", "send-to-accepted", &all_refused], b"", &[])
        .await;
    assert_eq!(out.status.code(), Some(64), "{}", stderr(&out));
    assert!(stderr(&out).contains("refused every recipient"));

    // A message still waiting is not a candidate.
    let waiting = home.queue(3, &["ok@example.com"]);
    let out = home
        .run(&["outbox", "send-to-accepted", &waiting], b"", &[])
        .await;
    assert_eq!(out.status.code(), Some(64), "{}", stderr(&out));
    assert!(test.received().is_empty());
}

/// Issue 14 §3: the sent history from the command line, through the index.
#[test]
fn sent_list_and_search_read_the_history_index() {
    use hudhud::compose::Outgoing;
    use hudhud::outbox::{Folder, Spool};
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let spool = Spool::open(&data).unwrap();
    let mut lock = spool
        .lock("work", std::time::Duration::from_secs(5))
        .unwrap()
        .unwrap();
    for (n, subject) in ["التقرير السنوي", "Lunch", "Invoice 42"].iter().enumerate() {
        let outgoing = Outgoing {
            message_id: format!("<{n}@example.com>"),
            envelope_from: "layla@example.com".into(),
            envelope_to: vec![format!("r{n}@example.org")],
            raw: format!("Subject: x\r\n\r\nbody {n}\r\n").into_bytes(),
        };
        let entry = spool
            .enqueue("work", &outgoing, subject, None, None)
            .unwrap();
        lock.begin(&entry.id).unwrap();
        let reply = hudhud::smtp::Reply {
            code: 250,
            text: "ok".into(),
        };
        lock.mark_sent(entry, reply, Default::default()).unwrap();
    }
    drop(lock);
    assert_eq!(spool.list(Folder::Sent).len(), 3);
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_hudhud"))
            .args(args)
            .env("HUDHUD_CONFIG_DIR", dir.path().join("config"))
            .env("HUDHUD_DATA_DIR", &data)
            .env("HUDHUD_LANG", "en")
            .output()
            .unwrap()
    };
    let out = run(&["sent", "list", "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let subjects: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["subject"].as_str().unwrap())
        .collect();
    assert_eq!(subjects.len(), 3);
    assert!(subjects.contains(&"Lunch"));
    let out = run(&["sent", "search", "تقرير"]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("التقرير السنوي") && !text.contains("Lunch"),
        "{text}"
    );
    let out = run(&["sent", "search", "nothing-like-this"]);
    assert!(out.status.success());
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("No sent messages match."));

    let out = run(&["sent", "list", "--json", "--limit", "1"]);
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["subject"], "Invoice 42", "the newest");

    // Retention, set from the command line and applied at once.
    let out = run(&["sent", "retention"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Sent messages are kept forever."), "{text}");
    assert!(text.contains("Now: 0 deleted, 0 compressed."), "{text}");
    let out = run(&["sent", "retention", "--messages", "2"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        text.contains("Only the newest 2 sent messages are kept."),
        "{text}"
    );
    assert!(text.contains("Now: 1 deleted, 0 compressed."), "{text}");
    let left: Vec<String> = spool
        .list(Folder::Sent)
        .into_iter()
        .map(|e| e.subject)
        .collect();
    assert_eq!(left.len(), 2);
    assert!(
        !left.iter().any(|s| s == "التقرير السنوي"),
        "the oldest went: {left:?}"
    );
    let config = hudhud::config::Config::load(&hudhud::paths::Paths {
        config_dir: dir.path().join("config"),
        data_dir: data.clone(),
    })
    .unwrap();
    assert_eq!(
        config.settings.sent_retention,
        hudhud::config::Retention::Messages(2)
    );
    let out = run(&["sent", "retention", "--days", "0"]);
    assert!(!out.status.success(), "keeping nothing is not a setting");
    let out = run(&["sent", "retention", "--days", "3", "--messages", "4"]);
    assert!(!out.status.success(), "one or the other");
}
