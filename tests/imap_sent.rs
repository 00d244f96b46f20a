//! The copy in the mailbox's Sent folder (issue 13), end to end: the real
//! program sends through Postfix and APPENDs to Dovecot
//! (tests/peers/postfix_dovecot.sh). The Sent folder is read back from
//! Dovecot's Maildir, not through our IMAP code.
//!
//! With HUDHUD_REQUIRE_PEERS=1 (as .ci/run sets it) a missing peer fails.

mod support;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use support::peers::{Postfix, SecretService, peer_missing};
use support::profile::{Profile, stderr, stdout};

fn postfix() -> Option<Postfix> {
    if !SecretService::available() {
        peer_missing("Secret Service (gnome-keyring under dbus-run-session)");
        return None;
    }
    Postfix::get()
}

/// A profile whose account sends through the peer's submission port.
fn profile(peer: &Postfix, tag: &str) -> Profile {
    let profile = Profile::new(tag);
    let ca = peer.ca_file();
    profile.add_account(
        Postfix::USER,
        Postfix::SUBMISSION,
        "starttls",
        Some(&ca),
        Postfix::PASSWORD,
    );
    profile
}

fn run_ok(profile: &Profile, args: &[&str], stdin: &[u8]) -> String {
    let out = profile.run(args, stdin, "en");
    assert!(
        out.status.success(),
        "{args:?}: {}{}",
        stdout(&out),
        stderr(&out)
    );
    stdout(&out)
}

fn edit(profile: &Profile, extra: &[&str]) {
    let mut args = vec!["account", "edit", profile.account.as_str()];
    args.extend_from_slice(extra);
    run_ok(profile, &args, b"");
}

fn imap_tls(profile: &Profile, port: u16) {
    let port = port.to_string();
    edit(
        profile,
        &[
            "--imap-host",
            "localhost",
            "--imap-port",
            &port,
            "--imap-security",
            "tls",
        ],
    );
}

fn recipient(tag: &str) -> String {
    format!("imap-{tag}-{}@example.test", std::process::id())
}

/// Sends one message (To and a Bcc) and returns its Message-ID.
fn send(profile: &Profile, to: &str, bcc: &str, subject: &str) -> String {
    let out = run_ok(
        profile,
        &["send", "--to", to, "--bcc", bcc, "--subject", subject],
        "مرحبا، this is the body.\n".as_bytes(),
    );
    out.trim().to_owned()
}

/// The id and state file of the sent message with `message_id`.
fn sent_entry(profile: &Profile, message_id: &str) -> (String, serde_json::Value) {
    for item in std::fs::read_dir(profile.data.join("sent"))
        .unwrap()
        .flatten()
    {
        let path = item.path();
        if path.extension().is_some_and(|e| e == "json") {
            let value: serde_json::Value =
                serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
            if value["message_id"] == message_id {
                let id = value["id"].as_str().unwrap().to_owned();
                return (id, value);
            }
        }
    }
    panic!("no sent entry for {message_id}");
}

fn show_json(profile: &Profile, id: &str) -> serde_json::Value {
    let out = run_ok(profile, &["outbox", "show", id, "--json"], b"");
    serde_json::from_str(&out).unwrap()
}

fn lf(bytes: &[u8]) -> Vec<u8> {
    String::from_utf8_lossy(bytes)
        .replace("\r\n", "\n")
        .into_bytes()
}

/// A port where nothing listens.
fn closed_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

