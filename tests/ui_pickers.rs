//! Pickers that read in the interface's direction, and lists that keep the
//! row the arrow keys reached on screen (issue 16 §5 and §7).
//!
//! The view is built headless at the window's size and driven with the
//! window's own focus operation and key events, as tests/support/keys.rs
//! does. The language is global: the tests that set it take turns.

mod support;

#[path = "support/keys.rs"]
mod keys;

use chrono::Utc;
use hudhud::compose::Outgoing;
use hudhud::history::Row;
use hudhud::outbox::{Folder, Spool, State};
use hudhud::ui::app::{App, Message, SENT_ROW_HEIGHT, Screen, SentPage};
use hudhud::ui::settings::{Message as S, ThemeChoice};
use hudhud::ui::widget::focus::Motion;
use iced::advanced::widget::operation::{Outcome, Scrollable, focusable::Focusable};
use iced::advanced::widget::{Id, Operation};
use iced::keyboard::{Key, Modifiers, key::Named};
use iced::{Rectangle, Size, Vector};
use iced_runtime::UserInterface;
use iced_runtime::user_interface::Cache;

static LANGUAGE: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn language(lang: &str) {
    hudhud::i18n::select(&[lang.parse().unwrap()]);
    hudhud::ui::dir::refresh();
}

const WINDOW: Size = Size::new(1000.0, 680.0);

type Ui<'a> = UserInterface<'a, Message, iced::Theme, iced::Renderer>;

fn renderer(app: &App) -> iced::Renderer {
    // Loads the fonts into the shared font system.
    let _ = iced_test::Simulator::with_settings(hudhud::ui::settings(), app.view());
    iced::Renderer::new(hudhud::ui::DEFAULT_FONT, iced::Pixels(16.0))
}

/// What the tree shows: texts, focus stops (and which one has the focus,
/// inside which scrollable) and scrollables with how far they are scrolled.
#[derive(Default, Debug)]
struct Look {
    texts: Vec<(String, Rectangle)>,
    stops: Vec<Rectangle>,
    focused: Option<Rectangle>,
    scrollables: Vec<(Rectangle, Vector)>,
    opening: Option<usize>,
    inside: Vec<usize>,
    focused_in: Option<usize>,
}

impl Operation for Look {
    fn traverse(&mut self, operate: &mut dyn FnMut(&mut dyn Operation)) {
        let opening = self.opening.take();
        if let Some(i) = opening {
            self.inside.push(i);
        }
        operate(self);
        if opening.is_some() {
            self.inside.pop();
        }
    }
    fn scrollable(
        &mut self,
        _id: Option<&Id>,
        bounds: Rectangle,
        _content: Rectangle,
        translation: Vector,
        _state: &mut dyn Scrollable,
    ) {
        self.opening = Some(self.scrollables.len());
        self.scrollables.push((bounds, translation));
    }
    fn focusable(&mut self, _id: Option<&Id>, bounds: Rectangle, state: &mut dyn Focusable) {
        self.stops.push(bounds);
        if state.is_focused() {
            self.focused = Some(bounds);
            self.focused_in = self.inside.last().copied();
        }
    }
    fn text(&mut self, _id: Option<&Id>, bounds: Rectangle, text: &str) {
        self.texts.push((text.to_string(), bounds));
    }
}

fn look(ui: &mut Ui<'_>, renderer: &iced::Renderer) -> Look {
    let mut look = Look::default();
    ui.operate(renderer, &mut look);
    look
}

fn motion(ui: &mut Ui<'_>, renderer: &iced::Renderer, m: Motion) {
    let mut operation: Box<dyn Operation> = Box::new(hudhud::ui::widget::focus::move_focus(m));
    loop {
        ui.operate(renderer, operation.as_mut());
        match operation.finish() {
            Outcome::Chain(next) => operation = next,
            _ => break,
        }
    }
}

fn press(ui: &mut Ui<'_>, renderer: &mut iced::Renderer, key: Named) -> Vec<Message> {
    let mut messages = Vec::new();
    ui.update(
        &[keys::key(Key::Named(key), Modifiers::empty())],
        iced::mouse::Cursor::Unavailable,
        renderer,
        &mut iced::advanced::clipboard::Null,
        &mut messages,
    );
    messages
}

