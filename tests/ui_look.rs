//! The design pass of issue 16 in iced_test's Simulator. Honest status (§4):
//! toasts that expire (time is moved on by the test), lines that never go
//! stale, a "Sent" confirmation, Cancel sending that asks first, banners that
//! float over the content instead of pushing it. Keyboard (§5): Escape,
//! shortcuts, Settings' numbers saved on commit. The theme follows the
//! desktop unless Settings chose (§1).

use chrono::{Duration, Utc};
use hudhud::config::{Account, AuthMethod, Config, Security};
use hudhud::fl;
use hudhud::outbox::{Folder, Spool};
use hudhud::paths::Paths;
use hudhud::smtp::{Reply, Transcript};
use hudhud::ui::app::{App, Message, Screen, SentPage};
use hudhud::ui::effect::Effect;
use iced_test::{Simulator, selector};

#[path = "support/keys.rs"]
mod keys;
use keys::{enter_on_each_focus_stop, key};

struct Fixture {
    _dir: tempfile::TempDir,
    paths: Paths,
    app: App,
}

fn fixture(undo_delay_secs: u64) -> Fixture {
    hudhud::i18n::select(&["en".parse().unwrap()]);
    hudhud::ui::dir::refresh();
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
            email: "layla@example.com".into(),
            host: "127.0.0.1".into(),
            port: Some(9),
            security: Security::None,
            auth: AuthMethod::None,
            ..Default::default()
        })
        .unwrap();
    config.settings.default_account = Some("work".into());
    config.save(&paths).unwrap();
    let (app, effects) = App::new(paths.clone(), config, None);
    let mut f = Fixture {
        _dir: dir,
        paths,
        app,
    };
    f.run(effects);
    f
}

impl Fixture {
    fn apply(&mut self, messages: impl IntoIterator<Item = Message>) {
        for message in messages {
            let effects = self.app.update(message);
            self.run(effects);
        }
    }

