//! "Sign in with Google / Microsoft" in the window: offered first for those
//! addresses only, run as an effect, its outcome saved or shown; "Sign in
//! again" on a message held for a new sign-in. Clicked through iced_test's
//! Simulator, effects run against a temporary directory and keyring-core's
//! mock store.

use hudhud::compose::Outgoing;
use hudhud::config::{Account, AuthMethod, Config, Security};
use hudhud::oauth::OAuthError;
use hudhud::outbox::{Folder, Spool, State};
use hudhud::paths::Paths;
use hudhud::smtp::{ErrorKind, Problem, SmtpError, Transcript};
use hudhud::ui::account::Message as Form;
use hudhud::ui::app::{App, Message, Screen};
use hudhud::ui::effect::Effect;
use iced_test::{Simulator, selector};

struct Fixture {
    _dir: tempfile::TempDir,
    paths: Paths,
    app: App,
}

impl Fixture {
    fn new(config: Config) -> Fixture {
        keyring_core::set_default_store(keyring_core::mock::Store::new().unwrap());
        let dir = tempfile::tempdir().unwrap();
        let paths = Paths {
            config_dir: dir.path().join("config"),
            data_dir: dir.path().join("data"),
        };
        if !config.accounts.is_empty() {
            config.save(&paths).unwrap();
        }
        let (app, effects) = App::new(paths.clone(), config, None);
        let mut f = Fixture {
            _dir: dir,
            paths,
            app,
        };
        f.run(effects);
        f
    }

    /// Runs what the window would run, except what needs a person or the
    /// network; those are returned.
    fn run(&mut self, effects: Vec<Effect>) -> Vec<Effect> {
        let mut left = Vec::new();
        for effect in effects {
            match effect {
                Effect::SignIn { .. }
                | Effect::Discover { .. }
                | Effect::PickFiles
                | Effect::Notify { .. }
                | Effect::WakeWorker => left.push(effect),
                effect => {
                    let message = effect.run_blocking(&self.paths);
                    let effects = self.app.update(message);
                    left.extend(self.run(effects));
                }
            }
        }
        left
    }

    fn click(&mut self, label: &str) -> Vec<Effect> {
        let messages: Vec<Message> = {
            let mut ui = Simulator::with_settings(hudhud::ui::settings(), self.app.view());
            ui.click(label).unwrap_or_else(|e| panic!("{label}: {e:?}"));
            ui.into_messages().collect()
        };
        let effects = messages
            .into_iter()
            .flat_map(|m| self.app.update(m))
            .collect();
        self.run(effects)
    }

    fn type_address(&mut self, address: &str) {
        let messages: Vec<Message> = {
            let mut ui = Simulator::with_settings(hudhud::ui::settings(), self.app.view());
            ui.click(selector::id("email")).unwrap();
            ui.typewrite(address);
            ui.into_messages().collect()
        };
        for m in messages {
            self.app.update(m);
        }
    }

    fn shows(&self, text: &str) -> bool {
        let mut ui = Simulator::with_settings(hudhud::ui::settings(), self.app.view());
        ui.find(text).is_ok()
    }

    fn saved(&self) -> Config {
        Config::load(&self.paths).unwrap()
    }
}

fn signed_in_account(effects: &[Effect]) -> Account {
    match effects {
        [Effect::SignIn { account }] => (**account).clone(),
        other => panic!("expected a sign-in, got {other:?}"),
    }
}

#[test]
fn sign_in_is_offered_first_for_google_and_microsoft_addresses_and_not_for_others() {
    for (address, label, host) in [
        ("layla@gmail.com", "Sign in with Google", "smtp.gmail.com"),
        (
            "layla@outlook.com",
            "Sign in with Microsoft",
            "smtp.office365.com",
        ),
    ] {
        let mut f = Fixture::new(Config::default());
        f.type_address(address);
        let account = signed_in_account(&f.click(label));
        assert_eq!(account.email, address);
        assert_eq!(account.name, address);
        assert_eq!(account.auth, AuthMethod::OAuth2);
        assert_eq!(account.host, host);
        assert!(f.app.account_form.signing_in);
        assert!(f.shows("Waiting for the sign-in in your browser…"));
        assert!(
            f.saved().accounts.is_empty(),
            "nothing saved before it is done"
        );
    }

    let mut f = Fixture::new(Config::default());
    f.type_address("layla@example.org");
    assert!(!f.shows("Sign in with Google"));
    assert!(!f.shows("Sign in with Microsoft"));
    assert!(f.shows("Test and save"));
    assert!(f.app.update(Message::Account(Form::SignIn)).is_empty());
}

#[test]
fn a_successful_sign_in_saves_an_oauth2_account_and_no_password() {
    let mut f = Fixture::new(Config::default());
    f.type_address("layla@gmail.com");
    signed_in_account(&f.click("Sign in with Google"));
    let effects = f.app.update(Message::Account(Form::SignedIn(Ok(()))));
    assert!(
        matches!(&effects[..], [Effect::SaveAccount { password: None, .. }]),
        "{effects:?}"
    );
    assert!(f.run(effects).is_empty());
    let saved = f.saved();
    assert_eq!(saved.accounts.len(), 1);
    assert_eq!(saved.accounts[0].auth, AuthMethod::OAuth2);
    assert_eq!(saved.accounts[0].host, "smtp.gmail.com");
    assert_eq!(saved.default_account().unwrap().name, "layla@gmail.com");
    assert!(hudhud::secrets::get_password("layla@gmail.com").is_err());
    assert_eq!(f.app.screen, Screen::Compose);
}

