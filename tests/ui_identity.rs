//! Identities in the window: the From picker lists each account's aliases,
//! picking one changes the From and the signature; a multi-line signature
//! is typed into the account form's signature field (our editor) and saved.

use hudhud::config::{Account, AuthMethod, Config, Identity, Security, SignaturePlacement};
use hudhud::outbox::{Folder, Spool};
use hudhud::paths::Paths;
use hudhud::ui::app::{App, Message, Screen};
use hudhud::ui::compose;
use hudhud::ui::effect::Effect;
use iced::keyboard::key::Named;
use iced_test::{Simulator, selector};

const OWN: &str = "Layla, Finance";
const SALES: &str = "The sales team\nفريق المبيعات";

struct Fixture {
    _dir: tempfile::TempDir,
    paths: Paths,
    app: App,
}

fn fixture(aliases: Vec<Identity>) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let paths = Paths {
        config_dir: dir.path().join("config"),
        data_dir: dir.path().join("data"),
    };
    let mut config = Config::default();
    config.settings.undo_delay_secs = 0;
    config
        .add_account(Account {
            name: "work".into(),
            display_name: Some("Layla Haddad".into()),
            email: "layla@example.com".into(),
            host: "127.0.0.1".into(),
            port: Some(9),
            security: Security::None,
            auth: AuthMethod::None,
            signature: Some(OWN.into()),
            identities: aliases,
            ..Default::default()
        })
        .unwrap();
    config.settings.default_account = Some("work".into());
    config.save(&paths).unwrap();
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
                Effect::PickFiles | Effect::TestAccount { .. } | Effect::Notify { .. } => {}
                effect => {
                    let message = effect.run_blocking(&self.paths);
                    self.apply([message]);
                }
            }
        }
    }

    /// One interaction against the current view, in a window tall enough
    /// for the whole account form.
    fn interact(&mut self, f: impl FnOnce(&mut Simulator<'_, Message>)) {
        let messages: Vec<Message> = {
            let mut ui = Simulator::with_size(
                hudhud::ui::settings(),
                iced::Size::new(1000.0, 2400.0),
                self.app.view(),
            );
            f(&mut ui);
            ui.into_messages().collect()
        };
        self.apply(messages);
    }

    fn shows(&self, text: &str) -> bool {
        let mut ui = Simulator::with_settings(hudhud::ui::settings(), self.app.view());
        ui.find(text).is_ok()
    }
}

/// Clicks the From picker (a pick list has no id or text to find): just
/// after its label, on the same line.
fn open_from_picker(ui: &mut Simulator<'_, Message>) {
    let label = ui.find("From").expect("the From label").bounds();
    ui.point_at(iced::Point::new(
        label.x + label.width + 140.0,
        label.center_y(),
    ));
    ui.simulate(iced_test::simulator::click());
}

/// Clicks the second entry of the open From picker's list (the menu draws
/// its entries itself: they cannot be found as text). Entries are a line of
/// text and their padding high, below the picker.
fn pick_second(ui: &mut Simulator<'_, Message>) {
    let label = ui.find("From").expect("the From label").bounds();
    let at = iced::Point::new(label.x + label.width + 140.0, label.center_y() + 66.0);
    ui.point_at(at);
    // The menu follows the pointer's moves, not where a click lands.
    ui.simulate([iced::Event::Mouse(iced::mouse::Event::CursorMoved {
        position: at,
    })]);
    ui.simulate(iced_test::simulator::click());
}

fn sales() -> Identity {
    Identity {
        email: "sales@example.com".into(),
        display_name: Some("مبيعات هدهد".into()),
        signature: Some(SALES.into()),
    }
}

#[test]
fn picking_an_alias_changes_the_from_and_the_signature() {
    let mut f = fixture(vec![sales()]);
    assert_eq!(f.app.screen, Screen::Compose);
    assert!(f.shows(&format!("-- \n{OWN}")), "the account's signature");

    f.interact(|ui| {
        open_from_picker(ui);
        pick_second(ui);
    });
    assert_eq!(f.app.compose.from.as_deref(), Some("work"));
    assert_eq!(f.app.compose.identity.as_deref(), Some("sales@example.com"));
    assert!(f.shows(&format!("-- \n{SALES}")), "the alias's signature");
    assert!(!f.shows(&format!("-- \n{OWN}")));

    f.interact(|ui| {
        ui.click(selector::id("to")).unwrap();
        ui.typewrite("omar@example.org");
    });
    f.interact(|ui| {
        ui.click(selector::id("subject")).unwrap();
        ui.typewrite("Offer");
    });
    f.interact(|ui| {
        ui.click(selector::id("body")).unwrap();
        ui.typewrite("Here is our offer.");
    });
    f.interact(|ui| {
        ui.click("Send").expect("a Send button");
    });
    let spool = Spool::open(&f.paths.data_dir).unwrap();
    let queued = spool.list(Folder::Outbox);
    assert_eq!(queued.len(), 1, "{:?}", f.app.notices);
    assert_eq!(queued[0].envelope_from, "sales@example.com");
    let raw = spool.raw(Folder::Outbox, &queued[0].id).unwrap();
    let message = mail_parser::MessageParser::default().parse(&raw).unwrap();
    let from = message.from().unwrap().first().unwrap();
    assert_eq!(from.address.as_deref(), Some("sales@example.com"));
    assert_eq!(from.name.as_deref(), Some("مبيعات هدهد"));
    let body = message.body_text(0).unwrap().replace("\r\n", "\n");
    assert_eq!(
        body.trim_end(),
        format!("Here is our offer.\n\n-- \n{SALES}")
    );
}

