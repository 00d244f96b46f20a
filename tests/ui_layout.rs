//! Layouts from 640 px to 1920 px (issue 16 §3), in English and Arabic,
//! drawn by iced_test's Simulator at each window size: every button's label
//! is whole (one line, inside the window), the sidebar shows icons alone
//! below 760 px, and wide windows keep the form at a readable width.
//!
//! One test walks every language and size in turn: the language is global,
//! and the tests take turns.

use hudhud::compose::Outgoing;
use hudhud::config::{Account, AuthMethod, Config, Security};
use hudhud::fl;
use hudhud::outbox::Spool;
use hudhud::paths::Paths;
use hudhud::ui::app::{App, Message, Screen};
use iced::Size;
use iced_test::{Simulator, selector};

/// The language is global: the tests take turns.
static LANGUAGE: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn turn() -> std::sync::MutexGuard<'static, ()> {
    LANGUAGE.lock().unwrap_or_else(|e| e.into_inner())
}

const SIZES: [(f32, f32); 4] = [
    (640.0, 480.0),
    (683.0, 768.0),
    (1280.0, 800.0),
    (1920.0, 1080.0),
];

fn app(dir: &tempfile::TempDir) -> App {
    let paths = Paths {
        config_dir: dir.path().join("config"),
        data_dir: dir.path().join("data"),
    };
    let mut config = Config::default();
    config
        .add_account(Account {
            name: "work".into(),
            display_name: Some("Layla Haddad".into()),
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
    let entry = spool
        .enqueue(
            "work",
            &Outgoing {
                message_id: "<m1@example.com>".into(),
                envelope_from: "layla@example.com".into(),
                envelope_to: vec!["omar@example.org".into()],
                raw: b"From: layla@example.com\r\nTo: omar@example.org\r\nSubject: Plans\r\n\r\nHi\r\n"
                    .to_vec(),
            },
            "Plans",
            None,
            None,
        )
        .unwrap();
    let (mut app, _) = App::new(paths, config, None);
    app.outbox = vec![entry];
    app.compose.to = "omar@example.org".into();
    app.compose.subject = "Plans".into();
    app
}

/// The labels of the buttons each screen must show whole.
fn buttons(screen: Screen) -> Vec<String> {
    match screen {
        Screen::Compose => vec![
            fl!("ui-send"),
            fl!("ui-send-later"),
            fl!("ui-attach"),
            fl!("ui-discard"),
            fl!("ui-cc-bcc"),
        ],
        Screen::Outbox => vec![fl!("ui-send-now"), fl!("ui-edit"), fl!("ui-cancel-message")],
        Screen::Accounts => vec![
            fl!("ui-test"),
            fl!("ui-edit"),
            fl!("ui-remove"),
            fl!("ui-add-account"),
        ],
        _ => Vec::new(),
    }
}

#[test]
fn every_button_is_whole_at_every_size_in_both_languages() {
    let _turn = turn();
    let dir = tempfile::tempdir().unwrap();
    let mut problems = Vec::new();
    for lang in ["en", "ar"] {
        hudhud::i18n::select(&[lang.parse().unwrap()]);
        hudhud::ui::dir::refresh();
        let mut app = app(&dir);
        for (width, height) in SIZES {
            for screen in [Screen::Compose, Screen::Outbox, Screen::Accounts] {
                app.update(Message::Go(screen));
                app.screen = screen;
                let mut ui = Simulator::with_size(
                    hudhud::ui::settings(),
                    Size::new(width, height),
                    app.view(),
                );
                for label in buttons(screen) {
                    let Ok(found) = ui.find(label.as_str()) else {
                        problems.push(format!("{lang} {width}x{height} {screen:?}: no “{label}”"));
                        continue;
                    };
                    let b = found.bounds();
                    // A squeezed label wraps onto a second line.
                    if b.height > 30.0 {
                        problems.push(format!(
                            "{lang} {width}x{height} {screen:?}: “{label}” wraps ({}px high)",
                            b.height
                        ));
                    }
                    if b.x < 0.0 || b.x + b.width > width + 0.5 || b.y + b.height > height + 0.5 {
                        problems.push(format!(
                            "{lang} {width}x{height} {screen:?}: “{label}” is cut at {b:?}"
                        ));
                    }
                }
                // Below 760 px the sidebar is icons only; above, it is named.
                let named = ui.find(fl!("ui-nav-settings").as_str()).is_ok();
                if named != (width >= 760.0) {
                    problems.push(format!(
                        "{lang} {width}x{height}: sidebar labels shown = {named}"
                    ));
                }
                // On a wide window the form keeps a readable width.
                if screen == Screen::Compose {
                    let subject = ui.find(selector::id("subject")).unwrap().bounds();
                    if subject.width > hudhud::ui::theme::READABLE_WIDTH {
                        problems.push(format!(
                            "{lang} {width}x{height}: the subject field is {}px wide",
                            subject.width
                        ));
                    }
                }
            }
        }
        compose_buttons_flow_over_lines(&mut app, lang, &mut problems);
    }
    hudhud::i18n::select(&["en".parse().unwrap()]);
    hudhud::ui::dir::refresh();
    assert!(problems.is_empty(), "{problems:#?}");
}

/// Compose's buttons keep their width and go onto a second line when the
/// window is narrower than they are (here 520 px, below the window's least
/// width, standing for a longer translation or a larger font); on a wide
/// window they share one line, Discard at the end side.
fn compose_buttons_flow_over_lines(app: &mut App, lang: &str, problems: &mut Vec<String>) {
    let rtl = lang == "ar";
    app.update(Message::Go(Screen::Compose));
    app.screen = Screen::Compose;
    let labels = [
        fl!("ui-send"),
        fl!("ui-send-later"),
        fl!("ui-attach"),
        fl!("ui-discard"),
    ];
    for width in [520.0, 1280.0] {
        let mut ui =
            Simulator::with_size(hudhud::ui::settings(), Size::new(width, 480.0), app.view());
        let found: Vec<iced::Rectangle> = labels
            .iter()
            .filter_map(|label| ui.find(label.as_str()).ok().map(|t| t.bounds()))
            .collect();
        if found.len() != labels.len() {
            problems.push(format!("{lang} {width}: a compose button is missing"));
            continue;
        }
        for (label, b) in labels.iter().zip(&found) {
            if b.height > 30.0 || b.x < 0.0 || b.x + b.width > width + 0.5 {
                problems.push(format!("{lang} {width}: “{label}” squeezed or cut: {b:?}"));
            }
        }
        for (i, a) in found.iter().enumerate() {
            for b in &found[i + 1..] {
                if a.intersects(b) {
                    problems.push(format!("{lang} {width}: {a:?} overlaps {b:?}"));
                }
            }
        }
        let (send, discard) = (found[0], found[3]);
        let one_line = (send.center_y() - discard.center_y()).abs() < 2.0;
        if width > 1000.0 {
            // One line, Send at the start side, Discard at the end side.
            if !one_line || (discard.x < send.x) != rtl {
                problems.push(format!(
                    "{lang} {width}: Send {send:?}, Discard {discard:?}"
                ));
            }
        } else if one_line {
            problems.push(format!("{lang} {width}: no second line: {found:?}"));
        }
    }
}

/// Issue 16 §3: in Arabic at 640×480 no text lies under a scrollable's bar
/// (iced draws it on the right, where Arabic labels start: it cut the first
/// letter of every label in Settings), on every screen that scrolls.
#[test]
fn in_arabic_no_text_lies_under_a_scrollbar() {
    let _turn = turn();
    use iced_test::selector::Candidate;
    // iced's default bar width.
    const BAR: f32 = 10.0;
    let dir = tempfile::tempdir().unwrap();
    hudhud::i18n::select(&["ar".parse().unwrap()]);
    hudhud::ui::dir::refresh();
    let mut app = app(&dir);
    let mut problems = Vec::new();
    let mut bars_seen = 0;
    for screen in [
        Screen::Settings,
        Screen::AccountForm,
        Screen::Accounts,
        Screen::Outbox,
        Screen::Sent,
        Screen::Compose,
    ] {
        app.update(Message::Go(screen));
        app.screen = screen;
        let mut ui =
            Simulator::with_size(hudhud::ui::settings(), Size::new(640.0, 480.0), app.view());
        let mut bars = Vec::new();
        let mut texts = Vec::new();
        // Every candidate is looked at; none is "found".
        let _ = ui.find(|c: Candidate<'_>| {
            match c {
                // A bar is drawn only where the content overflows.
                Candidate::Scrollable {
                    bounds,
                    content_bounds,
                    ..
                } if content_bounds.height > bounds.height + 0.5 => bars.push(iced::Rectangle {
                    x: bounds.x + bounds.width - BAR,
                    width: BAR,
                    ..bounds
                }),
                Candidate::Text {
                    bounds, content, ..
                } if !content.trim().is_empty() => texts.push((bounds, content.to_owned())),
                Candidate::TextInput { bounds, .. } => texts.push((bounds, "(field)".into())),
                _ => {}
            }
            None::<()>
        });
        bars_seen += bars.len();
        for bar in &bars {
            for (b, content) in &texts {
                if b.intersects(bar) {
                    problems.push(format!(
                        "{screen:?}: “{content}” {b:?} under the bar {bar:?}"
                    ));
                }
            }
        }
    }
    hudhud::i18n::select(&["en".parse().unwrap()]);
    hudhud::ui::dir::refresh();
    // Settings and the account form overflow at 640×480.
    assert!(bars_seen >= 2, "only {bars_seen} scrollbars seen");
    assert!(problems.is_empty(), "{problems:#?}");
}

/// A Sent row with more recipients than its width keeps its “Recipients:”
/// label whole on the start side in both languages; only the addresses
/// are cut (in Arabic the label went first at the right end, and the long
/// line was cut there).
#[test]
fn a_sent_rows_recipients_label_stays_whole() {
    let _turn = turn();
    use hudhud::outbox::{Folder, State};
    let dir = tempfile::tempdir().unwrap();
    for lang in ["en", "ar"] {
        hudhud::i18n::select(&[lang.parse().unwrap()]);
        hudhud::ui::dir::refresh();
        let mut app = app(&dir);
        app.update(Message::Go(Screen::Sent));
        app.screen = Screen::Sent;
        app.sent.rows = vec![hudhud::history::Row {
            id: "s1".into(),
            folder: Folder::Sent,
            account: "work".into(),
            subject: "Meeting notes".into(),
            recipients: (1..=6)
                .map(|n| format!("person-{n}@example.test"))
                .collect(),
            at: chrono::Utc::now(),
            state: State::Sent,
        }];
        app.sent.matches = 1;
        app.sent.total = 1;
        let mut ui =
            Simulator::with_size(hudhud::ui::settings(), Size::new(640.0, 480.0), app.view());
        let list = ui
            .find(selector::id(hudhud::ui::outbox::SENT_LIST))
            .unwrap()
            .bounds();
        let label = fl!("sent-recipients-label");
        let b = ui
            .find(label.as_str())
            .unwrap_or_else(|e| panic!("{lang}: {e}"))
            .bounds();
        assert!(
            b.x >= list.x && b.x + b.width <= list.x + list.width,
            "{lang}: the label {b:?} is cut by the list {list:?}"
        );
        // On the start side: left in English, right in Arabic.
        let start_gap = if lang == "ar" {
            list.x + list.width - (b.x + b.width)
        } else {
            b.x - list.x
        };
        assert!(start_gap < 40.0, "{lang}: {b:?} in {list:?}");
    }
    hudhud::i18n::select(&["en".parse().unwrap()]);
    hudhud::ui::dir::refresh();
}

/// A toast about a message with a 300-character subject stays about two
/// lines high (it was nine, over compose's buttons) and ends with “…”; a
/// banner, which needs reading, keeps all its words.
#[test]
fn a_toast_stays_two_lines_high_whatever_its_words() {
    use iced_test::selector::Candidate;
    let _turn = turn();
    let dir = tempfile::tempdir().unwrap();
    let subject = "Quarterly planning notes ".repeat(12);
    for lang in ["en", "ar"] {
        hudhud::i18n::select(&[lang.parse().unwrap()]);
        hudhud::ui::dir::refresh();
        let mut app = app(&dir);
        app.update(Message::Go(Screen::Compose));
        app.screen = Screen::Compose;
        app.notices.toast(
            hudhud::ui::theme::Tone::Success,
            fl!("ui-sent-toast", subject = subject.clone()),
            chrono::Utc::now(),
        );
        let mut ui =
            Simulator::with_size(hudhud::ui::settings(), Size::new(640.0, 480.0), app.view());
        let (content, b) = ui
            .find(|c: Candidate<'_>| match c {
                Candidate::Text {
                    content, bounds, ..
                } if content.contains("Quarterly") => Some((content.to_owned(), bounds)),
                _ => None,
            })
            .unwrap_or_else(|e| panic!("{lang}: {e}"));
        assert!(b.height < 50.0, "{lang}: {} px high: {content}", b.height);
        assert!(content.ends_with('…'), "{lang}: {content}");
    }
    hudhud::i18n::select(&["en".parse().unwrap()]);
    hudhud::ui::dir::refresh();
    let mut notices = hudhud::ui::notice::Notices::default();
    let long = "x".repeat(300);
    assert_eq!(notices.banner(long.clone()).shown(), long);
}

