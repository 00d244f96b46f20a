//! The window and the command line are two doors to the same core: the same
//! input through the window (typed into the real view, Send clicked) and
//! through `hudhud send` queues the same message — the account's signature,
//! the undo delay, and what comes back when the message is reopened.
//! `sendmail` is the exception on purpose: it passes a message through as
//! it was given.

use std::process::{Command, Stdio};

use hudhud::compose::Draft;
use hudhud::config::{Account, AuthMethod, Config, Identity, Security};
use hudhud::outbox::{Entry, Folder, Spool};
use hudhud::paths::Paths;
use hudhud::ui::app::{App, Message, Screen};
use hudhud::ui::effect::Effect;
use iced_test::{Simulator, selector};

const SIGNATURE: &str = "Layla Haddad\nليلى حداد — قسم المالية";
const ALIAS: &str = "sales@example.com";
const ALIAS_SIGNATURE: &str = "The sales team\nفريق المبيعات\n+966 11 000 0000";
const TO: &str = "omar@example.org";
const SUBJECT: &str = "تقرير الربع";
const BODY: &str = "Hello Omar, the numbers are in. مرحبا عمر";

struct Home {
    _dir: tempfile::TempDir,
    paths: Paths,
    config: Config,
}

fn home(undo_delay_secs: u64) -> Home {
    let dir = tempfile::tempdir().unwrap();
    let paths = Paths {
        config_dir: dir.path().join("config"),
        data_dir: dir.path().join("data"),
    };
    let mut config = Config::default();
    config.settings.undo_delay_secs = undo_delay_secs;
    config
        .add_account(Account {
            name: "work".into(),
            display_name: Some("Layla Haddad".into()),
            email: "layla@example.com".into(),
            host: "127.0.0.1".into(),
            port: Some(9),
            security: Security::None,
            auth: AuthMethod::None,
            signature: Some(SIGNATURE.into()),
            identities: vec![Identity {
                email: ALIAS.into(),
                display_name: Some("مبيعات هدهد".into()),
                signature: Some(ALIAS_SIGNATURE.into()),
            }],
            ..Default::default()
        })
        .unwrap();
    config.settings.default_account = Some("work".into());
    config.save(&paths).unwrap();
    Home {
        _dir: dir,
        paths,
        config,
    }
}

impl Home {
    fn queued(&self) -> Vec<Entry> {
        Spool::open(&self.paths.data_dir)
            .unwrap()
            .list(Folder::Outbox)
    }

    fn only_queued(&self) -> Entry {
        let queued = self.queued();
        assert_eq!(queued.len(), 1, "one message queued");
        queued.into_iter().next().unwrap()
    }

    fn raw(&self, id: &str) -> Vec<u8> {
        Spool::open(&self.paths.data_dir)
            .unwrap()
            .raw(Folder::Outbox, id)
            .unwrap()
    }

    fn hudhud(&self, args: &[&str], stdin: &[u8]) -> std::process::Output {
        use std::io::Write;
        let mut child = Command::new(env!("CARGO_BIN_EXE_hudhud"))
            .env("HUDHUD_CONFIG_DIR", &self.paths.config_dir)
            .env("HUDHUD_DATA_DIR", &self.paths.data_dir)
            .env("HUDHUD_LANG", "en")
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(stdin).unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "hudhud {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }

    /// `hudhud send` with the same fields the window is given.
    fn send_by_command_line(&self, extra: &[&str]) -> Entry {
        let body = self.paths.config_dir.join("body.txt");
        std::fs::write(&body, BODY).unwrap();
        let mut args = vec!["send", "--to", TO, "--subject", SUBJECT, "--body-file"];
        let body = body.to_str().unwrap().to_owned();
        args.push(&body);
        args.extend_from_slice(extra);
        self.hudhud(&args, b"");
        self.only_queued()
    }
}

/// The window of a home: the real `update` and view, its effects run as
/// the window runs them (those a test can: no dialogs or notifications).
struct Window<'a> {
    home: &'a Home,
    app: App,
}

