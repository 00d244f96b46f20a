//! The window in Arabic: plurals, mirrored layout, Arabic strings on screen.
//! A separate test binary, because the language is process-wide.

use hudhud::config::{Account, AuthMethod, Config, Security};
use hudhud::paths::Paths;
use hudhud::ui::app::{App, Message};
use hudhud::ui::compose::Message as Compose;
use iced::keyboard::{Event as KeyEvent, Modifiers};
use iced::{Point, Rectangle};
use iced_test::{Simulator, selector};

fn arabic() {
    hudhud::i18n::select(&["ar".parse().unwrap()]);
    hudhud::ui::dir::refresh();
}

/// The window in Arabic with one account, on the compose screen.
fn arabic_compose(dir: &tempfile::TempDir) -> App {
    arabic();
    let paths = Paths {
        config_dir: dir.path().join("c"),
        data_dir: dir.path().join("d"),
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
    let (app, _) = App::new(paths, config, None);
    assert_eq!(app.screen, hudhud::ui::app::Screen::Compose);
    app
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
    let dir = tempfile::tempdir().unwrap();
    let mut app = arabic_compose(&dir);
    assert!(hudhud::ui::dir::is_rtl());
    app.compose.to = "salma@example.net".into();

    let mut ui = Simulator::with_settings(hudhud::ui::settings(), app.view());
    // Send and the sidebar read in Arabic.
    ui.find("إرسال")
        .expect("the Arabic Send button (its icon, mirrored, is checked in ui::icon)");
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

/// The compose window in Arabic with `subject` and `body` filled in; `keys`
/// acts on it given the bounds of the subject and body fields. Returns the
/// last subject and body the fields reported.
fn edit_after(
    subject: &str,
    body: &str,
    keys: impl FnOnce(&mut Simulator<'_, Message>, Rectangle, Rectangle),
) -> (Option<String>, Option<String>) {
    let dir = tempfile::tempdir().unwrap();
    let mut app = arabic_compose(&dir);
    app.compose.subject = subject.to_owned();
    app.compose.body = body.to_owned();
    let mut ui = Simulator::with_settings(hudhud::ui::settings(), app.view());
    let subject = ui.find(selector::id("subject")).unwrap().bounds();
    let body = ui.find(selector::id("body")).unwrap().bounds();
    keys(&mut ui, subject, body);
    let (mut subject, mut body) = (None, None);
    for message in ui.into_messages() {
        match message {
            Message::Compose(Compose::Subject(s)) => subject = Some(s),
            Message::Compose(Compose::Body(b)) => body = Some(b),
            _ => {}
        }
    }
    (subject, body)
}

fn subject_after(initial: &str, keys: impl FnOnce(&mut Simulator<'_, Message>)) -> Option<String> {
    edit_after(initial, "", |ui, _, _| {
        ui.click(selector::id("subject")).unwrap();
        keys(ui);
    })
    .0
}

/// Clicks at a point (`times` clicks in a row make a double or triple click).
fn click_at(ui: &mut Simulator<'_, Message>, at: Point, times: usize) {
    ui.point_at(at);
    for _ in 0..times {
        ui.simulate(iced_test::simulator::click());
    }
}

fn with_modifiers(
    ui: &mut Simulator<'_, Message>,
    modifiers: Modifiers,
    f: impl FnOnce(&mut Simulator<'_, Message>),
) {
    ui.simulate([iced::Event::Keyboard(KeyEvent::ModifiersChanged(modifiers))]);
    f(ui);
    ui.simulate([iced::Event::Keyboard(KeyEvent::ModifiersChanged(
        Modifiers::empty(),
    ))]);
}

fn key(named: iced::keyboard::key::Named) -> iced::keyboard::Key {
    iced::keyboard::Key::Named(named)
}

/// The subject after pressing `keys` (each with its modifiers) in a field
/// holding `initial`, then typing `typed`.
fn keys_after(
    initial: &str,
    keys: &[(Modifiers, iced::keyboard::key::Named)],
    typed: &str,
) -> Option<String> {
    subject_after(initial, |ui| {
        for (modifiers, named) in keys {
            with_modifiers(ui, *modifiers, |ui| {
                ui.tap_key(key(*named));
            });
        }
        ui.typewrite(typed);
    })
}

/// The subject after pressing `keys` in a field holding `initial`, then
/// typing "x": where the x lands is where the caret was.
fn x_after(initial: &str, keys: &[iced::keyboard::key::Named]) -> Option<String> {
    let plain: Vec<_> = keys.iter().map(|k| (Modifiers::empty(), *k)).collect();
    keys_after(initial, &plain, "x")
}

const NONE: Modifiers = Modifiers::empty();

#[test]
fn left_arrow_in_arabic_moves_the_way_it_points() {
    use iced::keyboard::key::Named;
    // "سلام" with the cursor at its end (its left edge on screen): Left can go
    // no further left, so the x lands after the last letter.
    let subject = x_after("سلام", &[Named::End, Named::ArrowLeft]);
    assert_eq!(subject.as_deref(), Some("سلامx"));
    // Right moves towards the start of Arabic text: one letter back.
    let subject = x_after("سلام", &[Named::End, Named::ArrowRight]);
    assert_eq!(subject.as_deref(), Some("سلاxم"));
}

#[test]
fn home_shift_end_delete_empties_a_mixed_line() {
    use iced::keyboard::key::Named;
    let keys = [
        (NONE, Named::Home),
        (Modifiers::SHIFT, Named::End),
        (NONE, Named::Delete),
    ];
    let subject = keys_after("مرحبا hello عالم", &keys, "");
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

// Mixed-direction lines. In "abc سلام" the Arabic word reads right to left
// inside an English line; in "سلام abc" the reverse. A stock iced 0.14 field
// moves, clicks and selects as if every letter ran left to right.

#[test]
fn right_arrow_walks_across_the_arabic_word_the_way_it_points() {
    use iced::keyboard::key::Named;
    // From the start: a, b, c, the space, then into the Arabic word from its
    // left end, which is its last letter. The x lands before that letter.
    let right = Named::ArrowRight;
    let subject = x_after("abc سلام", &[Named::Home, right, right, right, right, right]);
    assert_eq!(subject.as_deref(), Some("abc سلاxم"));
    // And from the end (the right edge of the line) Left steps into the
    // Arabic word from its first letter.
    let subject = x_after("abc سلام", &[Named::End, Named::ArrowLeft]);
    assert_eq!(subject.as_deref(), Some("abc سxلام"));
}

#[test]
fn a_click_past_the_left_end_of_an_arabic_line_puts_the_caret_at_its_end() {
    // "سلام abc" is an Arabic line: it ends at its left edge, after "abc".
    let (subject, _) = edit_after("سلام abc", "", |ui, field, _| {
        click_at(ui, Point::new(field.x + 4.0, field.center_y()), 1);
        ui.typewrite("x");
    });
    assert_eq!(subject.as_deref(), Some("سلام abcx"));
}

#[test]
fn double_click_selects_the_word_under_the_mouse() {
    // The right end of an Arabic line is the start of its first word.
    let (subject, _) = edit_after("سلام abc", "", |ui, field, _| {
        click_at(
            ui,
            Point::new(field.x + field.width - 8.0, field.center_y()),
            2,
        );
        ui.typewrite("x");
    });
    assert_eq!(subject.as_deref(), Some("x abc"));
}

#[test]
fn dragging_across_a_mixed_line_selects_it() {
    let (subject, _) = edit_after("سلام abc عالم", "", |ui, field, _| {
        let y = field.center_y();
        ui.point_at(Point::new(field.x + field.width - 4.0, y));
        ui.simulate([iced::Event::Mouse(iced::mouse::Event::ButtonPressed(
            iced::mouse::Button::Left,
        ))]);
        let to = Point::new(field.x + 4.0, y);
        ui.point_at(to);
        ui.simulate([
            iced::Event::Mouse(iced::mouse::Event::CursorMoved { position: to }),
            iced::Event::Mouse(iced::mouse::Event::ButtonReleased(
                iced::mouse::Button::Left,
            )),
        ]);
        ui.typewrite("x");
    });
    assert_eq!(subject.as_deref(), Some("x"));
}

#[test]
fn shift_arrows_select_and_backspace_removes_the_selection() {
    use iced::keyboard::key::Named;
    // In an Arabic line Shift+Left from the start selects its first word,
    // letter by letter, then the space.
    let left = (Modifiers::SHIFT, Named::ArrowLeft);
    let keys = [(NONE, Named::Home), left, left, left, left, left];
    let subject = keys_after(
        "سلام abc",
        &[&keys[..], &[(NONE, Named::Backspace)]].concat(),
        "",
    );
    assert_eq!(subject.as_deref(), Some("abc"));
}

#[test]
fn backspace_removes_a_letter_with_its_vowel_mark() {
    use iced::keyboard::key::Named;
    let subject = keys_after("بِسْمِ", &[(NONE, Named::End), (NONE, Named::Backspace)], "");
    assert_eq!(subject.as_deref(), Some("بِسْ"));
}

#[test]
fn ctrl_backspace_removes_a_word() {
    use iced::keyboard::key::Named;
    let keys = [(NONE, Named::End), (Modifiers::CTRL, Named::Backspace)];
    let subject = keys_after("مرحبا hello عالم", &keys, "");
    assert_eq!(subject.as_deref(), Some("مرحبا hello "));
}

#[test]
fn the_body_takes_lines_in_both_directions_and_up_keeps_its_place() {
    use iced::keyboard::key::Named;
    let (_, body) = edit_after("", "", |ui, _, body| {
        click_at(ui, body.center(), 1);
        ui.typewrite("مرحبا");
        ui.tap_key(key(Named::Enter));
        ui.typewrite("hello");
        // Up from the end of "hello" (left side) lands on the Arabic line's
        // left side, which is its end.
        ui.tap_key(key(Named::ArrowUp));
        ui.typewrite("!");
        ui.tap_key(key(Named::ArrowDown));
        ui.tap_key(key(Named::Home));
        ui.typewrite("> ");
    });
    assert_eq!(body.as_deref(), Some("مرحبا!\n> hello"));
}

#[test]
fn undo_takes_back_a_word_at_a_time_and_redo_brings_it_again() {
    // Types "سلام عالم" in the body, then undoes and redoes.
    let body_after = |undos: usize, redos: usize| {
        let z = || iced::keyboard::Key::Character("z".into());
        edit_after("", "", |ui, _, body| {
            click_at(ui, body.center(), 1);
            ui.typewrite("سلام عالم");
            with_modifiers(ui, Modifiers::CTRL, |ui| {
                for _ in 0..undos {
                    ui.tap_key(z());
                }
            });
            with_modifiers(ui, Modifiers::CTRL | Modifiers::SHIFT, |ui| {
                for _ in 0..redos {
                    ui.tap_key(z());
                }
            });
        })
        .1
    };
    assert_eq!(body_after(1, 0).as_deref(), Some("سلام "));
    assert_eq!(body_after(2, 0).as_deref(), Some(""));
    assert_eq!(body_after(2, 1).as_deref(), Some("سلام "));
}

/// The window drawn by the simulator, as RGBA rows at its scale factor.
fn render(ui: &mut Simulator<'_, Message>) -> (png::OutputInfo, Vec<u8>) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shot.png");
    let snapshot = ui.snapshot(&iced::Theme::Light).expect("the window draws");
    // A first comparison writes the image.
    assert!(snapshot.matches_image(&path).unwrap());
    // Written next to `path`, its name suffixed with the renderer's.
    let written = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "png"))
        .expect("the snapshot's PNG");
    let decoder = png::Decoder::new(std::io::BufReader::new(
        std::fs::File::open(written).unwrap(),
    ));
    let mut reader = decoder.read_info().unwrap();
    let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut pixels).unwrap();
    (info, pixels)
}

/// Pixels clearly darker than the white background inside `area` (logical
/// coordinates; the snapshot is drawn at twice the size).
fn ink(shot: &(png::OutputInfo, Vec<u8>), area: Rectangle) -> usize {
    let (info, pixels) = shot;
    let channels = info.line_size / info.width as usize;
    let mut count = 0;
    for y in (area.y * 2.0) as u32..((area.y + area.height) * 2.0) as u32 {
        for x in (area.x * 2.0) as u32..((area.x + area.width) * 2.0) as u32 {
            if x >= info.width || y >= info.height {
                continue;
            }
            let at = y as usize * info.line_size + x as usize * channels;
            if pixels[at..at + 3].iter().all(|c| *c < 200) {
                count += 1;
            }
        }
    }
    count
}

#[test]
fn placeholders_are_drawn_inside_their_fields() {
    arabic();
    let dir = tempfile::tempdir().unwrap();
    let paths = Paths {
        config_dir: dir.path().join("c"),
        data_dir: dir.path().join("d"),
    };
    let (app, _) = App::new(paths, Config::default(), None);
    let mut ui = Simulator::with_settings(hudhud::ui::settings(), app.view());
    let field = ui.find(selector::id("display-name")).unwrap().bounds();
    let label = ui.find("اسمك").unwrap().bounds();
    let shot = render(&mut ui);
    // The Arabic placeholder sits at the right end of the empty field...
    let right_half = Rectangle {
        x: field.center_x(),
        width: field.width / 2.0 - 2.0,
        y: field.y + 2.0,
        height: field.height - 4.0,
    };
    assert!(ink(&shot, right_half) > 50, "no placeholder in the field");
    // ...and nothing is drawn past the label, where iced 0.14 would shift a
    // right-aligned text in a bounded box.
    let beyond = Rectangle {
        x: label.x + label.width + 4.0,
        width: 400.0,
        ..right_half
    };
    assert_eq!(ink(&shot, beyond), 0, "text drawn outside the field");
}

#[test]
fn the_right_click_menu_cuts_the_selected_word() {
    let (subject, _) = edit_after("سلام abc", "", |ui, field, _| {
        let at = Point::new(field.x + field.width - 8.0, field.center_y());
        click_at(ui, at, 2);
        ui.point_at(at);
        ui.simulate([
            iced::Event::Mouse(iced::mouse::Event::ButtonPressed(
                iced::mouse::Button::Right,
            )),
            iced::Event::Mouse(iced::mouse::Event::ButtonReleased(
                iced::mouse::Button::Right,
            )),
        ]);
        // In Arabic the menu opens to the left of the mouse, below it; its
        // first row is Cut.
        click_at(ui, Point::new(at.x - 60.0, at.y + 18.0), 1);
    });
    assert_eq!(subject.as_deref(), Some(" abc"));
}
