//! OAuth2 sign-in against the test authorization server
//! (tests/peers/oauth_server.py), and the tokens it gives checked by a real
//! SMTP server: Postfix with Dovecot's oauth2 passdb (XOAUTH2, OAUTHBEARER).
//!
//! The flow tests start their own authorization server; the Postfix tests
//! use the one `postfix_dovecot.sh` runs beside Dovecot (`HUDHUD_OAUTH_ISSUER`
//! in its peer.env). Each test uses a client id of its own, so tests that
//! run at the same time never see each other's switches.

mod support;

use std::io::{BufRead, BufReader};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use hudhud::config::Security;
use hudhud::oauth::{
    Client, DevicePrompt, Grant, OAuthError, OAuthSettings, Secret, SharedTokenSource, TokenSource,
    connect_with_token, open_with,
};
use hudhud::smtp::{BearerToken, ErrorKind, Problem, Server, Session, SignIn, Transcript};
use support::peers::{Postfix, peers_dir};

/// Acts as the user's browser: follows the authorization URL and its
/// redirect to Hudhud's loopback listener, as a browser would.
const BROWSER: &str =
    "python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1]).read()' %s";

/// A private authorization server on a free loopback port; killed on drop.
struct AuthServer {
    issuer: String,
    child: Child,
    _stdin: Option<ChildStdin>,
}