impl<'a> Window<'a> {
    fn open(home: &'a Home) -> Window<'a> {
        let (app, effects) = App::new(home.paths.clone(), home.config.clone(), None);
        let mut window = Window { home, app };
        window.run(effects);
        window
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
                Effect::PickFiles | Effect::TestAccount { .. } | Effect::Notify { .. } => {}
                effect => {
                    let message = effect.run_blocking(&self.home.paths);
                    self.apply([message]);
                }
            }
        }
    }

    fn interact(&mut self, f: impl FnOnce(&mut Simulator<'_, Message>)) {
        let messages: Vec<Message> = {
            let mut ui = Simulator::with_settings(hudhud::ui::settings(), self.app.view());
            f(&mut ui);
            ui.into_messages().collect()
        };
        self.apply(messages);
    }

    fn type_into(&mut self, id: &'static str, text: &'static str) {
        self.interact(|ui| {
            ui.click(selector::id(id)).expect("the field is on screen");
            ui.typewrite(text);
        });
    }

    /// Types the message and clicks Send, as a person would.
    fn send(&mut self) -> Entry {
        self.type_into("to", TO);
        self.type_into("subject", SUBJECT);
        self.type_into("body", BODY);
        self.interact(|ui| {
            ui.click("Send").expect("a Send button");
        });
        self.home.only_queued()
    }

    /// Chooses the account's alias (the second entry) in the From picker,
    /// by pointer as a person would: the picker and its list draw their
    /// entries themselves, so they are found from the "From" label.
    fn pick_alias(&mut self) {
        self.interact(|ui| {
            let label = ui.find("From").expect("the From label").bounds();
            let picker = iced::Point::new(label.x + label.width + 140.0, label.center_y());
            ui.point_at(picker);
            ui.simulate(iced_test::simulator::click());
            let second = iced::Point::new(picker.x, picker.y + 66.0);
            ui.point_at(second);
            ui.simulate([iced::Event::Mouse(iced::mouse::Event::CursorMoved {
                position: second,
            })]);
            ui.simulate(iced_test::simulator::click());
        });
        assert_eq!(self.app.compose.identity.as_deref(), Some(ALIAS));
    }

    /// Edit in the Outbox view: the message comes back into the editor.
    fn edit(&mut self, id: &str) -> Draft {
        self.apply([Message::Go(Screen::Outbox)]);
        self.apply([Message::List(hudhud::ui::outbox::Message::Edit(
            id.to_owned(),
        ))]);
        assert_eq!(self.app.screen, Screen::Compose, "{:?}", self.app.notices);
        assert!(self.home.queued().is_empty(), "taken out of the outbox");
        self.app.compose.draft()
    }
}

/// The message as both front ends must agree on it: without what is
/// different in every message (its date, its id, the MIME boundary).
fn comparable(raw: &[u8]) -> String {
    let text = String::from_utf8(raw.to_vec()).expect("the message is UTF-8 or ASCII");
    let boundary = text
        .find("boundary=\"")
        .map(|at| &text[at + 10..])
        .and_then(|rest| rest.split('"').next())
        .map(str::to_owned);
    let text = match boundary {
        Some(b) if !b.is_empty() => text.replace(&b, "BOUNDARY"),
        _ => text,
    };
    text.split("\r\n")
        .filter(|line| !line.starts_with("Date:") && !line.starts_with("Message-ID:"))
        .collect::<Vec<_>>()
        .join("\r\n")
}

/// The text part as a reader sees it (decoded).
fn body_of(raw: &[u8]) -> String {
    let message = mail_parser::MessageParser::default().parse(raw).unwrap();
    message.body_text(0).unwrap().replace("\r\n", "\n")
}

fn signed(body: &str) -> String {
    format!("{body}\n\n-- \n{SIGNATURE}")
}

