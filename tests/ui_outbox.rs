//! The Outbox screen's "Send to the others" on a message failed by a refused
//! recipient, clicked like a person would (iced_test's Simulator), with the
//! effects run against a spool in a temporary directory.

use hudhud::compose::Outgoing;
use hudhud::config::{Account, AuthMethod, Config, Security};
use hudhud::outbox::{Folder, Spool, State};
use hudhud::paths::Paths;
use hudhud::smtp::{ErrorKind, Problem, Reply, SmtpError, Transcript};
use hudhud::ui::app::{App, Message, Screen};
use hudhud::ui::effect::Effect;
use iced_test::Simulator;

struct Fixture {
    _dir: tempfile::TempDir,
    paths: Paths,
    app: App,
}

impl Fixture {
    fn new() -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let paths = Paths {
            config_dir: dir.path().join("config"),
            data_dir: dir.path().join("data"),
        };
        let mut config = Config::default();
        config
            .add_account(Account {
                name: "work".into(),
                email: "layla@example.com".into(),
                host: "127.0.0.1".into(),
                port: Some(9),
                security: Security::None,
                auth: AuthMethod::None,
                ..Default::default()
            })
            .unwrap();
        config.save(&paths).unwrap();
        let (app, effects) = App::new(paths.clone(), config, None);
        let mut fixture = Fixture {
            _dir: dir,
            paths,
            app,
        };
        fixture.run(effects);
        fixture
    }

    fn apply(&mut self, messages: impl IntoIterator<Item = Message>) {
        for message in messages {
            let effects = self.app.update(message);
            self.run(effects);
        }
    }

    fn run(&mut self, effects: Vec<Effect>) {
        for effect in effects {
            match effect {
                // No dialogs, network or notifications here; the worker is
                // not running, so the copy stays queued where we can see it.
                Effect::PickFiles
                | Effect::TestAccount { .. }
                | Effect::Notify { .. }
                | Effect::WakeWorker => {}
                effect => {
                    let message = effect.run_blocking(&self.paths);
                    self.apply([message]);
                }
            }
        }
    }

    fn spool(&self) -> Spool {
        Spool::open(&self.paths.data_dir).unwrap()
    }

    /// A message to three people that failed because the server refused one.
    fn failed_for_one_recipient(&self, refused: &[&str]) -> String {
        let spool = self.spool();
        let to = ["omar@example.org", "nobody@example.org", "sara@example.org"];
        let outgoing = Outgoing {
            message_id: "<orig@example.com>".into(),
            envelope_from: "layla@example.com".into(),
            envelope_to: to.iter().map(|s| s.to_string()).collect(),
            raw: b"From: layla@example.com\r\nTo: omar@example.org, nobody@example.org, sara@example.org\r\nMessage-ID: <orig@example.com>\r\nSubject: Plans\r\n\r\nHi\r\n".to_vec(),
        };
        let entry = spool
            .enqueue("work", &outgoing, "Plans", None, None)
            .unwrap();
        let mut lock = spool
            .lock("work", std::time::Duration::ZERO)
            .unwrap()
            .unwrap();
        lock.begin(&entry.id).unwrap();
        let error = SmtpError {
            kind: ErrorKind::Permanent,
            problem: Problem::RecipientRefused(refused[0].into()),
            reply: Some(Reply {
                code: 550,
                text: "5.1.1 no such user".into(),
            }),
            refused_recipients: refused.iter().map(|s| s.to_string()).collect(),
        };
        lock.mark_failed_attempt(
            entry.clone(),
            State::Failed,
            error,
            Transcript::default(),
            None,
        )
        .unwrap();
        lock.finish_batch().unwrap();
        entry.id
    }
}

