//! Real peers for integration tests: aiosmtpd (tests/peers/aiosmtpd_peer.py,
//! run with Debian's /usr/bin/python3 and python3-aiosmtpd), Python's `email`
//! package as an independent decoder (tests/peers/parse_eml.py), and the
//! Secret Service (gnome-keyring under dbus-run-session, read back with
//! `secret-tool`).
//!
//! Policy: with `HUDHUD_REQUIRE_PEERS=1` (as `.ci/run` sets it) a missing peer
//! fails the test; otherwise the test prints a SKIP line and returns early.
//! `HUDHUD_PYTHON` overrides the interpreter (default `/usr/bin/python3`).
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// How long a peer may take to print `READY <port>`.
const READY_TIMEOUT: Duration = Duration::from_secs(20);

/// True when missing peers must fail the tests (`HUDHUD_REQUIRE_PEERS=1`).
pub fn require_peers() -> bool {
    std::env::var("HUDHUD_REQUIRE_PEERS").is_ok_and(|v| v.trim() == "1")
}

/// A peer is missing: panics when peers are required, otherwise prints a
/// SKIP line and returns true so that the caller can return early.
pub fn peer_missing(what: &str) -> bool {
    if require_peers() {
        panic!("required peer missing: {what}");
    }
    eprintln!("SKIP: peer missing: {what} (HUDHUD_REQUIRE_PEERS=1 makes this a failure)");
    true
}

/// The interpreter that has python3-aiosmtpd: `HUDHUD_PYTHON` or Debian's
/// `/usr/bin/python3` (the `python3` on PATH may be another one).
pub fn python() -> PathBuf {
    match std::env::var_os("HUDHUD_PYTHON") {
        Some(path) if !path.is_empty() => PathBuf::from(path),
        _ => PathBuf::from("/usr/bin/python3"),
    }
}

/// tests/peers in the source tree.
pub fn peers_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("peers")
}

fn python_command() -> Command {
    let mut command = Command::new(python());
    command
        .env_remove("PYTHONHOME")
        .env_remove("PYTHONPATH")
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .env("PYTHONIOENCODING", "utf-8");
    command
}

/// Whether `python()` runs and can import aiosmtpd; Err names what is missing.
fn check_python() -> Result<(), String> {
    let python = python();
    let out = python_command()
        .args(["-c", "import aiosmtpd"])
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("{} ({e}); install Debian's python3", python.display()))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "aiosmtpd for {} (install python3-aiosmtpd): {}",
            python.display(),
            String::from_utf8_lossy(&out.stderr)
                .lines()
                .last()
                .unwrap_or("")
                .trim()
        ))
    }
}

/// A running aiosmtpd peer on 127.0.0.1 and ::1 (so `localhost` works),
/// with a throw-away CA. Killed on drop.
pub struct Aiosmtpd {
    pub port: u16,
    /// Where each accepted message lands as `<n>.eml` (raw DATA) and
    /// `<n>.json` ({"mail_from", "rcpt_tos", "auth_seen"}).
    pub maildir: PathBuf,
    /// The CA (PEM) that signed the server's certificate for localhost,
    /// 127.0.0.1 and ::1.
    pub ca_file: PathBuf,
    /// Every SMTP command verb the server read, one per line.
    pub log: PathBuf,
    /// "starttls", "tls" or "plain".
    pub mode: String,
    child: Child,
    stdin: Option<ChildStdin>,
    stderr_file: PathBuf,
    dir: tempfile::TempDir,
}