#[test]
fn the_window_and_hudhud_send_queue_the_same_signed_message() {
    let by_window = home(0);
    let entry = Window::open(&by_window).send();
    let window_raw = by_window.raw(&entry.id);

    let by_command = home(0);
    let entry = by_command.send_by_command_line(&["--no-wait"]);
    let command_raw = by_command.raw(&entry.id);

    assert_eq!(body_of(&window_raw).trim_end(), signed(BODY));
    assert_eq!(comparable(&window_raw), comparable(&command_raw));
}

#[test]
fn sent_as_an_alias_both_give_its_from_and_its_signature() {
    let by_window = home(0);
    let mut window = Window::open(&by_window);
    window.pick_alias();
    let entry = window.send();
    let window_raw = by_window.raw(&entry.id);
    assert_eq!(entry.envelope_from, ALIAS);

    let by_command = home(0);
    let entry = by_command.send_by_command_line(&["--no-wait", "--from", ALIAS]);
    let command_raw = by_command.raw(&entry.id);
    assert_eq!(entry.envelope_from, ALIAS);

    assert_eq!(
        body_of(&window_raw).trim_end(),
        format!("{BODY}\n\n-- \n{ALIAS_SIGNATURE}")
    );
    let message = mail_parser::MessageParser::default()
        .parse(&window_raw)
        .unwrap();
    let from = message.from().unwrap().first().unwrap();
    assert_eq!(
        (from.name.as_deref(), from.address.as_deref()),
        (Some("مبيعات هدهد"), Some(ALIAS))
    );
    assert_eq!(comparable(&window_raw), comparable(&command_raw));

    // Reopened, from either, it is the alias's message without its signature.
    let reopened =
        hudhud::services::outbox::reopen(&by_command.paths, &by_command.config.accounts, &entry.id)
            .unwrap()
            .1;
    assert_eq!(reopened.from.as_deref(), Some(ALIAS));
    assert_eq!(reopened.body.trim_end(), BODY);
}

#[test]
fn no_signature_leaves_it_out_and_a_signed_body_is_not_signed_twice() {
    let plain = home(0);
    let entry = plain.send_by_command_line(&["--no-wait", "--no-signature"]);
    assert_eq!(body_of(&plain.raw(&entry.id)).trim_end(), BODY);

    // A body that ends with the signature already (written again from a
    // reopened message) keeps one.
    let again = home(0);
    let body = again.paths.config_dir.join("signed.txt");
    std::fs::write(&body, signed(BODY)).unwrap();
    again.hudhud(
        &[
            "send",
            "--no-wait",
            "--to",
            TO,
            "--body-file",
            body.to_str().unwrap(),
        ],
        b"",
    );
    let entry = again.only_queued();
    assert_eq!(body_of(&again.raw(&entry.id)).trim_end(), signed(BODY));
}

#[test]
fn the_undo_delay_holds_the_message_back_the_same_from_both() {
    const DELAY: i64 = 30;
    let by_window = home(DELAY as u64);
    let mut window = Window::open(&by_window);
    let from_window = window.send();
    assert!(window.app.undo.is_some(), "the undo bar is up");

    let by_command = home(DELAY as u64);
    let from_command = by_command.send_by_command_line(&["--undo"]);

    for entry in [&from_window, &from_command] {
        let held = entry.not_before.expect("held back") - entry.created;
        assert!(
            (held - chrono::Duration::seconds(DELAY))
                .num_milliseconds()
                .abs()
                < 1000,
            "held back {held} instead of {DELAY} s"
        );
    }
    assert_eq!(
        comparable(&by_window.raw(&from_window.id)),
        comparable(&by_command.raw(&from_command.id))
    );

    // Without --undo the command line does not wait (scripts want the
    // server's answer), whatever the window's setting.
    let no_undo = home(DELAY as u64);
    let entry = no_undo.send_by_command_line(&["--no-wait"]);
    assert_eq!(entry.not_before, None);
}

