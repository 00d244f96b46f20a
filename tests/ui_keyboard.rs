//! The keyboard in both reading directions (issue 16 §5): Tab reaches every
//! control in reading order (left to right in English, right to left in
//! Arabic, the sidebar first), Shift+Tab walks it back, and Up/Down move
//! between the rows of the Outbox and Sent lists, where Enter opens a row.
//!
//! The language is global: the tests that set it take turns.

use chrono::Utc;
use hudhud::compose::Outgoing;
use hudhud::config::{Account, AuthMethod, Config, Security};
use hudhud::history::Row;
use hudhud::outbox::{Folder, Spool, State};
use hudhud::paths::Paths;
use hudhud::ui::account::Message as A;
use hudhud::ui::app::{App, Message, Screen, SentPage};
use hudhud::ui::compose::Message as C;
use hudhud::ui::effect::Effect;
use hudhud::ui::outbox::Message as L;
use hudhud::ui::widget::focus::Motion;
use iced::Rectangle;

#[path = "support/keys.rs"]
mod keys;
use keys::{focus_stops, walk};

pub fn app(dir: &tempfile::TempDir) -> App {
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
    config.settings.default_account = Some("work".into());
    let spool = Spool::open(&paths.data_dir).unwrap();
    let outbox = ["Plans", "Tickets"]
        .iter()
        .enumerate()
        .map(|(n, subject)| {
            spool
                .enqueue(
                    "work",
                    &Outgoing {
                        message_id: format!("<m{n}@example.com>"),
                        envelope_from: "layla@example.com".into(),
                        envelope_to: vec!["omar@example.org".into()],
                        raw: format!(
                            "From: layla@example.com\r\nTo: omar@example.org\r\nSubject: {subject}\r\n\r\nHi\r\n"
                        )
                        .into_bytes(),
                    },
                    subject,
                    None,
                    None,
                )
                .unwrap()
        })
        .collect();
    let (mut app, _) = App::new(paths, config, None);
    app.outbox = outbox;
    app.compose.to = "omar@example.org".into();
    app.compose.subject = "Plans".into();
    app.sent = SentPage {
        query: String::new(),
        rows: ["s1", "s2", "s3"]
            .iter()
            .map(|id| Row {
                id: (*id).into(),
                folder: Folder::Sent,
                account: "work".into(),
                subject: format!("Report {id}"),
                recipients: vec!["omar@example.org".into()],
                at: Utc::now(),
                state: State::Sent,
            })
            .collect(),
        total: 3,
        offset: 0,
        matches: 3,
    };
    app
}

static LANGUAGE: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn beside(a: &Rectangle, b: &Rectangle) -> bool {
    a.y < b.y + b.height && b.y < a.y + a.height && (a.x + a.width <= b.x || b.x + b.width <= a.x)
}

fn position(stops: &[(Message, Rectangle)], wanted: impl Fn(&Message) -> bool) -> usize {
    stops
        .iter()
        .position(|(m, _)| wanted(m))
        .unwrap_or_else(|| panic!("not reached by Tab: {stops:?}"))
}