#[test]
fn a_sent_message_is_in_sent_once_byte_identical_with_its_bcc_and_seen() {
    let Some(peer) = postfix() else { return };
    let profile = profile(&peer, "copy");
    imap_tls(&profile, Postfix::imaps_port());
    let (to, hidden) = (recipient("to"), recipient("hidden"));
    let message_id = send(&profile, &to, &hidden, "Sent copy");
    let (id, _) = sent_entry(&profile, &message_id);
    let shown = show_json(&profile, &id);
    assert_eq!(shown["sent_copy"], "copied", "{shown:#}");
    assert_eq!(shown["copy"]["folder"], "Sent", "{shown:#}");
    assert!(
        shown["copy"]["uid"].as_u64().is_some(),
        "APPENDUID: {shown:#}"
    );

    let copies = peer.in_folder("layla", ".Sent", &message_id);
    assert_eq!(copies.len(), 1, "{copies:?}");
    // Dovecot keeps \Seen as the S of the Maildir file name.
    let name = copies[0]
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    let flags = name.rsplit(":2,").next().unwrap();
    assert!(name.contains(":2,") && flags.contains('S'), "{name}");
    let sent = std::fs::read(profile.data.join("sent").join(format!("{id}.eml"))).unwrap();
    let mut expected = format!("Bcc: {hidden}\r\n").into_bytes();
    expected.extend_from_slice(&sent);
    // Dovecot stores lines with LF; the bytes are otherwise the same.
    assert_eq!(
        lf(&std::fs::read(&copies[0]).unwrap()),
        lf(&expected),
        "the copy is not the sent message plus Bcc"
    );
    // The message itself went once to each recipient, without the Bcc header.
    let delivered = peer.wait_delivered(&to, 1, Duration::from_secs(20));
    assert_eq!(delivered.len(), 1);
    let text = std::fs::read_to_string(&delivered[0]).unwrap();
    assert!(
        !text
            .to_ascii_lowercase()
            .contains(&format!("bcc: {hidden}"))
    );

    let human = run_ok(&profile, &["outbox", "show", &id], b"");
    assert!(human.contains("Copy in Sent: saved: Sent (UID"), "{human}");
}

#[test]
fn imap_down_sends_anyway_and_the_copy_follows_when_it_returns() {
    let Some(peer) = postfix() else { return };
    let profile = profile(&peer, "down");
    imap_tls(&profile, closed_port());
    let (to, hidden) = (recipient("down"), recipient("down-bcc"));
    let message_id = send(&profile, &to, &hidden, "IMAP down");
    let (id, entry) = sent_entry(&profile, &message_id);
    assert_eq!(entry["state"], "sent");
    assert_eq!(entry["sent_copy"], "pending", "{entry:#}");
    assert_eq!(entry["copy"]["error"]["problem"], "connect", "{entry:#}");
    assert!(entry["copy"]["next_attempt"].is_string(), "{entry:#}");
    assert_eq!(
        peer.wait_delivered(&to, 1, Duration::from_secs(20)).len(),
        1
    );
    assert!(peer.in_folder("layla", ".Sent", &message_id).is_empty());

    // The server comes back (here: the account points at it).
    imap_tls(&profile, Postfix::imaps_port());
    run_ok(&profile, &["outbox", "retry-copy", &id], b"");
    assert_eq!(show_json(&profile, &id)["sent_copy"], "copied");
    assert_eq!(peer.in_folder("layla", ".Sent", &message_id).len(), 1);
    // SMTP was not repeated: still one delivery, and one attempt.
    std::thread::sleep(Duration::from_secs(1));
    assert_eq!(peer.delivered_to(&to).len(), 1);
    assert_eq!(show_json(&profile, &id)["attempts"], 1);
    // A second retry finds nothing to do and appends nothing.
    let again = profile.run(&["outbox", "retry-copy", &id], b"", "en");
    assert!(!again.status.success());
    assert_eq!(peer.in_folder("layla", ".Sent", &message_id).len(), 1);
}