#[test]
fn send_to_the_others_queues_a_copy_for_the_accepted_recipients() {
    let mut f = Fixture::new();
    let id = f.failed_for_one_recipient(&["nobody@example.org"]);
    f.apply([Message::Go(Screen::Outbox)]);
    let messages: Vec<Message> = {
        let mut ui = Simulator::with_settings(hudhud::ui::settings(), f.app.view());
        ui.click("Send to the others")
            .expect("the action is offered on the failed message");
        ui.into_messages().collect()
    };
    f.apply(messages);

    let queued = f.spool().list(Folder::Outbox);
    assert_eq!(queued.len(), 1, "one copy");
    let copy = &queued[0];
    assert_eq!(copy.envelope_to, ["omar@example.org", "sara@example.org"]);
    assert_ne!(copy.message_id, "<orig@example.com>");
    let (original, folder) = f.spool().find(&id).unwrap();
    assert_eq!(folder, Folder::Failed);
    assert_eq!(original.copies[0].id, copy.id);

    // Done once: the action is gone, and the card says where the copy went.
    let mut ui = Simulator::with_settings(hudhud::ui::settings(), f.app.view());
    assert!(ui.find("Send to the others").is_err());
    ui.find("A copy went to: omar@example.org, sara@example.org")
        .expect("the copy is shown on the original");
}

#[test]
fn no_such_action_when_every_recipient_was_refused() {
    let mut f = Fixture::new();
    f.failed_for_one_recipient(&["omar@example.org", "nobody@example.org", "sara@example.org"]);
    f.apply([Message::Go(Screen::Outbox)]);
    let mut ui = Simulator::with_settings(hudhud::ui::settings(), f.app.view());
    ui.find("Retry now").expect("the failed message is shown");
    assert!(ui.find("Send to the others").is_err());
}

#[test]
fn a_scheduled_message_offers_send_now_and_a_failed_one_retry() {
    let mut f = Fixture::new();
    let outgoing = Outgoing {
        message_id: "<later@example.com>".into(),
        envelope_from: "layla@example.com".into(),
        envelope_to: vec!["omar@example.org".into()],
        raw: b"From: layla@example.com\r\nTo: omar@example.org\r\nMessage-ID: <later@example.com>\r\nSubject: Later\r\n\r\nHi\r\n".to_vec(),
    };
    let at = chrono::Utc::now() + chrono::Duration::hours(2);
    let scheduled = f
        .spool()
        .enqueue("work", &outgoing, "Later", Some(at), None)
        .unwrap();
    f.apply([Message::Go(Screen::Outbox)]);
    let messages: Vec<Message> = {
        let mut ui = Simulator::with_settings(hudhud::ui::settings(), f.app.view());
        // Nothing failed yet: "Retry" would say it had.
        assert!(ui.find("Retry now").is_err());
        ui.click("Send now")
            .expect("the scheduled message can be sent at once");
        ui.into_messages().collect()
    };
    f.apply(messages);
    let (entry, _) = f.spool().find(&scheduled.id).unwrap();
    assert_eq!(entry.not_before, None, "Send now drops the scheduled time");

    // A message that was tried and failed still offers a retry.
    f.failed_for_one_recipient(&["nobody@example.org"]);
    f.apply([Message::Go(Screen::Outbox)]);
    let mut ui = Simulator::with_settings(hudhud::ui::settings(), f.app.view());
    ui.find("Retry now")
        .expect("the failed message offers a retry");
}

/// A sent message whose copy to the Sent folder failed at sign-in.
fn sent_with_failed_copy(f: &Fixture) -> String {
    use hudhud::imap::CopyProblem;
    use hudhud::outbox::{CopyState, SentCopy};
    let spool = f.spool();
    let outgoing = Outgoing {
        message_id: "<copy@example.com>".into(),
        envelope_from: "layla@example.com".into(),
        envelope_to: vec!["omar@example.org".into()],
        raw: b"From: layla@example.com\r\nTo: omar@example.org\r\nMessage-ID: <copy@example.com>\r\nSubject: Copy\r\n\r\nHi\r\n".to_vec(),
    };
    let entry = spool
        .enqueue("work", &outgoing, "Copy", None, None)
        .unwrap();
    let mut lock = spool
        .lock("work", std::time::Duration::ZERO)
        .unwrap()
        .unwrap();
    lock.begin_with_copy(&entry.id, true).unwrap();
    let mut sent = entry.clone();
    sent.sent_copy = CopyState::Pending;
    let reply = Reply {
        code: 250,
        text: "2.0.0 Ok".into(),
    };
    lock.mark_sent(sent, reply, Transcript::default()).unwrap();
    lock.finish_batch().unwrap();
    let copy = SentCopy {
        attempts: 1,
        error: Some(CopyProblem::SignIn {
            reply: "AUTHENTICATE failed".into(),
        }),
        ..SentCopy::default()
    };
    spool
        .save_copy_state(&entry.id, CopyState::Failed, copy)
        .unwrap();
    entry.id
}

