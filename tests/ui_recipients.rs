//! Recipient warnings in compose, end to end: typed addresses are checked
//! off the UI thread against the real DNS peer (tests/peers/dns_https.sh),
//! the warnings appear by the address, and "Use …" fixes a typo. One test
//! in this binary: it sets the peer's DNS server on its own process.

mod support;

use hudhud::config::{Account, AuthMethod, Config, Security};
use hudhud::paths::Paths;
use hudhud::ui::app::{App, Message};
use hudhud::ui::effect::Effect;
use iced_test::{Simulator, selector};
use support::peers::Discovery;

#[tokio::test(flavor = "multi_thread")]
async fn compose_warns_by_the_address_and_fixes_the_typo() {
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
    let mut config = Config::default();
    config
        .add_account(Account {
            name: "work".into(),
            email: "layla@okmx.test".into(),
            host: "127.0.0.1".into(),
            port: Some(9),
            security: Security::None,
            auth: AuthMethod::None,
            ..Default::default()
        })
        .unwrap();
    let (mut app, _) = App::new(paths.clone(), config, None);

    let typed: Vec<Message> = {
        let mut ui = Simulator::with_settings(hudhud::ui::settings(), app.view());
        ui.click(selector::id("to")).unwrap();
        ui.typewrite("farah@gmial.com, c@nullmx.test, ok@okmx.test");
        ui.into_messages().collect()
    };
    let mut checks = Vec::new();
    for message in typed {
        for effect in app.update(message) {
            if let Effect::CheckRecipients { .. } = effect {
                checks.push(effect);
            }
        }
    }
    // Earlier requests' answers are dropped (a unit test shows it); the
    // last one is what the window shows.
    let last = checks.pop().expect("typing asks for checks");
    let message = last.run(paths.clone()).await;
    app.update(message);

    let fix: Vec<Message> = {
        let mut ui = Simulator::with_settings(hudhud::ui::settings(), app.view());
        ui.find("c@nullmx.test: The domain nullmx.test accepts no email.")
            .expect("null MX warning by the address");
        ui.find(
            "farah@gmial.com: The domain gmial.com does not exist. Did you mean farah@gmail.com?",
        )
        .expect("typo warning with the suggestion");
        assert!(
            ui.find("ok@okmx.test: ").is_err(),
            "no warning for a good domain"
        );
        ui.click("Use farah@gmail.com").unwrap();
        ui.into_messages().collect()
    };
    for message in fix {
        app.update(message);
    }
    assert_eq!(
        app.compose.to,
        "farah@gmail.com, c@nullmx.test, ok@okmx.test"
    );
    assert!(
        app.compose
            .recipient_checks
            .iter()
            .all(|c| c.address != "farah@gmial.com")
    );
}