impl AuthServer {
    fn start() -> AuthServer {
        let script = peers_dir().join("oauth_server.py");
        let mut child = Command::new("python3")
            .arg(&script)
            .args(["--port", "0", "--watch-stdin"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("starting {}: {e}", script.display()));
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let port: u16 = line
            .strip_prefix("READY ")
            .and_then(|p| p.trim().parse().ok())
            .unwrap_or_else(|| panic!("no READY from oauth_server.py: {line:?}"));
        let stdin = child.stdin.take();
        AuthServer {
            issuer: format!("http://127.0.0.1:{port}"),
            child,
            _stdin: stdin,
        }
    }
}

impl Drop for AuthServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn control(issuer: &str, what: &str, body: serde_json::Value) -> serde_json::Value {
    let mut response = ureq::post(&format!("{issuer}/control/{what}"))
        .header("Content-Type", "application/json")
        .send(body.to_string())
        .unwrap();
    serde_json::from_str(&response.body_mut().read_to_string().unwrap()).unwrap()
}

fn stats(issuer: &str, client_id: &str) -> serde_json::Value {
    control(
        issuer,
        "stats",
        serde_json::json!({ "client_id": client_id }),
    )
}

fn count(stats: &serde_json::Value, name: &str) -> u64 {
    stats.get(name).and_then(|v| v.as_u64()).unwrap_or(0)
}

fn client(issuer: &str, client_id: &str) -> Client {
    let settings = OAuthSettings {
        provider: "oidc".into(),
        issuer: Some(issuer.into()),
        client_id: Some(client_id.into()),
        scopes: None,
    };
    Client::resolve(&settings, None).unwrap()
}

fn browser_sign_in(client: &Client, user: &str) -> Result<Grant, OAuthError> {
    client.sign_in_browser(
        Some(user),
        &|url| open_with(Some(BROWSER), url),
        Duration::from_secs(30),
    )
}

/// A token source whose rotated refresh tokens land in the returned list
/// (the keychain's stand-in).
fn source(client: Client, refresh: Secret) -> (TokenSource, Arc<Mutex<Vec<Secret>>>) {
    let saved = Arc::new(Mutex::new(Vec::new()));
    let keep = Arc::clone(&saved);
    let source = TokenSource::new(
        client,
        refresh,
        Box::new(move |token| {
            keep.lock().unwrap().push(token.clone());
            Ok(())
        }),
    );
    (source, saved)
}

#[test]
fn browser_sign_in_with_pkce_then_refresh_rotates_and_saves_at_once() {
    let server = AuthServer::start();
    let client = client(&server.issuer, "browser-rotation");
    let grant = browser_sign_in(&client, "layla@example.test").unwrap();
    let first_refresh = grant.refresh_token.clone().unwrap();
    assert_eq!(count(&stats(&server.issuer, "browser-rotation"), "code"), 1);

    let (mut source, saved) = source(client.clone(), first_refresh.clone());
    let token = source.access_token().unwrap();
    let again = source.access_token().unwrap();
    assert_eq!(token, again, "a token good for an hour is reused");
    assert_eq!(
        count(&stats(&server.issuer, "browser-rotation"), "refresh"),
        1
    );
    assert_eq!(
        saved.lock().unwrap().len(),
        1,
        "the rotated token was saved"
    );

    // The server refused the token: one refresh, with the rotated token.
    source.invalidate();
    let renewed = source.access_token().unwrap();
    assert_ne!(renewed, token);
    let saved = saved.lock().unwrap().clone();
    assert_eq!(saved.len(), 2);
    assert_ne!(saved[0], saved[1]);
    // The first refresh token died when it was rotated.
    let stale = client.refresh(&first_refresh).unwrap_err();
    assert!(stale.needs_sign_in(), "{stale:?}");
}

#[test]
fn a_token_that_expires_within_a_minute_is_refreshed_before_use() {
    let server = AuthServer::start();
    control(
        &server.issuer,
        "client",
        serde_json::json!({ "client_id": "short-lived", "access_ttl": 30 }),
    );
    let client = client(&server.issuer, "short-lived");
    let grant = browser_sign_in(&client, "layla@example.test").unwrap();
    let (mut source, _) = source(client, grant.refresh_token.unwrap());
    let a = source.access_token().unwrap();
    let b = source.access_token().unwrap();
    assert_ne!(a, b, "30 s left is inside the one-minute margin");
    assert_eq!(count(&stats(&server.issuer, "short-lived"), "refresh"), 2);
}

#[test]
fn a_revoked_grant_asks_to_sign_in_again_and_a_refusal_in_the_browser_is_denied() {
    let server = AuthServer::start();
    let client_ = client(&server.issuer, "revoked");
    let grant = browser_sign_in(&client_, "revoked@example.test").unwrap();
    let refresh = grant.refresh_token.unwrap();
    control(
        &server.issuer,
        "revoke",
        serde_json::json!({ "refresh_token": refresh.expose() }),
    );
    let (mut source, saved) = source(client_, refresh);
    let error = source.access_token().unwrap_err();
    assert!(matches!(error, OAuthError::SignInAgain(_)), "{error:?}");
    assert!(error.needs_sign_in());
    assert!(error.to_string().contains("Sign in again"), "{error}");
    assert!(saved.lock().unwrap().is_empty());

    control(
        &server.issuer,
        "client",
        serde_json::json!({ "client_id": "denied", "deny": true }),
    );
    let denied = browser_sign_in(&client(&server.issuer, "denied"), "x@example.test").unwrap_err();
    assert!(matches!(denied, OAuthError::Denied(_)), "{denied:?}");
}

#[test]
fn device_sign_in_shows_the_code_and_polls_until_approved() {
    let server = AuthServer::start();
    let client = client(&server.issuer, "device");
    let shown: Arc<Mutex<Option<DevicePrompt>>> = Arc::default();
    let keep = Arc::clone(&shown);
    let started = Instant::now();
    let grant = client
        .sign_in_device(
            &move |prompt| {
                *keep.lock().unwrap() = Some(prompt.clone());
                // The person opens the page on their phone a moment later.
                let url = prompt.verification_uri_complete.clone().unwrap();
                std::thread::spawn(move || {
                    std::thread::sleep(Duration::from_millis(1500));
                    ureq::get(&url).call().unwrap();
                });
            },
            Some(Duration::from_secs(30)),
        )
        .unwrap();
    assert!(grant.refresh_token.is_some());
    let prompt = shown.lock().unwrap().clone().unwrap();
    assert!(prompt.verification_uri.ends_with("/device"), "{prompt:?}");
    assert_eq!(prompt.user_code.len(), 9, "{prompt:?}");
    // Polled at the server's interval (1 s), not in a busy loop.
    assert!(started.elapsed() >= Duration::from_millis(1500));
    assert_eq!(count(&stats(&server.issuer, "device"), "device"), 1);
}

#[test]
fn a_device_code_nobody_enters_expires_with_advice() {
    let server = AuthServer::start();
    let client = client(&server.issuer, "device-unused");
    let error = client
        .sign_in_device(&|_| {}, Some(Duration::from_millis(1500)))
        .unwrap_err();
    assert_eq!(error, OAuthError::DeviceCodeExpired);
    assert!(error.to_string().contains("Start sign-in again"), "{error}");
}

#[test]
fn an_http_issuer_off_this_machine_is_refused_before_any_request() {
    let settings = OAuthSettings {
        provider: "oidc".into(),
        issuer: Some("http://sso.example.com/realms/mail".into()),
        ..OAuthSettings::default()
    };
    let error = Client::resolve(&settings, None).unwrap_err();
    assert!(matches!(error, OAuthError::InsecureUrl(_)), "{error:?}");
    assert!(error.to_string().contains("https://"), "{error}");
}

// --- against Postfix + Dovecot ------------------------------------------------

fn fixed_issuer(postfix: &Postfix) -> String {
    std::fs::read_to_string(postfix.dir.join("peer.env"))
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("HUDHUD_OAUTH_ISSUER="))
        .map(str::to_owned)
        .expect("peer.env names HUDHUD_OAUTH_ISSUER (re-run postfix_dovecot.sh start)")
}