#[test]
fn the_sent_view_shows_a_failed_copy_and_retries_it() {
    use hudhud::outbox::CopyState;
    let mut f = Fixture::new();
    let id = sent_with_failed_copy(&f);
    f.apply([
        Message::Go(Screen::Sent),
        Message::List(hudhud::ui::outbox::Message::ToggleDetails(id.clone())),
    ]);
    let messages: Vec<Message> = {
        let mut ui = Simulator::with_settings(hudhud::ui::settings(), f.app.view());
        ui.click("Retry copy")
            .expect("the retry is offered on the failed copy");
        ui.into_messages().collect()
    };
    f.apply(messages);
    let (entry, folder) = f.spool().find(&id).unwrap();
    assert_eq!(folder, Folder::Sent);
    assert_eq!(entry.sent_copy, CopyState::Pending);
    assert_eq!(f.spool().pending_copies(Some("work")).len(), 1);
    // Once copied, nothing more to retry.
    f.spool()
        .save_copy_state(&id, CopyState::Copied, Default::default())
        .unwrap();
    f.apply([
        Message::List(hudhud::ui::outbox::Message::ToggleDetails(id.clone())),
        Message::List(hudhud::ui::outbox::Message::ToggleDetails(id.clone())),
    ]);
    let mut ui = Simulator::with_settings(hudhud::ui::settings(), f.app.view());
    assert!(ui.find("Retry copy").is_err());
}

