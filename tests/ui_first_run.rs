//! First run: "Add your email account" with a provider's settings filled in,
//! Test and save, and the password in the keychain (keyring-core's mock store).

use hudhud::config::Config;
use hudhud::paths::Paths;
use hudhud::ui::account::Message as Form;
use hudhud::ui::app::{App, Message, Screen};
use hudhud::ui::effect::Effect;
use iced_test::{Simulator, selector};

#[test]
fn a_new_user_adds_a_gmail_account() {
    keyring_core::set_default_store(keyring_core::mock::Store::new().unwrap());
    let dir = tempfile::tempdir().unwrap();
    let paths = Paths {
        config_dir: dir.path().join("config"),
        data_dir: dir.path().join("data"),
    };
    let (mut app, _) = App::new(paths.clone(), Config::default(), None);
    assert!(app.first_run());

    let typed: Vec<Message> = {
        let mut ui = Simulator::with_settings(hudhud::ui::settings(), app.view());
        ui.find("Add your email account")
            .expect("the first-run title");
        ui.click(selector::id("display-name")).unwrap();
        ui.typewrite("Layla Haddad");
        ui.click(selector::id("email")).unwrap();
        ui.typewrite("layla@gmail.com");
        ui.click(selector::id("password")).unwrap();
        ui.typewrite("app-password");
        ui.into_messages().collect()
    };
    for message in typed {
        assert!(app.update(message).is_empty(), "typing does nothing slow");
    }
    assert_eq!(app.account_form.host, "smtp.gmail.com");

    let effects = {
        let mut ui = Simulator::with_settings(hudhud::ui::settings(), app.view());
        ui.find("Settings for Gmail filled in.")
            .expect("the provider is named");
        ui.click("Test and save").unwrap();
        let messages: Vec<Message> = ui.into_messages().collect();
        messages
            .into_iter()
            .flat_map(|m| app.update(m))
            .collect::<Vec<_>>()
    };
    let [
        Effect::TestAccount {
            account, password, ..
        },
    ] = &effects[..]
    else {
        panic!("expected a connection test, got {effects:?}");
    };
    assert_eq!(account.host, "smtp.gmail.com");
    assert_eq!(account.port(), 465);
    assert_eq!(password, "app-password");

    // The server said yes: the account is saved and the password stored.
    let effects = app.update(Message::Account(Form::Tested(Ok(()), "S: 235".into())));
    assert!(matches!(&effects[..], [Effect::SaveAccount { .. }]));
    for effect in effects {
        let message = effect.run_blocking(&paths);
        app.update(message);
    }
    assert_eq!(app.screen, Screen::Compose);
    let saved = Config::load(&paths).unwrap();
    assert_eq!(saved.accounts.len(), 1);
    assert_eq!(saved.accounts[0].email, "layla@gmail.com");
    assert_eq!(saved.default_account().unwrap().name, "layla@gmail.com");
    assert_eq!(
        hudhud::secrets::get_password("layla@gmail.com").unwrap(),
        "app-password"
    );
    assert_eq!(app.compose.from.as_deref(), Some("layla@gmail.com"));
}

/// Issue 11 §6: a provider that takes only app passwords says so up front,
/// with the page where one is made.
#[test]
fn a_yahoo_address_says_an_app_password_is_needed_and_where() {
    use hudhud::ui::account::AccountForm;
    let mut form = AccountForm::default();
    let _ = form.update(Form::Email("layla@yahoo.com".into()));
    let mut ui = Simulator::with_settings(hudhud::ui::settings(), form.view(true));
    ui.find("Yahoo does not accept your account password here: make an app password and type it above. How: https://help.yahoo.com/kb/SLN15241.html")
        .expect("the app password hint");
    let mut form = AccountForm::default();
    let _ = form.update(Form::Email("layla@gmail.com".into()));
    let mut ui = Simulator::with_settings(hudhud::ui::settings(), form.view(true));
    assert!(ui.find("make an app password").is_err());
}
