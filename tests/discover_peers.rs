//! Account discovery and recipient checks against real peers: unbound
//! serving test zones and an HTTPS server with a test CA serving
//! config-v1.1.xml files, both started once per run by
//! `tests/peers/dns_https.sh start DIR` (`.ci/run` exports
//! HUDHUD_DISCOVER_DIR=DIR). The variables of DIR/peer.env go only to the
//! processes started here, never into this test process.

mod support;

use std::net::{SocketAddr, UdpSocket};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use hudhud::recipients::{Checker, TIME_LIMIT, Verdict};
use serde_json::Value;
use support::peers::Discovery;

/// The running peers: DIR and the variables of DIR/peer.env.
type Peers = Discovery;

trait PeersExt {
    fn dns(&self) -> SocketAddr;
    fn requests(&self) -> String;
}

impl PeersExt for Discovery {
    fn dns(&self) -> SocketAddr {
        self.env
            .iter()
            .find(|(k, _)| k == "HUDHUD_DNS_SERVER")
            .map(|(_, v)| v.parse().unwrap())
            .unwrap()
    }

    fn requests(&self) -> String {
        std::fs::read_to_string(self.dir.join("requests.log")).unwrap_or_default()
    }
}

/// A profile of its own and the real binary, with the peers' variables.
struct Run {
    home: tempfile::TempDir,
    env: Vec<(String, String)>,
}

impl Run {
    fn new(peers: &Peers) -> Run {
        Run {
            home: tempfile::tempdir().unwrap(),
            env: peers.env.clone(),
        }
    }

