//! The first-run form fills itself from an address of a domain it has never
//! seen, through the real discovery peers (tests/peers/dns_https.sh; see
//! tests/discover_peers.rs). One test in this binary: it sets the peers'
//! variables on its own process, which no other test shares.

mod support;

use hudhud::config::{Config, Security};
use hudhud::paths::Paths;
use hudhud::ui::app::{App, Message};
use hudhud::ui::effect::Effect;
use iced_test::Simulator;
use support::peers::Discovery;

#[tokio::test(flavor = "multi_thread")]
async fn first_run_form_fills_itself_from_an_unknown_domain() {
    let Some(peers) = Discovery::get() else {
        return;
    };
    // SAFETY: the only test of this binary, before any thread reads the
    // environment.
    unsafe { peers.export() };
    let home = tempfile::tempdir().unwrap();
    let paths = Paths {
        config_dir: home.path().join("config"),
        data_dir: home.path().join("data"),
    };
    let (mut app, _) = App::new(paths.clone(), Config::default(), None);
    assert!(app.first_run());

    let typed: Vec<Message> = {
        let mut ui = Simulator::with_settings(hudhud::ui::settings(), app.view());
        ui.click(iced_test::selector::id("email")).unwrap();
        ui.typewrite("amal@wk.test");
        ui.into_messages().collect()
    };
    for message in typed {
        assert!(app.update(message).is_empty());
    }
    assert_eq!(app.account_form.host, "", "no preset knows wk.test");

    let effects: Vec<Effect> = {
        let mut ui = Simulator::with_settings(hudhud::ui::settings(), app.view());
        ui.click("Find settings").unwrap();
        let messages: Vec<Message> = ui.into_messages().collect();
        messages.into_iter().flat_map(|m| app.update(m)).collect()
    };
    let [Effect::Discover { address }] = &effects[..] else {
        panic!("expected a discovery, got {effects:?}");
    };
    assert_eq!(address, "amal@wk.test");
    for effect in effects {
        let message = effect.run(paths.clone()).await;
        app.update(message);
    }
    assert_eq!(app.account_form.host, "smtp.wk.test");
    assert_eq!(app.account_form.port, "587");
    assert_eq!(app.account_form.username, "amal");

    let effects: Vec<Effect> = {
        // With the IMAP part the form is taller than 768: a person scrolls,
        // the simulator has no scrolling of its own, so a taller window.
        let mut ui = Simulator::with_size(hudhud::ui::settings(), (1024.0, 1200.0), app.view());
        ui.find("Filled in from the domain's well-known autoconfig file (https://wk.test/.well-known/autoconfig/mail/config-v1.1.xml).")
            .expect("the source is shown");
        ui.click(iced_test::selector::id("password")).unwrap();
        ui.typewrite("pw");
        ui.click("Test and save").unwrap();
        let messages: Vec<Message> = ui.into_messages().collect();
        messages.into_iter().flat_map(|m| app.update(m)).collect()
    };
    let [Effect::TestAccount { account, .. }] = &effects[..] else {
        panic!("expected a connection test, got {effects:?}");
    };
    assert_eq!(account.host, "smtp.wk.test");
    assert_eq!(account.port(), 587);
    assert_eq!(account.security, Security::Starttls);
}