/// Tabs until the focus is on the stop around `wanted`.
fn tab_to(ui: &mut Ui<'_>, renderer: &iced::Renderer, wanted: Rectangle) {
    let centre = wanted.center();
    for _ in 0..80 {
        motion(ui, renderer, Motion::Next);
        if look(ui, renderer)
            .focused
            .is_some_and(|f| f.contains(centre))
        {
            return;
        }
    }
    panic!("Tab never reached {wanted:?}");
}

fn settings_app() -> support::window::Fixture {
    let mut fixture = support::window::fixture(0);
    fixture.app.screen = Screen::Settings;
    fixture
}

/// The Theme picker's field and the bounds of the text it shows.
fn theme_picker(look: &Look) -> (Rectangle, Rectangle) {
    let shown = ThemeChoice::System.to_string();
    // Language shows the same words above it.
    let text = look
        .texts
        .iter()
        .filter(|(t, _)| *t == shown)
        .map(|(_, b)| *b)
        .max_by(|a, b| a.y.total_cmp(&b.y))
        .unwrap_or_else(|| panic!("no {shown:?} among {:?}", look.texts));
    let field = look
        .stops
        .iter()
        .copied()
        .find(|s| s.contains(text.center()))
        .expect("the choice is inside a control Tab reaches");
    (field, text)
}

#[test]
fn pickers_and_their_menus_start_at_the_reading_side() {
    let _turn = LANGUAGE.lock().unwrap_or_else(|e| e.into_inner());
    for lang in ["en", "ar"] {
        language(lang);
        let fixture = settings_app();
        let mut renderer = renderer(&fixture.app);
        let mut ui = Ui::build(fixture.app.view(), WINDOW, Cache::default(), &mut renderer);
        let closed = look(&mut ui, &renderer);
        let (field, shown) = theme_picker(&closed);
        // The text sits against the start edge (inside the padding); the
        // other end holds the chevron.
        let (start_gap, end_gap) = if lang == "ar" {
            (
                field.x + field.width - (shown.x + shown.width),
                shown.x - field.x,
            )
        } else {
            (
                shown.x - field.x,
                field.x + field.width - (shown.x + shown.width),
            )
        };
        assert!(start_gap < 16.0, "{lang}: {shown:?} in {field:?}");
        assert!(
            end_gap >= 16.0 + 8.0,
            "{lang}: no room for the chevron: {shown:?} in {field:?}"
        );

        // Opened by the keyboard, its options start at the same side.
        tab_to(&mut ui, &renderer, field);
        assert!(press(&mut ui, &mut renderer, Named::Enter).is_empty());
        let open = look(&mut ui, &renderer);
        for choice in [ThemeChoice::Light, ThemeChoice::Dark] {
            let label = choice.to_string();
            let (_, item) = open
                .texts
                .iter()
                .find(|(t, _)| *t == label)
                .unwrap_or_else(|| {
                    panic!("{lang}: {label:?} not in the open menu: {:?}", open.texts)
                });
            assert!(
                item.y >= field.y + field.height,
                "{lang}: {item:?} under {field:?}"
            );
            let gap = if lang == "ar" {
                field.x + field.width - (item.x + item.width)
            } else {
                item.x - field.x
            };
            assert!(gap < 16.0, "{lang}: {label:?} at {item:?}, field {field:?}");
        }
    }
    language("en");
}

