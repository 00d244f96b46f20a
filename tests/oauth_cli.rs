//! OAuth2 accounts through the real binary: `account add --auth oauth2`
//! with the browser or device sign-in against the test authorization server
//! (tests/peers/oauth_server.py, the one postfix_dovecot.sh runs), the
//! refresh token in gnome-keyring's Secret Service, and mail sent to Postfix
//! whose Dovecot checks each token by introspection.
//!
//! Each test signs in as a user and with a client id of its own, so the
//! server's switches (revoke, expire) touch nothing of another test.
//! With HUDHUD_REQUIRE_PEERS=1 (as .ci/run sets it) a missing peer fails.

mod support;

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use support::peers::{Postfix, SecretService, peer_missing};
use support::profile::{Profile, stderr, stdout};

/// Acts as the user's browser: follows the authorization URL and its
/// redirect to Hudhud's loopback listener (as tests/oauth_peers.rs does).
const BROWSER: &str =
    "python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1]).read()' %s";

fn peers() -> Option<(Postfix, String)> {
    if !SecretService::available() {
        peer_missing("Secret Service (gnome-keyring under dbus-run-session)");
        return None;
    }
    let postfix = Postfix::get()?;
    let issuer = std::fs::read_to_string(postfix.dir.join("peer.env"))
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("HUDHUD_OAUTH_ISSUER="))
        .map(str::to_owned)
        .expect("peer.env names HUDHUD_OAUTH_ISSUER (re-run postfix_dovecot.sh start)");
    Some((postfix, issuer))
}

/// One test's profile, user and client id.
struct Case {
    profile: Profile,
    user: String,
    client_id: String,
    issuer: String,
}

impl Case {
    fn new(tag: &str, issuer: &str) -> Case {
        let pid = std::process::id();
        Case {
            profile: Profile::new(&format!("oauth-{tag}")),
            user: format!("oauth-cli-{tag}-{pid}@example.test"),
            client_id: format!("oauth-cli-{tag}-{pid}"),
            issuer: issuer.to_owned(),
        }
    }

    fn name(&self) -> &str {
        &self.profile.account
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_hudhud"));
        command
            .args(args)
            .env("HUDHUD_CONFIG_DIR", &self.profile.config)
            .env("HUDHUD_DATA_DIR", &self.profile.data)
            .env("HUDHUD_LANG", "en")
            .env("BROWSER", BROWSER);
        command
    }

