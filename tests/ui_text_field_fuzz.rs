//! The mixed-direction text field under a storm of random input: keys with
//! any modifiers, typing in Arabic, English, vowel marks, digits, emoji and
//! line breaks, clicks, double clicks, the right-click menu, drags, the
//! wheel, input-method
//! commits, focus changes and redraws, in a field narrow enough to wrap.
//! Spell checking is on in the free-text fields. It must never panic, and
//! undoing every edit must give back the text it started with.

use hudhud::ui::spell::Speller;
use hudhud::ui::widget::editor;
use iced::advanced::input_method;
use iced::keyboard::{self, Key, Modifiers, key::Named};
use iced::{Element, Event, Point, Size, mouse, window};
use iced_test::Simulator;

/// xorshift64*: a fixed seed gives the same storm every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const PIECES: &[&str] = &[
    "سلام",
    "مرحبا",
    "عالم",
    "بِسْمِ",
    "لا",
    "hello",
    "Q3",
    "2025",
    " ",
    " ",
    "،",
    ".",
    "\n",
    "é",
    "👍🏽",
    "(",
    ")",
    "abc",
    "١٢٣",
    "\u{200f}",
    "x",
];

fn press(key: Key, text: Option<&str>, modifiers: Modifiers) -> [Event; 2] {
    let physical = keyboard::key::Physical::Unidentified(keyboard::key::NativeCode::Unidentified);
    [
        Event::Keyboard(keyboard::Event::KeyPressed {
            key: key.clone(),
            modified_key: key.clone(),
            physical_key: physical,
            location: keyboard::Location::Standard,
            modifiers,
            text: text.map(Into::into),
            repeat: false,
        }),
        Event::Keyboard(keyboard::Event::KeyReleased {
            key: key.clone(),
            modified_key: key,
            physical_key: physical,
            location: keyboard::Location::Standard,
            modifiers,
        }),
    ]
}

fn random_event(rng: &mut Rng, size: Size) -> Vec<Event> {
    let named = [
        Named::ArrowLeft,
        Named::ArrowRight,
        Named::ArrowUp,
        Named::ArrowDown,
        Named::Home,
        Named::End,
        Named::PageUp,
        Named::PageDown,
        Named::Backspace,
        Named::Delete,
        Named::Enter,
        Named::Tab,
        Named::Escape,
    ];
    let modifiers = [
        Modifiers::empty(),
        Modifiers::empty(),
        Modifiers::SHIFT,
        Modifiers::CTRL,
        Modifiers::CTRL | Modifiers::SHIFT,
    ];
    let point = Point::new(
        rng.below(size.width as usize + 40) as f32 - 20.0,
        rng.below(size.height as usize + 40) as f32 - 20.0,
    );
    match rng.below(12) {
        0..=3 => {
            let piece = *rng.pick(PIECES);
            piece
                .chars()
                .flat_map(|c| {
                    let s = c.to_string();
                    press(
                        Key::Character(s.as_str().into()),
                        Some(&s),
                        Modifiers::empty(),
                    )
                })
                .collect()
        }
        4..=6 => press(Key::Named(*rng.pick(&named)), None, *rng.pick(&modifiers)).to_vec(),
        7 => {
            let letter = *rng.pick(&["a", "c", "x", "v", "z", "y"]);
            press(Key::Character(letter.into()), None, Modifiers::CTRL).to_vec()
        }
        8 => vec![Event::Keyboard(keyboard::Event::ModifiersChanged(
            *rng.pick(&modifiers),
        ))],
        9 => {
            // Left clicks (single to triple), the middle button, and the
            // right button, which opens the menu later clicks may land on.
            let button = *rng.pick(&[
                mouse::Button::Left,
                mouse::Button::Left,
                mouse::Button::Right,
                mouse::Button::Middle,
            ]);
            let mut events = vec![Event::Mouse(mouse::Event::CursorMoved { position: point })];
            for _ in 0..=rng.below(3) {
                events.push(Event::Mouse(mouse::Event::ButtonPressed(button)));
                events.push(Event::Mouse(mouse::Event::ButtonReleased(button)));
            }
            events
        }
        10 => vec![
            Event::Mouse(mouse::Event::ButtonPressed(mouse::Button::Left)),
            Event::Mouse(mouse::Event::CursorMoved { position: point }),
            Event::Mouse(mouse::Event::ButtonReleased(mouse::Button::Left)),
            Event::Mouse(mouse::Event::WheelScrolled {
                delta: mouse::ScrollDelta::Lines {
                    x: 0.0,
                    y: rng.below(7) as f32 - 3.0,
                },
            }),
        ],
        _ => match rng.below(4) {
            0 => vec![Event::InputMethod(input_method::Event::Commit(
                rng.pick(PIECES).to_string(),
            ))],
            1 => vec![Event::InputMethod(input_method::Event::Preedit(
                rng.pick(PIECES).to_string(),
                Some(0..1),
            ))],
            2 => vec![Event::Window(window::Event::RedrawRequested(
                std::time::Instant::now(),
            ))],
            _ => vec![Event::Window(if rng.below(2) == 0 {
                window::Event::Focused
            } else {
                window::Event::Unfocused
            })],
        },
    }
}