#[test]
fn tab_follows_the_reading_direction_and_arrows_move_between_rows() {
    let _turn = LANGUAGE.lock().unwrap_or_else(|e| e.into_inner());
    let dir = tempfile::tempdir().unwrap();
    for lang in ["en", "ar"] {
        hudhud::i18n::select(&[lang.parse().unwrap()]);
        hudhud::ui::dir::refresh();
        let rtl = lang == "ar";
        let mut app = app(&dir);

        for screen in [
            Screen::Compose,
            Screen::Outbox,
            Screen::Sent,
            Screen::Accounts,
            Screen::AccountForm,
            Screen::Settings,
        ] {
            app.screen = screen;
            let count = focus_stops(&app);
            let stops = walk(&app, &vec![Motion::Next; count]);
            // Every control once, the sidebar's first item first.
            for (i, (_, a)) in stops.iter().enumerate() {
                for (_, b) in &stops[..i] {
                    assert_ne!(a, b, "{lang} {screen:?}: a control reached twice");
                }
            }
            assert!(
                matches!(stops[0].0, Message::Go(Screen::Compose)),
                "{lang} {screen:?}: {stops:?}"
            );
            // Within a row, Tab goes the way the language reads.
            for pair in stops.windows(2) {
                let ((_, a), (_, b)) = (&pair[0], &pair[1]);
                if beside(a, b) {
                    assert_eq!(
                        b.x < a.x,
                        rtl,
                        "{lang} {screen:?}: Tab from {a:?} to {b:?}: {stops:?}"
                    );
                }
            }
            // Shift+Tab walks the same stops backwards.
            let back = walk(&app, &vec![Motion::Previous; count]);
            let forward: Vec<_> = stops.iter().map(|(_, b)| *b).collect();
            let mut backward: Vec<_> = back.iter().map(|(_, b)| *b).collect();
            backward.reverse();
            assert_eq!(forward, backward, "{lang} {screen:?}");

            if screen == Screen::Compose {
                // The content after the sidebar, which is on the right in
                // Arabic, and the buttons in reading order.
                let settings = position(&stops, |m| matches!(m, Message::Go(Screen::Settings)));
                let subject =
                    position(&stops, |m| matches!(m, Message::Compose(C::SubjectEntered)));
                let send = position(&stops, |m| matches!(m, Message::Compose(C::Send)));
                let later = position(&stops, |m| matches!(m, Message::Compose(C::ToggleLater)));
                let discard = position(&stops, |m| matches!(m, Message::Compose(C::Discard)));
                let cc = position(&stops, |m| matches!(m, Message::Compose(C::ShowCc)));
                assert!(settings < cc && cc < subject, "{lang}: {stops:?}");
                assert!(settings < subject && subject < send, "{lang}: {stops:?}");
                assert!(send < later && later < discard, "{lang}: {stops:?}");
                assert_eq!(stops[send].1.x > stops[discard].1.x, rtl, "{lang}");
                assert_eq!(stops[0].1.x > stops[subject].1.x, rtl, "{lang}");
            }
        }

        // The account form: Find settings and Test and save are reached.
        app.update(Message::AddAccount);
        app.account_form.email = "layla@example.com".into();
        let stops = walk(&app, &vec![Motion::Next; focus_stops(&app)]);
        let find = position(&stops, |m| matches!(m, Message::Account(A::Discover)));
        let save = position(&stops, |m| matches!(m, Message::Account(A::TestAndSave)));
        assert!(find < save, "{lang}: {stops:?}");
        position(&stops, |m| matches!(m, Message::Account(A::Manual(true))));
        // So are "Plain text only" and "Add identity", which the mouse has.
        position(&stops, |m| {
            matches!(m, Message::Account(A::PlainText(true)))
        });
        position(&stops, |m| {
            matches!(
                m,
                Message::Account(A::Identities(hudhud::ui::identities::Message::Add))
            )
        });

        // Settings: the notifications switch flips with Enter.
        app.screen = Screen::Settings;
        let stops = walk(&app, &vec![Motion::Next; focus_stops(&app)]);
        position(&stops, |m| {
            matches!(
                m,
                Message::Settings(hudhud::ui::settings::Message::Notifications(_))
            )
        });

        // Outbox: from a row's first action, Down goes to the next row's
        // first action, Up back; the arrows keep to the list's rows.
        app.screen = Screen::Outbox;
        let count = focus_stops(&app);
        let stops = walk(&app, &vec![Motion::Next; count]);
        let first = position(&stops, |m| matches!(m, Message::List(_)));
        let mut motions = vec![Motion::Next; first + 1];
        motions.extend([Motion::Down, Motion::Up]);
        let moved = walk(&app, &motions);
        let (row1, at1) = &moved[first];
        let (row2, at2) = &moved[first + 1];
        let (back, at_back) = &moved[first + 2];
        let id = |m: &Message| match m {
            Message::List(L::Cancel(id) | L::RetryNow(id) | L::ToggleDetails(id) | L::Edit(id)) => {
                Some(id.clone())
            }
            _ => None,
        };
        assert!(at2.y >= at1.y + at1.height, "{lang}: Down moves down");
        assert!(id(row1).is_some() && id(row2).is_some(), "{moved:?}");
        assert_ne!(id(row1), id(row2), "{lang}: Down reaches the next message");
        assert_eq!(
            (id(back), at_back),
            (id(row1), at1),
            "{lang}: Up comes back"
        );

        // Sent: each row is one stop; Down, Down, Up; Enter opens the row.
        app.screen = Screen::Sent;
        let count = focus_stops(&app);
        let stops = walk(&app, &vec![Motion::Next; count]);
        let first = position(&stops, |m| matches!(m, Message::List(L::ToggleDetails(_))));
        let mut motions = vec![Motion::Next; first + 1];
        motions.extend([Motion::Down, Motion::Down, Motion::Up]);
        let opened: Vec<_> = walk(&app, &motions)[first..]
            .iter()
            .map(|(m, _)| match m {
                Message::List(L::ToggleDetails(id)) => id.clone(),
                other => panic!("{lang}: Enter on a Sent row gave {other:?}"),
            })
            .collect();
        assert_eq!(opened, ["s1", "s2", "s3", "s2"], "{lang}");
    }
    hudhud::i18n::select(&["en".parse().unwrap()]);
    hudhud::ui::dir::refresh();
}

