//! The Send later picker, driven in the simulator with a fixed clock (a
//! Friday afternoon, 5 February 2027, 14:30 in the user's zone): a day
//! clicked on the month's page and a time stepped fill the typed field,
//! Schedule queues the message not before that time and the Outbox says
//! when; the keyboard moves the day, the month and picks; Escape closes
//! without a change; days gone by cannot be chosen and a time gone by is
//! refused with words; in Arabic the page speaks Arabic and runs right to
//! left from Saturday.
//!
//! The language is global: the tests take turns.

use chrono::{DateTime, Local, TimeZone, Utc};
use hudhud::ui::app::{Message, Screen};
use hudhud::ui::compose::Message as C;
use hudhud::ui::later::Message as L;
use hudhud::ui::widget::day_grid::Key;
use iced::keyboard::key::Named;
use iced_test::{Simulator, selector};

mod support;
use support::window::{Fixture, fixture};

#[path = "support/keys.rs"]
mod keys;

static LANGUAGE: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn language(lang: &str) -> std::sync::MutexGuard<'static, ()> {
    let turn = LANGUAGE.lock().unwrap_or_else(|e| e.into_inner());
    hudhud::i18n::select(&[lang.parse().unwrap()]);
    hudhud::ui::dir::refresh();
    turn
}

fn friday_afternoon() -> DateTime<Local> {
    Local.with_ymd_and_hms(2027, 2, 5, 14, 30, 0).unwrap()
}

/// A message to Omar with Send later open and the picker on February 2027.
fn picker_open() -> Fixture {
    let mut f = fixture(0);
    f.app.compose.clock = friday_afternoon;
    f.app.compose.to = "omar@example.org".into();
    f.app.compose.subject = "Plans".into();
    f.apply([Message::Compose(C::ToggleLater)]);
    assert_eq!(f.app.compose.send_at, "2027-02-05 15:30");
    f.interact(|ui| {
        ui.click(selector::id("later-calendar"))
            .expect("the Calendar button by the field");
    });
    assert!(f.app.compose.calendar.is_some(), "the picker is open");
    f
}

fn bounds(ui: &mut Simulator<'_, Message>, text: &str) -> iced::Rectangle {
    ui.find(text)
        .unwrap_or_else(|e| panic!("{text}: {e}"))
        .bounds()
}

fn local(d: u32, h: u32, m: u32) -> DateTime<Utc> {
    Local
        .with_ymd_and_hms(2027, 2, d, h, m, 0)
        .unwrap()
        .with_timezone(&Utc)
}