/// Spell checking on, with small dictionaries: most of what the storm
/// types is misspelt, so underlines, suggestions and Add to dictionary
/// are in the storm too.
fn speller() -> std::sync::Arc<Speller> {
    let dictionary = |dic: &str| spellbook::Dictionary::new("SET UTF-8\n", dic).unwrap();
    std::sync::Arc::new(Speller::new(
        Some(dictionary("3\nhello\nabc\nx\n")),
        Some(dictionary("3\nسلام\nمرحبا\nعالم\n")),
    ))
}

/// Which field the storm hits.
#[derive(Clone, Copy)]
enum Field {
    Body,
    Subject,
    /// A left-to-right field, as for addresses.
    Address,
}

fn storm(seed: u64, kind: Field, start: &str) {
    let size = Size::new(220.0, 160.0);
    let mut rng = Rng(seed);
    let field: Element<'_, String> = match kind {
        Field::Body => editor::multi_line("نص", start)
            .on_input(|s| s)
            .spell_check(Some(speller()))
            .into(),
        Field::Subject => editor::single_line("موضوع", start)
            .on_input(|s| s)
            .spell_check(Some(speller()))
            .into(),
        Field::Address => editor::single_line("", start)
            .left_to_right()
            .on_input(|s| s)
            .into(),
    };
    let mut ui = Simulator::with_size(hudhud::ui::settings(), size, field);
    // Focus it first, then the storm.
    ui.point_at(Point::new(100.0, 15.0));
    ui.simulate(iced_test::simulator::click());
    for round in 0..300 {
        // Escape and clicks outside take the focus away; give it back now
        // and then, as a person would.
        if round % 8 == 0 {
            ui.point_at(Point::new(rng.below(200) as f32 + 10.0, 12.0));
            ui.simulate(iced_test::simulator::click());
        }
        let events = random_event(&mut rng, size);
        if let Some(Event::Mouse(mouse::Event::CursorMoved { position })) = events.first() {
            ui.point_at(*position);
        }
        ui.simulate(events);
    }
    // Some frames drawn at the end of the storm, where the text is longest.
    ui.snapshot(&iced::Theme::Light).expect("the field draws");
    // Back into the field, then undo everything.
    ui.point_at(Point::new(100.0, 15.0));
    ui.simulate(iced_test::simulator::click());
    ui.simulate([Event::Keyboard(keyboard::Event::ModifiersChanged(
        Modifiers::empty(),
    ))]);
    for _ in 0..400 {
        ui.simulate(press(Key::Character("z".into()), None, Modifiers::CTRL));
    }
    let reported: Vec<String> = ui.into_messages().collect();
    // The storm really edited: dozens of changes before the undos.
    assert!(
        reported.len() > 30,
        "seed {seed}: only {} edits",
        reported.len()
    );
    assert_eq!(
        reported.last().map(String::as_str),
        Some(start),
        "seed {seed}: undo did not bring the text back"
    );
}

#[test]
fn the_body_survives_random_input_and_undoes_to_where_it_started() {
    for seed in 1..=8 {
        storm(
            seed * 7919,
            Field::Body,
            "مرحبا hello\nسطر ثانٍ with English",
        );
    }
}

#[test]
fn the_subject_survives_random_input_and_undoes_to_where_it_started() {
    for seed in 1..=8 {
        storm(seed * 104_729, Field::Subject, "تقرير Q3 report");
    }
}

#[test]
fn an_address_field_survives_random_input_and_undoes_to_where_it_started() {
    for seed in 1..=8 {
        storm(
            seed * 15_485_863,
            Field::Address,
            "ليلى <layla@example.com>",
        );
    }
}
