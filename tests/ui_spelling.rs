//! Spell checking through the whole window: the system's dictionaries read
//! by the start-up effect, misspelt words underlined in the compose body,
//! "Add to dictionary" kept in the data folder, Settings saying what is used.
//! Needs the Debian packages hunspell-en-us and hunspell-ar (CI installs them).

use std::time::Duration;

use hudhud::config::{Account, AuthMethod, Config, Security};
use hudhud::paths::Paths;
use hudhud::ui::app::{App, Message, Screen};
use hudhud::ui::compose;
use hudhud::ui::effect::Effect;
use hudhud::ui::spell::{self, Language, Speller};
use iced::{Point, Rectangle};
use iced_test::{Simulator, selector};

/// The speller is one for the whole window (and this test binary): one
/// test at a time.
static SERIAL: std::sync::Mutex<()> = std::sync::Mutex::new(());

struct Fixture {
    _serial: std::sync::MutexGuard<'static, ()>,
    _dir: tempfile::TempDir,
    paths: Paths,
    app: App,
}

impl Fixture {
    fn new() -> Fixture {
        let serial = SERIAL
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        hudhud::i18n::select(&["en".parse().unwrap()]);
        hudhud::ui::dir::refresh();
        let dir = tempfile::tempdir().unwrap();
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
        config.save(&paths).unwrap();
        let (app, effects) = App::new(paths.clone(), config, None);
        assert!(
            effects.contains(&Effect::LoadSpelling),
            "the dictionaries are read at start, in a task"
        );
        let mut fixture = Fixture {
            _serial: serial,
            _dir: dir,
            paths,
            app,
        };
        fixture.run(effects);
        fixture
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
                    let message = effect.run_blocking(&self.paths);
                    self.apply([message]);
                }
            }
        }
    }
}

fn speller() -> std::sync::Arc<Speller> {
    let speller = spell::current().expect("the start-up effect installs the speller");
    assert!(
        speller.has(Language::English) && speller.has(Language::Arabic),
        "install hunspell-en-us and hunspell-ar: {speller:?}"
    );
    speller
}

/// Pixels of the underline's red inside `area` (logical coordinates; the
/// snapshot is drawn at twice the size).
fn red(ui: &mut Simulator<'_, Message>, area: Rectangle) -> usize {
    let dir = tempfile::tempdir().unwrap();
    let shot = ui.snapshot(&iced::Theme::Light).expect("the window draws");
    assert!(shot.matches_image(dir.path().join("shot.png")).unwrap());
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
    let mut count = 0;
    for y in (area.y * 2.0) as u32..((area.y + area.height) * 2.0) as u32 {
        for x in (area.x * 2.0) as u32..((area.x + area.width) * 2.0) as u32 {
            if x >= info.width || y >= info.height {
                continue;
            }
            let p = &pixels[y as usize * info.line_size + x as usize * channels..];
            if p[0] > 180 && p[1] < 90 && p[2] < 90 {
                count += 1;
            }
        }
    }
    count
}

#[test]
fn the_compose_body_and_subject_underline_misspelt_english_and_arabic() {
    let mut f = Fixture::new();
    speller();
    assert_eq!(f.app.screen, Screen::Compose);
    f.apply([
        Message::Compose(compose::Message::Subject("مرحبا".into())),
        Message::Compose(compose::Message::Body(
            "Hello world, مرحبا بكم\nthank you very much".into(),
        )),
    ]);
    let mut ui = Simulator::with_settings(hudhud::ui::settings(), f.app.view());
    let body = ui.find(selector::id("body")).unwrap().bounds();
    let subject = ui.find(selector::id("subject")).unwrap().bounds();
    assert_eq!(red(&mut ui, body), 0, "nothing misspelt, nothing red");
    drop(ui);

    f.apply([
        Message::Compose(compose::Message::Subject("recieve".into())),
        Message::Compose(compose::Message::Body(
            "Hello wrold, مرحبا بكم\nthank you very much كتابب".into(),
        )),
    ]);
    let mut ui = Simulator::with_settings(hudhud::ui::settings(), f.app.view());
    assert!(red(&mut ui, subject) > 20, "the subject is checked");
    let line = |n: f32| Rectangle {
        y: body.y + 8.0 + n * 20.8,
        height: 20.8,
        ..body
    };
    assert!(red(&mut ui, line(0.0)) > 20, "wrold");
    // Line 2: "thank you very much" at the left is right, "كتابب" after
    // it is not.
    let second = line(1.0);
    let left = Rectangle {
        width: 100.0,
        ..second
    };
    assert_eq!(red(&mut ui, left), 0);
    assert!(red(&mut ui, second) > 20, "كتابب");
}