#[test]
fn a_wrong_imap_password_fails_the_copy_with_the_reason_and_not_the_send() {
    let Some(peer) = postfix() else { return };
    let profile = profile(&peer, "wrongpw");
    imap_tls(&profile, Postfix::imaps_port());
    let out = profile.run(
        &["account", "edit", &profile.account, "--imap-password-stdin"],
        b"not-the-password\n",
        "en",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let to = recipient("wrongpw");
    let out = profile.run(
        &["send", "--to", &to, "--subject", "Wrong IMAP password"],
        b"body\n",
        "en",
    );
    // The send succeeds and says what happened to the copy.
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(
            "The message was sent. Copy in Sent: not saved — The IMAP server refused the sign-in"
        ),
        "{}",
        stderr(&out)
    );
    let message_id = stdout(&out).trim().to_owned();
    let (id, entry) = sent_entry(&profile, &message_id);
    assert_eq!(entry["state"], "sent");
    assert_eq!(entry["sent_copy"], "failed", "{entry:#}");
    assert_eq!(entry["copy"]["error"]["problem"], "sign-in", "{entry:#}");
    assert_eq!(
        peer.wait_delivered(&to, 1, Duration::from_secs(20)).len(),
        1
    );
    let human = run_ok(&profile, &["outbox", "show", &id], b"");
    assert!(
        human.contains("The IMAP server refused the sign-in")
            && human.contains("Authentication failed"),
        "{human}"
    );
    // Retried with every log on: the password is nowhere in them.
    let traced = Command::new(env!("CARGO_BIN_EXE_hudhud"))
        .args(["outbox", "retry-copy", &id])
        .env("HUDHUD_CONFIG_DIR", &profile.config)
        .env("HUDHUD_DATA_DIR", &profile.data)
        .env("HUDHUD_LANG", "en")
        .env("HUDHUD_LOG", "trace,async_imap=trace")
        .output()
        .unwrap();
    assert!(!traced.status.success());
    let log = stderr(&traced);
    assert!(
        log.contains("LOGIN") || log.contains("TRACE"),
        "no trace at all: {log}"
    );
    assert!(!log.contains("not-the-password"), "password in the log");
    let arabic = profile.run(&["outbox", "show", &id], b"", "ar");
    assert!(stdout(&arabic).contains("رفض خادم IMAP تسجيل الدخول"));
    // Removing the account takes its IMAP password out of the keychain too.
    let entry = format!("{}#imap", profile.account);
    assert!(SecretService::secret_tool_lookup("hudhud", &entry).is_some());
    run_ok(
        &profile,
        &["account", "remove", &profile.account, "--force"],
        b"",
    );
    assert_eq!(SecretService::secret_tool_lookup("hudhud", &entry), None);
}

#[test]
fn a_server_without_special_use_gets_the_copy_in_its_sent_folder_by_name() {
    let Some(peer) = postfix() else { return };
    if !peer.has_plain_imap_user() {
        assert!(
            !support::peers::require_peers(),
            "the peer has no {} (restart it with the current tests/peers/postfix_dovecot.sh)",
            Postfix::IMAP_PLAIN_USER
        );
        return;
    }
    let profile = profile(&peer, "plain");
    imap_tls(&profile, Postfix::imaps_port());
    edit(&profile, &["--imap-username", Postfix::IMAP_PLAIN_USER]);
    let port = Postfix::imap_port().to_string();
    // Over STARTTLS this time.
    edit(
        &profile,
        &["--imap-port", &port, "--imap-security", "starttls"],
    );
    let message_id = send(
        &profile,
        &recipient("plain"),
        &recipient("plain-bcc"),
        "By name",
    );
    let (id, _) = sent_entry(&profile, &message_id);
    let shown = show_json(&profile, &id);
    assert_eq!(shown["sent_copy"], "copied", "{shown:#}");
    assert_eq!(shown["copy"]["folder"], "Sent Items");
    assert_eq!(peer.in_folder("omar", ".Sent Items", &message_id).len(), 1);
    assert!(peer.in_folder("layla", ".Sent", &message_id).is_empty());
}

#[test]
fn no_save_sent_appends_nothing() {
    let Some(peer) = postfix() else { return };
    let profile = profile(&peer, "nosave");
    imap_tls(&profile, Postfix::imaps_port());
    edit(&profile, &["--no-save-sent"]);
    let to = recipient("nosave");
    let message_id = send(&profile, &to, &recipient("nosave-bcc"), "No copy");
    let (id, entry) = sent_entry(&profile, &message_id);
    assert_eq!(entry["sent_copy"], "off");
    assert_eq!(
        peer.wait_delivered(&to, 1, Duration::from_secs(20)).len(),
        1
    );
    std::thread::sleep(Duration::from_millis(500));
    assert!(peer.in_folder("layla", ".Sent", &message_id).is_empty());
    assert!(
        !profile.data.join("copies").join(&id).exists(),
        "a copy marker for a message that wants none"
    );
}

