//! The window's sign-in effect end to end against the test authorization
//! server (tests/peers/oauth_server.py, which postfix_dovecot.sh runs):
//! browser (a command that follows the URL, as tests/oauth_cli.rs does),
//! loopback redirect, code exchange, refresh token in the keychain
//! (keyring-core's mock store here), then the form saves the account.
//! Its own binary: it sets BROWSER for the whole process.

mod support;

use hudhud::config::{Account, AuthMethod, Config, Security};
use hudhud::oauth::{OAuthError, OAuthSettings};
use hudhud::paths::Paths;
use hudhud::ui::account::Message as Form;
use hudhud::ui::app::Message;
use hudhud::ui::effect::Effect;
use support::peers::peer_missing;

const BROWSER: &str =
    "python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1]).read()' %s";

fn issuer() -> Option<String> {
    let from_env = std::env::var("HUDHUD_OAUTH_ISSUER").ok();
    let from_peer = || {
        let dir = std::env::var("HUDHUD_POSTFIX_DIR").ok()?;
        std::fs::read_to_string(std::path::Path::new(&dir).join("peer.env"))
            .ok()?
            .lines()
            .find_map(|l| l.strip_prefix("HUDHUD_OAUTH_ISSUER="))
            .map(str::to_owned)
    };
    let issuer = from_env.or_else(from_peer)?;
    ureq::get(&format!("{issuer}/.well-known/openid-configuration"))
        .call()
        .ok()
        .map(|_| issuer)
}

fn account(issuer: &str, client_id: &str) -> Account {
    Account {
        name: "sso".into(),
        email: format!("{client_id}@example.test"),
        host: "127.0.0.1".into(),
        port: Some(587),
        security: Security::Starttls,
        auth: AuthMethod::OAuth2,
        oauth: Some(OAuthSettings {
            provider: "oidc".into(),
            issuer: Some(issuer.to_owned()),
            client_id: Some(client_id.to_owned()),
            scopes: None,
        }),
        ..Default::default()
    }
}

#[test]
fn the_sign_in_effect_signs_in_through_the_browser_and_keeps_the_refresh_token() {
    let Some(issuer) = issuer() else {
        peer_missing("the test authorization server (HUDHUD_OAUTH_ISSUER or HUDHUD_POSTFIX_DIR)");
        return;
    };
    keyring_core::set_default_store(keyring_core::mock::Store::new().unwrap());
    // SAFETY: this binary's only test; nothing else reads the environment.
    unsafe { std::env::set_var("BROWSER", BROWSER) };
    let dir = tempfile::tempdir().unwrap();
    let paths = Paths {
        config_dir: dir.path().join("config"),
        data_dir: dir.path().join("data"),
    };
    let client_id = format!("ui-sign-in-{}", std::process::id());
    let message = Effect::SignIn {
        account: Box::new(account(&issuer, &client_id)),
    }
    .run_blocking(&paths);
    let Message::Account(Form::SignedIn(outcome)) = &message else {
        panic!("{message:?}");
    };
    assert_eq!(outcome, &Ok(()));
    let kept = hudhud::oauth::load_refresh_token("sso").expect("the refresh token is kept");
    assert!(!kept.expose().is_empty());
    assert!(!Config::load(&paths).is_ok_and(|c| !c.accounts.is_empty()));

    // A refused sign-in comes back as the provider's refusal.
    let denied = format!("{client_id}-denied");
    ureq::post(&format!("{issuer}/control/client"))
        .header("Content-Type", "application/json")
        .send(serde_json::json!({ "client_id": denied, "deny": true }).to_string())
        .unwrap();
    let message = Effect::SignIn {
        account: Box::new(Account {
            name: "sso-denied".into(),
            ..account(&issuer, &denied)
        }),
    }
    .run_blocking(&paths);
    let Message::Account(Form::SignedIn(Err(error))) = &message else {
        panic!("{message:?}");
    };
    assert!(matches!(error, OAuthError::Denied(_)), "{error:?}");
    assert!(hudhud::oauth::load_refresh_token("sso-denied").is_err());
}