fn submission(postfix: &Postfix, port: u16, security: Security) -> Server {
    Server {
        host: "localhost".into(),
        port,
        security,
        allow_insecure: false,
        ca_file: Some(postfix.ca_file()),
        timeout: Duration::from_secs(20),
    }
}

fn message(to: &str) -> Vec<u8> {
    format!(
        "From: {}\r\nTo: {to}\r\nSubject: oauth {to}\r\nMessage-ID: <{}@example.test>\r\n\r\nsigned in with a token\r\n",
        Postfix::USER,
        to.replace('@', ".")
    )
    .into_bytes()
}

/// Signs in with the token and sends one message; the transcript comes back
/// whatever happened.
fn send(
    server: &Server,
    token: &BearerToken,
    to: &str,
) -> (Result<(), hudhud::smtp::SmtpError>, String) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let mut transcript = Transcript::default();
        let result = async {
            let mut session =
                Session::connect_as(server, Some(SignIn::Bearer(token)), &mut transcript).await?;
            let sent = session
                .send(
                    Postfix::USER,
                    &[to.to_owned()],
                    &message(to),
                    &mut transcript,
                )
                .await;
            session.quit(&mut transcript).await;
            sent.map(|_| ())
        }
        .await;
        (result, transcript.to_string())
    })
}

/// What the worker does: `connect_with_token` (a token from the source,
/// renewed once if refused), then one message.
fn send_with_refresh(
    server: &Server,
    source: &SharedTokenSource,
    to: &str,
) -> (Result<(), hudhud::smtp::SmtpError>, String) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let mut transcript = Transcript::default();
        let result = async {
            let mut session =
                connect_with_token(server, Postfix::USER, source, &mut transcript).await?;
            let sent = session
                .send(
                    Postfix::USER,
                    &[to.to_owned()],
                    &message(to),
                    &mut transcript,
                )
                .await;
            session.quit(&mut transcript).await;
            sent.map(|_| ())
        }
        .await;
        (result, transcript.to_string())
    })
}

#[test]
fn postfix_and_dovecot_accept_the_token_over_587_and_465_with_both_mechanisms() {
    let Some(postfix) = Postfix::get() else {
        return;
    };
    let issuer = fixed_issuer(&postfix);
    let client = client(&issuer, "dovecot-both");
    let grant = browser_sign_in(&client, Postfix::USER).unwrap();
    let access = grant.access_token.expose().to_owned();
    let cases = [
        (Postfix::SUBMISSION, Security::Starttls, false, "XOAUTH2"),
        (Postfix::SUBMISSIONS, Security::Tls, true, "OAUTHBEARER"),
        (Postfix::SUBMISSION, Security::Starttls, true, "OAUTHBEARER"),
        (Postfix::SUBMISSIONS, Security::Tls, false, "XOAUTH2"),
    ];
    for (i, (port, security, allow_oauthbearer, mechanism)) in cases.into_iter().enumerate() {
        let to = format!("oauth-both-{i}-{}@example.test", std::process::id());
        let token = BearerToken {
            username: Postfix::USER.into(),
            access_token: access.clone(),
            allow_oauthbearer,
        };
        let (result, transcript) = send(&submission(&postfix, port, security), &token, &to);
        assert!(
            result.is_ok(),
            "{port} {mechanism}: {result:?}\n{transcript}"
        );
        assert!(
            transcript.contains(&format!("AUTH {mechanism} [redacted]")),
            "{transcript}"
        );
        assert!(!transcript.contains(&access), "token in transcript");
        assert_eq!(
            postfix
                .wait_delivered(&to, 1, Duration::from_secs(20))
                .len(),
            1,
            "{port} {mechanism}"
        );
    }
    assert!(!postfix.log().contains(&access), "token in Postfix's log");
}