/// A plain IMAP server on loopback that signs anyone in, shows a \Sent
/// folder, and hangs in the middle of the APPEND; it says when the APPEND
/// began.
fn hanging_server() -> (u16, mpsc::Receiver<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let Ok((stream, _)) = listener.accept() else {
            return;
        };
        let mut out = stream.try_clone().unwrap();
        let mut reader = BufReader::new(stream);
        let _ = out.write_all(b"* OK [CAPABILITY IMAP4rev1 LITERAL+ AUTH=PLAIN] ready\r\n");
        let mut line = String::new();
        while reader.read_line(&mut line).is_ok_and(|n| n > 0) {
            let mut words = line.split_whitespace();
            let tag = words.next().unwrap_or("*").to_owned();
            let command = words.next().unwrap_or("").to_ascii_uppercase();
            let reply = match command.as_str() {
                "LOGIN" => format!("{tag} OK logged in\r\n"),
                "CAPABILITY" => format!("* CAPABILITY IMAP4rev1 LITERAL+\r\n{tag} OK done\r\n"),
                "LIST" => format!("* LIST (\\Sent) \"/\" Sent\r\n{tag} OK done\r\n"),
                "APPEND" => {
                    let _ = tx.send(());
                    // Read a little of the message, then never answer.
                    let mut some = [0u8; 64];
                    let _ = reader.read(&mut some);
                    std::thread::sleep(Duration::from_secs(120));
                    return;
                }
                _ => format!("{tag} OK\r\n"),
            };
            let _ = out.write_all(reply.as_bytes());
            line.clear();
        }
    });
    (port, rx)
}

#[test]
fn killed_during_append_the_copy_is_made_once_after_restart() {
    let Some(peer) = postfix() else { return };
    let profile = profile(&peer, "kill");
    let (port, appending) = hanging_server();
    let port = port.to_string();
    edit(
        &profile,
        &[
            "--imap-host",
            "127.0.0.1",
            "--imap-port",
            &port,
            "--imap-security",
            "none",
        ],
    );
    let to = recipient("kill");
    let mut child = Command::new(env!("CARGO_BIN_EXE_hudhud"))
        .args(["send", "--to", &to, "--subject", "Killed mid-APPEND"])
        .env("HUDHUD_CONFIG_DIR", &profile.config)
        .env("HUDHUD_DATA_DIR", &profile.data)
        .env("HUDHUD_LANG", "en")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"body\n").unwrap();
    appending
        .recv_timeout(Duration::from_secs(60))
        .expect("the APPEND never began");
    child.kill().unwrap();
    let _ = child.wait();

    // Sent over SMTP; the copy was under way: pending, and marked started
    // before the message went out.
    assert_eq!(
        peer.wait_delivered(&to, 1, Duration::from_secs(20)).len(),
        1
    );
    let sent_dir: PathBuf = profile.data.join("sent");
    let json = std::fs::read_dir(&sent_dir)
        .unwrap()
        .flatten()
        .map(|i| i.path())
        .find(|p| p.extension().is_some_and(|e| e == "json"))
        .expect("the message is in sent/");
    let entry: serde_json::Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    let id = entry["id"].as_str().unwrap().to_owned();
    let message_id = entry["message_id"].as_str().unwrap().to_owned();
    assert_eq!(entry["sent_copy"], "pending", "{entry:#}");
    assert_eq!(entry["copy"]["started"], true, "{entry:#}");
    assert!(profile.data.join("copies").join(&id).exists());

    // Restarted against the real server: searched, not found, appended once.
    imap_tls(&profile, Postfix::imaps_port());
    run_ok(&profile, &["outbox", "retry-copy", &id], b"");
    assert_eq!(peer.in_folder("layla", ".Sent", &message_id).len(), 1);

    // Killed again after the server stored it but before the state file
    // said so: the next try finds it by Message-ID and appends nothing.
    let mut entry: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    entry["sent_copy"] = "pending".into();
    entry["copy"]["started"] = true.into();
    entry["copy"]["uid"] = serde_json::Value::Null;
    std::fs::write(&json, serde_json::to_vec_pretty(&entry).unwrap()).unwrap();
    std::fs::write(profile.data.join("copies").join(&id), b"").unwrap();
    run_ok(&profile, &["outbox", "retry-copy", &id], b"");
    assert_eq!(show_json(&profile, &id)["sent_copy"], "copied");
    assert_eq!(peer.in_folder("layla", ".Sent", &message_id).len(), 1);
    assert_eq!(peer.delivered_to(&to).len(), 1, "SMTP was repeated");
}

