//! Address chips and contact suggestions in the compose window, driven as
//! a person would: click the To field, type, press keys. iced_test's
//! Simulator renders the real view; its messages go through the real
//! `update` and the effects that follow run against a temporary folder.
//! A simulator keeps one view, as a frame does: each step starts a new one.

use std::path::Path;

use hudhud::compose::Outgoing;
use hudhud::config::{Account, AuthMethod, Config, Security};
use hudhud::outbox::Spool;
use hudhud::paths::Paths;
use hudhud::ui::app::{App, Message};
use hudhud::ui::effect::Effect;
use iced::keyboard::key::Named;
use iced_test::{Simulator, selector};

struct Fixture {
    _dir: tempfile::TempDir,
    paths: Paths,
    app: App,
}

/// A message to `to` that the server took, as the worker leaves it.
fn sent(data: &Path, n: usize, to: &str, header_to: &str) {
    let spool = Spool::open(data).unwrap();
    let mut lock = spool
        .lock("work", std::time::Duration::from_secs(5))
        .unwrap()
        .unwrap();
    let outgoing = Outgoing {
        message_id: format!("<{n}@example.com>"),
        envelope_from: "layla@example.com".into(),
        envelope_to: vec![to.into()],
        raw: format!("To: {header_to}\r\nSubject: {n}\r\n\r\nbody\r\n").into_bytes(),
    };
    let entry = spool
        .enqueue("work", &outgoing, &format!("message {n}"), None, None)
        .unwrap();
    lock.begin(&entry.id).unwrap();
    let reply = hudhud::smtp::Reply {
        code: 250,
        text: "ok".into(),
    };
    lock.mark_sent(entry, reply, Default::default()).unwrap();
}