/// Editing an account at 640×480 in both languages: the Port field is
/// whole (beside the security picker it was squeezed to one digit).
#[test]
fn the_port_field_is_whole_at_the_smallest_window() {
    let _turn = turn();
    let dir = tempfile::tempdir().unwrap();
    for lang in ["en", "ar"] {
        hudhud::i18n::select(&[lang.parse().unwrap()]);
        hudhud::ui::dir::refresh();
        let mut app = app(&dir);
        app.update(Message::EditAccount("work".into()));
        app.screen = Screen::AccountForm;
        let mut ui =
            Simulator::with_size(hudhud::ui::settings(), Size::new(640.0, 480.0), app.view());
        let port = ui
            .find(selector::id("port"))
            .unwrap_or_else(|e| panic!("{lang}: {e}"))
            .bounds();
        assert!(
            port.width >= 80.0 && port.x >= 0.0 && port.x + port.width <= 640.0 - 10.0,
            "{lang}: the Port field at {port:?}"
        );
    }
    hudhud::i18n::select(&["en".parse().unwrap()]);
    hudhud::ui::dir::refresh();
}

/// With the sidebar as icons alone (640 px), the Outbox count sits beside
/// its icon, not on it, in both languages, with one and with two digits.
#[test]
fn the_outbox_count_does_not_cover_its_icon_in_the_narrow_sidebar() {
    let _turn = turn();
    let dir = tempfile::tempdir().unwrap();
    for lang in ["en", "ar"] {
        hudhud::i18n::select(&[lang.parse().unwrap()]);
        hudhud::ui::dir::refresh();
        let mut app = app(&dir);
        for count in [1, 12] {
            app.outbox = vec![app.outbox[0].clone(); count];
            let mut ui =
                Simulator::with_size(hudhud::ui::settings(), Size::new(640.0, 480.0), app.view());
            let icon = ui
                .find(selector::id("nav-icon-Outbox"))
                .unwrap_or_else(|e| panic!("{lang}: {e}"))
                .bounds();
            let badge = ui
                .find(count.to_string().as_str())
                .unwrap_or_else(|e| panic!("{lang} {count}: {e}"))
                .bounds();
            let nav = ui
                .find(selector::id(hudhud::ui::a11y::nav_widget(Screen::Outbox)))
                .unwrap()
                .bounds();
            assert!(
                !icon.intersects(&badge)
                    && badge.x >= nav.x
                    && badge.x + badge.width <= nav.x + nav.width,
                "{lang} {count}: icon {icon:?}, count {badge:?}, button {nav:?}"
            );
        }
    }
    hudhud::i18n::select(&["en".parse().unwrap()]);
    hudhud::ui::dir::refresh();
}