#[test]
fn the_daemon_makes_a_pending_copy_by_itself_once_imap_is_back() {
    let Some(peer) = postfix() else { return };
    let profile = Profile::new("daemon");
    // Quick retries, so that the test does not wait a minute.
    profile.write_settings("retry_first_secs = 1\nretry_cap_secs = 2");
    let ca = peer.ca_file();
    profile.add_account(
        Postfix::USER,
        Postfix::SUBMISSION,
        "starttls",
        Some(&ca),
        Postfix::PASSWORD,
    );
    imap_tls(&profile, closed_port());
    let to = recipient("daemon");
    let message_id = send(&profile, &to, &recipient("daemon-bcc"), "Daemon copy");
    let (id, entry) = sent_entry(&profile, &message_id);
    assert_eq!(entry["sent_copy"], "pending", "{entry:#}");
    imap_tls(&profile, Postfix::imaps_port());

    let mut daemon = Command::new(env!("CARGO_BIN_EXE_hudhud"))
        .arg("daemon")
        .env("HUDHUD_CONFIG_DIR", &profile.config)
        .env("HUDHUD_DATA_DIR", &profile.data)
        .env("HUDHUD_LANG", "en")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    let mut state = serde_json::Value::Null;
    while std::time::Instant::now() < deadline {
        state = sent_entry(&profile, &message_id).1["sent_copy"].clone();
        if state == "copied" {
            break;
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    daemon.kill().unwrap();
    let _ = daemon.wait();
    assert_eq!(state, "copied", "{:#}", show_json(&profile, &id));
    assert_eq!(peer.in_folder("layla", ".Sent", &message_id).len(), 1);
    assert_eq!(peer.delivered_to(&to).len(), 1, "SMTP was repeated");
    assert!(!profile.data.join("copies").join(&id).exists());
}

#[test]
fn an_oauth2_account_copies_with_its_token_over_sasl() {
    let Some(peer) = postfix() else { return };
    let issuer = std::fs::read_to_string(peer.dir.join("peer.env"))
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("HUDHUD_OAUTH_ISSUER="))
        .map(str::to_owned)
        .expect("peer.env names HUDHUD_OAUTH_ISSUER");
    let profile = Profile::new("oauth");
    let user = format!("imap-oauth-{}@example.test", std::process::id());
    // What pizauth or oama do: print an access token (minted by the peer).
    let script = format!(
        "import json, urllib.request; r = urllib.request.urlopen(urllib.request.Request('{issuer}/control/mint', \
         data=json.dumps({{'user': '{user}', 'client_id': 'imap-oauth'}}).encode(), headers={{'Content-Type': 'application/json'}})); \
         print(json.load(r)['access_token'])"
    );
    let command = format!("python3 -c \"{script}\"");
    let port = Postfix::SUBMISSION.to_string();
    let ca = peer.ca_file().display().to_string();
    run_ok(
        &profile,
        &[
            "account",
            "add",
            &profile.account,
            "--email",
            &user,
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
    imap_tls(&profile, Postfix::imaps_port());
    let message_id = send(
        &profile,
        &recipient("oauth"),
        &recipient("oauth-bcc"),
        "OAuth2 copy",
    );
    let (id, _) = sent_entry(&profile, &message_id);
    let shown = show_json(&profile, &id);
    assert_eq!(shown["sent_copy"], "copied", "{shown:#}");
    let local = user.split('@').next().unwrap();
    assert_eq!(peer.in_folder(local, ".Sent", &message_id).len(), 1);
}

/// A plain IMAP server of the old kind: no LITERAL+, no UIDPLUS, no
/// SPECIAL-USE. It takes one APPEND (after its "+ go ahead") and sends
/// back what it received.
fn old_server() -> (u16, mpsc::Receiver<(String, Vec<u8>)>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let Ok((stream, _)) = listener.accept() else {
            return;
        };
        let mut out = stream.try_clone().unwrap();
        let mut reader = BufReader::new(stream);
        let _ = out.write_all(b"* OK IMAP4rev1 ready\r\n");
        let mut line = String::new();
        while reader.read_line(&mut line).is_ok_and(|n| n > 0) {
            let mut words = line.split_whitespace();
            let tag = words.next().unwrap_or("*").to_owned();
            let command = words.next().unwrap_or("").to_ascii_uppercase();
            let reply = match command.as_str() {
                "CAPABILITY" => format!("* CAPABILITY IMAP4rev1\r\n{tag} OK done\r\n"),
                "LIST" => format!(
                    "* LIST (\\HasNoChildren) \".\" INBOX\r\n\
                     * LIST (\\HasNoChildren) \".\" \"INBOX.Drafts\"\r\n\
                     * LIST (\\HasNoChildren) \".\" \"Sent Messages\"\r\n{tag} OK done\r\n"
                ),
                "APPEND" => {
                    // {N} at the end of the line: a synchronizing literal.
                    let size: usize = line
                        .trim_end()
                        .rsplit('{')
                        .next()
                        .and_then(|s| s.strip_suffix('}'))
                        .and_then(|s| s.parse().ok())
                        .unwrap_or(0);
                    let _ = out.write_all(b"+ go ahead\r\n");
                    let mut message = vec![0u8; size];
                    let _ = reader.read_exact(&mut message);
                    let _ = tx.send((line.trim_end().to_owned(), message));
                    let mut end = String::new();
                    let _ = reader.read_line(&mut end);
                    format!("{tag} OK APPEND completed\r\n")
                }
                _ => format!("{tag} OK\r\n"),
            };
            let _ = out.write_all(reply.as_bytes());
            line.clear();
        }
    });
    (port, rx)
}

#[test]
fn an_old_server_gets_a_synchronizing_literal_in_its_folder_found_by_name() {
    let Some(peer) = postfix() else { return };
    let profile = profile(&peer, "old");
    let (port, appended) = old_server();
    let port = port.to_string();
    edit(
        &profile,
        &[
            "--imap-host",
            "127.0.0.1",
            "--imap-port",
            &port,
            "--imap-security",
            "none",
        ],
    );
    let (to, hidden) = (recipient("old"), recipient("old-bcc"));
    let message_id = send(&profile, &to, &hidden, "Old server");
    let (command, message) = appended
        .recv_timeout(Duration::from_secs(30))
        .expect("no APPEND");
    assert!(
        command.ends_with(&format!(
            "APPEND \"Sent Messages\" (\\Seen) {{{}}}",
            message.len()
        )),
        "{command}"
    );
    let (id, entry) = sent_entry(&profile, &message_id);
    let sent = std::fs::read(profile.data.join("sent").join(format!("{id}.eml"))).unwrap();
    let mut expected = format!("Bcc: {hidden}\r\n").into_bytes();
    expected.extend_from_slice(&sent);
    assert_eq!(message, expected, "not byte-identical");
    assert_eq!(entry["sent_copy"], "copied", "{entry:#}");
    assert_eq!(entry["copy"]["folder"], "Sent Messages");
    assert!(entry["copy"]["uid"].is_null(), "no UIDPLUS, no UID");
}