impl Aiosmtpd {
    /// Starts a peer. `mode` is "starttls" (STARTTLS required, AUTH only
    /// after it), "tls" (implicit TLS) or "plain" (no TLS offered). With
    /// `user`, AUTH PLAIN/LOGIN with that login and password is required.
    ///
    /// None when the interpreter or aiosmtpd is missing (after
    /// `peer_missing`, which panics when peers are required). Any other
    /// failure to start is a bug and panics.
    pub fn start(mode: &str, user: Option<(&str, &str)>) -> Option<Aiosmtpd> {
        assert!(
            matches!(mode, "starttls" | "tls" | "plain"),
            "unknown aiosmtpd mode {mode:?}"
        );
        if let Err(what) = check_python() {
            peer_missing(&what);
            return None;
        }

        let dir = tempfile::Builder::new()
            .prefix("hudhud-aiosmtpd-")
            .tempdir()
            .expect("temp dir for aiosmtpd");
        let maildir = dir.path().join("maildir");
        let log = dir.path().join("commands.log");
        let stderr_file = dir.path().join("peer.stderr");
        let certs = write_certificates(dir.path());

        let script = peers_dir().join("aiosmtpd_peer.py");
        let mut command = python_command();
        command
            .arg(&script)
            .args(["--port", "0", "--mode", mode, "--watch-stdin"])
            .arg("--cert")
            .arg(&certs.cert)
            .arg("--key")
            .arg(&certs.key)
            .arg("--maildir")
            .arg(&maildir)
            .arg("--log")
            .arg(&log);
        if let Some((login, password)) = user {
            command.args(["--user", login, "--password", password]);
        }
        let stderr = std::fs::File::create(&stderr_file).expect("peer stderr file");
        let mut child = command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(stderr)
            .spawn()
            .unwrap_or_else(|e| panic!("spawning {}: {e}", script.display()));

        let stdout = child.stdout.take().expect("peer stdout");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let deadline = Instant::now() + READY_TIMEOUT;
        let port = loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match rx.recv_timeout(left) {
                Ok(line) => {
                    if let Some(port) = line.strip_prefix("READY ") {
                        break port.trim().parse::<u16>().expect("READY <port>");
                    }
                }
                Err(e) => {
                    let _ = child.kill();
                    let status = child.wait();
                    panic!(
                        "aiosmtpd peer ({mode}) did not print READY ({e:?}, {status:?}); stderr:\n{}",
                        std::fs::read_to_string(&stderr_file).unwrap_or_default()
                    );
                }
            }
        };

        let stdin = child.stdin.take();
        Some(Aiosmtpd {
            port,
            maildir,
            ca_file: certs.ca,
            log,
            mode: mode.to_owned(),
            child,
            stdin,
            stderr_file,
            dir,
        })
    }

    /// The accepted messages (`<n>.eml`), in the order they arrived.
    pub fn messages(&self) -> Vec<PathBuf> {
        let mut found: Vec<(u64, PathBuf)> = std::fs::read_dir(&self.maildir)
            .map(|read| {
                read.flatten()
                    .map(|entry| entry.path())
                    .filter(|path| path.extension().is_some_and(|ext| ext == "eml"))
                    .filter_map(|path| {
                        let n = path.file_stem()?.to_str()?.parse::<u64>().ok()?;
                        Some((n, path))
                    })
                    .collect()
            })
            .unwrap_or_default();
        found.sort();
        found.into_iter().map(|(_, path)| path).collect()
    }

    /// Polls until at least `n` messages arrived or `timeout` passed, and
    /// returns what is there then (the caller asserts the count).
    pub fn wait_for_messages(&self, n: usize, timeout: Duration) -> Vec<PathBuf> {
        let deadline = Instant::now() + timeout;
        loop {
            let messages = self.messages();
            if messages.len() >= n || Instant::now() >= deadline {
                return messages;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// The envelope of a message: {"mail_from", "rcpt_tos", "auth_seen"}.
    pub fn envelope(&self, eml: &Path) -> serde_json::Value {
        let json = eml.with_extension("json");
        let bytes = std::fs::read(&json).unwrap_or_else(|e| panic!("{}: {e}", json.display()));
        serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("{}: {e}", json.display()))
    }

    /// The SMTP command verbs the server read so far ("EHLO", "STARTTLS",
    /// "AUTH", "MAIL", ...), never their arguments.
    pub fn commands(&self) -> Vec<String> {
        std::fs::read_to_string(&self.log)
            .unwrap_or_default()
            .lines()
            .map(str::to_owned)
            .collect()
    }

    /// What the peer wrote on stderr so far (for assertion messages).
    pub fn stderr(&self) -> String {
        std::fs::read_to_string(&self.stderr_file).unwrap_or_default()
    }

    /// Decodes a message with Python's `email` package; see [`parse_eml`].
    pub fn parse_eml(&self, path: &Path) -> serde_json::Value {
        parse_eml(path)
    }
}

impl Drop for Aiosmtpd {
    fn drop(&mut self) {
        // Closing its stdin makes the peer exit cleanly; kill it if it lingers.
        drop(self.stdin.take());
        let deadline = Instant::now() + Duration::from_secs(2);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Decodes a message file with Python's `email` package (policy.default), as
/// another mail client would: {"subject", "body", "attachments": [{"filename",
/// "sha256", "content_type"}], "message_id", "date", "has_bcc_header", "from",
/// "to", "cc"}. Panics when the interpreter is missing or the script fails.
pub fn parse_eml(path: &Path) -> serde_json::Value {
    let script = peers_dir().join("parse_eml.py");
    let out = python_command()
        .arg(&script)
        .arg(path)
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("running {} {}: {e}", script.display(), path.display()));
    assert!(
        out.status.success(),
        "parse_eml.py {} failed: {}",
        path.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "parse_eml.py output is not JSON ({e}): {}",
            String::from_utf8_lossy(&out.stdout)
        )
    })
}