    fn run(&mut self, effects: Vec<Effect>) {
        for effect in effects {
            match effect {
                // No dialogs, network or notifications; the worker is not
                // running, so what is queued stays where the test puts it.
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

    fn interact(&mut self, f: impl FnOnce(&mut Simulator<'_, Message>)) {
        let messages: Vec<Message> = {
            let mut ui = Simulator::with_settings(hudhud::ui::settings(), self.app.view());
            f(&mut ui);
            ui.into_messages().collect()
        };
        self.apply(messages);
    }

    /// Whether this text is on screen now.
    fn shows(&self, text: &str) -> bool {
        let mut ui = Simulator::with_settings(hudhud::ui::settings(), self.app.view());
        ui.find(text).is_ok()
    }

    fn send(&mut self, subject: &str) {
        self.app.compose.to = "omar@example.org".into();
        self.app.compose.subject = subject.into();
        self.app.compose.body = "Hello".into();
        self.apply([Message::SendShortcut]);
    }

    fn queued(&self) -> Vec<String> {
        Spool::open(&self.paths.data_dir)
            .unwrap()
            .list(Folder::Outbox)
            .into_iter()
            .map(|e| e.id)
            .collect()
    }

    /// The server accepted the message, as the worker would record it; the
    /// window hears of it as it hears of any change in the spool.
    fn server_accepts(&mut self, id: &str) {
        let spool = Spool::open(&self.paths.data_dir).unwrap();
        let (entry, _) = spool.find(id).unwrap();
        let mut lock = spool
            .lock("work", std::time::Duration::ZERO)
            .unwrap()
            .unwrap();
        lock.begin(id).unwrap();
        lock.mark_sent(
            entry,
            Reply {
                code: 250,
                text: "2.0.0 Ok: queued".into(),
            },
            Transcript::default(),
        )
        .unwrap();
        lock.finish_batch().unwrap();
        self.apply([Message::SpoolChanged(vec![id.to_owned()])]);
    }
}

#[test]
fn the_queued_toast_gives_way_to_sent_and_every_toast_expires() {
    let mut f = fixture(0);
    f.send("Plans");
    let queued = fl!("ui-queued");
    assert!(f.shows(&queued), "the message is said to be in the outbox");
    let ids = f.queued();
    assert_eq!(ids.len(), 1);

    f.server_accepts(&ids[0]);
    let sent = fl!("ui-sent-toast", subject = "Plans");
    assert!(f.shows(&sent), "a Sent confirmation");
    assert!(
        !f.shows(&queued),
        "no stale 'in the outbox' once it is sent"
    );

    // Time moves on (injected, not waited for): the toast is gone.
    let effects = f.app.tick(Utc::now() + Duration::seconds(4));
    f.run(effects);
    assert!(f.shows(&sent), "still there within its time");
    let effects = f.app.tick(Utc::now() + Duration::seconds(6));
    f.run(effects);
    assert!(!f.shows(&sent), "gone after its time");
    assert!(f.app.notices.is_empty());
}

#[test]
fn sending_cancelled_does_not_stay_after_a_later_send() {
    let mut f = fixture(30);
    f.send("First");
    f.apply([Message::Undo]);
    let cancelled = fl!("ui-undone");
    assert!(f.shows(&cancelled));
    assert!(f.queued().is_empty());

    // Sent again at once: the countdown replaces "Sending cancelled".
    f.send("First");
    assert!(f.app.undo.is_some());
    assert!(
        !f.shows(&cancelled),
        "'Sending cancelled' next to a countdown"
    );
    let id = f.queued().remove(0);
    f.server_accepts(&id);
    assert!(f.shows(&fl!("ui-sent-toast", subject = "First")));
    assert!(!f.shows(&cancelled));
}

#[test]
fn cancel_sending_asks_first_and_the_queued_line_goes_with_the_message() {
    let mut f = fixture(0);
    f.send("Draft plans");
    let id = f.queued().remove(0);
    f.apply([Message::Go(Screen::Outbox)]);

    // The first click only asks.
    f.interact(|ui| {
        ui.click(fl!("ui-cancel-message").as_str())
            .expect("Cancel sending");
    });
    assert_eq!(
        f.queued(),
        std::slice::from_ref(&id),
        "nothing taken out yet"
    );
    assert!(f.shows(&fl!("ui-cancel-confirm")));
    f.interact(|ui| {
        ui.click(fl!("ui-keep-message").as_str()).expect("Keep it");
    });
    assert!(!f.shows(&fl!("ui-cancel-confirm")));
    assert_eq!(f.queued(), std::slice::from_ref(&id));

    // Asked again and confirmed: it is out, and so is what was said of it.
    f.interact(|ui| {
        ui.click(fl!("ui-cancel-message").as_str()).unwrap();
    });
    f.interact(|ui| {
        ui.click(fl!("ui-cancel-yes").as_str())
            .expect("the confirming button");
    });
    assert!(f.queued().is_empty());
    assert!(!f.shows(&fl!("ui-queued")), "no stale 'in the outbox'");
    assert!(f.shows(&fl!("ui-cancelled")));
}

#[test]
fn a_failure_is_a_banner_that_stays_and_floats_over_the_form() {
    let mut f = fixture(0);
    let before = {
        let mut ui = Simulator::with_settings(hudhud::ui::settings(), f.app.view());
        ui.find(selector::id("subject")).unwrap().bounds()
    };
    let problem = hudhud::services::ServiceError::DraftNotSaved {
        path: "/data/drafts/draft.json".into(),
        reason: std::sync::Arc::new(std::io::Error::other("disk full")),
    };
    let shown = problem.to_string();
    assert!(shown.contains("disk full"), "{shown}");
    f.apply([Message::Done(Err(problem))]);
    let after = {
        let mut ui = Simulator::with_settings(hudhud::ui::settings(), f.app.view());
        ui.find(shown.as_str()).expect("the banner");
        ui.find(selector::id("subject")).unwrap().bounds()
    };
    assert_eq!(before, after, "the banner pushed the form");
    // A banner is no toast: time alone does not take it away.
    f.app.tick(Utc::now() + Duration::minutes(10));
    assert!(f.shows(&shown));
    f.apply([Message::DismissNotice(0)]);
    assert!(!f.shows(&shown));
}

#[test]
fn the_sent_list_does_not_call_cc_recipients_to() {
    let mut f = fixture(0);
    f.app.screen = Screen::Sent;
    f.app.sent = SentPage {
        query: String::new(),
        rows: vec![hudhud::history::Row {
            id: "m1".into(),
            folder: Folder::Sent,
            account: "work".into(),
            subject: "Plans".into(),
            recipients: vec!["omar@example.org".into(), "team@example.org".into()],
            at: Utc::now(),
            state: hudhud::outbox::State::Sent,
        }],
        total: 1,
        offset: 0,
        matches: 1,
    };
    // The label, then the addresses isolated left to right (see outbox.rs).
    assert!(f.shows(&fl!("sent-recipients-label")));
    assert!(f.shows("\u{2066}omar@example.org, team@example.org\u{2069}"));
    assert!(!f.shows("To: omar@example.org, team@example.org"));
}

#[test]
fn escape_says_no_to_every_question_and_shortcuts_reach_the_screens() {
    use hudhud::ui::app::on_event;
    use iced::event::Status;
    use iced::keyboard::{Key, Modifiers, key::Named};
    let ctrl = Modifiers::CTRL;
    let escape = on_event(
        key(Key::Named(Named::Escape), Modifiers::empty()),
        Status::Ignored,
    );
    assert!(matches!(escape, Some(Message::Escape)));
    // An Escape that closed a menu, a picker or the suggestions was taken
    // by them: it says no to no question behind them.
    assert!(
        on_event(
            key(Key::Named(Named::Escape), Modifiers::empty()),
            Status::Captured
        )
        .is_none()
    );
    assert!(matches!(
        on_event(key(Key::Character("n".into()), ctrl), Status::Ignored),
        Some(Message::Go(Screen::Compose))
    ));
    assert!(matches!(
        on_event(
            key(Key::Character("O".into()), ctrl | Modifiers::SHIFT),
            Status::Ignored
        ),
        Some(Message::Go(Screen::Outbox))
    ));
    // A plain letter is typing, not a shortcut.
    assert!(
        on_event(
            key(Key::Character("n".into()), Modifiers::empty()),
            Status::Ignored
        )
        .is_none()
    );

    let mut f = fixture(0);
    // Cancel sending.
    f.send("Plans");
    let id = f.queued().remove(0);
    f.apply([Message::Go(Screen::Outbox)]);
    f.interact(|ui| {
        ui.click(fl!("ui-cancel-message").as_str()).unwrap();
    });
    assert!(f.shows(&fl!("ui-cancel-confirm")));
    f.apply([Message::Escape]);
    assert!(!f.shows(&fl!("ui-cancel-confirm")));
    assert_eq!(f.queued(), [id], "Escape cancels nothing");

    // Remove account.
    f.apply([
        Message::Go(Screen::Accounts),
        Message::RemoveAccount("work".into()),
    ]);
    assert!(f.app.confirm_remove.is_some());
    f.apply([Message::Escape]);
    assert!(f.app.confirm_remove.is_none());
    assert_eq!(f.app.config.accounts.len(), 1);

    // Discard.
    f.apply([Message::Go(Screen::Compose)]);
    f.app.compose.subject = "Unfinished".into();
    f.apply([Message::Compose(hudhud::ui::compose::Message::Discard)]);
    assert!(f.shows(&fl!("ui-discard-confirm")));
    f.apply([Message::Escape]);
    assert!(!f.shows(&fl!("ui-discard-confirm")));
    assert_eq!(f.app.compose.subject, "Unfinished");
}

#[test]
fn settings_numbers_are_saved_when_the_user_moves_on_not_per_keystroke() {
    use hudhud::ui::settings::{Message as S, Number};
    let mut f = fixture(5);
    let saved = |f: &Fixture| Config::load(&f.paths).unwrap().settings.undo_delay_secs;
    f.apply([Message::Go(Screen::Settings)]);
    // End, Backspace: the field is empty for a moment; nothing is saved.
    f.apply([Message::Settings(S::Typed(
        Number::UndoDelay,
        String::new(),
    ))]);
    assert_eq!(saved(&f), 5);
    f.apply([Message::Settings(S::Typed(Number::UndoDelay, "1".into()))]);
    assert_eq!(saved(&f), 5, "a half-typed 10 is not saved");
    f.apply([Message::Settings(S::Typed(Number::UndoDelay, "10".into()))]);
    assert!(f.shows("10"));
    f.apply([Message::Go(Screen::Compose)]);
    assert_eq!(saved(&f), 10);
    assert_eq!(f.app.config.settings.undo_delay_secs, 10);

    // A letter over a selected number (Ctrl+A, x), then Enter: refused with
    // the range, the saved delay stays, Undo stays on.
    f.apply([
        Message::Go(Screen::Settings),
        Message::Settings(S::Typed(Number::UndoDelay, "x".into())),
        Message::Settings(S::Commit(Number::UndoDelay)),
    ]);
    assert!(f.shows(&fl!("ui-number-range", min = "0", max = "60")));
    assert_eq!(saved(&f), 10);
}

#[test]
fn the_window_follows_the_desktop_theme_unless_settings_chose() {
    use hudhud::ui::settings::{Message as S, ThemeChoice};
    use hudhud::ui::theme::Mode;
    let mut f = fixture(5);
    assert_eq!(f.app.theme_mode(), Mode::Light, "no preference: light");
    f.apply([Message::DesktopTheme(iced::theme::Mode::Dark)]);
    assert_eq!(f.app.theme_mode(), Mode::Dark);
    let theme = f.app.theme().unwrap();
    assert_eq!(hudhud::ui::theme::colors(&theme), &hudhud::ui::theme::DARK);
    f.apply([Message::Settings(S::Theme(ThemeChoice::Light))]);
    assert_eq!(f.app.theme_mode(), Mode::Light, "the user's choice wins");
    assert_eq!(
        Config::load(&f.paths).unwrap().settings.theme.as_deref(),
        Some("light")
    );
    f.apply([Message::Settings(S::Theme(ThemeChoice::System))]);
    assert_eq!(
        f.app.theme_mode(),
        Mode::Dark,
        "back to following the desktop"
    );
}

#[test]
fn f1_shows_the_shortcuts_and_escape_closes_them() {
    use hudhud::ui::app::on_event;
    use iced::event::Status;
    use iced::keyboard::{Key, Modifiers, key::Named};
    assert!(matches!(
        on_event(
            key(Key::Named(Named::F1), Modifiers::empty()),
            Status::Ignored
        ),
        Some(Message::Shortcuts)
    ));
    let mut f = fixture(5);
    let title = fl!("ui-shortcuts-title");
    assert!(!f.shows(&title));
    f.apply([Message::Shortcuts]);
    assert!(f.shows(&title));
    assert!(f.shows(&fl!("ui-shortcut-outbox")));
    assert!(f.shows("Ctrl+Shift+O"));
    f.apply([Message::Escape]);
    assert!(!f.shows(&title));
}

#[test]
fn tab_reaches_the_sidebar_and_the_buttons_and_enter_presses_them() {
    use hudhud::ui::compose::Message as C;
    let mut f = fixture(0);
    f.app.compose.to = "omar@example.org".into();
    f.app.compose.subject = "Plans".into();
    f.app.compose.body = "Hello".into();
    let stops = enter_on_each_focus_stop(&f.app);
    let position = |wanted: &dyn Fn(&Message) -> bool| stops.iter().position(wanted);
    let compose =
        position(&|m| matches!(m, Message::Go(Screen::Compose))).expect("sidebar: Compose");
    let settings =
        position(&|m| matches!(m, Message::Go(Screen::Settings))).expect("sidebar: Settings");
    let subject =
        position(&|m| matches!(m, Message::Compose(C::SubjectEntered))).expect("the subject");
    let send = position(&|m| matches!(m, Message::Compose(C::Send))).expect("Send");
    let later = position(&|m| matches!(m, Message::Compose(C::ToggleLater))).expect("Send later");
    let attach = position(&|m| matches!(m, Message::Compose(C::Attach))).expect("Attach");
    let discard = position(&|m| matches!(m, Message::Compose(C::Discard))).expect("Discard");
    // In reading order: the sidebar top to bottom, the form, then the
    // buttons left to right.
    assert!(compose < settings && settings < subject, "{stops:?}");
    assert!(
        subject < send && send < later && later < attach && attach < discard,
        "{stops:?}"
    );

    // The outbox: its actions and its confirmation are reached too.
    f.send("Plans");
    f.apply([Message::Go(Screen::Outbox)]);
    let stops = enter_on_each_focus_stop(&f.app);
    assert!(
        stops
            .iter()
            .any(|m| matches!(m, Message::List(hudhud::ui::outbox::Message::Cancel(_)))),
        "{stops:?}"
    );
}
