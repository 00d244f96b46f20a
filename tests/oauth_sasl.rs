//! Signing in with an OAuth2 access token (OAUTHBEARER, XOAUTH2) against the
//! scriptable server: mechanism choice, the error challenge, the
//! classification the worker acts on, and the redacted transcript.

mod support;

use std::time::Duration;

use hudhud::config::Security as AccountSecurity;
use hudhud::smtp::{BearerToken, ErrorKind, Problem, Server, Session, SignIn, Transcript};
use support::smtp_server::{Security, ServerConfig, TestServer};

const USER: &str = "layla@example.com";
const TOKEN: &str = "ya29.good-token";

fn token(access_token: &str, allow_oauthbearer: bool) -> BearerToken {
    BearerToken {
        username: USER.into(),
        access_token: access_token.into(),
        allow_oauthbearer,
    }
}

async fn start(security: Security, mechs: &[&str]) -> (TestServer, Server, tempfile::TempDir) {
    let test = TestServer::start(ServerConfig {
        security,
        auth: Some((USER.into(), TOKEN.into())),
        advertise_auth_mechs: Some(mechs.iter().map(|m| m.to_string()).collect()),
        ..ServerConfig::default()
    })
    .await;
    let dir = tempfile::tempdir().unwrap();
    let server = Server {
        host: "localhost".into(),
        port: test.port(),
        security: match security {
            Security::ImplicitTls => AccountSecurity::Tls,
            _ => AccountSecurity::Starttls,
        },
        allow_insecure: false,
        ca_file: Some(test.write_ca_file(dir.path())),
        timeout: Duration::from_secs(5),
    };
    (test, server, dir)
}

async fn sign_in(
    server: &Server,
    token: &BearerToken,
) -> (Result<Session, hudhud::smtp::SmtpError>, String) {
    let mut transcript = Transcript::default();
    let result = Session::connect_as(server, Some(SignIn::Bearer(token)), &mut transcript).await;
    (result, transcript.to_string())
}

#[tokio::test]
async fn oauthbearer_is_used_when_offered_and_allowed_and_the_token_stays_out_of_the_transcript() {
    let (test, server, _dir) =
        start(Security::StartTls, &["PLAIN", "XOAUTH2", "OAUTHBEARER"]).await;
    let (result, text) = sign_in(&server, &token(TOKEN, true)).await;
    let mut session = result.unwrap_or_else(|e| panic!("{e}\n{text}"));
    session.quit(&mut Transcript::default()).await;
    assert_eq!(test.auth_successes(), 1);
    assert!(text.contains("AUTH OAUTHBEARER [redacted]"), "{text}");
    assert!(!text.contains(TOKEN), "token in transcript:\n{text}");
    assert!(
        test.commands()
            .iter()
            .any(|c| c.starts_with("AUTH OAUTHBEARER ")),
        "{:?}",
        test.commands()
    );
}

#[tokio::test]
async fn xoauth2_over_implicit_tls_when_the_provider_does_not_allow_oauthbearer() {
    let (test, server, _dir) = start(Security::ImplicitTls, &["XOAUTH2", "OAUTHBEARER"]).await;
    let (result, text) = sign_in(&server, &token(TOKEN, false)).await;
    assert!(result.is_ok(), "{text}");
    assert_eq!(test.auth_successes(), 1);
    assert!(text.contains("AUTH XOAUTH2 [redacted]"), "{text}");
    assert!(!text.contains(TOKEN), "{text}");
}