#[test]
fn an_expired_access_token_is_refreshed_silently_and_the_message_goes_once() {
    let Some(postfix) = Postfix::get() else {
        return;
    };
    let issuer = fixed_issuer(&postfix);
    // The shared server outlives this run: a client id of this process.
    let client_id = format!("dovecot-expiry-{}", std::process::id());
    let client = client(&issuer, &client_id);
    let grant = browser_sign_in(&client, Postfix::USER).unwrap();
    let (mut source, saved) = source(client, grant.refresh_token.unwrap());
    let stale = source.access_token().unwrap();
    let source = Arc::new(Mutex::new(source));
    // The provider ends the token early (as after a password change).
    let expired = control(
        &issuer,
        "expire",
        serde_json::json!({ "access_token": stale.expose() }),
    );
    assert_eq!(expired["expired"], 1);
    let to = format!("oauth-expiry-{}@example.test", std::process::id());
    let server = submission(&postfix, Postfix::SUBMISSION, Security::Starttls);
    let (result, transcript) = send_with_refresh(&server, &source, &to);
    assert!(result.is_ok(), "{result:?}\n{transcript}");
    // Dovecot's error challenge was answered, then the fresh token went in.
    assert_eq!(
        transcript.matches("AUTH OAUTHBEARER [redacted]").count(),
        2,
        "{transcript}"
    );
    assert!(transcript.contains("535"), "{transcript}");
    assert_eq!(
        postfix
            .wait_delivered(&to, 1, Duration::from_secs(20))
            .len(),
        1
    );
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(postfix.delivered_to(&to).len(), 1, "delivered once");
    assert_eq!(saved.lock().unwrap().len(), 2, "both rotations saved");
    assert_eq!(count(&stats(&issuer, &client_id), "refresh"), 2);
}

#[test]
fn a_revoked_grant_is_refused_by_dovecot_and_the_refresh_says_sign_in_again() {
    let Some(postfix) = Postfix::get() else {
        return;
    };
    let issuer = fixed_issuer(&postfix);
    let user = Postfix::USER;
    let client = client(&issuer, "dovecot-revoked");
    let grant = browser_sign_in(&client, user).unwrap();
    let refresh = grant.refresh_token.unwrap();
    let access = grant.access_token.expose().to_owned();
    control(
        &issuer,
        "revoke",
        serde_json::json!({ "refresh_token": refresh.expose() }),
    );
    let token = BearerToken {
        username: user.into(),
        access_token: access,
        allow_oauthbearer: false,
    };
    let to = format!("oauth-revoked-{}@example.test", std::process::id());
    let server = submission(&postfix, Postfix::SUBMISSIONS, Security::Tls);
    let (result, transcript) = send(&server, &token, &to);
    let error = result.unwrap_err();
    assert_eq!(error.kind, ErrorKind::AuthRefused, "{transcript}");
    assert!(
        matches!(&error.problem, Problem::TokenRejected { status: Some(s), .. } if s == "401"),
        "{error:?}"
    );
    let (mut source, _) = source(client, refresh);
    assert!(source.access_token().unwrap_err().needs_sign_in());
    assert!(postfix.delivered_to(&to).is_empty());
}

// --- the keychain ---------------------------------------------------------------

#[test]
fn the_refresh_token_lives_in_the_secret_service_under_the_account_and_rotation_replaces_it() {
    if !support::peers::SecretService::available() {
        support::peers::peer_missing("Secret Service (gnome-keyring under dbus-run-session)");
        return;
    }
    use support::peers::SecretService;
    let server = AuthServer::start();
    let client = client(&server.issuer, "keychain");
    let grant = browser_sign_in(&client, "layla@example.test").unwrap();
    let account = format!("oauth-keychain-{}", std::process::id());
    let first = grant.refresh_token.unwrap();
    hudhud::oauth::store_refresh_token(&account, &first).unwrap();
    assert_eq!(
        SecretService::secret_tool_lookup("hudhud", &account).as_deref(),
        Some(first.expose())
    );
    let mut source = TokenSource::from_keychain(&account, client).unwrap();
    source.access_token().unwrap();
    let rotated = SecretService::secret_tool_lookup("hudhud", &account).unwrap();
    assert_ne!(
        rotated,
        first.expose(),
        "the rotated token replaced the first"
    );
    assert_eq!(
        hudhud::oauth::load_refresh_token(&account)
            .unwrap()
            .expose(),
        rotated
    );
    hudhud::oauth::delete_refresh_token(&account).unwrap();
    assert_eq!(SecretService::secret_tool_lookup("hudhud", &account), None);
}