#[test]
fn reopening_gives_back_what_was_written_whichever_front_end_queued_it() {
    let fields = |d: &Draft| {
        (
            d.to.clone(),
            d.cc.clone(),
            d.bcc.clone(),
            d.subject.clone(),
            d.body.trim_end().to_owned(),
        )
    };
    let expected = (
        vec![TO.to_owned()],
        vec![],
        vec![],
        SUBJECT.to_owned(),
        BODY.to_owned(),
    );

    // Queued and reopened in the window (its draft was kept with it).
    let by_window = home(30);
    let mut window = Window::open(&by_window);
    let entry = window.send();
    let edited = window.edit(&entry.id);
    assert_eq!(fields(&edited), expected);

    // Queued by `hudhud send` (no draft kept) and reopened by the core's
    // service: rebuilt from the message, the signature taken off again.
    let by_command = home(30);
    let entry = by_command.send_by_command_line(&["--undo"]);
    let (account, reopened) = hudhud::services::outbox::take_back(
        &by_command.paths,
        &by_command.config.accounts,
        &entry.id,
    )
    .unwrap();
    assert_eq!(account, "work");
    assert_eq!(fields(&reopened), expected);
    assert!(by_command.queued().is_empty(), "taken out of the outbox");
    assert_eq!(
        hudhud::services::drafts::load(&by_command.paths).map(|d| fields(&d)),
        Some(expected.clone()),
        "kept as the open draft before the message left the outbox"
    );

    // And Edit in the window on a message `hudhud send` queued.
    let both = home(30);
    let entry = both.send_by_command_line(&["--undo"]);
    let edited = Window::open(&both).edit(&entry.id);
    assert_eq!(fields(&edited), expected);
}

#[test]
fn sendmail_passes_a_message_through_untouched() {
    let home = home(0);
    let message = format!(
        "From: Layla Haddad <layla@example.com>\r\n\
         To: {TO}\r\n\
         Subject: disk almost full\r\n\
         Date: Sun, 29 Nov 2026 14:00:00 +0000\r\n\
         Message-ID: <alert-1@host.example.com>\r\n\
         MIME-Version: 1.0\r\n\
         Content-Type: text/plain; charset=utf-8\r\n\
         \r\n\
         /var is 97% full.\r\n\
         -- \r\n\
         monitoring\r\n"
    );
    // -odq: queued only, nothing tries to send it meanwhile.
    home.hudhud(&["sendmail", "-t", "-odq"], message.as_bytes());
    let entry = home.only_queued();
    assert_eq!(
        String::from_utf8(home.raw(&entry.id)).unwrap(),
        message,
        "no signature, no header, nothing changed"
    );
}

/// Issue 15 §0: editing a scheduled message must not drop its time. The
/// spool's not-before holds undo delays too; only a chosen time comes back.
#[test]
fn a_time_chosen_with_send_at_comes_back_when_reopened_an_undo_delay_does_not() {
    let at_text =
        hudhud::services::time::format_local(chrono::Utc::now() + chrono::Duration::days(3));
    let at = hudhud::services::time::parse_local(&at_text).unwrap();

    // Reopened by the core's service…
    let by_command = home(30);
    let entry = by_command.send_by_command_line(&["--at", &at_text]);
    assert_eq!(entry.not_before, Some(at));
    let (_, reopened) =
        hudhud::services::outbox::reopen(&by_command.paths, &by_command.config.accounts, &entry.id)
            .unwrap();
    assert_eq!(reopened.send_at, Some(at));

    // …and by Edit in the window: the Send later row is open with it.
    let edited = Window::open(&by_command).edit(&entry.id);
    assert_eq!(edited.send_at, Some(at));

    // An undo delay is no chosen time.
    let undone = home(30);
    let entry = undone.send_by_command_line(&["--undo"]);
    assert!(entry.not_before.is_some());
    let edited = Window::open(&undone).edit(&entry.id);
    assert_eq!(edited.send_at, None);
}