/// The window on the compose screen; `before` prepares the data folder
/// (sent messages, an address book) before the window starts.
fn fixture(before: impl FnOnce(&Paths)) -> Fixture {
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
    before(&paths);
    let (app, effects) = App::new(paths.clone(), config, None);
    let mut fixture = Fixture {
        _dir: dir,
        paths,
        app,
    };
    fixture.run(effects);
    fixture
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
                Effect::PickFiles | Effect::Notify { .. } | Effect::CheckRecipients { .. } => {}
                effect => {
                    let message = effect.run_blocking(&self.paths);
                    self.apply([message]);
                }
            }
        }
    }

    /// One step in a fresh view (the To field clicked first), its messages applied.
    fn in_to(&mut self, f: impl FnOnce(&mut Simulator<'_, Message>)) {
        let messages: Vec<Message> = {
            let mut ui = Simulator::with_settings(hudhud::ui::settings(), self.app.view());
            ui.click(selector::id("to")).expect("the To field");
            f(&mut ui);
            ui.into_messages().collect()
        };
        self.apply(messages);
    }

    fn look(&self, f: impl FnOnce(&mut Simulator<'_, Message>)) {
        let mut ui = Simulator::with_settings(hudhud::ui::settings(), self.app.view());
        f(&mut ui);
    }

    fn chips(&self) -> Vec<String> {
        self.app
            .compose
            .to
            .chips
            .iter()
            .map(|c| c.text.clone())
            .collect()
    }
}

#[test]
fn comma_semicolon_enter_and_tab_make_chips_in_one_go_of_typing() {
    let mut f = fixture(|_| {});
    // All in one frame: the field empties itself at each separator, so the
    // letters after it do not bring the first address back.
    f.in_to(|ui| {
        ui.typewrite("omar@example.org,salma@example.net; sami@example.com");
        ui.tap_key(Named::Enter);
        // Ctrl+Z does not bring back as text what became chips.
        let z = iced::keyboard::Key::Character("z".into());
        ui.simulate([
            iced::Event::Keyboard(iced::keyboard::Event::ModifiersChanged(
                iced::keyboard::Modifiers::CTRL,
            )),
            iced::Event::Keyboard(iced::keyboard::Event::KeyPressed {
                key: z.clone(),
                modified_key: z,
                physical_key: iced::keyboard::key::Physical::Unidentified(
                    iced::keyboard::key::NativeCode::Unidentified,
                ),
                location: iced::keyboard::Location::Standard,
                modifiers: iced::keyboard::Modifiers::CTRL,
                repeat: false,
                text: None,
            }),
        ]);
    });
    assert_eq!(
        f.chips(),
        ["omar@example.org", "salma@example.net", "sami@example.com"]
    );
    assert_eq!(f.app.compose.to.typing, "");
    f.in_to(|ui| {
        ui.typewrite("Nour Khalil <nour@example.com>");
        ui.tap_key(Named::Tab);
    });
    assert_eq!(f.chips().len(), 4);
    assert_eq!(f.app.compose.to.chips[3].label(), "Nour Khalil");
    // The chips are on screen, by name where there is one; the draft has
    // the plain list.
    f.look(|ui| {
        ui.find("omar@example.org").expect("a chip");
        ui.find("Nour Khalil").expect("a chip by its name");
    });
    assert_eq!(
        f.app.compose.draft().to,
        [
            "omar@example.org",
            "salma@example.net",
            "sami@example.com",
            "Nour Khalil <nour@example.com>"
        ]
    );
    // A quoted name may hold a comma.
    f.in_to(|ui| {
        ui.typewrite("\"Haddad, Sara\" <sara@example.net>,");
    });
    assert_eq!(f.chips()[4], "\"Haddad, Sara\" <sara@example.net>");
    assert_eq!(f.app.compose.to.chips[4].label(), "Haddad, Sara");
}

#[test]
fn backspace_in_the_empty_field_selects_then_removes_the_last_chip() {
    let mut f = fixture(|_| {});
    f.app.compose.to = "a@example.com, b@example.com".into();
    f.in_to(|ui| {
        ui.tap_key(Named::Backspace);
    });
    assert_eq!(f.app.compose.to.selected, Some(1), "selected first");
    assert_eq!(f.chips().len(), 2);
    f.in_to(|ui| {
        ui.tap_key(Named::Backspace);
    });
    assert_eq!(f.chips(), ["a@example.com"]);
    // With text typed, Backspace is the editor's own.
    f.in_to(|ui| {
        ui.typewrite("cd");
        ui.tap_key(Named::Backspace);
    });
    assert_eq!(f.chips(), ["a@example.com"]);
    assert_eq!(f.app.compose.to.typing, "c");
    assert_eq!(f.app.compose.to.selected, None);
}

#[test]
fn an_invalid_address_is_a_red_chip_that_says_why_and_can_be_corrected() {
    let mut f = fixture(|_| {});
    f.in_to(|ui| {
        ui.typewrite("bob@, omar@example.org,");
    });
    assert_eq!(f.chips(), ["bob@", "omar@example.org"]);
    let problem = f.app.compose.to.chips[0].problem;
    assert_eq!(
        problem,
        Some(hudhud::compose::AddressProblem::InvalidDomain)
    );
    assert!(!f.app.compose.can_send(), "an invalid chip blocks Send");
    // Selected (by a click), it says why under the field.
    f.in_to(|ui| {
        ui.click("bob@").expect("the chip");
    });
    assert_eq!(f.app.compose.to.selected, Some(0));
    f.look(|ui| {
        ui.find("\u{200E}“bob@” is not an address: the part after the @ is not a valid domain. Click it twice to correct it.")
            .expect("the reason, localized");
    });
    // Clicked again, it is text again, to be corrected.
    f.in_to(|ui| {
        ui.click("bob@").expect("the chip");
    });
    assert_eq!(f.chips(), ["omar@example.org"]);
    assert_eq!(f.app.compose.to.typing, "bob@");
    f.in_to(|ui| {
        ui.typewrite("example.com,");
    });
    assert_eq!(f.chips(), ["omar@example.org", "bob@example.com"]);
    assert!(f.app.compose.can_send() || f.app.compose.from.is_none());
}

#[test]
fn an_invalid_chip_says_why_under_the_field_without_hover_or_selection() {
    let mut f = fixture(|_| {});
    f.in_to(|ui| {
        ui.typewrite("bad@,");
    });
    assert_eq!(f.chips(), ["bad@"]);
    assert_eq!(f.app.compose.to.selected, None, "nothing selected");
    f.apply([Message::Compose(hudhud::ui::compose::Message::Subject(
        "hello".into(),
    ))]);
    f.look(|ui| {
        ui.find("\u{200E}“bad@” is not an address: the part after the @ is not a valid domain. Click it twice to correct it.")
            .expect("the reason, shown without hovering");
    });
    // Send is greyed out: pressing it puts nothing in the outbox.
    assert!(!f.app.compose.can_send());
    f.in_to(|ui| {
        let _ = ui.click("Send");
    });
    assert!(
        Spool::open(&f.paths.data_dir)
            .unwrap()
            .list(hudhud::outbox::Folder::Outbox)
            .is_empty()
    );

    // Many invalid chips: the first reasons, then a count of the rest.
    f.in_to(|ui| {
        ui.typewrite("x@, y@, z@,");
    });
    f.look(|ui| {
        ui.find("\u{200E}“x@” is not an address: the part after the @ is not a valid domain. Click it twice to correct it.")
            .expect("the second invalid chip's reason");
        assert!(ui.find("\u{200E}“y@” is not an address: the part after the @ is not a valid domain. Click it twice to correct it.").is_err());
        ui.find("2 more addresses here are not valid either.")
            .expect("the rest counted");
    });
}

/// Where Subject and Send are with these many chips in To, in
/// a window of this size.
fn form_bounds(
    f: &mut Fixture,
    chips: usize,
    size: iced::Size,
) -> (iced::Rectangle, iced::Rectangle) {
    let list: Vec<String> = (0..chips)
        .map(|n| format!("person{n}@example.org"))
        .collect();
    f.app.compose.to = list.join(", ").as_str().into();
    assert_eq!(f.app.compose.to.chips.len(), chips);
    let mut ui = Simulator::with_size(hudhud::ui::settings(), size, f.app.view());
    let subject = ui.find(selector::id("subject")).expect("Subject").bounds();
    let send = ui.find(selector::id("send")).expect("Send").bounds();
    if let Ok(dir) = std::env::var("SHOT_DIR") {
        let snapshot = ui.snapshot(&iced::Theme::Light).expect("the window draws");
        let _ = snapshot.matches_image(format!("{dir}/chips-{chips}-{}.png", size.width));
    }
    (subject, send)
}

#[test]
fn two_hundred_recipients_scroll_inside_to_and_the_form_stays_in_place() {
    let mut f = fixture(|_| {});
    for size in [
        iced::Size::new(1024.0, 768.0),
        iced::Size::new(640.0, 480.0),
    ] {
        let (subject_2, send_2) = form_bounds(&mut f, 2, size);
        let (subject, send) = form_bounds(&mut f, 200, size);
        eprintln!("{size:?}: 2 chips {subject_2:?} {send_2:?}; 200 chips {subject:?} {send:?}");
        let inside = |r: iced::Rectangle| {
            r.x >= 0.0 && r.y >= 0.0 && r.x + r.width <= size.width && r.y + r.height <= size.height
        };
        assert!(inside(subject) && inside(send), "{size:?}: in the window");
        assert_eq!(send, send_2, "{size:?}: Send does not move");
        assert!(
            subject.y - subject_2.y <= 110.0,
            "{size:?}: To grows by a few lines at most: {subject_2:?} → {subject:?}"
        );
        assert_eq!(subject.height, subject_2.height);
    }
}

#[test]
fn suggestions_come_from_the_people_written_to_and_an_imported_vcard() {
    let mut f = fixture(|paths| {
        sent(
            &paths.data_dir,
            1,
            "omar@example.org",
            "Omar Farouk <omar@example.org>",
        );
        sent(&paths.data_dir, 2, "omar@example.org", "omar@example.org");
        sent(&paths.data_dir, 3, "olga@example.net", "olga@example.net");
        let vcf = paths.data_dir.join("phone.vcf");
        std::fs::write(
            &vcf,
            "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:سلمى حداد\r\nEMAIL:salma@example.net\r\nEND:VCARD\r\n\
             BEGIN:VCARD\r\nVERSION:4.0\r\nFN:سليم\r\n  نجار\r\nEMAIL:salim@example.com\r\nEND:VCARD\r\n",
        )
        .unwrap();
        let parsed = hudhud::contacts::read_vcf(&vcf).unwrap();
        let mut book = hudhud::contacts::AddressBook::load(&paths.data_dir).unwrap();
        book.import(parsed.cards);
        book.save(&paths.data_dir).unwrap();
    });
    assert!(!f.app.contacts.is_empty(), "contacts loaded at start");

    // From the history: the most written to first, with the name used.
    f.in_to(|ui| {
        ui.typewrite("o");
    });
    f.look(|ui| {
        assert!(ui.find("Omar Farouk").is_err(), "one letter offers nothing");
    });
    f.in_to(|ui| {
        ui.typewrite("l");
    });
    f.look(|ui| {
        ui.find("olga@example.net").expect("olga is offered");
        assert!(
            ui.find("Omar Farouk").is_err(),
            "omar does not start with ol"
        );
    });
    f.app.compose.to = Default::default();
    f.in_to(|ui| {
        ui.typewrite("om");
    });
    f.look(|ui| {
        ui.find("Omar Farouk").expect("the name last written with");
        ui.find("2 sent").expect("how often");
    });
    f.in_to(|ui| {
        ui.tap_key(Named::Enter);
    });
    assert_eq!(f.chips(), ["Omar Farouk <omar@example.org>"]);

    // From the address book, by the Arabic name: Down picks the second,
    // Enter takes it.
    f.in_to(|ui| {
        ui.typewrite("سل");
    });
    f.look(|ui| {
        ui.find("سلمى حداد").expect("first by name");
        ui.find("سليم نجار").expect("the folded name, unfolded");
    });
    f.in_to(|ui| {
        ui.tap_key(Named::ArrowDown);
    });
    assert_eq!(f.app.compose.to.highlight, 1);
    f.in_to(|ui| {
        ui.tap_key(Named::Enter);
    });
    assert_eq!(
        f.chips(),
        [
            "Omar Farouk <omar@example.org>",
            "سليم نجار <salim@example.com>"
        ]
    );
    f.look(|ui| {
        ui.find("سليم نجار")
            .expect("the chip shows the Arabic name");
    });

    // Escape closes the list; the text stays.
    f.in_to(|ui| {
        ui.typewrite("sa");
    });
    f.look(|ui| {
        ui.find("salma@example.net").expect("offered by address");
    });
    f.in_to(|ui| {
        ui.tap_key(Named::Escape);
    });
    f.look(|ui| {
        assert!(ui.find("salma@example.net").is_err(), "closed");
    });
    assert_eq!(f.app.compose.to.typing, "sa");
    // Tab takes what is typed when nothing is offered.
    f.in_to(|ui| {
        ui.tap_key(Named::Tab);
    });
    assert_eq!(f.chips().len(), 3);
}

/// A clipboard holding `.0`.
struct Holding(String);

impl iced::advanced::Clipboard for Holding {
    fn read(&self, _kind: iced::advanced::clipboard::Kind) -> Option<String> {
        Some(self.0.clone())
    }

    fn write(&mut self, _kind: iced::advanced::clipboard::Kind, _contents: String) {}
}

/// Clicks the To field and presses Ctrl+V with `pasted` on the clipboard.
async fn paste_into_to(app: &App, pasted: &str) -> Vec<Message> {
    use iced::advanced::renderer::Headless;
    use iced::keyboard::{self, Key, Modifiers};
    use iced::{Event, Pixels, Size, mouse};
    use iced_runtime::user_interface::{Cache, UserInterface};
    // The simulator loads the fonts and says where the field is.
    let to = Simulator::with_settings(hudhud::ui::settings(), app.view())
        .find(selector::id("to"))
        .unwrap()
        .bounds();
    let mut renderer =
        <iced::Renderer as Headless>::new(hudhud::ui::DEFAULT_FONT, Pixels(16.0), None)
            .await
            .expect("a headless renderer");
    let mut ui = UserInterface::build(
        app.view(),
        Size::new(1024.0, 768.0),
        Cache::default(),
        &mut renderer,
    );
    let v = Key::Character("v".into());
    let events = [
        Event::Mouse(mouse::Event::ButtonPressed(mouse::Button::Left)),
        Event::Mouse(mouse::Event::ButtonReleased(mouse::Button::Left)),
        Event::Keyboard(keyboard::Event::ModifiersChanged(Modifiers::CTRL)),
        Event::Keyboard(keyboard::Event::KeyPressed {
            key: v.clone(),
            modified_key: v,
            physical_key: keyboard::key::Physical::Unidentified(
                keyboard::key::NativeCode::Unidentified,
            ),
            location: keyboard::Location::Standard,
            modifiers: Modifiers::CTRL,
            repeat: false,
            text: None,
        }),
    ];
    let mut messages = Vec::new();
    ui.update(
        &events,
        mouse::Cursor::Available(to.center()),
        &mut renderer,
        &mut Holding(pasted.to_owned()),
        &mut messages,
    );
    messages
}

#[tokio::test]
async fn a_pasted_list_of_addresses_becomes_as_many_chips() {
    let mut f = fixture(|_| {});
    // A column copied from a spreadsheet, and a list from another mail.
    let messages = paste_into_to(
        &f.app,
        "omar@example.org\nsalma@example.net\r\nsami@example.com\n",
    )
    .await;
    f.apply(messages);
    assert_eq!(
        f.chips(),
        ["omar@example.org", "salma@example.net", "sami@example.com"]
    );
    assert_eq!(f.app.compose.to.typing, "");
    let messages = paste_into_to(
        &f.app,
        "\"Haddad, Sara\" <sara@example.net>, نور <nour@example.com>; bad@",
    )
    .await;
    f.apply(messages);
    assert_eq!(f.chips().len(), 6);
    assert_eq!(f.app.compose.to.chips[3].label(), "Haddad, Sara");
    assert_eq!(f.app.compose.to.chips[4].label(), "نور");
    assert!(
        f.app.compose.to.chips[5].problem.is_some(),
        "bad@ is a red chip"
    );
}

#[test]
fn a_chip_dragged_to_another_field_moves_there() {
    use iced::{Event, mouse};
    let mut f = fixture(|_| {});
    f.app.compose.to = "a@example.com, سلمى <salma@example.net>".into();
    f.app.compose.show_cc = true;
    let messages: Vec<Message> = {
        let mut ui = Simulator::with_settings(hudhud::ui::settings(), f.app.view());
        let chip = ui.find("سلمى").expect("the chip").bounds();
        let bcc = ui
            .find(selector::id("bcc"))
            .expect("the Bcc field")
            .bounds();
        ui.point_at(chip.center());
        ui.simulate([Event::Mouse(mouse::Event::ButtonPressed(
            mouse::Button::Left,
        ))]);
        ui.point_at(bcc.center());
        ui.simulate([
            Event::Mouse(mouse::Event::CursorMoved {
                position: bcc.center(),
            }),
            Event::Mouse(mouse::Event::ButtonReleased(mouse::Button::Left)),
        ]);
        ui.into_messages().collect()
    };
    f.apply(messages);
    assert_eq!(f.chips(), ["a@example.com"]);
    assert_eq!(f.app.compose.bcc, "سلمى <salma@example.net>");
    // A click (press and release on the same chip) only selects it.
    f.in_to(|ui| {
        ui.click("a@example.com").expect("the chip");
    });
    assert_eq!(f.chips(), ["a@example.com"]);
    assert_eq!(f.app.compose.to.selected, Some(0));
    assert_eq!(f.app.compose.draft().bcc, ["سلمى <salma@example.net>"]);
}

#[test]
fn chips_run_left_to_right_in_english_with_the_field_after_them() {
    let mut f = fixture(|_| {});
    f.app.compose.to = "Omar <omar@example.org>, سلمى <salma@example.net>".into();
    f.look(|ui| {
        let omar = ui.find("Omar").expect("the first chip").bounds();
        let salma = ui.find("سلمى").expect("the Arabic name").bounds();
        let field = ui
            .find(selector::id("to"))
            .expect("the text field")
            .bounds();
        assert!(omar.x < salma.x, "first at the left: {omar:?} {salma:?}");
        assert!(
            field.x >= salma.x + salma.width,
            "the field after the chips, on their line"
        );
        assert!((field.center().y - salma.center().y).abs() < 4.0);
    });
}