#[test]
fn the_pickers_are_reached_by_tab_and_arrows_choose() {
    use hudhud::ui::settings::{Language, Message as S, ThemeChoice};
    use iced::keyboard::{Key, Modifiers, key::Named};
    let _turn = LANGUAGE.lock().unwrap_or_else(|e| e.into_inner());
    hudhud::i18n::select(&["en".parse().unwrap()]);
    hudhud::ui::dir::refresh();
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(&dir);
    app.screen = Screen::Settings;
    let down = keys::key(Key::Named(Named::ArrowDown), Modifiers::empty());
    let chosen: Vec<Message> = keys::key_on_each_focus_stop(&app, down)
        .into_iter()
        .flatten()
        .collect();
    // Both follow the desktop (the first choice); Down picks the second.
    assert_eq!(app.config.settings.language, None);
    let next_language = Language::ALL.get(1).copied();
    assert!(
        chosen.iter().any(|m| matches!(
            m,
            Message::Settings(S::Theme(t)) if Some(*t) == ThemeChoice::ALL.get(1).copied()
        )),
        "{chosen:?}"
    );
    assert!(
        chosen
            .iter()
            .any(|m| matches!(m, Message::Settings(S::Language(l)) if Some(*l) == next_language)),
        "{chosen:?}"
    );
}

#[test]
fn arrows_are_for_the_lists_and_not_taken_from_a_field() {
    use hudhud::ui::app::on_event;
    use iced::event::Status;
    use iced::keyboard::{Key, Modifiers, key::Named};
    let down = keys::key(Key::Named(Named::ArrowDown), Modifiers::empty());
    assert!(matches!(
        on_event(down.clone(), Status::Ignored),
        Some(Message::Arrow { down: true })
    ));
    assert!(
        on_event(down, Status::Captured).is_none(),
        "a field took it"
    );
    assert!(matches!(
        on_event(
            keys::key(Key::Named(Named::ArrowUp), Modifiers::empty()),
            Status::Ignored
        ),
        Some(Message::Arrow { down: false })
    ));
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(&dir);
    app.screen = Screen::Compose;
    assert!(app.update(Message::Arrow { down: true }).is_empty());
    for screen in [Screen::Outbox, Screen::Sent] {
        app.screen = screen;
        let effects = app.update(Message::Arrow { down: true });
        assert!(
            matches!(effects[..], [Effect::FocusRow { down: true }]),
            "{screen:?}"
        );
    }
}