#[test]
fn add_to_dictionary_from_the_menu_is_kept_for_the_next_start() {
    let mut f = Fixture::new();
    let speller = speller();
    let word = "hudhudmail";
    f.apply([Message::Compose(compose::Message::Body(word.into()))]);
    let mut ui = Simulator::with_settings(hudhud::ui::settings(), f.app.view());
    let body = ui.find(selector::id("body")).unwrap().bounds();
    assert!(red(&mut ui, body) > 20);
    let at = Point::new(body.x + 30.0, body.y + 18.0);
    ui.point_at(at);
    ui.simulate([
        iced::Event::Mouse(iced::mouse::Event::ButtonPressed(
            iced::mouse::Button::Right,
        )),
        iced::Event::Mouse(iced::mouse::Event::ButtonReleased(
            iced::mouse::Button::Right,
        )),
    ]);
    let mut found = None;
    for _ in 0..3000 {
        found = speller.suggestions(word);
        if found.is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let found = found.expect("suggestions in time");
    ui.simulate([iced::Event::Mouse(iced::mouse::Event::CursorMoved {
        position: at,
    })]);
    // Below the suggestions (or "No suggestions"): "Add … to the dictionary".
    let row = found.len().max(1);
    ui.point_at(Point::new(
        at.x + 40.0,
        at.y + 4.0 + 30.0 * row as f32 + 15.0,
    ));
    ui.simulate(iced_test::simulator::click());
    let messages: Vec<Message> = ui.into_messages().collect();
    f.apply(messages);
    assert!(speller.is_correct(word), "right at once");
    let file = f.paths.data_dir.join(spell::PERSONAL_FILE);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), format!("{word}\n"));
    // The next start reads it back; without the file it is misspelt.
    let again = Speller::load(&spell::search_dirs(), &f.paths.data_dir);
    assert!(again.is_correct(word) && again.is_correct("Hudhudmail"));
    let elsewhere = tempfile::tempdir().unwrap();
    assert!(!Speller::load(&spell::search_dirs(), elsewhere.path()).is_correct(word));
}

#[test]
fn a_word_that_cannot_be_kept_is_said_so() {
    let mut f = Fixture::new();
    // A folder where the word list should be: it cannot be written.
    std::fs::create_dir_all(f.paths.data_dir.join(spell::PERSONAL_FILE)).unwrap();
    f.apply([Message::Compose(compose::Message::LearnWord(
        "hudhud".into(),
    ))]);
    let banner = f
        .app
        .notices
        .items
        .iter()
        .find(|n| n.banner)
        .expect("a banner that stays");
    let error = banner.text.get();
    assert!(
        error.starts_with("“hudhud” could not be added to your dictionary file"),
        "{error}"
    );
}

#[test]
fn settings_say_which_dictionaries_are_used() {
    let mut f = Fixture::new();
    let speller = speller();
    f.apply([Message::Go(Screen::Settings)]);
    let note = spell::note(Some(&speller), &f.paths.data_dir);
    assert!(
        note.starts_with("Spell checking: English (en_US) and Arabic (ar)"),
        "{note}"
    );
    assert!(
        note.contains(
            &f.paths
                .data_dir
                .join("dictionary.txt")
                .display()
                .to_string()
        )
    );
    let mut ui = Simulator::with_settings(hudhud::ui::settings(), f.app.view());
    assert!(ui.find(note.as_str()).is_ok(), "the note is in Settings");
}

/// Shift+F10, as a keyboard sends it.
fn shift_f10() -> Vec<iced::Event> {
    use iced::keyboard::{self, Key, key::Named};
    let key = Key::Named(Named::F10);
    let modifiers = keyboard::Modifiers::SHIFT;
    let physical = keyboard::key::Physical::Unidentified(keyboard::key::NativeCode::Unidentified);
    vec![
        iced::Event::Keyboard(keyboard::Event::ModifiersChanged(modifiers)),
        iced::Event::Keyboard(keyboard::Event::KeyPressed {
            key: key.clone(),
            modified_key: key.clone(),
            physical_key: physical,
            location: keyboard::Location::Standard,
            modifiers,
            repeat: false,
            text: None,
        }),
        iced::Event::Keyboard(keyboard::Event::KeyReleased {
            key: key.clone(),
            modified_key: key,
            physical_key: physical,
            location: keyboard::Location::Standard,
            modifiers,
        }),
        iced::Event::Keyboard(keyboard::Event::ModifiersChanged(
            keyboard::Modifiers::empty(),
        )),
    ]
}