struct CertFiles {
    ca: PathBuf,
    cert: PathBuf,
    key: PathBuf,
}

/// A throw-away CA and a server certificate it signed for localhost,
/// 127.0.0.1 and ::1, written as PEM files under `dir`.
fn write_certificates(dir: &Path) -> CertFiles {
    use rcgen::{
        BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer,
        KeyPair, KeyUsagePurpose,
    };

    let mut ca_params = CertificateParams::new(Vec::<String>::new()).expect("CA params");
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca_params
        .distinguished_name
        .push(DnType::CommonName, "Hudhud test CA");
    ca_params.key_usages = vec![
        KeyUsagePurpose::KeyCertSign,
        KeyUsagePurpose::CrlSign,
        KeyUsagePurpose::DigitalSignature,
    ];
    let ca_key = KeyPair::generate().expect("CA key");
    let ca_cert = ca_params.self_signed(&ca_key).expect("CA certificate");
    let issuer = Issuer::new(ca_params, ca_key);

    let names: Vec<String> = ["localhost", "127.0.0.1", "::1"].map(String::from).to_vec();
    let mut leaf_params = CertificateParams::new(names).expect("server params");
    leaf_params
        .distinguished_name
        .push(DnType::CommonName, "localhost");
    leaf_params.is_ca = IsCa::ExplicitNoCa;
    leaf_params.use_authority_key_identifier_extension = true;
    leaf_params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
    leaf_params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    let leaf_key = KeyPair::generate().expect("server key");
    let leaf_cert = leaf_params
        .signed_by(&leaf_key, &issuer)
        .expect("server certificate");

    let files = CertFiles {
        ca: dir.join("ca.pem"),
        cert: dir.join("server.pem"),
        key: dir.join("server.key"),
    };
    std::fs::write(&files.ca, ca_cert.pem()).expect("write ca.pem");
    std::fs::write(&files.cert, leaf_cert.pem()).expect("write server.pem");
    std::fs::write(&files.key, leaf_key.serialize_pem()).expect("write server.key");
    files
}

/// The Secret Service of the session (gnome-keyring under dbus-run-session
/// in `.ci/run`), seen through `secret-tool`.
pub struct SecretService;

impl SecretService {
    /// A session bus is set and `secret-tool` (libsecret-tools) is on PATH.
    pub fn available() -> bool {
        let bus = std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some_and(|v| !v.is_empty());
        bus && find_on_path("secret-tool").is_some()
    }

    /// `secret-tool lookup service S username U`: the secret, or None when
    /// there is no such item (or the lookup fails).
    pub fn secret_tool_lookup(service: &str, username: &str) -> Option<String> {
        let out = Command::new("secret-tool")
            .args(["lookup", "service", service, "username", username])
            .stdin(Stdio::null())
            .output()
            .ok()?;
        if !out.status.success() {
            return None;
        }
        Some(String::from_utf8(out.stdout).expect("secret is UTF-8"))
    }

