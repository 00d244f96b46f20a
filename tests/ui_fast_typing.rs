//! Keys typed fast after Tab land in the field Tab went to. The window hands
//! the widget tree every key that came since its last frame in one pass; the
//! Simulator's `simulate` does the same with a batch of events, so a batch
//! with Tab in its middle is what a password manager (about 25 ms a key) or
//! a fast typist gives the window.
//!
//! The language is global: the tests take turns.

mod support;

use hudhud::config::Config;
use hudhud::paths::Paths;
use hudhud::ui::app::{App, Message, Screen};
use hudhud::ui::widget::focus::Motion;
use iced::keyboard::{self, Key, Modifiers, key::Named};
use iced_test::{Simulator, selector, simulator};
use support::window::fixture;

#[path = "support/keys.rs"]
mod keys;

static LANGUAGE: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn english() -> std::sync::MutexGuard<'static, ()> {
    let turn = LANGUAGE.lock().unwrap_or_else(|e| e.into_inner());
    hudhud::i18n::select(&["en".parse().unwrap()]);
    hudhud::ui::dir::refresh();
    turn
}

/// Tab as the window gets it from the keyboard: pressed (with the text
/// "\t", which no field types) and released.
fn tab(modifiers: Modifiers) -> [iced::Event; 2] {
    let key = Key::Named(Named::Tab);
    [
        iced::Event::Keyboard(keyboard::Event::KeyPressed {
            key: key.clone(),
            modified_key: key.clone(),
            physical_key: keyboard::key::Physical::Code(keyboard::key::Code::Tab),
            location: keyboard::Location::Standard,
            modifiers,
            text: Some("\t".into()),
            repeat: false,
        }),
        iced::Event::Keyboard(keyboard::Event::KeyReleased {
            key: key.clone(),
            modified_key: key,
            physical_key: keyboard::key::Physical::Code(keyboard::key::Code::Tab),
            location: keyboard::Location::Standard,
            modifiers,
        }),
    ]
}

#[test]
fn text_typed_right_after_tab_goes_to_the_next_field() {
    let _turn = english();
    let mut f = fixture(10);
    assert_eq!(f.app.screen, Screen::Compose);
    f.interact(|ui| {
        ui.click(selector::id("to")).expect("the To field");
        // One pass: nothing between the keys lets the app update.
        let mut keys: Vec<iced::Event> = simulator::typewrite("a@b.c,").collect();
        keys.extend(tab(Modifiers::empty()));
        keys.extend(tab(Modifiers::empty()));
        keys.extend(simulator::typewrite("Subject"));
        ui.simulate(keys);
    });
    let to = &f.app.compose.to;
    assert_eq!(
        to.chips.iter().map(|c| c.text.as_str()).collect::<Vec<_>>(),
        ["a@b.c"],
        "To holds the chip only"
    );
    assert_eq!(to.typing, "", "nothing typed after Tab stayed in To");
    assert_eq!(f.app.compose.subject, "Subject");

    // Shift+Tab twice goes back to To just as fast.
    f.interact(|ui| {
        ui.click(selector::id("subject"))
            .expect("the Subject field");
        let mut keys: Vec<iced::Event> = simulator::typewrite(" line").collect();
        keys.extend(tab(Modifiers::SHIFT));
        keys.extend(tab(Modifiers::SHIFT));
        keys.extend(simulator::typewrite("d@e.f,"));
        ui.simulate(keys);
    });
    assert_eq!(f.app.compose.subject, "Subject line");
    assert_eq!(
        f.app
            .compose
            .to
            .chips
            .iter()
            .map(|c| c.text.as_str())
            .collect::<Vec<_>>(),
        ["a@b.c", "d@e.f"]
    );
}

