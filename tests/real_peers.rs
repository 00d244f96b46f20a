//! The real program against real peers: aiosmtpd (STARTTLS + AUTH, implicit
//! TLS + AUTH, and no STARTTLS at all) and the Secret Service of
//! gnome-keyring. Run by .ci/run with HUDHUD_REQUIRE_PEERS=1, where a missing
//! peer fails instead of skipping.

mod support;

use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::Duration;

use support::peers::{Aiosmtpd, SecretService, peer_missing};
use support::profile::{Profile, stderr};

const USER: &str = "layla@example.com";
const PASSWORD: &str = "peer-test-password-ليلى";

/// A short message to one recipient, as a script would send it.
fn send_short(profile: &Profile, subject: &str) -> Output {
    profile.run(
        &["send", "--to", "omar@example.com", "--subject", subject],
        b"x\n",
        "en",
    )
}

/// Adds the account for the aiosmtpd peer (its CA file when `ca`).
fn add_account(profile: &Profile, peer: &Aiosmtpd, security: &str, password: &str, ca: bool) {
    let ca_file = ca.then_some(peer.ca_file.as_path());
    profile.add_account(USER, peer.port, security, ca_file, password);
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    if let Ok(read) = std::fs::read_dir(dir) {
        for item in read.flatten() {
            let path = item.path();
            if path.is_dir() {
                found.extend(files_under(&path));
            } else {
                found.push(path);
            }
        }
    }
    found
}

/// Both peers this file needs, or None when one is missing (and allowed to be).
fn peers(mode: &str, user: Option<(&str, &str)>) -> Option<Aiosmtpd> {
    if !SecretService::available() {
        peer_missing("Secret Service (gnome-keyring under dbus-run-session)");
        return None;
    }
    match Aiosmtpd::start(mode, user) {
        Some(peer) => Some(peer),
        None => {
            peer_missing("aiosmtpd (python3-aiosmtpd)");
            None
        }
    }
}

#[test]
fn arabic_message_with_pdf_over_starttls_and_auth_arrives_intact() {
    let Some(peer) = peers("starttls", Some((USER, PASSWORD))) else {
        return;
    };
    let profile = Profile::new("starttls");
    add_account(&profile, &peer, "starttls", PASSWORD, true);

    // The password is in the Secret Service, and in no file of ours.
    assert_eq!(
        SecretService::secret_tool_lookup("hudhud", &profile.account).as_deref(),
        Some(PASSWORD)
    );
    for file in files_under(&profile.config)
        .into_iter()
        .chain(files_under(&profile.data))
    {
        let bytes = std::fs::read(&file).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains(PASSWORD),
            "password found in {}",
            file.display()
        );
    }

    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("تقرير الربع.pdf");
    let pdf_bytes: Vec<u8> =
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
            .iter()
            .copied()
            .chain((0..=255u8).cycle().take(4096))
            .collect();
    std::fs::write(&pdf, &pdf_bytes).unwrap();
    let subject = "تقرير الربع الثالث — Q3";
    let body = "مرحبا يا فريق،\nالتقرير مرفق.\nشكرًا\n";
    let pdf_arg = pdf.display().to_string();
    let out = profile.run(
        &[
            "send",
            "--to",
            "omar@example.com",
            "--cc",
            "Sara <sara@example.com>",
            "--bcc",
            "hidden@example.com",
            "--subject",
            subject,
            "--attach",
            &pdf_arg,
        ],
        body.as_bytes(),
        "en",
    );
    assert!(
        out.status.success(),
        "exit {:?}: {}",
        out.status.code(),
        stderr(&out)
    );

    let messages = peer.wait_for_messages(1, Duration::from_secs(10));
    assert_eq!(messages.len(), 1);
    let parsed = peer.parse_eml(&messages[0]);
    assert_eq!(parsed["subject"], subject);
    assert_eq!(parsed["body"].as_str().unwrap().replace("\r\n", "\n"), body);
    assert_eq!(parsed["has_bcc_header"], false);
    assert!(
        parsed["message_id"]
            .as_str()
            .unwrap()
            .ends_with("@example.com>")
    );
    assert!(!parsed["date"].as_str().unwrap().is_empty());
    let attachment = &parsed["attachments"][0];
    assert_eq!(attachment["filename"], "تقرير الربع.pdf");
    assert_eq!(attachment["content_type"], "application/pdf");
    let digest = support::peers::sha256_hex(&pdf_bytes);
    assert_eq!(attachment["sha256"], digest);
    // Bcc only in the envelope.
    let envelope: serde_json::Value =
        serde_json::from_slice(&std::fs::read(messages[0].with_extension("json")).unwrap())
            .unwrap();
    let rcpts: Vec<&str> = envelope["rcpt_tos"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert!(rcpts.contains(&"hidden@example.com"), "{rcpts:?}");
    let raw = String::from_utf8_lossy(&std::fs::read(&messages[0]).unwrap()).into_owned();
    assert!(!raw.contains("hidden@example.com"));

    // Removing the account removes its keychain entry.
    profile.remove_account();
    assert_eq!(
        SecretService::secret_tool_lookup("hudhud", &profile.account),
        None
    );
}