#[test]
fn a_day_clicked_and_a_time_stepped_fill_the_field_and_schedule_queues_at_that_time() {
    let _en = language("en");
    let mut f = picker_open();
    {
        let mut ui = Simulator::with_settings(hudhud::ui::settings(), f.app.view());
        ui.find("February 2027").expect("the month's name and year");
        // The week starts on Sunday in English, from the left.
        let (su, mo, sa) = (
            bounds(&mut ui, "Su"),
            bounds(&mut ui, "Mo"),
            bounds(&mut ui, "Sa"),
        );
        assert!(su.x < mo.x && mo.x < sa.x, "{su:?} {mo:?} {sa:?}");
        // The picker floats over the form, which keeps its place and size,
        // and leaves the field it writes into in view below it.
        let body = ui.find(selector::id("body")).unwrap().bounds();
        let page = ui.find(selector::id("later-picker")).unwrap().bounds();
        let field = ui.find(selector::id("later-calendar")).unwrap().bounds();
        assert!(body.height > 300.0, "{body:?}");
        assert!(page.y + page.height <= field.y, "{page:?} {field:?}");
        // The presets stay as quick choices next to the picker.
        ui.find("Tomorrow morning, 08:00").expect("a preset");
        // The zone the time is in, with its offset at the chosen time.
        let offset = format!(
            "UTC{}",
            Local
                .with_ymd_and_hms(2027, 2, 5, 15, 30, 0)
                .unwrap()
                .format("%:z")
        );
        let zone = ui
            .find(|c: iced_test::selector::Candidate<'_>| match c {
                iced_test::selector::Candidate::Text { content, .. }
                    if content.starts_with("Time zone: ") =>
                {
                    Some(content.to_owned())
                }
                _ => None,
            })
            .expect("the time zone shown");
        assert!(
            zone == format!("Time zone: {offset}") || zone.ends_with(&format!(" ({offset})")),
            "{zone}"
        );
    }
    // Days gone by do nothing; today and later fill the field.
    f.click("later-day-2027-02-04");
    assert_eq!(
        f.app.compose.send_at, "2027-02-05 15:30",
        "yesterday is not a choice"
    );
    f.click("later-day-2027-02-12");
    assert_eq!(
        f.app.compose.send_at, "2027-02-12 15:30",
        "the day, the time kept"
    );
    f.click("later-hour-up");
    f.click("later-hour-up");
    f.click("later-minute-down");
    assert_eq!(f.app.compose.send_at, "2027-02-12 17:25");
    // Typing still works, and the page follows the field.
    f.apply([Message::Compose(C::SendAt("2027-03-09 09:10".into()))]);
    {
        let mut ui = Simulator::with_settings(hudhud::ui::settings(), f.app.view());
        ui.find("March 2027")
            .expect("the page follows what was typed");
    }
    f.click("later-minute-up");
    assert_eq!(
        f.app.compose.send_at, "2027-03-09 09:15",
        "on the 5-minute grid"
    );
    f.click("later-previous-month");
    f.click("later-day-2027-02-12");
    f.click("later-minute-up");
    f.click("later-minute-up");
    f.click("later-hour-up");
    assert_eq!(f.app.compose.send_at, "2027-02-12 10:25");

    f.interact(|ui| {
        ui.click("Schedule").expect("Schedule");
    });
    let outbox = f.outbox();
    assert_eq!(outbox.len(), 1, "queued");
    assert_eq!(outbox[0].not_before, Some(local(12, 10, 25)));
    f.apply([Message::Go(Screen::Outbox)]);
    let mut ui = Simulator::with_settings(hudhud::ui::settings(), f.app.view());
    ui.find("sends at Feb 12, 2027, 10:25")
        .expect("the Outbox row says when, in the user's zone");
}

#[test]
fn the_keyboard_reaches_the_grid_moves_the_day_and_the_month_and_picks() {
    let _en = language("en");
    let mut f = picker_open();
    // Tab reaches the grid as one stop; Enter there picks the day under
    // the keyboard.
    let stops = keys::enter_on_each_focus_stop(&f.app);
    assert!(
        stops
            .iter()
            .any(|m| matches!(m, Message::Compose(C::Later(L::Key(Key::Pick))))),
        "{stops:?}"
    );
    // From today, back and up stay on today; then right, down, Page Down.
    f.interact(|ui| {
        ui.click(selector::id("later-day-2027-02-10")).unwrap();
        for key in [
            Named::ArrowRight,
            Named::ArrowDown,
            Named::PageDown,
            Named::Enter,
        ] {
            ui.tap_key(key);
        }
    });
    // 10 → 11 → 18 February → 18 March.
    assert_eq!(f.app.compose.send_at, "2027-03-18 15:30");
    f.interact(|ui| {
        ui.click(selector::id("later-day-2027-03-01")).unwrap();
        for key in [
            Named::PageUp,
            Named::ArrowUp,
            Named::ArrowLeft,
            Named::Enter,
        ] {
            ui.tap_key(key);
        }
    });
    // 1 March → 1 February is before today: today, and no further back.
    assert_eq!(f.app.compose.send_at, "2027-02-05 15:30");
    let picker = f.app.compose.calendar.as_ref().unwrap();
    assert_eq!(picker.cursor.to_string(), "2027-02-05");
}

#[test]
fn escape_closes_the_picker_and_puts_the_field_back() {
    let _en = language("en");
    let mut f = picker_open();
    f.click("later-day-2027-02-20");
    f.click("later-hour-up");
    assert_eq!(f.app.compose.send_at, "2027-02-20 16:30");
    let escape = keys::key(
        iced::keyboard::Key::Named(Named::Escape),
        iced::keyboard::Modifiers::empty(),
    );
    // Neither the day grid nor the typed field keeps Escape: it reaches
    // the window.
    let message = hudhud::ui::app::on_event(escape, iced::event::Status::Ignored)
        .expect("Escape means something");
    f.apply([message]);
    assert!(f.app.compose.calendar.is_none(), "closed");
    assert_eq!(
        f.app.compose.send_at, "2027-02-05 15:30",
        "as before it opened"
    );
    assert!(f.app.compose.show_later, "Send later itself stays");
    // Done keeps what was chosen.
    f.click("later-calendar");
    f.click("later-day-2027-02-20");
    f.interact(|ui| {
        ui.click("Done").expect("Done");
    });
    assert!(f.app.compose.calendar.is_none());
    assert_eq!(f.app.compose.send_at, "2027-02-20 15:30");
}