#[test]
fn a_token_command_gives_a_token_that_dovecot_accepts() {
    let Some(postfix) = Postfix::get() else {
        return;
    };
    let issuer = fixed_issuer(&postfix);
    // What pizauth or oama do: print an access token on the first line.
    let script = format!(
        "import json, urllib.request; r = urllib.request.urlopen(urllib.request.Request('{issuer}/control/mint', \
         data=json.dumps({{'user': '{}'}}).encode(), headers={{'Content-Type': 'application/json'}})); \
         print(json.load(r)['access_token']); print('ignored second line')",
        Postfix::USER
    );
    let line = format!("python3 -c \"{script}\"");
    let argv = hudhud::oauth::split_command(&line).unwrap();
    let token = hudhud::oauth::run_token_command(&argv, Duration::from_secs(20)).unwrap();
    let to = format!("oauth-command-{}@example.test", std::process::id());
    let bearer = BearerToken {
        username: Postfix::USER.into(),
        access_token: token.expose().to_owned(),
        allow_oauthbearer: true,
    };
    let server = submission(&postfix, Postfix::SUBMISSION, Security::Starttls);
    let (result, transcript) = send(&server, &bearer, &to);
    assert!(result.is_ok(), "{result:?}\n{transcript}");
    assert_eq!(
        postfix
            .wait_delivered(&to, 1, Duration::from_secs(20))
            .len(),
        1
    );
}

// --- never a loop -----------------------------------------------------------------

#[tokio::test(flavor = "multi_thread")]
async fn a_token_refused_twice_is_renewed_once_and_a_dead_grant_never_connects() {
    use support::smtp_server::{Security as TestSecurity, ServerConfig, TestServer};
    let auth = AuthServer::start();
    let issuer = auth.issuer.clone();
    let grant = tokio::task::spawn_blocking(move || {
        let client = client(&issuer, "no-loop");
        let grant = browser_sign_in(&client, "layla@example.test").unwrap();
        (client, grant.refresh_token.unwrap())
    })
    .await
    .unwrap();
    let (client_, refresh) = grant;
    let smtp = TestServer::start(ServerConfig {
        security: TestSecurity::StartTls,
        auth: Some(("layla@example.test".into(), "a token nobody has".into())),
        advertise_auth_mechs: Some(vec!["XOAUTH2".into(), "OAUTHBEARER".into()]),
        ..ServerConfig::default()
    })
    .await;
    let dir = tempfile::tempdir().unwrap();
    let server = Server {
        host: "localhost".into(),
        port: smtp.port(),
        security: Security::Starttls,
        allow_insecure: false,
        ca_file: Some(smtp.write_ca_file(dir.path())),
        timeout: Duration::from_secs(5),
    };
    let (source_, _) = source(client_, refresh.clone());
    let source_ = Arc::new(Mutex::new(source_));
    let mut transcript = Transcript::default();
    let error = connect_with_token(&server, "layla@example.test", &source_, &mut transcript)
        .await
        .err()
        .unwrap();
    assert_eq!(error.kind, ErrorKind::AuthRefused);
    assert!(
        matches!(error.problem, Problem::TokenRejected { .. }),
        "{error:?}"
    );
    assert_eq!(smtp.connections(), 2, "one renewal, then held");
    let refreshes = {
        let issuer = auth.issuer.clone();
        tokio::task::spawn_blocking(move || count(&stats(&issuer, "no-loop"), "refresh"))
            .await
            .unwrap()
    };
    assert_eq!(refreshes, 2, "the first token and one renewal");
    assert!(
        transcript.to_string().contains("renewing it once"),
        "{transcript}"
    );

    // Revoked: no token, so no connection at all; held like a refused password.
    let issuer = auth.issuer.clone();
    let secret = refresh.expose().to_owned();
    tokio::task::spawn_blocking(move || {
        control(
            &issuer,
            "revoke",
            serde_json::json!({ "refresh_token": secret }),
        )
    })
    .await
    .unwrap();
    let source_ = {
        let issuer = auth.issuer.clone();
        let dead = refresh.clone();
        tokio::task::spawn_blocking(move || source(client(&issuer, "no-loop"), dead).0)
            .await
            .unwrap()
    };
    let source_ = Arc::new(Mutex::new(source_));
    let before = smtp.connections();
    let error = connect_with_token(
        &server,
        "layla@example.test",
        &source_,
        &mut Transcript::default(),
    )
    .await
    .err()
    .unwrap();
    assert_eq!(error.kind, ErrorKind::AuthRefused);
    assert!(
        matches!(&error.problem, Problem::SignIn(e) if e.needs_sign_in()),
        "{error:?}"
    );
    assert!(error.to_string().contains("Sign in again"), "{error}");
    assert_eq!(smtp.connections(), before);
}