#[test]
fn implicit_tls_with_auth_delivers() {
    let Some(peer) = peers("tls", Some((USER, PASSWORD))) else {
        return;
    };
    let profile = Profile::new("tls");
    add_account(&profile, &peer, "tls", PASSWORD, true);
    let out = send_short(&profile, "tls");
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(peer.wait_for_messages(1, Duration::from_secs(10)).len(), 1);
    profile.remove_account();
}

#[test]
fn wrong_password_exits_77_with_the_servers_535() {
    let Some(peer) = peers("starttls", Some((USER, PASSWORD))) else {
        return;
    };
    let profile = Profile::new("wrongpw");
    add_account(&profile, &peer, "starttls", "not the password", true);
    let out = send_short(&profile, "x");
    assert_eq!(out.status.code(), Some(77), "{}", stderr(&out));
    assert!(stderr(&out).contains("535"), "{}", stderr(&out));
    assert!(peer.messages().is_empty());
    profile.remove_account();
}

#[test]
fn starttls_account_against_a_server_without_starttls_exits_78_before_auth() {
    let Some(peer) = peers("plain", Some((USER, PASSWORD))) else {
        return;
    };
    let profile = Profile::new("nostarttls");
    add_account(&profile, &peer, "starttls", PASSWORD, false);
    let out = send_short(&profile, "x");
    assert_eq!(out.status.code(), Some(78), "{}", stderr(&out));
    let commands = peer.commands();
    assert!(
        !commands.iter().any(|c| c == "AUTH" || c == "MAIL"),
        "{commands:?}"
    );
    assert!(
        commands.iter().any(|c| c == "EHLO"),
        "the server was reached: {commands:?}"
    );
    profile.remove_account();
}

#[test]
fn untrusted_certificate_exits_78_and_the_ca_file_fixes_it() {
    let Some(peer) = peers("starttls", Some((USER, PASSWORD))) else {
        return;
    };
    let profile = Profile::new("untrusted");
    add_account(&profile, &peer, "starttls", PASSWORD, false);
    let out = send_short(&profile, "x");
    assert_eq!(out.status.code(), Some(78), "{}", stderr(&out));
    assert!(stderr(&out).contains("certificate"), "{}", stderr(&out));
    assert!(!peer.commands().iter().any(|c| c == "AUTH"));
    profile.remove_account();

    let trusted = Profile::new("trusted");
    add_account(&trusted, &peer, "starttls", PASSWORD, true);
    let out = send_short(&trusted, "x");
    assert!(out.status.success(), "{}", stderr(&out));
    trusted.remove_account();
}

#[test]
fn invalid_address_error_is_in_arabic() {
    let Some(peer) = peers("starttls", Some((USER, PASSWORD))) else {
        return;
    };
    let profile = Profile::new("arabic");
    add_account(&profile, &peer, "starttls", PASSWORD, true);
    let out = profile.run(&["send", "--to", "omar@", "--subject", "x"], b"x\n", "ar");
    assert_eq!(out.status.code(), Some(64));
    let text = stderr(&out);
    assert!(text.contains("غير صالح"), "{text}");
    assert!(text.contains("omar@"), "{text}");
    assert!(
        peer.commands().is_empty(),
        "nothing was sent: {:?}",
        peer.commands()
    );
    profile.remove_account();
}

#[test]
fn sendmail_t_delivers_through_the_default_account() {
    let Some(peer) = peers("starttls", Some((USER, PASSWORD))) else {
        return;
    };
    let profile = Profile::new("sendmail");
    add_account(&profile, &peer, "starttls", PASSWORD, true);
    let out = profile.run(
        &["sendmail", "-t"],
        b"To: x@example.com\nSubject: alert\n\nbody\n",
        "en",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let messages = peer.wait_for_messages(1, Duration::from_secs(10));
    let parsed = peer.parse_eml(&messages[0]);
    assert_eq!(parsed["subject"], "alert");
    assert_eq!(parsed["to"], "x@example.com");
    assert!(parsed["from"].as_str().unwrap().contains(USER));
    profile.remove_account();
}