#[test]
fn an_open_picker_takes_the_arrows_enter_and_escape() {
    let _turn = LANGUAGE.lock().unwrap_or_else(|e| e.into_inner());
    language("en");
    let fixture = settings_app();
    let mut renderer = renderer(&fixture.app);
    let mut ui = Ui::build(fixture.app.view(), WINDOW, Cache::default(), &mut renderer);
    let (field, _) = theme_picker(&look(&mut ui, &renderer));
    let menu_open = |ui: &mut Ui<'_>, renderer: &iced::Renderer| {
        let dark = ThemeChoice::Dark.to_string();
        look(ui, renderer).texts.iter().any(|(t, _)| *t == dark)
    };
    tab_to(&mut ui, &renderer, field);
    assert!(!menu_open(&mut ui, &renderer));

    // Enter opens; Down moves in the menu without choosing; Enter picks.
    assert!(press(&mut ui, &mut renderer, Named::Enter).is_empty());
    assert!(menu_open(&mut ui, &renderer));
    assert!(press(&mut ui, &mut renderer, Named::ArrowDown).is_empty());
    assert!(press(&mut ui, &mut renderer, Named::ArrowDown).is_empty());
    let picked = press(&mut ui, &mut renderer, Named::Enter);
    assert!(
        matches!(picked[..], [Message::Settings(S::Theme(ThemeChoice::Dark))]),
        "{picked:?}"
    );
    assert!(!menu_open(&mut ui, &renderer), "picking closes the menu");

    // Escape closes without choosing; Up at the top stays there.
    assert!(press(&mut ui, &mut renderer, Named::Space).is_empty());
    assert!(menu_open(&mut ui, &renderer));
    assert!(press(&mut ui, &mut renderer, Named::ArrowUp).is_empty());
    assert!(press(&mut ui, &mut renderer, Named::ArrowDown).is_empty());
    assert!(press(&mut ui, &mut renderer, Named::Escape).is_empty());
    assert!(!menu_open(&mut ui, &renderer), "Escape closes the menu");

    // Closed, the arrows still choose at once; the focus stayed.
    let stepped = press(&mut ui, &mut renderer, Named::ArrowDown);
    assert!(
        matches!(
            stepped[..],
            [Message::Settings(S::Theme(ThemeChoice::Light))]
        ),
        "{stepped:?}"
    );
    assert!(
        press(&mut ui, &mut renderer, Named::ArrowUp).is_empty(),
        "System is first"
    );
}

/// The focused stop lies inside the viewport of its scrollable.
fn assert_in_view(look: &Look, what: &str) -> Vector {
    let focused = look.focused.expect("a stop has the focus");
    let (bounds, scrolled) = look.scrollables[look
        .focused_in
        .unwrap_or_else(|| panic!("{what}: {focused:?} not inside {:?}", look.scrollables))];
    let top = focused.y - scrolled.y;
    assert!(
        top >= bounds.y - 0.5 && top + focused.height <= bounds.y + bounds.height + 0.5,
        "{what}: {focused:?} scrolled by {scrolled:?} is outside {bounds:?}"
    );
    scrolled
}

#[test]
fn arrows_keep_the_outbox_row_on_screen_scrolling_no_more_than_needed() {
    let _turn = LANGUAGE.lock().unwrap_or_else(|e| e.into_inner());
    language("en");
    let mut fixture = support::window::fixture(0);
    let spool = Spool::open(&fixture.paths.data_dir).unwrap();
    for n in 0..30 {
        spool
            .enqueue(
                "work",
                &Outgoing {
                    message_id: format!("<m{n}@example.com>"),
                    envelope_from: "layla@example.com".into(),
                    envelope_to: vec!["omar@example.org".into()],
                    raw: format!("Subject: {n}\r\n\r\nHi\r\n").into_bytes(),
                },
                &format!("Message {n}"),
                None,
                None,
            )
            .unwrap();
    }
    fixture.app.outbox = spool.list(Folder::Outbox);
    fixture.app.screen = Screen::Outbox;
    let mut renderer = renderer(&fixture.app);
    let mut ui = Ui::build(fixture.app.view(), WINDOW, Cache::default(), &mut renderer);
    // Into the list: the first action of the first message.
    let first = look(&mut ui, &renderer)
        .texts
        .iter()
        .find(|(t, _)| *t == "Message 0")
        .map(|(_, b)| *b)
        .expect("the first message is listed");
    for _ in 0..80 {
        motion(&mut ui, &renderer, Motion::Next);
        let seen = look(&mut ui, &renderer);
        if seen.focused_in.is_some() && seen.focused.is_some_and(|f| f.y > first.y) {
            break;
        }
    }
    let mut last = assert_in_view(&look(&mut ui, &renderer), "start");
    assert_eq!(last.y, 0.0);
    let mut scrolled = 0;
    let mut rows = vec![look(&mut ui, &renderer).focused.unwrap().y];
    for n in 1..30 {
        motion(&mut ui, &renderer, Motion::Down);
        let seen = look(&mut ui, &renderer);
        let now = assert_in_view(&seen, &format!("Down {n}"));
        let focused = seen.focused.unwrap();
        assert!(focused.y > *rows.last().unwrap(), "Down {n} moved down");
        rows.push(focused.y);
        if now != last {
            scrolled += 1;
            // Just enough: the row's bottom at the viewport's bottom (and
            // the focus ring's margin).
            let (bounds, _) = seen.scrollables[seen.focused_in.unwrap()];
            let bottom = focused.y + focused.height - now.y;
            assert!(
                (bounds.y + bounds.height - bottom - 4.0).abs() < 1.0,
                "Down {n} scrolled more than needed: row bottom {bottom}, view {bounds:?}"
            );
        }
        last = now;
    }
    assert!(
        scrolled > 10,
        "the list scrolled as the focus went down ({scrolled})"
    );
    // And back up: the first message's row comes back into view.
    for n in 1..30 {
        motion(&mut ui, &renderer, Motion::Up);
        assert_in_view(&look(&mut ui, &renderer), &format!("Up {n}"));
    }
    assert_eq!(look(&mut ui, &renderer).focused.unwrap().y, rows[0]);
}