    /// `secret-tool store --label L service S username U` with `secret`.
    pub fn secret_tool_store(service: &str, username: &str, secret: &str) -> bool {
        let child = Command::new("secret-tool")
            .args(["store", "--label", &format!("{service} {username}")])
            .args(["service", service, "username", username])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn();
        let Ok(mut child) = child else { return false };
        let wrote = child
            .stdin
            .take()
            .map(|mut stdin| stdin.write_all(secret.as_bytes()));
        matches!(wrote, Some(Ok(()))) && child.wait().is_ok_and(|status| status.success())
    }

    /// `secret-tool clear service S username U`.
    pub fn secret_tool_clear(service: &str, username: &str) -> bool {
        Command::new("secret-tool")
            .args(["clear", "service", service, "username", username])
            .stdin(Stdio::null())
            .status()
            .is_ok_and(|status| status.success())
    }
}

fn find_on_path(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(program))
        .find(|candidate| candidate.is_file())
}

/// The Postfix + Dovecot peer that `tests/peers/postfix_dovecot.sh` starts
/// once per run (`.ci/run` exports `HUDHUD_POSTFIX_DIR`). Every recipient of
/// `example.test` is delivered into one Maildir, each copy with a
/// `Delivered-To` header, so a test finds its mail by a recipient of its own.
pub struct Postfix {
    pub dir: PathBuf,
}

impl Postfix {
    pub const USER: &'static str = "layla@example.test";
    pub const PASSWORD: &'static str = "secret";
    /// STARTTLS required, then AUTH.
    pub const SUBMISSION: u16 = 10587;
    /// Implicit TLS, then AUTH.
    pub const SUBMISSIONS: u16 = 10465;
    /// message_size_limit = 200000.
    pub const SMALL: u16 = 10588;
    /// The reply to the final dot comes after 30 s.
    pub const SLOW: u16 = 10589;
    /// No 8BITMIME, SMTPUTF8 or SIZE in EHLO.
    pub const SEVEN_BIT: u16 = 10590;

    /// The running peer, or None (after `peer_missing`) when there is none.
    pub fn get() -> Option<Postfix> {
        let dir = std::env::var_os("HUDHUD_POSTFIX_DIR")
            .filter(|d| !d.is_empty())
            .map(PathBuf::from)
            .filter(|d| d.join("peer.env").is_file());
        match dir {
            Some(dir) => Some(Postfix { dir }),
            None => {
                peer_missing(
                    "Postfix + Dovecot (tests/peers/postfix_dovecot.sh start DIR, then HUDHUD_POSTFIX_DIR=DIR)",
                );
                None
            }
        }
    }

    pub fn ca_file(&self) -> PathBuf {
        self.dir.join("ca.pem")
    }