#[test]
fn a_multi_line_signature_is_typed_into_the_form_and_saved_with_its_identity() {
    let mut f = fixture(Vec::new());
    f.apply([Message::EditAccount("work".into())]);
    assert_eq!(f.app.screen, Screen::AccountForm);
    f.interact(|ui| {
        ui.click("Add identity").expect("an Add identity button");
    });
    f.interact(|ui| {
        ui.click(selector::id("identity-0-email")).unwrap();
        ui.typewrite("sales@example.com");
    });
    f.interact(|ui| {
        ui.click(selector::id("identity-0-name")).unwrap();
        ui.typewrite("مبيعات هدهد");
    });
    f.interact(|ui| {
        ui.click(selector::id("identity-0-signature")).unwrap();
        ui.typewrite("The sales team");
        ui.tap_key(Named::Enter);
        ui.typewrite("فريق المبيعات");
    });
    assert_eq!(f.app.account_form.identities.aliases[0].signature, SALES);

    // Saved once the connection test passed (not run here).
    f.apply([Message::Account(hudhud::ui::account::Message::TestAndSave)]);
    f.apply([Message::Account(hudhud::ui::account::Message::Tested(
        Ok(()),
        String::new(),
    ))]);
    let saved = Config::load(&f.paths).unwrap();
    let work = saved.account("work").unwrap();
    assert_eq!(work.identities, [sales()]);
    assert_eq!(work.signature.as_deref(), Some(OWN), "the own one kept");
    let text = std::fs::read_to_string(f.paths.config_file()).unwrap();
    assert!(text.contains("[[account.identity]]"), "{text}");

    // Back in compose, the new alias is offered.
    assert_eq!(
        f.app.screen,
        Screen::Compose,
        "{:?}",
        f.app.account_form.result
    );
    f.interact(|ui| {
        open_from_picker(ui);
        pick_second(ui);
    });
    assert_eq!(f.app.compose.identity.as_deref(), Some("sales@example.com"));
}

#[test]
fn a_wrong_identity_address_is_explained_and_nothing_is_saved() {
    let mut f = fixture(Vec::new());
    f.apply([Message::EditAccount("work".into())]);
    f.interact(|ui| {
        ui.click("Add identity").unwrap();
    });
    f.interact(|ui| {
        ui.click(selector::id("identity-0-email")).unwrap();
        ui.typewrite("sales@");
    });
    f.apply([Message::Account(hudhud::ui::account::Message::TestAndSave)]);
    let shown = format!("{:?}", f.app.account_form.result);
    assert!(
        shown.contains("Identity 1") && shown.contains("sales@"),
        "{shown}"
    );
    assert!(
        Config::load(&f.paths)
            .unwrap()
            .account("work")
            .unwrap()
            .identities
            .is_empty()
    );
}

/// What compose shows under the body is exactly what sending adds, and
/// where: at the bottom after "-- ", or between the text and the quote
/// without it.
#[test]
fn the_signature_shown_is_what_is_sent_for_both_placements() {
    const TEXT: &str = "Yes, Thursday works.";
    const QUOTE: &str = "On Monday, Omar wrote:\n> Can we meet?\n> Omar";
    for placement in [
        SignaturePlacement::BelowQuote,
        SignaturePlacement::AboveQuote,
    ] {
        let mut f = fixture(Vec::new());
        f.app.config.accounts[0].signature_placement = placement;
        f.interact(|ui| {
            ui.click(selector::id("to")).unwrap();
            ui.typewrite("omar@example.org");
        });
        f.apply([
            Message::Compose(compose::Message::Subject("Thursday".into())),
            Message::Compose(compose::Message::Body(format!("{TEXT}\n\n{QUOTE}\n"))),
        ]);
        let above = placement == SignaturePlacement::AboveQuote;
        let hint = "Your signature goes between your text and the quote:";
        assert_eq!(f.shows(hint), above, "{placement:?}");
        let shown_with_dashes = f.shows(&format!("-- \n{OWN}"));
        let shown_alone = f.shows(OWN);
        f.interact(|ui| {
            ui.click("Send").expect("a Send button");
        });
        let spool = Spool::open(&f.paths.data_dir).unwrap();
        let queued = spool.list(Folder::Outbox);
        assert_eq!(queued.len(), 1, "{:?}", f.app.notices);
        let raw = spool.raw(Folder::Outbox, &queued[0].id).unwrap();
        let message = mail_parser::MessageParser::default().parse(&raw).unwrap();
        let sent = message.body_text(0).unwrap().replace("\r\n", "\n");
        let sent = sent.trim_end();
        // The part sending added, cut out of what was sent.
        let added = if above {
            sent.strip_prefix(&format!("{TEXT}\n\n"))
                .and_then(|rest| rest.strip_suffix(&format!("\n\n{QUOTE}")))
        } else {
            sent.strip_prefix(&format!("{TEXT}\n\n{QUOTE}\n\n"))
        };
        let added = added.unwrap_or_else(|| panic!("{placement:?}: {sent:?}"));
        if above {
            assert_eq!(added, OWN, "no dashes above the quote");
            assert!(shown_alone && !shown_with_dashes, "shown as sent");
        } else {
            assert_eq!(added, format!("-- \n{OWN}"));
            assert!(shown_with_dashes && !shown_alone, "shown as sent");
        }
    }
}