    fn hudhud(&self, args: &[&str], stdin: &[u8]) -> Output {
        use std::io::Write;
        let mut child = Command::new(env!("CARGO_BIN_EXE_hudhud"))
            .args(args)
            .envs(self.env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .env("HUDHUD_CONFIG_DIR", self.home.path().join("config"))
            .env("HUDHUD_DATA_DIR", self.home.path().join("data"))
            .env("HUDHUD_LANG", "en")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let _ = child.stdin.take().unwrap().write_all(stdin);
        child.wait_with_output().unwrap()
    }

    fn discover(&self, address: &str, extra: &[&str]) -> Value {
        let mut args = vec!["account", "discover", address, "--json"];
        args.extend_from_slice(extra);
        let out = self.hudhud(&args, b"");
        assert!(
            out.status.success(),
            "discover {address} {extra:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    }

    fn config(&self) -> String {
        std::fs::read_to_string(self.home.path().join("config/config.toml")).unwrap_or_default()
    }
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn settings(v: &Value) -> (String, u64, String, String) {
    (
        v["host"].as_str().unwrap().to_owned(),
        v["port"].as_u64().unwrap(),
        v["security"].as_str().unwrap().to_owned(),
        v["source"].as_str().unwrap().to_owned(),
    )
}

fn s(host: &str, port: u64, security: &str, source: &str) -> (String, u64, String, String) {
    (host.into(), port, security.into(), source.into())
}

#[test]
fn each_lookup_on_its_own() {
    let Some(peers) = Peers::get() else { return };
    let run = Run::new(&peers);
    let only = |address: &str, step: &str| run.discover(address, &["--only", step]);

    let v = only("amal@ac.test", "autoconfig");
    assert_eq!(settings(&v), s("smtp.ac.test", 465, "tls", "autoconfig"));
    assert_eq!(v["username"], "amal@ac.test");
    assert_eq!(v["auth"], "password");
    assert_eq!(v["imap"]["host"], "imap.ac.test");
    assert!(
        peers
            .requests()
            .contains("https autoconfig.ac.test /mail/config-v1.1.xml?emailaddress=amal%40ac.test"),
        "{}",
        peers.requests()
    );

    let v = only("amal@wk.test", "well-known");
    assert_eq!(
        settings(&v),
        s("smtp.wk.test", 587, "starttls", "well-known")
    );
    assert_eq!(v["username"], "amal", "%EMAILLOCALPART%");

    let v = only("amal@isp.test", "ispdb");
    assert_eq!(settings(&v), s("smtp.isp.test", 465, "tls", "ispdb"));

    // A custom domain whose MX is run by a provider the ISPDB knows.
    let v = only("amal@custom.test", "mx");
    assert_eq!(
        settings(&v),
        s("smtp.hostco.test", 587, "starttls", "mx-ispdb")
    );
    assert_eq!(v["source_detail"]["mx"], "mx1.hostco.test");
    assert_eq!(v["auth"], "oauth2");
    assert_eq!(v["auths"], serde_json::json!(["oauth2", "password"]));

    let v = only("amal@srv.test", "srv");
    assert_eq!(settings(&v), s("mail.srv.test", 465, "tls", "srv"));
    // `_submissions` with target "." is not offered: `_submission` is used.
    let v = only("amal@srv2.test", "srv");
    assert_eq!(settings(&v), s("submit.srv2.test", 587, "starttls", "srv"));

    let v = only("amal@guess.test", "guess");
    assert_eq!(settings(&v), s("smtp.guess.test", 465, "tls", "guess"));
    let log = peers.requests();
    assert!(log.contains("smtp 465 EHLO"), "{log}");
    assert!(
        !log.to_uppercase().contains(" AUTH"),
        "the probe never signs in: {log}"
    );

    // Each step answers only for itself.
    let out = run.hudhud(
        &[
            "account",
            "discover",
            "amal@wk.test",
            "--only",
            "autoconfig",
        ],
        b"",
    );
    assert_eq!(out.status.code(), Some(78), "{}", stderr(&out));
    assert!(stderr(&out).contains("No settings were found for amal@wk.test"));
}

#[test]
fn the_higher_priority_answer_wins_even_when_slower() {
    let Some(peers) = Peers::get() else { return };
    let run = Run::new(&peers);
    // autoconfig.slow.test answers after 2 s, the ISPDB at once.
    let started = Instant::now();
    let v = run.discover("amal@slow.test", &[]);
    assert_eq!(
        settings(&v),
        s("smtp-a.slow.test", 465, "tls", "autoconfig")
    );
    assert!(started.elapsed() >= Duration::from_secs(2));
    // Beyond the time limit the slower source no longer counts.
    let v = run.discover("amal@slow.test", &["--timeout", "1"]);
    assert_eq!(settings(&v), s("smtp-b.slow.test", 465, "tls", "ispdb"));
    // The full run finds the others too, each by its own source.
    for (address, source) in [
        ("a@ac.test", "autoconfig"),
        ("a@wk.test", "well-known"),
        ("a@isp.test", "ispdb"),
        ("a@custom.test", "mx-ispdb"),
        ("a@srv.test", "srv"),
        ("a@guess.test", "guess"),
        ("a@hostile.test", "http"),
    ] {
        assert_eq!(run.discover(address, &[])["source"], source, "{address}");
    }
}

#[test]
fn settings_from_outside_the_domain_need_confirmation() {
    let Some(peers) = Peers::get() else { return };
    let run = Run::new(&peers);
    // HTTPS at the address's domain speaks for it, wherever it points.
    let v = run.discover("a@hosted.test", &[]);
    assert_eq!(v["host"], "smtp.provider.test");
    assert_eq!(v["needs_confirmation"], false);
    // DNS alone does not.
    let v = run.discover("a@srvout.test", &[]);
    assert_eq!(v["host"], "smtp.elsewhere.test");
    assert_eq!(v["needs_confirmation"], true);
    // Plain HTTP never does.
    let v = run.discover("a@hostile.test", &[]);
    assert_eq!(
        (v["host"].as_str(), v["source"].as_str()),
        (Some("smtp.evil.test"), Some("http"))
    );
    assert_eq!(v["needs_confirmation"], true);

    // Adding such an account without a terminal to ask on: refused before
    // any password is read, nothing saved.
    let out = run.hudhud(
        &[
            "account",
            "add",
            "evil",
            "--email",
            "a@hostile.test",
            "--password-stdin",
        ],
        b"secret\n",
    );
    assert_eq!(out.status.code(), Some(64), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("outside hostile.test"), "{err}");
    assert!(err.contains("--trust-discovered"), "{err}");
    assert!(!run.config().contains("evil"), "{}", run.config());
    // With the user's explicit trust it is used.
    let out = run.hudhud(
        &[
            "account",
            "add",
            "evil",
            "--email",
            "a@hostile.test",
            "--no-auth",
            "--trust-discovered",
        ],
        b"",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        run.config().contains("host = \"smtp.evil.test\""),
        "{}",
        run.config()
    );
}

#[test]
fn account_add_without_host_uses_what_it_found() {
    let Some(peers) = Peers::get() else { return };
    let run = Run::new(&peers);
    let out = run.hudhud(
        &[
            "account",
            "add",
            "work",
            "--email",
            "amal@wk.test",
            "--no-auth",
        ],
        b"",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("smtp.wk.test"), "{err}");
    assert!(
        err.contains("well-known autoconfig file"),
        "the source is shown: {err}"
    );
    let config = run.config();
    assert!(config.contains("host = \"smtp.wk.test\""), "{config}");
    assert!(config.contains("port = 587"), "{config}");
    assert!(config.contains("security = \"starttls\""), "{config}");
    assert!(config.contains("username = \"amal\""), "{config}");

    // A provider that takes only OAuth2 cannot be set up with a password.
    let out = run.hudhud(
        &[
            "account",
            "add",
            "o",
            "--email",
            "a@oauthonly.test",
            "--password-stdin",
        ],
        b"secret\n",
    );
    assert_eq!(out.status.code(), Some(78), "{}", stderr(&out));
    assert!(stderr(&out).contains("only OAuth2"), "{}", stderr(&out));
}

#[test]
fn malformed_and_huge_answers_are_refused_with_a_reason() {
    let Some(peers) = Peers::get() else { return };
    let run = Run::new(&peers);
    let out = run.hudhud(
        &["account", "discover", "a@bad.test", "--only", "autoconfig"],
        b"",
    );
    assert_eq!(out.status.code(), Some(78));
    assert!(
        stderr(&out).contains("not a valid autoconfig file"),
        "{}",
        stderr(&out)
    );
    let started = Instant::now();
    let out = run.hudhud(
        &["account", "discover", "a@huge.test", "--only", "autoconfig"],
        b"",
    );
    assert_eq!(out.status.code(), Some(78));
    assert!(
        stderr(&out).contains("larger than 256 KB"),
        "{}",
        stderr(&out)
    );
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[test]
fn recipients_check_gives_each_verdict_and_the_typo() {
    let Some(peers) = Peers::get() else { return };
    let run = Run::new(&peers);
    let out = run.hudhud(
        &[
            "recipients",
            "check",
            "--json",
            "a@okmx.test",
            "b@aonly.test",
            "c@nullmx.test",
            "d@nomail.test",
            "e@nosuch.test",
            "Farah <f@gmial.com>",
        ],
        b"",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let list: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    let verdicts: Vec<&str> = list
        .iter()
        .map(|c| c["verdict"].as_str().unwrap())
        .collect();
    assert_eq!(
        verdicts,
        [
            "ok",
            "ok",
            "null-mx",
            "no-mail-server",
            "no-such-domain",
            "no-such-domain"
        ]
    );
    assert_eq!(list[0]["warning"], Value::Null);
    assert_eq!(
        list[2]["warning"],
        "The domain nullmx.test accepts no email."
    );
    assert_eq!(list[3]["warning"], "No mail server found for nomail.test.");
    assert_eq!(list[4]["warning"], "The domain nosuch.test does not exist.");
    assert_eq!(list[5]["suggestion"], "f@gmail.com");

    // Arabic.
    let mut run_ar = Run::new(&peers);
    run_ar.env.push(("HUDHUD_LANG".into(), "ar".into()));
    let out = Command::new(env!("CARGO_BIN_EXE_hudhud"))
        .args(["recipients", "check", "c@nullmx.test", "x@gmial.com"])
        .envs(run_ar.env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .env("HUDHUD_CONFIG_DIR", run_ar.home.path().join("config"))
        .env("HUDHUD_DATA_DIR", run_ar.home.path().join("data"))
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("لا يقبل أي بريد"), "{text}");
    assert!(text.contains("هل تقصد"), "{text}");
}

#[test]
fn send_warns_and_check_recipients_refuses() {
    let Some(peers) = Peers::get() else { return };
    let run = Run::new(&peers);
    let out = run.hudhud(
        &[
            "account",
            "add",
            "local",
            "--email",
            "me@okmx.test",
            "--host",
            "127.0.0.1",
            "--port",
            "9",
            "--security",
            "none",
            "--no-auth",
        ],
        b"",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let out = run.hudhud(
        &[
            "send",
            "--to",
            "c@nullmx.test",
            "--check-recipients",
            "--subject",
            "x",
        ],
        b"body",
    );
    assert_eq!(out.status.code(), Some(64), "{}", stderr(&out));
    assert!(stderr(&out).contains("c@nullmx.test: The domain nullmx.test accepts no email."));
    let list = run.hudhud(&["outbox", "list", "--json"], b"");
    let queued: Value = serde_json::from_slice(&list.stdout).unwrap();
    assert_eq!(queued.as_array().map(Vec::len), Some(0), "nothing queued");

    // Without the flag: the warning, and the message is queued all the same.
    let out = run.hudhud(
        &["send", "--to", "x@gmial.com", "--no-wait", "--subject", "x"],
        b"body",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("Did you mean x@gmail.com?"),
        "{}",
        stderr(&out)
    );
    let list = run.hudhud(&["outbox", "list", "--json"], b"");
    let queued: Value = serde_json::from_slice(&list.stdout).unwrap();
    assert_eq!(queued.as_array().map(Vec::len), Some(1));
}

#[tokio::test]
async fn answers_are_cached_for_their_ttl() {
    let Some(peers) = Peers::get() else { return };
    let checker = Checker::with_server([], TIME_LIMIT, Some(peers.dns()));
    assert_eq!(checker.check("a@okmx.test").await.verdict, Verdict::Ok);
    assert_eq!(checker.check("b@okmx.test").await.verdict, Verdict::Ok);
    assert_eq!(
        checker.check("c@nosuch.test").await.verdict,
        Verdict::NoSuchDomain
    );
    assert_eq!(
        checker.check("d@nosuch.test").await.verdict,
        Verdict::NoSuchDomain
    );
    assert_eq!(
        checker.lookups(),
        2,
        "the second of each came from the cache"
    );
    // ttl.test's MX lives 2 s.
    assert_eq!(checker.check("a@ttl.test").await.verdict, Verdict::Ok);
    assert_eq!(checker.check("a@ttl.test").await.verdict, Verdict::Ok);
    assert_eq!(checker.lookups(), 3);
    tokio::time::sleep(Duration::from_millis(2500)).await;
    assert_eq!(checker.check("a@ttl.test").await.verdict, Verdict::Ok);
    assert_eq!(checker.lookups(), 4, "asked again once the TTL ran out");
    assert_eq!(checker.check("b@okmx.test").await.verdict, Verdict::Ok);
    assert_eq!(checker.lookups(), 4, "okmx.test's 300 s are not over");
}

/// A DNS server that never answers, and one that is not there: no warning,
/// and no longer than the time limit.
#[tokio::test]
async fn dns_down_means_no_warning_and_no_delay() {
    let silent = UdpSocket::bind("127.0.0.1:0").unwrap();
    let closed = {
        let socket = UdpSocket::bind("127.0.0.1:0").unwrap();
        socket.local_addr().unwrap()
    };
    for server in [silent.local_addr().unwrap(), closed] {
        let checker = Checker::with_server([], TIME_LIMIT, Some(server));
        let started = Instant::now();
        let checks = checker
            .check_all(&["a@nullmx.test".to_owned(), "b@nosuch.test".to_owned()])
            .await;
        let took = started.elapsed();
        assert!(
            took < TIME_LIMIT + Duration::from_millis(500),
            "{server}: {took:?}"
        );
        for check in checks {
            assert_eq!(check.verdict, Verdict::Unknown, "{server}");
            assert_eq!(check.warning(), None, "{server}");
        }
    }
}