/// Issue 14 §2: while another process (a real `hudhud daemon`) holds an
/// account's lock, the window's worker steps back quietly and the window
/// says the messages are being sent in the background; once that process
/// is gone, the worker takes the account back.
#[test]
fn the_window_steps_back_while_the_daemon_sends() {
    use std::sync::Arc;
    use std::sync::atomic::AtomicBool;
    use std::time::{Duration, Instant};

    let mut f = Fixture::new();
    // A server that accepts and never greets: the daemon waits on it,
    // holding the account's lock.
    let server = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = server.local_addr().unwrap().port();
    let (accepted_tx, accepted) = std::sync::mpsc::channel();
    // Later connections are closed at once (the worker's attempt fails fast).
    let hang_up = Arc::new(AtomicBool::new(false));
    let hanging_up = hang_up.clone();
    std::thread::spawn(move || {
        let mut held = Vec::new();
        while let Ok((socket, _)) = server.accept() {
            if !hanging_up.load(std::sync::atomic::Ordering::SeqCst) {
                held.push(socket);
            }
            let _ = accepted_tx.send(());
        }
    });
    let mut config = hudhud::config::Config::load(&f.paths).unwrap();
    config.accounts[0].port = Some(port);
    config.settings.timeout_secs = 30;
    config.save(&f.paths).unwrap();
    let outgoing = Outgoing {
        message_id: "<bg@example.com>".into(),
        envelope_from: "layla@example.com".into(),
        envelope_to: vec!["omar@example.org".into()],
        raw: b"Subject: Nightly report\r\n\r\nHi\r\n".to_vec(),
    };
    f.spool()
        .enqueue("work", &outgoing, "Nightly report", None, None)
        .unwrap();

    let mut daemon = std::process::Command::new(env!("CARGO_BIN_EXE_hudhud"))
        .env("HUDHUD_CONFIG_DIR", &f.paths.config_dir)
        .env("HUDHUD_DATA_DIR", &f.paths.data_dir)
        .env("HUDHUD_LANG", "en")
        .arg("daemon")
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    accepted
        .recv_timeout(Duration::from_secs(10))
        .expect("the daemon connects (and holds the lock)");

    let runtime = tokio::runtime::Runtime::new().unwrap();
    let (events_tx, mut events) = tokio::sync::mpsc::unbounded_channel();
    let shutdown = Arc::new(AtomicBool::new(false));
    let wake = Arc::new(tokio::sync::Notify::new());
    runtime.spawn(hudhud::outbox::run_worker(
        f.paths.clone(),
        hudhud::services::accounts::keychain_passwords(),
        Some(events_tx),
        shutdown.clone(),
        wake.clone(),
    ));
    let mut next_background = |within: Duration| {
        runtime.block_on(async {
            let deadline = Instant::now() + within;
            loop {
                let left = deadline.saturating_duration_since(Instant::now());
                match tokio::time::timeout(left, events.recv()).await {
                    Ok(Some(hudhud::outbox::Event::Background { accounts })) => {
                        return Some(accounts);
                    }
                    Ok(Some(_)) => {}
                    _ => return None,
                }
            }
        })
    };
    let accounts = next_background(Duration::from_secs(5)).expect("the worker steps back");
    assert_eq!(accounts, ["work"]);
    assert!(
        f.spool().list(Folder::Outbox)[0].attempts == 0,
        "the window's worker did not try it"
    );

    f.apply([
        Message::Worker(hudhud::outbox::Event::Background { accounts }),
        Message::Go(Screen::Outbox),
    ]);
    let background =
        "Sending in the background (another Hudhud process is sending for this account)";
    {
        let mut ui = Simulator::with_settings(hudhud::ui::settings(), f.app.view());
        ui.find("Nightly report").expect("the message is listed");
        ui.find(background).expect("the window says who sends it");
    }

    // The daemon is gone: the worker takes the account back.
    hang_up.store(true, std::sync::atomic::Ordering::SeqCst);
    daemon.kill().unwrap();
    daemon.wait().unwrap();
    wake.notify_one();
    let accounts = next_background(Duration::from_secs(10)).expect("the worker takes over");
    assert!(accounts.is_empty());
    shutdown.store(true, std::sync::atomic::Ordering::SeqCst);
    wake.notify_one();
    f.apply([Message::Worker(hudhud::outbox::Event::Background {
        accounts,
    })]);
    let mut ui = Simulator::with_settings(hudhud::ui::settings(), f.app.view());
    assert!(ui.find(background).is_err());
}

/// Scheduled messages are listed by when they go and say "scheduled"; one
/// held back by the undo delay is only queued.
#[test]
fn scheduled_messages_are_listed_by_their_time_and_say_so() {
    let mut f = Fixture::new();
    let config = Config::load(&f.paths).unwrap();
    let account = &config.accounts[0];
    let queue = |subject: &str, how: hudhud::services::outbox::Queue| {
        let draft = hudhud::compose::Draft {
            to: vec!["omar@example.org".into()],
            subject: subject.into(),
            body: "Hi".into(),
            ..Default::default()
        };
        hudhud::services::outbox::queue(&f.spool(), account, &draft, &how)
            .unwrap()
            .entry
            .id
    };
    let now = chrono::Utc::now();
    let at = |hours| hudhud::services::outbox::Queue {
        at: Some(now + chrono::Duration::hours(hours)),
        ..Default::default()
    };
    let late = queue("Late", at(3));
    let undo = queue(
        "Undo",
        hudhud::services::outbox::Queue {
            undo_delay: std::time::Duration::from_secs(600),
            ..Default::default()
        },
    );
    let early = queue("Early", at(1));
    f.apply([Message::Go(Screen::Outbox)]);
    let order: Vec<&str> = f.app.outbox.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(order, [undo.as_str(), early.as_str(), late.as_str()]);

    let said: Vec<String> = f.app.outbox.iter().map(|e| e.state_label()).collect();
    assert_eq!(said, ["queued", "scheduled", "scheduled"]);
    let mut ui = Simulator::with_settings(hudhud::ui::settings(), f.app.view());
    ui.find("scheduled").expect("the badge says scheduled");
    ui.find("queued").expect("the undo-delayed one is queued");
}