#[test]
fn a_time_gone_by_today_is_refused_in_words_and_nothing_is_queued() {
    let _en = language("en");
    let mut f = picker_open();
    f.click("later-hour-down");
    f.click("later-hour-down");
    assert_eq!(
        f.app.compose.send_at, "2027-02-05 13:30",
        "no silent change"
    );
    let said = "February 5, 2027, 13:30 has already passed (it is February 5, 2027, 14:30 now). \
                Choose a later day or time.";
    {
        let mut ui = Simulator::with_settings(hudhud::ui::settings(), f.app.view());
        ui.find(said).expect("the picker says why");
    }
    f.interact(|ui| {
        ui.click("Schedule").expect("Schedule");
    });
    assert_eq!(f.app.compose.send_at_error.as_deref(), Some(said));
    assert!(f.outbox().is_empty());
    // Tomorrow at the same time is fine.
    f.click("later-day-2027-02-06");
    f.interact(|ui| {
        ui.click("Schedule").expect("Schedule");
    });
    assert_eq!(f.outbox()[0].not_before, Some(local(6, 13, 30)));
}

#[test]
fn in_arabic_the_page_speaks_arabic_and_runs_from_saturday_on_the_right() {
    let _ar = language("ar");
    let mut f = picker_open();
    {
        let mut ui = Simulator::with_settings(hudhud::ui::settings(), f.app.view());
        ui.find("فبراير 2027").expect("the month in Arabic");
        ui.find("التقويم").expect("the Calendar button in Arabic");
        ui.find("الوقت").expect("the time's label");
        let sat = bounds(&mut ui, "سبت");
        let sun = bounds(&mut ui, "أحد");
        let fri = bounds(&mut ui, "جمعة");
        assert!(
            sat.x > sun.x && sun.x > fri.x,
            "Saturday first, on the right: {sat:?} {sun:?} {fri:?}"
        );
        // Saturday 6 February is the first of its week: right of Sunday 7.
        let six = ui
            .find(selector::id("later-day-2027-02-06"))
            .unwrap()
            .bounds();
        let seven = ui
            .find(selector::id("later-day-2027-02-07"))
            .unwrap()
            .bounds();
        assert!(
            six.x > seven.x && (six.y - seven.y).abs() < 1.0,
            "{six:?} {seven:?}"
        );
        // The previous month's arrow is at the right, where the week starts.
        let back = ui
            .find(selector::id("later-previous-month"))
            .unwrap()
            .bounds();
        let on = ui.find(selector::id("later-next-month")).unwrap().bounds();
        assert!(back.x > on.x);
    }
    // Left is the next day when the week runs right to left.
    f.interact(|ui| {
        ui.click(selector::id("later-day-2027-02-10")).unwrap();
        ui.tap_key(Named::ArrowLeft);
        ui.tap_key(Named::Enter);
    });
    assert_eq!(f.app.compose.send_at, "2027-02-11 15:30");
    f.interact(|ui| {
        ui.click("جدولة").expect("Schedule in Arabic");
    });
    assert_eq!(f.outbox()[0].not_before, Some(local(11, 15, 30)));
    f.apply([Message::Go(Screen::Outbox)]);
    let mut ui = Simulator::with_settings(hudhud::ui::settings(), f.app.view());
    ui.find("يُرسل في 11 فبراير 2027، 15:30")
        .expect("the Outbox row says when, in Arabic");
}

/// The window's red ink (the danger colour of a problem) as the simulator
/// draws it at twice the size: each pixel's logical place.
fn red_ink(ui: &mut Simulator<'_, Message>) -> Vec<(f32, f32)> {
    let dir = tempfile::tempdir().unwrap();
    let snapshot = ui.snapshot(&iced::Theme::Light).expect("the window draws");
    // A first comparison writes the image, its name suffixed with the
    // renderer's.
    assert!(snapshot.matches_image(dir.path().join("shot.png")).unwrap());
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
    let channels = info.line_size / info.width as usize;
    let mut red = Vec::new();
    for y in 0..info.height as usize {
        for x in 0..info.width as usize {
            let p = &pixels[y * info.line_size + x * channels..];
            let (r, g, b) = (p[0] as i32, p[1] as i32, p[2] as i32);
            if r - g > 60 && r - b > 60 {
                red.push((x as f32 / 2.0, y as f32 / 2.0));
            }
        }
    }
    red
}