/// The suggestions for `word`, once the thread looking for them is done.
fn suggestions(speller: &Speller, word: &str) -> Vec<String> {
    let speller = spell::current().filter(|s| std::ptr::eq(s.as_ref(), speller));
    let speller = speller.expect("the window's speller");
    for _ in 0..3000 {
        if let Some(found) = speller.suggestions(word) {
            return found;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    panic!("no suggestions for {word} in time");
}

/// The body's text with the caret put after its last word by a click at
/// `x` on the first line, then Shift+F10 and Enter: the first suggestion.
fn keyboard_menu_in_the_body(f: &mut Fixture, body: &str, word: &str, x: f32) -> Vec<String> {
    let speller = speller();
    f.apply([Message::Compose(compose::Message::Body(body.into()))]);
    let messages: Vec<Message> = {
        let mut ui = Simulator::with_settings(hudhud::ui::settings(), f.app.view());
        let area = ui.find(selector::id("body")).unwrap().bounds();
        ui.point_at(Point::new(area.x + x * area.width, area.y + 18.0));
        ui.simulate(iced_test::simulator::click());
        ui.simulate(shift_f10());
        let found = suggestions(&speller, word);
        assert!(!found.is_empty(), "{word} has suggestions");
        let status = ui.tap_key(iced::keyboard::key::Named::Enter);
        assert_eq!(status, iced::event::Status::Captured, "the menu took Enter");
        ui.into_messages().collect()
    };
    f.apply(messages);
    suggestions(&speller, word)
}

#[test]
fn shift_f10_opens_suggestions_at_the_caret_and_enter_takes_the_first_english() {
    let mut f = Fixture::new();
    let found = keyboard_menu_in_the_body(&mut f, "I recieve", "recieve", 0.9);
    assert!(found.contains(&"receive".to_owned()), "{found:?}");
    assert_eq!(f.app.compose.body, format!("I {}", found[0]));
}

#[test]
fn shift_f10_opens_suggestions_at_the_caret_and_enter_takes_the_first_arabic() {
    let mut f = Fixture::new();
    hudhud::i18n::select(&["ar".parse().unwrap()]);
    hudhud::ui::dir::refresh();
    // An Arabic line sits at the right: its end is at the left.
    let found = keyboard_menu_in_the_body(&mut f, "مرحبا كتابب", "كتابب", 0.1);
    hudhud::i18n::select(&["en".parse().unwrap()]);
    hudhud::ui::dir::refresh();
    assert!(found.contains(&"كتاب".to_owned()), "{found:?}");
    assert_eq!(f.app.compose.body, format!("مرحبا {}", found[0]));
}

#[test]
fn a_signature_is_checked_and_offers_suggestions_as_the_body_does() {
    let mut f = Fixture::new();
    let speller = speller();
    f.apply([Message::EditAccount("work".into())]);
    let tall = iced::Size::new(1000.0, 2400.0);
    let typed: Vec<Message> = {
        let mut ui = Simulator::with_size(hudhud::ui::settings(), tall, f.app.view());
        ui.click(selector::id("signature"))
            .expect("the signature field");
        ui.typewrite("Layla, finance");
        ui.into_messages().collect()
    };
    f.apply(typed);
    let mut ui = Simulator::with_size(hudhud::ui::settings(), tall, f.app.view());
    let field = ui.find(selector::id("signature")).unwrap().bounds();
    assert_eq!(red(&mut ui, field), 0, "nothing misspelt, nothing red");
    drop(ui);

    let word = "recieve";
    let typed: Vec<Message> = {
        let mut ui = Simulator::with_size(hudhud::ui::settings(), tall, f.app.view());
        ui.click(selector::id("signature")).unwrap();
        ui.typewrite(&format!(" {word} "));
        ui.into_messages().collect()
    };
    f.apply(typed);
    let signature = || f.app.account_form.identities.signature.clone();
    assert_eq!(signature(), format!("Layla, finance {word} "));
    let chosen: Vec<Message> = {
        let mut ui = Simulator::with_size(hudhud::ui::settings(), tall, f.app.view());
        assert!(red(&mut ui, field) > 20, "the misspelt word is underlined");
        // The caret after the word, then the menu from the keyboard.
        ui.click(selector::id("signature")).unwrap();
        ui.simulate(iced_test::simulator::tap_key(
            iced::keyboard::key::Named::ArrowLeft,
            None,
        ));
        ui.simulate(shift_f10());
        let found = suggestions(&speller, word);
        assert!(found.contains(&"receive".to_owned()), "{found:?}");
        ui.tap_key(iced::keyboard::key::Named::Enter);
        ui.into_messages().collect()
    };
    f.apply(chosen);
    let found = suggestions(&speller, word);
    assert_eq!(
        f.app.account_form.identities.signature,
        format!("Layla, finance {} ", found[0])
    );

    // "Add to dictionary" from a signature is kept as the body's words are.
    let own = "layladmail";
    let learnt: Vec<Message> = {
        let mut ui = Simulator::with_size(hudhud::ui::settings(), tall, f.app.view());
        ui.click(selector::id("signature")).unwrap();
        ui.typewrite(own);
        ui.simulate(shift_f10());
        let found = suggestions(&speller, own);
        // From the first suggestion down to "Add … to the dictionary".
        for _ in 0..found.len() {
            ui.tap_key(iced::keyboard::key::Named::ArrowDown);
        }
        ui.tap_key(iced::keyboard::key::Named::Enter);
        ui.into_messages().collect()
    };
    f.apply(learnt);
    assert!(speller.is_correct(own));
    let file = f.paths.data_dir.join(spell::PERSONAL_FILE);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), format!("{own}\n"));
}
