//! The window driven like a person would, for the simulator tests: a
//! profile with one account in a temporary folder, the real `update`, and
//! the effects a test can run (no dialogs, network or notifications).

use hudhud::config::{Account, AuthMethod, Config, Security};
use hudhud::outbox::{Folder, Spool};
use hudhud::paths::Paths;
use hudhud::ui::app::{App, Message};
use hudhud::ui::effect::Effect;
use iced_test::{Simulator, selector};

pub struct Fixture {
    pub _dir: tempfile::TempDir,
    pub paths: Paths,
    pub app: App,
}

/// The account "work" (layla@example.com, nothing listens on its port) with
/// this undo delay.
pub fn fixture(undo_delay_secs: u64) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let paths = Paths {
        config_dir: dir.path().join("config"),
        data_dir: dir.path().join("data"),
    };
    let mut config = Config::default();
    config.settings.undo_delay_secs = undo_delay_secs;
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
    /// Updates the app with each message, running the effects it asks for
    /// (those a test can run: no dialogs, network or notifications).
    pub fn apply(&mut self, messages: impl IntoIterator<Item = Message>) {
        for message in messages {
            let effects = self.app.update(message);
            self.run(effects);
        }
    }

    pub fn run(&mut self, effects: Vec<Effect>) {
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

    /// Runs one interaction against the current view and applies what it produced.
    pub fn interact(&mut self, f: impl FnOnce(&mut Simulator<'_, Message>)) {
        let messages: Vec<Message> = {
            let mut ui = Simulator::with_settings(hudhud::ui::settings(), self.app.view());
            f(&mut ui);
            ui.into_messages().collect()
        };
        self.apply(messages);
    }

    /// Clicks the widget with this id on the current view.
    pub fn click(&mut self, id: &'static str) {
        self.interact(|ui| {
            ui.click(selector::id(id))
                .unwrap_or_else(|e| panic!("{id}: {e}"));
        });
    }

    pub fn outbox(&self) -> Vec<hudhud::outbox::Entry> {
        Spool::open(&self.paths.data_dir)
            .unwrap()
            .list(Folder::Outbox)
    }
}

pub fn type_into(id: &'static str, text: &'static str) -> impl FnOnce(&mut Simulator<'_, Message>) {
    move |ui| {
        ui.click(selector::id(id)).expect("the field is on screen");
        ui.typewrite(text);
    }
}
