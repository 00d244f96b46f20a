//! The window in Arabic: plurals, mirrored layout, Arabic strings on screen.
//! A separate test binary, because the language is process-wide.

use hudhud::config::{Account, AuthMethod, Config, Security};
use hudhud::paths::Paths;
use hudhud::ui::app::{App, Message};
use iced_test::{Simulator, selector};

fn arabic() {
    hudhud::i18n::select(&["ar".parse().unwrap()]);
    hudhud::ui::dir::refresh();
}

#[test]
fn arabic_plurals_read_correctly() {
    arabic();
    let waiting = |n: usize| hudhud::fl!("ui-waiting-count", count = n);
    assert_eq!(waiting(0), "لا رسائل تنتظر");
    assert_eq!(waiting(1), "رسالة واحدة تنتظر");
    assert_eq!(waiting(2), "رسالتان تنتظران");
    assert_eq!(waiting(3), "3 رسائل تنتظر");
    assert_eq!(waiting(11), "11 رسالة تنتظر");
    assert_eq!(waiting(100), "100 رسالة تنتظر");
    let seconds = |n: i64| hudhud::fl!("ui-sending-in", seconds = n);
    assert_eq!(seconds(2), "يُرسل بعد ثانيتين");
    assert_eq!(seconds(5), "يُرسل بعد 5 ثوانٍ");
}

#[test]
fn the_compose_window_speaks_arabic_and_is_mirrored() {
    arabic();
    assert!(hudhud::ui::dir::is_rtl());
    let dir = tempfile::tempdir().unwrap();
    let paths = Paths {
        config_dir: dir.path().join("c"),
        data_dir: dir.path().join("d"),
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
            allow_insecure: false,
        })
        .unwrap();
    let (mut app, _) = App::new(paths, config, None);
    app.compose.to = "salma@example.net".into();

    let mut ui = Simulator::with_settings(hudhud::ui::settings(), app.view());
    // The send arrow points left, the sidebar reads in Arabic.
    ui.find("إرسال ←").expect("the Arabic Send button");
    ui.find("صندوق الصادر").expect("the Arabic sidebar");
    // Mirrored: the sidebar is on the right of the subject field, and the
    // To label on the right of its field.
    let sidebar = ui.find("صندوق الصادر").unwrap().bounds();
    let subject = ui.find(selector::id("subject")).unwrap().bounds();
    let to = ui.find(selector::id("to")).unwrap().bounds();
    let label = ui.find("إلى").unwrap().bounds();
    assert!(
        sidebar.x > subject.x + subject.width,
        "sidebar on the right"
    );
    assert!(
        label.x >= to.x + to.width,
        "label on the right of its field"
    );

    // Typing Arabic into the subject arrives as typed.
    ui.click(selector::id("subject")).unwrap();
    ui.typewrite("سلام");
    let last = ui
        .into_messages()
        .filter_map(|m| match m {
            Message::Compose(hudhud::ui::compose::Message::Subject(s)) => Some(s),
            _ => None,
        })
        .last();
    assert_eq!(last.as_deref(), Some("سلام"));
}

fn subject_after(initial: &str, keys: impl FnOnce(&mut Simulator<'_, Message>)) -> Option<String> {
    arabic();
    let dir = tempfile::tempdir().unwrap();
    let paths = Paths {
        config_dir: dir.path().join("c"),
        data_dir: dir.path().join("d"),
    };
    let (mut app, _) = App::new(paths, Config::default(), None);
    app.screen = hudhud::ui::app::Screen::Compose;
    app.compose.subject = initial.to_owned();
    // The first-run screen shows without an account; compose is what we test.
    app.config.accounts.push(Account {
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
        allow_insecure: false,
    });
    let mut ui = Simulator::with_settings(hudhud::ui::settings(), app.view());
    ui.click(selector::id("subject")).unwrap();
    keys(&mut ui);
    ui.into_messages()
        .filter_map(|m| match m {
            Message::Compose(hudhud::ui::compose::Message::Subject(s)) => Some(s),
            _ => None,
        })
        .last()
}

fn key(named: iced::keyboard::key::Named) -> iced::keyboard::Key {
    iced::keyboard::Key::Named(named)
}

#[test]
fn left_arrow_in_arabic_moves_the_way_it_points() {
    use iced::keyboard::key::Named;
    // "سلام" with the cursor at its end (its left edge on screen): Left can go
    // no further left, so the x lands after the last letter.
    let subject = subject_after("سلام", |ui| {
        ui.tap_key(key(Named::End));
        ui.tap_key(key(Named::ArrowLeft));
        ui.typewrite("x");
    });
    assert_eq!(subject.as_deref(), Some("سلامx"));
    // Right moves towards the start of Arabic text: one letter back.
    let subject = subject_after("سلام", |ui| {
        ui.tap_key(key(Named::End));
        ui.tap_key(key(Named::ArrowRight));
        ui.typewrite("x");
    });
    assert_eq!(subject.as_deref(), Some("سلاxم"));
}

#[test]
fn home_shift_end_delete_empties_a_mixed_line() {
    use iced::keyboard::{Event as Key, Modifiers, key::Named};
    let subject = subject_after("مرحبا hello عالم", |ui| {
        ui.tap_key(key(Named::Home));
        ui.simulate([iced::Event::Keyboard(Key::ModifiersChanged(
            Modifiers::SHIFT,
        ))]);
        ui.tap_key(key(Named::End));
        ui.simulate([iced::Event::Keyboard(Key::ModifiersChanged(
            Modifiers::empty(),
        ))]);
        ui.tap_key(key(Named::Delete));
    });
    assert_eq!(subject.as_deref(), Some(""));
}

#[test]
fn dates_read_in_arabic() {
    arabic();
    let at = chrono::DateTime::parse_from_rfc3339("2025-11-26T12:00:00Z")
        .unwrap()
        .with_timezone(&chrono::Utc);
    let shown = hudhud::ui::outbox::local_time(at);
    assert!(shown.contains("نوفمبر 2025،"), "{shown}");
}