#[test]
fn first_run_email_then_tab_then_password_in_one_pass() {
    let _turn = english();
    let dir = tempfile::tempdir().unwrap();
    let paths = Paths {
        config_dir: dir.path().join("config"),
        data_dir: dir.path().join("data"),
    };
    let (mut app, _) = App::new(paths, Config::default(), None);
    assert!(app.first_run());
    let messages: Vec<Message> = {
        let mut ui = Simulator::with_settings(hudhud::ui::settings(), app.view());
        ui.click(selector::id("email")).expect("the email field");
        let mut keys: Vec<iced::Event> = simulator::typewrite("layla@example.test").collect();
        keys.extend(tab(Modifiers::empty()));
        keys.extend(simulator::typewrite("secret"));
        ui.simulate(keys);
        ui.into_messages().collect()
    };
    for message in messages {
        let _ = app.update(message);
    }
    assert_eq!(app.account_form.email, "layla@example.test");
    assert_eq!(app.account_form.password, "secret");
}

/// Where the focus is in `ui`, by its bounds.
fn focused(
    ui: &mut iced_runtime::UserInterface<'_, Message, iced::Theme, iced::Renderer>,
    renderer: &iced::Renderer,
) -> Option<iced::Rectangle> {
    use iced::advanced::widget::operation::focusable;
    struct Focused(Option<iced::Rectangle>);
    impl iced::advanced::widget::Operation for Focused {
        fn focusable(
            &mut self,
            _id: Option<&iced::advanced::widget::Id>,
            bounds: iced::Rectangle,
            state: &mut dyn focusable::Focusable,
        ) {
            if state.is_focused() {
                self.0 = Some(bounds);
            }
        }
        fn traverse(
            &mut self,
            operate: &mut dyn FnMut(&mut dyn iced::advanced::widget::Operation),
        ) {
            operate(self);
        }
    }
    let mut found = Focused(None);
    ui.operate(renderer, &mut found);
    found.0
}

/// The Tab key walks the stops in the order `focus::move_focus` gives, in
/// both reading directions, forwards and back, on every screen.
#[test]
fn the_tab_key_keeps_the_reading_order() {
    let _turn = LANGUAGE.lock().unwrap_or_else(|e| e.into_inner());
    for lang in ["en", "ar"] {
        hudhud::i18n::select(&[lang.parse().unwrap()]);
        hudhud::ui::dir::refresh();
        let mut f = fixture(10);
        for screen in [
            Screen::Compose,
            Screen::Outbox,
            Screen::Accounts,
            Screen::AccountForm,
            Screen::Settings,
        ] {
            f.app.screen = screen;
            let count = keys::focus_stops(&f.app);
            for (motion, modifiers) in [
                (Motion::Next, Modifiers::empty()),
                (Motion::Previous, Modifiers::SHIFT),
            ] {
                let expected: Vec<_> = keys::with_ui(&f.app, |ui, renderer| {
                    (0..=count)
                        .map(|_| {
                            let mut operation: Box<dyn iced::advanced::widget::Operation> =
                                Box::new(hudhud::ui::widget::focus::move_focus(motion));
                            loop {
                                ui.operate(renderer, operation.as_mut());
                                match operation.finish() {
                                    iced::advanced::widget::operation::Outcome::Chain(next) => {
                                        operation = next
                                    }
                                    _ => break,
                                }
                            }
                            focused(ui, renderer).expect("a control has the focus")
                        })
                        .collect()
                });
                let by_key: Vec<_> = keys::with_ui(&f.app, |ui, renderer| {
                    (0..=count)
                        .map(|_| {
                            let mut messages = Vec::new();
                            ui.update(
                                &tab(modifiers),
                                iced::mouse::Cursor::Unavailable,
                                renderer,
                                &mut iced::advanced::clipboard::Null,
                                &mut messages,
                            );
                            assert!(
                                matches!(messages[..], [Message::FocusMoved]),
                                "the screen reader is told: {messages:?}"
                            );
                            focused(ui, renderer).expect("a control has the focus")
                        })
                        .collect()
                });
                assert_eq!(by_key, expected, "{lang} {screen:?} {motion:?}");
            }
        }
    }
    hudhud::i18n::select(&["en".parse().unwrap()]);
    hudhud::ui::dir::refresh();
}
