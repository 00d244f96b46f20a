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
                display_name: None,
                email: "layla@example.com".into(),
                host: "127.0.0.1".into(),
                port: Some(9),
                security: Security::None,
                auth: AuthMethod::None,
                username: None,
                ca_file: None,
                signature: None,
                signature_placement: Default::default(),
                identities: Vec::new(),
                allow_insecure: false,
                plain_text: false,
                token_command: None,
                oauth: None,
                imap: None,
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