#[tokio::test]
async fn a_refused_token_answers_the_error_challenge_once_and_is_classified() {
    for (mech, allow, expected_answer) in [("XOAUTH2", false, ""), ("OAUTHBEARER", true, "AQ==")] {
        let (test, server, _dir) = start(Security::StartTls, &[mech]).await;
        let (result, text) = sign_in(&server, &token("ya29.expired", allow)).await;
        let error = result
            .err()
            .unwrap_or_else(|| panic!("{mech}: signed in\n{text}"));
        assert_eq!(error.kind, ErrorKind::AuthRefused, "{mech}");
        assert_eq!(
            error.problem,
            Problem::TokenRejected {
                status: Some("401".into()),
                scope: Some("https://mail.google.com/".into()),
            },
            "{mech}"
        );
        // The server took our answer as the right one and said 535, not 501.
        assert_eq!(
            error.reply.as_ref().map(|r| r.code),
            Some(535),
            "{mech}\n{text}"
        );
        assert_eq!(
            test.token_error_answers(),
            vec![expected_answer.to_owned()],
            "{mech}"
        );
        assert_eq!(test.connections(), 1, "{mech}: no retry loop");
        assert!(error.to_string().contains("sign in again"), "{error}");
        assert!(!text.contains("ya29.expired"), "{text}");
    }
}

#[tokio::test]
async fn a_fresh_token_is_accepted_after_the_provider_moved_on() {
    let (test, server, _dir) = start(Security::StartTls, &["XOAUTH2"]).await;
    test.set_auth(USER, "ya29.second");
    let (result, _) = sign_in(&server, &token(TOKEN, false)).await;
    assert!(matches!(
        result.err().map(|e| e.problem),
        Some(Problem::TokenRejected { .. })
    ));
    let (result, text) = sign_in(&server, &token("ya29.second", false)).await;
    assert!(result.is_ok(), "{text}");
}

#[tokio::test]
async fn a_server_without_token_mechanisms_is_a_config_error_that_says_so() {
    let (test, server, _dir) = start(Security::StartTls, &["PLAIN", "LOGIN"]).await;
    let (result, _) = sign_in(&server, &token(TOKEN, true)).await;
    let error = result.err().unwrap();
    assert_eq!(error.kind, ErrorKind::Config);
    assert_eq!(error.problem, Problem::NoTokenMechanism);
    assert!(error.to_string().contains("XOAUTH2"), "{error}");
    assert!(!test.commands().iter().any(|c| c.starts_with("AUTH")));
}

#[tokio::test]
async fn gmail_and_microsoft_refusals_of_a_password_say_what_to_do() {
    use hudhud::smtp::Credentials;
    use support::smtp_server::{Fault, Phase};
    let cases = [
        (
            534,
            "5.7.9 Application-specific password required. Learn more at\n5.7.9  https://support.google.com/mail/?p=InvalidSecondFactor x1-20020a - gsmtp",
            Some("google"),
            "app password",
        ),
        (
            535,
            "5.7.139 Authentication unsuccessful, basic authentication is disabled.",
            Some("microsoft"),
            "Sign in with Microsoft",
        ),
        (
            535,
            "5.7.8 Error: authentication failed",
            None,
            "refused the user name or password",
        ),
    ];
    for (code, text, provider, advice) in cases {
        let test = TestServer::start(ServerConfig {
            security: Security::StartTls,
            auth: Some((USER.into(), "pw".into())),
            faults: vec![Fault::Reply {
                phase: Phase::Auth,
                code,
                text: text.into(),
                only_rcpt: None,
            }],
            ..ServerConfig::default()
        })
        .await;
        let dir = tempfile::tempdir().unwrap();
        let server = Server {
            host: "localhost".into(),
            port: test.port(),
            security: AccountSecurity::Starttls,
            allow_insecure: false,
            ca_file: Some(test.write_ca_file(dir.path())),
            timeout: Duration::from_secs(5),
        };
        let credentials = Credentials {
            username: USER.into(),
            password: "pw".into(),
        };
        let error = Session::connect(&server, Some(&credentials), &mut Transcript::default())
            .await
            .err()
            .unwrap();
        assert_eq!(error.kind, ErrorKind::AuthRefused);
        assert_eq!(error.wants_oauth(), provider, "{text}");
        let shown = error.to_string();
        assert!(shown.contains(advice), "{shown}");
        // The server's own words stay below the advice.
        assert!(shown.contains(&code.to_string()), "{shown}");
    }
}