    fn run(&self, args: &[&str], input: &[u8]) -> Output {
        let mut child = self
            .command(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let _ = child.stdin.take().unwrap().write_all(input);
        child.wait_with_output().unwrap()
    }

    /// `account add` signing in to the peer's issuer, on `port`.
    fn add_args(&self, port: u16, security: &str, ca: &Path) -> Vec<String> {
        [
            "account",
            "add",
            self.name(),
            "--email",
            &self.user,
            "--auth",
            "oauth2",
            "--oauth-provider",
            "oidc",
            "--oauth-issuer",
            &self.issuer,
            "--oauth-client-id",
            &self.client_id,
            "--host",
            "localhost",
            "--port",
            &port.to_string(),
            "--security",
            security,
            "--ca-file",
            &ca.display().to_string(),
        ]
        .map(str::to_owned)
        .to_vec()
    }

    fn add(&self, port: u16, security: &str, ca: &Path) {
        let args = self.add_args(port, security, ca);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = self.run(&args, b"");
        assert!(out.status.success(), "account add: {}", stderr(&out));
    }

    fn send(&self, to: &str, extra: &[&str]) -> Output {
        let mut args = vec![
            "send",
            "--from",
            self.name(),
            "--to",
            to,
            "--subject",
            "signed in with a token",
        ];
        args.extend_from_slice(extra);
        self.run(&args, "مرحبا، token mail\n".as_bytes())
    }

    fn refresh_token(&self) -> Option<String> {
        SecretService::secret_tool_lookup("hudhud", self.name())
    }

    fn stats(&self) -> serde_json::Value {
        control(
            &self.issuer,
            "stats",
            serde_json::json!({ "client_id": self.client_id }),
        )
    }

    /// Removes the account (and with it the keychain entries).
    fn remove(&self) {
        let out = self.run(&["account", "remove", self.name(), "--force"], b"");
        assert!(out.status.success(), "account remove: {}", stderr(&out));
        assert_eq!(
            self.refresh_token(),
            None,
            "remove deletes the refresh token"
        );
    }
}

fn control(issuer: &str, what: &str, body: serde_json::Value) -> serde_json::Value {
    let mut response = ureq::post(&format!("{issuer}/control/{what}"))
        .header("Content-Type", "application/json")
        .send(body.to_string())
        .unwrap();
    serde_json::from_str(&response.body_mut().read_to_string().unwrap()).unwrap()
}

fn count(stats: &serde_json::Value, name: &str) -> u64 {
    stats.get(name).and_then(|v| v.as_u64()).unwrap_or(0)
}

fn recipient(tag: &str) -> String {
    format!("oauth-cli-{tag}-{}@example.test", std::process::id())
}

/// Any token of the test server ("at-" or "rt-" and 32 URL-safe
/// characters) in `text`.
fn find_token(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    (0..bytes.len().saturating_sub(34)).find_map(|i| {
        let head = &bytes[i..i + 3];
        let body = &bytes[i + 3..i + 35];
        let tokenish = |b: &u8| b.is_ascii_alphanumeric() || *b == b'-' || *b == b'_';
        ((head == b"at-" || head == b"rt-") && body.iter().all(tokenish))
            .then(|| text[i..i + 35].to_owned())
    })
}

/// No token in any file under `dir`.
fn assert_no_token_under(dir: &Path) {
    let Ok(read) = std::fs::read_dir(dir) else {
        return;
    };
    for item in read.flatten() {
        let path = item.path();
        if path.is_dir() {
            assert_no_token_under(&path);
        } else if let Ok(bytes) = std::fs::read(&path) {
            let text = String::from_utf8_lossy(&bytes);
            assert_eq!(find_token(&text), None, "a token in {}", path.display());
        }
    }
}

fn assert_no_token_anywhere(case: &Case, outputs: &[&Output]) {
    assert_no_token_under(&case.profile.config);
    assert_no_token_under(&case.profile.data);
    for out in outputs {
        assert_eq!(find_token(&stdout(out)), None, "{}", stdout(out));
        assert_eq!(find_token(&stderr(out)), None, "{}", stderr(out));
    }
}

fn delivered_once(postfix: &Postfix, to: &str) {
    assert_eq!(
        postfix.wait_delivered(to, 1, Duration::from_secs(20)).len(),
        1,
        "{to}"
    );
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(postfix.delivered_to(to).len(), 1, "{to} delivered once");
}

#[test]
fn browser_sign_in_then_mail_goes_over_587_and_465_and_no_token_is_written_anywhere() {
    let Some((postfix, issuer)) = peers() else {
        return;
    };
    let case = Case::new("browser", &issuer);
    case.add(Postfix::SUBMISSION, "starttls", &postfix.ca_file());
    let config = std::fs::read_to_string(case.profile.config.join("config.toml")).unwrap();
    assert!(config.contains("auth = \"oauth2\""), "{config}");
    assert!(config.contains("[account.oauth]"), "{config}");
    assert!(config.contains(&case.client_id), "{config}");
    let first = case
        .refresh_token()
        .expect("the refresh token is in the keychain");
    assert!(first.starts_with("rt-"));
    assert_eq!(count(&case.stats(), "code"), 1);

    let tested = case.run(&["account", "test", case.name()], b"");
    assert!(tested.status.success(), "account test: {}", stderr(&tested));
    assert!(
        stdout(&tested).contains("AUTH OAUTHBEARER [redacted]"),
        "{}",
        stdout(&tested)
    );

    let to_587 = recipient("browser-587");
    let sent_587 = case.send(&to_587, &["--transcript"]);
    assert!(sent_587.status.success(), "send: {}", stderr(&sent_587));
    delivered_once(&postfix, &to_587);
    // Every refresh rotates; the new token replaced the old one at once.
    let rotated = case.refresh_token().unwrap();
    assert_ne!(rotated, first);

    let edited = case.run(
        &[
            "account",
            "edit",
            case.name(),
            "--port",
            &Postfix::SUBMISSIONS.to_string(),
            "--security",
            "tls",
        ],
        b"",
    );
    assert!(edited.status.success(), "{}", stderr(&edited));
    let to_465 = recipient("browser-465");
    let sent_465 = case.send(&to_465, &["--transcript"]);
    assert!(sent_465.status.success(), "send: {}", stderr(&sent_465));
    assert!(
        stderr(&sent_465).contains("AUTH OAUTHBEARER [redacted]"),
        "{}",
        stderr(&sent_465)
    );
    delivered_once(&postfix, &to_465);

    assert_no_token_anywhere(&case, &[&tested, &sent_587, &sent_465]);
    let log = postfix.log();
    assert!(
        !log.contains(&first) && !log.contains(&rotated),
        "a token in Postfix's log"
    );
    case.remove();
}

#[test]
fn a_revoked_sign_in_holds_with_exit_77_and_login_releases_the_message() {
    let Some((postfix, issuer)) = peers() else {
        return;
    };
    let case = Case::new("revoked", &issuer);
    case.add(Postfix::SUBMISSIONS, "tls", &postfix.ca_file());
    let refresh = case.refresh_token().unwrap();
    let revoked = control(
        &issuer,
        "revoke",
        serde_json::json!({ "refresh_token": refresh }),
    );
    assert_eq!(revoked["ok"], true);

    let to = recipient("revoked");
    let held = case.send(&to, &[]);
    assert_eq!(held.status.code(), Some(77), "{}", stderr(&held));
    let text = stderr(&held);
    assert!(text.contains("Sign in again"), "{text}");
    assert!(
        text.contains(&format!("hudhud account login {}", case.name())),
        "{text}"
    );
    let list = case.run(&["outbox", "list", "--json"], b"");
    let entries: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
    assert_eq!(entries[0]["state"], "held", "{entries:#}");
    let id = entries[0]["id"].as_str().unwrap().to_owned();
    let shown = case.run(&["outbox", "show", &id], b"");
    assert!(postfix.delivered_to(&to).is_empty());
    let waiting = case.run(&["outbox", "flush"], b"");
    assert_eq!(waiting.status.code(), Some(77), "{}", stderr(&waiting));
    assert!(
        stderr(&waiting).contains("hudhud account login"),
        "{}",
        stderr(&waiting)
    );

    let login = case.run(&["account", "login", case.name()], b"");
    assert!(login.status.success(), "login: {}", stderr(&login));
    assert_ne!(case.refresh_token().unwrap(), refresh);
    let flushed = case.run(&["outbox", "flush"], b"");
    assert!(flushed.status.success(), "flush: {}", stderr(&flushed));
    delivered_once(&postfix, &to);
    assert_no_token_anywhere(&case, &[&held, &shown, &login, &flushed]);
    case.remove();
}

#[test]
fn the_daemon_renews_a_refused_token_even_after_another_process_rotated_it_and_sends_once() {
    let Some((postfix, issuer)) = peers() else {
        return;
    };
    let case = Case::new("expiry", &issuer);
    case.add(Postfix::SUBMISSION, "starttls", &postfix.ca_file());
    let mut daemon = Daemon(
        case.command(&["daemon"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let first = recipient("expiry-1");
    let queued = case.send(&first, &["--no-wait"]);
    assert!(queued.status.success(), "{}", stderr(&queued));
    delivered_once(&postfix, &first);
    assert_eq!(count(&case.stats(), "refresh"), 1);

    // Another process refreshes too: the rotation kills the refresh token
    // the daemon holds in memory.
    let before = case.refresh_token().unwrap();
    let tested = case.run(&["account", "test", case.name()], b"");
    assert!(tested.status.success(), "{}", stderr(&tested));
    assert_ne!(case.refresh_token().unwrap(), before);
    assert_eq!(count(&case.stats(), "refresh"), 2);

    // The provider ends the daemon's access token early (a password change).
    let expired = control(&issuer, "expire", serde_json::json!({ "user": case.user }));
    assert!(count(&expired, "expired") >= 1, "{expired}");
    let before = case.refresh_token().unwrap();
    let second = recipient("expiry-2");
    let queued = case.send(&second, &["--no-wait"]);
    assert!(queued.status.success(), "{}", stderr(&queued));
    delivered_once(&postfix, &second);
    // The daemon's renewal with its dead copy is refused; it reads the
    // keychain once and renews with the live token: nothing is held.
    assert_eq!(
        count(&case.stats(), "refresh"),
        3,
        "one renewal after the refusal, no loop"
    );
    assert_ne!(
        case.refresh_token().unwrap(),
        before,
        "the rotation was saved"
    );
    daemon.stop();
    assert_no_token_anywhere(&case, &[]);
    case.remove();
}

/// `hudhud daemon`, stopped with SIGTERM (killed if the test fails first).
struct Daemon(Child);

impl Daemon {
    fn stop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.0.id().to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.0.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("the daemon did not stop on SIGTERM");
    }
}

impl Drop for Daemon {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn device_sign_in_shows_a_code_and_the_account_sends_after_it_is_entered() {
    let Some((postfix, issuer)) = peers() else {
        return;
    };
    let case = Case::new("device", &issuer);
    let mut args = case.add_args(Postfix::SUBMISSION, "starttls", &postfix.ca_file());
    args.push("--device".into());
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let mut child = case
        .command(&args)
        .env_remove("BROWSER")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let prompt = lines
        .by_ref()
        .map_while(Result::ok)
        .find(|l| l.contains("enter the code"))
        .expect("the device prompt");
    let words: Vec<&str> = prompt.split_whitespace().collect();
    let url = words.iter().find(|w| w.starts_with("http")).unwrap();
    let code = words
        .iter()
        .skip_while(|w| **w != "code")
        .nth(1)
        .unwrap()
        .trim_end_matches('.');
    // The person enters the code on their phone.
    let approve = format!("{url}?user_code={code}&login_hint={}", case.user);
    ureq::get(&approve).call().unwrap();
    let rest: Vec<String> = lines.map_while(Result::ok).collect();
    let status = child.wait().unwrap();
    assert!(status.success(), "account add --device: {rest:?}");
    assert_eq!(count(&case.stats(), "device"), 1);
    assert!(case.refresh_token().is_some());

    let to = recipient("device");
    let sent = case.send(&to, &[]);
    assert!(sent.status.success(), "send: {}", stderr(&sent));
    delivered_once(&postfix, &to);
    case.remove();
}

#[test]
fn a_token_command_account_sends_with_the_commands_token_and_keeps_nothing() {
    let Some((postfix, issuer)) = peers() else {
        return;
    };
    let case = Case::new("command", &issuer);
    // What pizauth or oama do: print an access token on the first line.
    let script = format!(
        "import json, urllib.request; r = urllib.request.urlopen(urllib.request.Request('{issuer}/control/mint', \
         data=json.dumps({{'user': '{}', 'client_id': '{}'}}).encode(), headers={{'Content-Type': 'application/json'}})); \
         print(json.load(r)['access_token'])",
        case.user, case.client_id
    );
    let command = format!("python3 -c \"{script}\"");
    let port = Postfix::SUBMISSION.to_string();
    let ca = postfix.ca_file().display().to_string();
    let added = case.run(
        &[
            "account",
            "add",
            case.name(),
            "--email",
            &case.user,
            "--auth",
            "oauth2-command",
            "--token-command",
            &command,
            "--host",
            "localhost",
            "--port",
            &port,
            "--security",
            "starttls",
            "--ca-file",
            &ca,
        ],
        b"",
    );
    assert!(added.status.success(), "{}", stderr(&added));
    assert_eq!(case.refresh_token(), None, "nothing in the keychain");
    let config = std::fs::read_to_string(case.profile.config.join("config.toml")).unwrap();
    assert!(config.contains("auth = \"oauth2-command\""), "{config}");

    let to = recipient("command");
    let sent = case.send(&to, &["--transcript"]);
    assert!(sent.status.success(), "send: {}", stderr(&sent));
    assert!(stderr(&sent).contains("[redacted]"), "{}", stderr(&sent));
    delivered_once(&postfix, &to);
    assert_no_token_anywhere(&case, &[&sent]);

    // A command that prints nothing: held, with what went wrong.
    let file = case.profile.config.join("config.toml");
    let text: String = std::fs::read_to_string(&file)
        .unwrap()
        .lines()
        .map(|line| match line.starts_with("token_command = ") {
            true => "token_command = \"true\"\n".to_owned(),
            false => format!("{line}\n"),
        })
        .collect();
    std::fs::write(&file, &text).unwrap();
    assert!(text.contains("token_command = \"true\""), "{text}");
    let held = case.send(&recipient("command-none"), &[]);
    assert_ne!(held.status.code(), Some(0));
    assert!(
        stderr(&held).contains("printed no token"),
        "{}",
        stderr(&held)
    );
    case.remove();
}

#[test]
fn add_says_what_is_missing_and_keeps_nothing_when_sign_in_fails() {
    let Some((_postfix, issuer)) = peers() else {
        return;
    };
    let case = Case::new("refused", &issuer);
    control(
        &issuer,
        "client",
        serde_json::json!({ "client_id": case.client_id, "deny": true }),
    );
    let args = case.add_args(10587, "starttls", Path::new("/etc/hostname"));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let denied = case.run(&args, b"");
    assert_eq!(denied.status.code(), Some(77), "{}", stderr(&denied));
    assert!(
        stderr(&denied).contains("refused or cancelled"),
        "{}",
        stderr(&denied)
    );
    assert!(!case.profile.config.join("config.toml").exists());
    assert_eq!(case.refresh_token(), None);

    let no_issuer = case.run(
        &[
            "account",
            "add",
            case.name(),
            "--email",
            &case.user,
            "--auth",
            "oauth2",
            "--oauth-provider",
            "oidc",
            "--host",
            "localhost",
        ],
        b"",
    );
    assert_eq!(no_issuer.status.code(), Some(64));
    assert!(
        stderr(&no_issuer).contains("--oauth-issuer"),
        "{}",
        stderr(&no_issuer)
    );

    let unknown = case.run(
        &[
            "account",
            "add",
            case.name(),
            "--email",
            &case.user,
            "--auth",
            "oauth2",
            "--host",
            "localhost",
        ],
        b"",
    );
    assert_eq!(unknown.status.code(), Some(64));
    assert!(
        stderr(&unknown).contains("--oauth-provider"),
        "{}",
        stderr(&unknown)
    );

    let misspelt = case.run(
        &[
            "account",
            "add",
            case.name(),
            "--email",
            &case.user,
            "--auth",
            "oauth2",
            "--oauth-provider",
            "gogle",
            "--host",
            "localhost",
        ],
        b"",
    );
    assert_eq!(misspelt.status.code(), Some(64), "{}", stderr(&misspelt));
    assert!(stderr(&misspelt).contains("gogle"), "{}", stderr(&misspelt));
    assert!(!case.profile.config.join("config.toml").exists());
}

#[test]
fn a_build_without_a_client_id_says_so_and_how_to_give_one() {
    if option_env!("HUDHUD_MICROSOFT_CLIENT_ID").is_some() {
        eprintln!("SKIP: this build has a Microsoft client id");
        return;
    }
    let case = Case::new("no-client-id", "https://unused.example");
    let out = case.run(
        &[
            "account",
            "add",
            case.name(),
            "--email",
            "someone@outlook.com",
            "--auth",
            "oauth2",
            "--host",
            "smtp-mail.outlook.com",
        ],
        b"",
    );
    assert_eq!(out.status.code(), Some(78), "{}", stderr(&out));
    let text = stderr(&out);
    assert!(text.contains("no client id for Microsoft"), "{text}");
    assert!(text.contains("--oauth-client-id"), "{text}");
    assert!(!case.profile.config.join("config.toml").exists());
}