    /// Postfix's log (smtpd sessions, deliveries).
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.join("postfix.log")).unwrap_or_default()
    }

    /// The IMAP user whose folders have no SPECIAL-USE marks ("Sent Items").
    pub const IMAP_PLAIN_USER: &'static str = "omar@example.test";

    /// Where Dovecot keeps the IMAP mailboxes: the peer's directory, unless
    /// HUDHUD_IMAP_DIR names a second Dovecot (with HUDHUD_IMAP_PORT_OFFSET).
    pub fn imap_dir(&self) -> PathBuf {
        std::env::var_os("HUDHUD_IMAP_DIR")
            .filter(|d| !d.is_empty())
            .map(PathBuf::from)
            .unwrap_or_else(|| self.dir.clone())
    }

    fn imap_offset() -> u16 {
        std::env::var("HUDHUD_IMAP_PORT_OFFSET")
            .ok()
            .and_then(|o| o.parse().ok())
            .unwrap_or(0)
    }

    /// IMAP with implicit TLS.
    pub fn imaps_port() -> u16 {
        10993 + Self::imap_offset()
    }

    /// IMAP with STARTTLS.
    pub fn imap_port() -> u16 {
        10143 + Self::imap_offset()
    }

    /// Whether the running peer has the IMAP user without SPECIAL-USE (a
    /// peer started by an older script does not).
    pub fn has_plain_imap_user(&self) -> bool {
        std::fs::read_to_string(self.imap_dir().join("users"))
            .is_ok_and(|users| users.contains(Self::IMAP_PLAIN_USER))
    }

    /// The files of an IMAP folder (Maildir++: ".Sent", ".Sent Items") of
    /// `user` ("layla", "omar") whose Message-ID is `message_id`.
    pub fn in_folder(&self, user: &str, folder: &str, message_id: &str) -> Vec<PathBuf> {
        let wanted = format!("message-id: {}", message_id.to_ascii_lowercase());
        let mut found = Vec::new();
        for sub in ["new", "cur"] {
            let dir = self
                .imap_dir()
                .join("mail")
                .join(user)
                .join(folder)
                .join(sub);
            let Ok(read) = std::fs::read_dir(dir) else {
                continue;
            };
            for item in read.flatten() {
                let Ok(bytes) = std::fs::read(item.path()) else {
                    continue;
                };
                let text = String::from_utf8_lossy(&bytes).to_ascii_lowercase();
                if text.lines().any(|l| l.trim_end() == wanted) {
                    found.push(item.path());
                }
            }
        }
        found.sort();
        found
    }

    /// Message files delivered to `recipient` so far.
    pub fn delivered_to(&self, recipient: &str) -> Vec<PathBuf> {
        let wanted = format!("Delivered-To: {}", recipient.to_ascii_lowercase());
        let mut found = Vec::new();
        for sub in ["new", "cur"] {
            let Ok(read) = std::fs::read_dir(self.dir.join("mail/layla").join(sub)) else {
                continue;
            };
            for item in read.flatten() {
                let Ok(bytes) = std::fs::read(item.path()) else {
                    continue;
                };
                let head = String::from_utf8_lossy(&bytes[..bytes.len().min(8192)]).into_owned();
                if head.lines().any(|l| l.eq_ignore_ascii_case(&wanted)) {
                    found.push(item.path());
                }
            }
        }
        found.sort();
        found
    }

    /// Waits until `n` copies reached `recipient` (or the time is up).
    pub fn wait_delivered(&self, recipient: &str, n: usize, timeout: Duration) -> Vec<PathBuf> {
        let deadline = Instant::now() + timeout;
        loop {
            let found = self.delivered_to(recipient);
            if found.len() >= n || Instant::now() >= deadline {
                return found;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

/// The SHA-256 of `bytes` in hex, by `sha256sum` (coreutils), not by our code.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let out = Command::new("sha256sum")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            child.stdin.take().unwrap().write_all(bytes)?;
            child.wait_with_output()
        })
        .unwrap();
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .next()
        .unwrap()
        .to_owned()
}

/// The DNS + HTTPS discovery peers that `tests/peers/dns_https.sh` starts
/// once per run (`.ci/run` exports `HUDHUD_DISCOVER_DIR`); `env` holds the
/// variables of its peer.env (resolver address, test CA, ISPDB URL), which
/// tests give only to what they run.
pub struct Discovery {
    pub dir: PathBuf,
    pub env: Vec<(String, String)>,
}

impl Discovery {
    /// The running peers, or None (after `peer_missing`) when there are none.
    pub fn get() -> Option<Discovery> {
        let dir = std::env::var_os("HUDHUD_DISCOVER_DIR")
            .filter(|d| !d.is_empty())
            .map(PathBuf::from)
            .filter(|d| d.join("peer.env").is_file());
        let Some(dir) = dir else {
            peer_missing(
                "DNS + HTTPS discovery peers (tests/peers/dns_https.sh start DIR, then HUDHUD_DISCOVER_DIR=DIR)",
            );
            return None;
        };
        let text = std::fs::read_to_string(dir.join("peer.env")).unwrap();
        let env = text
            .lines()
            .filter_map(|l| l.split_once('='))
            .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
            .collect();
        Some(Discovery { dir, env })
    }

    /// Puts the peers' variables on this process, for tests that run the
    /// library in-process.
    ///
    /// # Safety
    /// Only in a test binary with one test, before any thread reads the
    /// environment.
    pub unsafe fn export(&self) {
        for (key, value) in &self.env {
            // SAFETY: as the caller promised.
            unsafe { std::env::set_var(key, value) };
        }
    }
}