#[test]
fn arrows_walk_the_whole_virtual_sent_list_one_row_at_a_time() {
    let _turn = LANGUAGE.lock().unwrap_or_else(|e| e.into_inner());
    language("en");
    let mut fixture = support::window::fixture(0);
    let count = 40;
    fixture.app.sent = SentPage {
        query: String::new(),
        rows: (0..count)
            .map(|n| Row {
                id: format!("s{n}"),
                folder: Folder::Sent,
                account: "work".into(),
                subject: format!("Report {n}"),
                recipients: vec!["omar@example.org".into()],
                at: Utc::now(),
                state: State::Sent,
            })
            .collect(),
        total: count,
        offset: 0,
        matches: count,
    };
    fixture.app.screen = Screen::Sent;
    let mut renderer = renderer(&fixture.app);
    let mut cache = Cache::default();
    // The row Enter opens now: which one has the focus.
    let focused_row = |ui: &mut Ui<'_>, renderer: &mut iced::Renderer| -> String {
        let opened = press(ui, renderer, Named::Enter);
        match &opened[..] {
            [Message::List(hudhud::ui::outbox::Message::ToggleDetails(id))] => id.clone(),
            other => panic!("Enter gave {other:?}"),
        }
    };
    {
        let mut ui = Ui::build(fixture.app.view(), WINDOW, cache, &mut renderer);
        for _ in 0..80 {
            motion(&mut ui, &renderer, Motion::Next);
            if look(&mut ui, &renderer).focused_in.is_some() {
                break;
            }
        }
        assert_eq!(focused_row(&mut ui, &mut renderer), "s0");
        cache = ui.into_cache();
    }
    let mut top_seen = 0.0f32;
    for n in 1..count {
        let messages = {
            let mut ui = Ui::build(fixture.app.view(), WINDOW, cache, &mut renderer);
            motion(&mut ui, &renderer, Motion::Down);
            let seen = look(&mut ui, &renderer);
            let scrolled = assert_in_view(&seen, &format!("Down {n}"));
            top_seen = top_seen.max(scrolled.y);
            // The window redraws: the list says where it is scrolled to
            // and the app builds the rows now in view.
            let mut messages = Vec::new();
            ui.update(
                &[iced::Event::Window(iced::window::Event::RedrawRequested(
                    std::time::Instant::now(),
                ))],
                iced::mouse::Cursor::Unavailable,
                &mut renderer,
                &mut iced::advanced::clipboard::Null,
                &mut messages,
            );
            cache = ui.into_cache();
            messages
        };
        for message in messages {
            let _ = fixture.app.update(message);
        }
        let mut ui = Ui::build(fixture.app.view(), WINDOW, cache, &mut renderer);
        assert_in_view(
            &look(&mut ui, &renderer),
            &format!("rebuilt after Down {n}"),
        );
        assert_eq!(
            focused_row(&mut ui, &mut renderer),
            format!("s{n}"),
            "Down {n} reached the next row"
        );
        cache = ui.into_cache();
    }
    assert!(
        top_seen >= (count as f32 - 12.0) * SENT_ROW_HEIGHT,
        "the list scrolled to its end ({top_seen})"
    );
}