/// Window texts isolate their placeables as the window does (the times in
/// the sentence are runs of their own), until the test ends.
struct Isolating;

impl Isolating {
    fn on() -> Isolating {
        hudhud::i18n::set_isolating(true);
        Isolating
    }
}

impl Drop for Isolating {
    fn drop(&mut self) {
        hudhud::i18n::set_isolating(false);
    }
}

#[test]
fn in_arabic_at_the_smallest_window_a_time_gone_by_is_said_inside_its_box() {
    let _ar = language("ar");
    let _isolating = Isolating::on();
    let mut f = picker_open();
    f.click("later-hour-down");
    f.click("later-hour-down");
    let mut ui = Simulator::with_size(
        hudhud::ui::settings(),
        iced::Size::new(640.0, 480.0),
        f.app.view(),
    );
    let said = ui
        .find(selector::id("later-problem"))
        .expect("the picker says why")
        .bounds();
    let red = red_ink(&mut ui);
    assert!(
        red.len() > 200,
        "the sentence is drawn: {} pixels",
        red.len()
    );
    // Marks above and below Arabic letters reach a little past the lines.
    let outside: Vec<_> = red
        .iter()
        .filter(|(x, y)| {
            *x < said.x
                || *x >= said.x + said.width
                || *y < said.y - 4.0
                || *y > said.y + said.height + 4.0
        })
        .collect();
    assert!(
        outside.is_empty(),
        "{} red pixels outside {said:?}, such as {:?}",
        outside.len(),
        &outside[..outside.len().min(5)]
    );
    // It wraps in the side column: ink on at least two lines.
    let top = red.iter().map(|p| p.1).fold(f32::MAX, f32::min);
    let bottom = red.iter().map(|p| p.1).fold(f32::MIN, f32::max);
    assert!(bottom - top > 25.0, "one line: {top}..{bottom}");
}

/// Issue 16 §3: at 640×480, in English and in Arabic, every day of the
/// month, the time's steppers and Done are inside the window and inside
/// the picker's card (once it was confined to the body's box and showed
/// two weeks in English, one in Arabic, the Saturday column cut).
#[test]
fn at_the_smallest_window_the_whole_picker_is_in_view_in_both_languages() {
    for lang in ["en", "ar"] {
        let _turn = language(lang);
        let f = picker_open();
        let mut ui = Simulator::with_size(
            hudhud::ui::settings(),
            iced::Size::new(640.0, 480.0),
            f.app.view(),
        );
        let window = iced::Rectangle::new(iced::Point::ORIGIN, iced::Size::new(640.0, 480.0));
        let card = ui.find(selector::id("later-picker")).unwrap().bounds();
        let inside = |outer: &iced::Rectangle, b: &iced::Rectangle| {
            b.x >= outer.x - 0.5
                && b.y >= outer.y - 0.5
                && b.x + b.width <= outer.x + outer.width + 0.5
                && b.y + b.height <= outer.y + outer.height + 0.5
        };
        assert!(inside(&window, &card), "{lang}: the card {card:?}");
        let mut ids: Vec<String> = (1..=28)
            .map(|d| format!("later-day-2027-02-{d:02}"))
            .collect();
        ids.extend(
            [
                "later-hour-down",
                "later-hour-up",
                "later-minute-down",
                "later-minute-up",
                "later-done",
                "later-previous-month",
                "later-next-month",
            ]
            .map(String::from),
        );
        for id in ids {
            let b = ui
                .find(selector::id(id.clone()))
                .unwrap_or_else(|e| panic!("{lang} {id}: {e}"))
                .bounds();
            assert!(
                b.width > 10.0 && inside(&card, &b),
                "{lang}: {id} at {b:?} is outside the card {card:?}"
            );
        }
        // The field it writes into stays in view below it.
        let calendar = ui.find(selector::id("later-calendar")).unwrap().bounds();
        assert!(
            inside(&window, &calendar) && calendar.y >= card.y + card.height,
            "{lang}: the Calendar button {calendar:?} under the card {card:?}"
        );
    }
}