#[test]
fn a_failed_sign_in_shows_why_and_saves_nothing() {
    let mut f = Fixture::new(Config::default());
    f.type_address("layla@gmail.com");
    signed_in_account(&f.click("Sign in with Google"));
    let error = OAuthError::Denied("access_denied".into());
    let effects = f
        .app
        .update(Message::Account(Form::SignedIn(Err(error.clone()))));
    assert!(effects.is_empty(), "{effects:?}");
    assert!(!f.app.account_form.signing_in);
    assert!(f.shows(&error.to_string()), "{}", error);
    assert!(f.shows("Sign in with Google"), "it can be tried again");
    assert!(f.saved().accounts.is_empty());
}

#[test]
fn a_build_without_a_client_id_says_so_and_the_users_own_id_is_used() {
    let google = hudhud::oauth::provider("google").unwrap();
    if hudhud::oauth::build_client_id(google).is_some() {
        eprintln!("SKIP: this build has a Google client id");
        return;
    }
    let mut f = Fixture::new(Config::default());
    f.type_address("layla@gmail.com");
    let effects = f.click("Sign in with Google");
    signed_in_account(&effects);
    // The real effect: it stops before any browser opens.
    let message = effects.into_iter().next().unwrap().run_blocking(&f.paths);
    let Message::Account(Form::SignedIn(Err(error))) = &message else {
        panic!("{message:?}");
    };
    assert!(matches!(error, OAuthError::NoClientId { .. }), "{error:?}");
    let said = error.to_string();
    let effects = f.app.update(message);
    assert!(f.run(effects).is_empty());
    assert!(f.shows(&said), "{said}");
    assert!(f.saved().accounts.is_empty());

    let typed: Vec<Message> = {
        let mut ui = Simulator::with_settings(hudhud::ui::settings(), f.app.view());
        ui.click(selector::id("client-id"))
            .expect("the form asks for a client id");
        ui.typewrite("my-own-id.apps.example");
        ui.into_messages().collect()
    };
    for m in typed {
        f.app.update(m);
    }
    let account = signed_in_account(&f.click("Sign in with Google"));
    let oauth = account.oauth.expect("the account keeps its client id");
    assert_eq!(oauth.provider, "google");
    assert_eq!(oauth.client_id.as_deref(), Some("my-own-id.apps.example"));
}

#[test]
fn a_message_held_for_a_new_sign_in_offers_sign_in_again_which_releases_it() {
    let mut config = Config::default();
    config
        .add_account(Account {
            name: "g".into(),
            email: "layla@gmail.com".into(),
            host: "smtp.gmail.com".into(),
            port: Some(465),
            security: Security::Tls,
            auth: AuthMethod::OAuth2,
            ..Default::default()
        })
        .unwrap();
    let mut f = Fixture::new(config);
    let spool = Spool::open(&f.paths.data_dir).unwrap();
    let outgoing = Outgoing {
        message_id: "<held@example.com>".into(),
        envelope_from: "layla@gmail.com".into(),
        envelope_to: vec!["omar@example.org".into()],
        raw: b"From: layla@gmail.com\r\nTo: omar@example.org\r\nSubject: Plans\r\n\r\nHi\r\n"
            .to_vec(),
    };
    let entry = spool.enqueue("g", &outgoing, "Plans", None, None).unwrap();
    let mut lock = spool.lock("g", std::time::Duration::ZERO).unwrap().unwrap();
    lock.begin(&entry.id).unwrap();
    let refused = SmtpError {
        kind: ErrorKind::AuthRefused,
        problem: Problem::SignIn(OAuthError::SignInAgain("invalid_grant".into())),
        reply: None,
        refused_recipients: Vec::new(),
    };
    lock.mark_failed_attempt(
        entry.clone(),
        State::Held,
        refused,
        Transcript::default(),
        None,
    )
    .unwrap();
    lock.finish_batch().unwrap();
    drop(lock);

    let effects = f.app.update(Message::Go(Screen::Outbox));
    assert!(f.run(effects).is_empty());
    let account = signed_in_account(&f.click("Sign in again"));
    assert_eq!(account.name, "g");
    assert_eq!(account.auth, AuthMethod::OAuth2);
    assert_eq!(f.app.screen, Screen::AccountForm);

    let effects = f.app.update(Message::Account(Form::SignedIn(Ok(()))));
    let left = f.run(effects);
    assert!(left.iter().all(|e| *e == Effect::WakeWorker), "{left:?}");
    let (after, folder) = spool.find(&entry.id).unwrap();
    assert_eq!(folder, Folder::Outbox);
    assert_ne!(after.state, State::Held, "the held message goes again");
    assert_eq!(
        f.saved().accounts.len(),
        1,
        "the same account, not a second"
    );
}

#[test]
fn a_message_held_for_another_reason_offers_no_sign_in() {
    let error = SmtpError {
        kind: ErrorKind::AuthRefused,
        problem: Problem::Rejected(hudhud::smtp::Step::Auth),
        reply: None,
        refused_recipients: Vec::new(),
    };
    assert!(!hudhud::outbox::held_for_sign_in(&error));
    let error = SmtpError {
        problem: Problem::SignIn(OAuthError::SignInAgain("revoked".into())),
        ..error
    };
    assert!(hudhud::outbox::held_for_sign_in(&error));
}
