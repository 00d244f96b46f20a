//! The real program against a real MTA: Postfix's smtpd with Dovecot SASL
//! (tests/peers/postfix_dovecot.sh, started once per run by .ci/run), with
//! the password in gnome-keyring's Secret Service. Delivered mail is read
//! back from the Maildir and decoded by Python's `email` package.
//!
//! With HUDHUD_REQUIRE_PEERS=1 (as .ci/run sets it) a missing peer fails.

mod support;

use std::path::Path;
use std::time::Duration;

use support::peers::{Postfix, SecretService, parse_eml, peer_missing};
use support::profile::{Profile, stderr, stdout};

/// The peer and the keychain, or None when one is missing (and may be).
fn postfix() -> Option<Postfix> {
    if !SecretService::available() {
        peer_missing("Secret Service (gnome-keyring under dbus-run-session)");
        return None;
    }
    Postfix::get()
}

/// A profile with one account on `port` of the peer.
fn profile(peer: &Postfix, tag: &str, port: u16, security: &str) -> Profile {
    account_in(Profile::new(tag), peer, port, security)
}

/// Adds the account to `profile` (which may already hold settings).
fn account_in(profile: Profile, peer: &Postfix, port: u16, security: &str) -> Profile {
    let ca = peer.ca_file();
    profile.add_account(Postfix::USER, port, security, Some(&ca), Postfix::PASSWORD);
    profile
}

/// A recipient address of this test alone (all copies land in one Maildir).
fn recipient(tag: &str) -> String {
    format!("{tag}-{}@example.test", std::process::id())
}

fn outbox_entry(profile: &Profile, state_hint: &str) -> serde_json::Value {
    let out = profile.run(&["outbox", "list", "--json"], b"", "en");
    let list: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("outbox list --json ({e}): {}", stdout(&out)));
    let entries = list.as_array().unwrap();
    assert_eq!(entries.len(), 1, "{state_hint}: {list:#}");
    entries[0].clone()
}

/// Every line of a delivered file: CRLF or LF ends only (Postfix stores LF),
/// at most 998 octets, no NUL, no bare CR.
fn assert_canonical(path: &Path) {
    let bytes = std::fs::read(path).unwrap();
    assert!(!bytes.contains(&0), "NUL in {}", path.display());
    for (n, line) in bytes.split(|b| *b == b'\n').enumerate() {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        assert!(
            !line.contains(&b'\r'),
            "bare CR on line {} of {}",
            n + 1,
            path.display()
        );
        assert!(
            line.len() <= 998,
            "line {} has {} octets in {}",
            n + 1,
            line.len(),
            path.display()
        );
    }
}

#[test]
fn hostile_content_over_starttls_arrives_intact_and_canonical() {
    let Some(peer) = postfix() else { return };
    let profile = profile(&peer, "content", Postfix::SUBMISSION, "starttls");
    let to = recipient("content");
    let dir = tempfile::tempdir().unwrap();

    // A text attachment in Arabic with bare LF lines and the smuggling pattern.
    let notes = dir.path().join("ملاحظات.txt");
    let notes_text = "ملاحظات الاجتماع\nسطر ثان\n.\r\nMAIL FROM:<x@evil.test>\n\n.\nنهاية\n";
    std::fs::write(&notes, notes_text).unwrap();
    // Binary with NUL, CR, LF, 8-bit and dot lines.
    let blob = dir.path().join("data.bin");
    let blob_bytes: Vec<u8> = b"\n.\r\n\0\r\r\n.\n"
        .iter()
        .copied()
        .chain((0..=255u8).cycle().take(70_000))
        .collect();
    std::fs::write(&blob, &blob_bytes).unwrap();
    // A subject of 10 000 characters, mixed scripts.
    let subject: String = (0..800)
        .map(|i| if i % 2 == 0 { "تقرير " } else { "report " })
        .collect::<String>()
        .chars()
        .take(10_000)
        .collect::<String>()
        .trim()
        .to_owned();
    // Many recipients: one To header far over 998 octets unless folded.
    let many: Vec<String> = (0..60)
        .map(|i| format!("Recipient Number {i} <{}>", recipient(&format!("many{i}"))))
        .collect();
    let body = format!(
        ".leading dot\n{}\nسطر عربي\n.\n\nlast\n",
        "long line ".repeat(400)
    );

    let notes_arg = notes.display().to_string();
    let blob_arg = blob.display().to_string();
    let mut args = vec![
        "send",
        "--to",
        &to,
        "--subject",
        &subject,
        "--attach",
        &notes_arg,
        "--attach",
        &blob_arg,
    ];
    for address in &many {
        args.extend(["--cc", address]);
    }
    let out = profile.run(&args, body.as_bytes(), "en");
    assert!(
        out.status.success(),
        "exit {:?}: {}",
        out.status.code(),
        stderr(&out)
    );

    let files = peer.wait_delivered(&to, 1, Duration::from_secs(20));
    assert_eq!(files.len(), 1, "one copy for {to}");
    assert_canonical(&files[0]);
    let parsed = parse_eml(&files[0]);
    assert_eq!(parsed["subject"], subject.as_str());
    assert_eq!(
        parsed["body"].as_str().unwrap().replace("\r\n", "\n"),
        body,
        "body"
    );
    let attachments = parsed["attachments"].as_array().unwrap();
    assert_eq!(attachments.len(), 2, "{parsed:#}");
    let text = &attachments[0];
    assert_eq!(text["filename"], "ملاحظات.txt");
    assert_eq!(text["charset"], "utf-8", "{text:#}");
    assert_eq!(
        text["text"].as_str().unwrap().replace("\r\n", "\n"),
        notes_text.replace("\r\n", "\n"),
        "the Arabic text attachment decodes to its text"
    );
    assert_eq!(attachments[1]["filename"], "data.bin");
    assert_eq!(
        attachments[1]["transfer_encoding"]
            .as_str()
            .map(str::to_lowercase),
        Some("base64".to_owned())
    );
    assert_eq!(
        attachments[1]["sha256"],
        support::peers::sha256_hex(&blob_bytes)
    );
    let cc = parsed["cc"].as_str().unwrap();
    for i in [0, 29, 59] {
        assert!(cc.contains(&recipient(&format!("many{i}"))), "{cc}");
    }
    // Every Cc recipient got exactly one copy.
    assert_eq!(
        peer.wait_delivered(&recipient("many59"), 1, Duration::from_secs(10))
            .len(),
        1
    );
}

#[test]
fn implicit_tls_delivers_and_the_ehlo_name_is_not_a_bare_host_name() {
    let Some(peer) = postfix() else { return };
    let profile = profile(&peer, "tls", Postfix::SUBMISSIONS, "tls");
    let to = recipient("tls");
    let out = profile.run(&["send", "--to", &to, "--subject", "tls"], b"x\n", "en");
    assert!(out.status.success(), "{}", stderr(&out));
    let files = peer.wait_delivered(&to, 1, Duration::from_secs(20));
    assert_eq!(files.len(), 1);
    // Postfix records the EHLO name in its Received header:
    // "from NAME (localhost [127.0.0.1])".
    let raw = std::fs::read_to_string(&files[0]).unwrap();
    let received = raw
        .lines()
        .find(|l| l.starts_with("Received: from "))
        .unwrap();
    let name = received["Received: from ".len()..]
        .split_whitespace()
        .next()
        .unwrap();
    assert!(
        name.starts_with('[') || name.contains('.'),
        "EHLO {name} is a bare host name: {received}"
    );
}

#[test]
fn a_refused_recipient_fails_everyone_then_send_to_accepted_reaches_the_rest() {
    let Some(peer) = postfix() else { return };
    let profile = profile(&peer, "refused", Postfix::SUBMISSION, "starttls");
    let to = recipient("accepted");
    let out = profile.run(
        &[
            "send",
            "--to",
            &to,
            "--cc",
            "reject@example.test",
            "--subject",
            "one refused",
        ],
        b"x\n",
        "en",
    );
    assert_eq!(out.status.code(), Some(65), "{}", stderr(&out));
    assert!(stderr(&out).contains("554"), "{}", stderr(&out));
    let entry = outbox_entry(&profile, "after the refusal");
    assert_eq!(entry["state"], "failed");
    std::thread::sleep(Duration::from_secs(2));
    assert!(peer.delivered_to(&to).is_empty(), "nobody gets it");

    let id = entry["id"].as_str().unwrap();
    let out = profile.run(&["outbox", "send-to-accepted", id], b"", "en");
    assert!(out.status.success(), "{}", stderr(&out));
    let out = profile.run(&["outbox", "flush"], b"", "en");
    assert!(
        matches!(out.status.code(), Some(0) | Some(65)),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        peer.wait_delivered(&to, 1, Duration::from_secs(20)).len(),
        1
    );
    assert!(peer.delivered_to("reject@example.test").is_empty());
}

#[test]
fn a_deferred_recipient_waits_to_retry_and_flush_says_so() {
    let Some(peer) = postfix() else { return };
    let profile = profile(&peer, "defer", Postfix::SUBMISSION, "starttls");
    let out = profile.run(
        &["send", "--to", "defer@example.test", "--subject", "later"],
        b"x\n",
        "en",
    );
    assert_eq!(out.status.code(), Some(75), "{}", stderr(&out));
    assert!(stderr(&out).contains("450"), "{}", stderr(&out));
    assert_eq!(outbox_entry(&profile, "deferred")["state"], "deferred");
    // Nothing due now, but a message waits to retry: flush exits 75.
    let out = profile.run(&["outbox", "flush"], b"", "en");
    assert_eq!(out.status.code(), Some(75), "{}", stderr(&out));
    drop(peer);
}

#[test]
fn too_big_for_the_servers_size_fails_before_upload_with_both_sizes() {
    let Some(peer) = postfix() else { return };
    let profile = profile(&peer, "small", Postfix::SMALL, "starttls");
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.bin");
    std::fs::write(&big, vec![7u8; 300_000]).unwrap();
    let to = recipient("small");
    let big_arg = big.display().to_string();
    let out = profile.run(
        &[
            "send",
            "--to",
            &to,
            "--subject",
            "big",
            "--attach",
            &big_arg,
        ],
        b"x\n",
        "en",
    );
    assert_eq!(out.status.code(), Some(65), "{}", stderr(&out));
    std::thread::sleep(Duration::from_secs(1));
    assert!(peer.delivered_to(&to).is_empty());
}

#[test]
fn no_reply_to_the_final_dot_is_unconfirmed_and_never_resent() {
    let Some(peer) = postfix() else { return };
    let profile = Profile::new("slow");
    profile.write_settings("timeout_secs = 5");
    let profile = account_in(profile, &peer, Postfix::SLOW, "starttls");
    let to = recipient("slow");
    let out = profile.run(&["send", "--to", &to, "--subject", "slow"], b"x\n", "en");
    assert_eq!(out.status.code(), Some(75), "{}", stderr(&out));
    let entry = outbox_entry(&profile, "unconfirmed");
    assert_eq!(entry["state"], "unconfirmed", "{entry:#}");
    // Postfix delivers it once its 30 s pause is over; we never send it again.
    let out = profile.run(&["outbox", "flush"], b"", "en");
    assert_eq!(out.status.code(), Some(75), "{}", stderr(&out));
    assert_eq!(
        peer.wait_delivered(&to, 1, Duration::from_secs(45)).len(),
        1
    );
    let out = profile.run(&["outbox", "flush"], b"", "en");
    assert_eq!(out.status.code(), Some(75), "{}", stderr(&out));
    std::thread::sleep(Duration::from_secs(2));
    assert_eq!(peer.delivered_to(&to).len(), 1, "exactly one copy");
}

#[test]
fn sendmail_with_a_crlf_full_name_injects_no_header() {
    let Some(peer) = postfix() else { return };
    let profile = profile(&peer, "inject", Postfix::SUBMISSION, "starttls");
    let to = recipient("inject");
    let message = format!("To: {to}\nSubject: cron\n\nall good\n");
    let out = profile.run(
        &[
            "sendmail",
            "-t",
            "-F",
            "Cron\r\nX-Injected: yes\nBcc: boss@example.test",
        ],
        message.as_bytes(),
        "en",
    );
    match out.status.code() {
        // Refused, naming the option: nothing goes out.
        Some(64) => {
            assert!(stderr(&out).contains("-F"), "{}", stderr(&out));
            std::thread::sleep(Duration::from_secs(1));
            assert!(peer.delivered_to(&to).is_empty());
        }
        Some(0) => {
            let _ = profile.run(&["outbox", "flush"], b"", "en");
            let files = peer.wait_delivered(&to, 1, Duration::from_secs(20));
            assert_eq!(files.len(), 1);
            let raw = std::fs::read_to_string(&files[0]).unwrap();
            let head = raw.split("\n\n").next().unwrap();
            assert!(
                !head
                    .lines()
                    .any(|l| l.starts_with("X-Injected") || l.starts_with("Bcc")),
                "{head}"
            );
            assert!(peer.delivered_to("boss@example.test").is_empty());
            let parsed = parse_eml(&files[0]);
            assert_eq!(parsed["body"].as_str().unwrap().trim_end(), "all good");
        }
        code => panic!("exit {code:?}: {}", stderr(&out)),
    }
}

#[test]
fn an_eight_bit_sendmail_body_goes_seven_bit_to_a_server_without_8bitmime() {
    let Some(peer) = postfix() else { return };
    let profile = profile(&peer, "sevenbit", Postfix::SEVEN_BIT, "starttls");
    let to = recipient("sevenbit");
    let body = "القرص ممتلئ بنسبة ٩٩٪\n.\nend\n";
    let message = format!("To: {to}\nSubject: disk\n\n{body}");
    let out = profile.run(&["sendmail", "-t", "-i", "-odi"], message.as_bytes(), "en");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let _ = profile.run(&["outbox", "flush"], b"", "en");
    let files = peer.wait_delivered(&to, 1, Duration::from_secs(20));
    assert_eq!(files.len(), 1);
    let bytes = std::fs::read(&files[0]).unwrap();
    assert!(bytes.is_ascii(), "8-bit bytes went to a 7-bit server");
    let parsed = parse_eml(&files[0]);
    assert_eq!(parsed["body"].as_str().unwrap().replace("\r\n", "\n"), body);
}

/// A small seeded generator (xorshift), so a failing case can be rerun.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }

    /// Text from pieces that break naive writers: CR, LF, dots at line
    /// starts, RTL marks, Arabic, long runs, `=?` and tabs.
    fn text(&mut self, pieces: usize) -> String {
        const PARTS: [&str; 12] = [
            "مرحبا",
            " ",
            "\n",
            "\r\n",
            "\n.\n",
            ".",
            "\u{200F}",
            "=?utf-8?q?x?=",
            "\t",
            "word",
            "سطر عربي طويل ",
            "x",
        ];
        (0..pieces)
            .map(|_| match self.below(20) {
                0 => "y".repeat(1200),
                _ => PARTS[self.below(PARTS.len())].to_owned(),
            })
            .collect()
    }
}

/// Issue 10's property test on the real peer: random subjects, names,
/// bodies and attachment bytes go through Postfix, and Python's `email`
/// (policy.default) reads back the same subject, text and bytes.
#[test]
fn random_messages_through_postfix_decode_back_the_same() {
    let Some(peer) = postfix() else { return };
    let profile = profile(&peer, "random", Postfix::SUBMISSION, "starttls");
    let seed = std::env::var("SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5eed_2026_u64);
    let mut rng = Rng(seed);
    let dir = tempfile::tempdir().unwrap();
    for case in 0..12 {
        let to = recipient(&format!("random{case}"));
        // Subjects are one line: the typed field has no line breaks.
        let pieces = 1 + rng.below(30);
        let subject: String = rng
            .text(pieces)
            .replace(['\r', '\n'], " ")
            .trim()
            .to_owned();
        let subject = if subject.is_empty() {
            "s".to_owned()
        } else {
            subject
        };
        let pieces = rng.below(60);
        let body = rng.text(pieces).replace("\r\n", "\n");
        let bytes: Vec<u8> = (0..rng.below(5000))
            .map(|_| match rng.below(6) {
                0 => b'\n',
                1 => b'\r',
                2 => b'.',
                3 => 0,
                _ => rng.below(256) as u8,
            })
            .collect();
        let file = dir.path().join(format!("ملف {case}.bin"));
        std::fs::write(&file, &bytes).unwrap();
        let file_arg = file.display().to_string();
        let out = profile.run(
            &[
                "send",
                "--to",
                &to,
                "--subject",
                &subject,
                "--attach",
                &file_arg,
            ],
            body.as_bytes(),
            "en",
        );
        assert!(
            out.status.success(),
            "seed {seed} case {case}: {}",
            stderr(&out)
        );
        let files = peer.wait_delivered(&to, 1, Duration::from_secs(20));
        assert_eq!(files.len(), 1, "seed {seed} case {case}");
        assert_canonical(&files[0]);
        let parsed = parse_eml(&files[0]);
        assert_eq!(
            parsed["subject"],
            subject.as_str(),
            "seed {seed} case {case}"
        );
        let text = parsed["body"]
            .as_str()
            .unwrap_or_default()
            .replace("\r\n", "\n");
        // A typed text ends with one line break on the wire.
        assert_eq!(
            text.trim_end_matches('\n'),
            body.trim_end_matches('\n'),
            "seed {seed} case {case}"
        );
        assert_eq!(
            parsed["attachments"][0]["sha256"],
            support::peers::sha256_hex(&bytes),
            "seed {seed} case {case}"
        );
    }
}

/// Flowed text (RFC 3676) joined again: a line that ends in a space goes on
/// on the next line. Enough for text without quotes or stuffing.
fn unflowed(text: &str) -> String {
    text.replace("\r\n", "\n").replace(" \n", " ")
}

#[test]
fn markdown_goes_as_flowed_text_and_html_that_another_client_reads_back() {
    let Some(peer) = postfix() else { return };
    let profile = profile(&peer, "markdown", Postfix::SUBMISSION, "starttls");
    let to = recipient("markdown");
    let paragraph = "التقرير الفصلي **جاهز** للمراجعة، وفيه الأرقام كلها والملاحظات. ".repeat(4);
    let body = format!(
        "مرحبا سلمى،\n\n{}\n\n- بند أول\n- بند *ثان*\n\nSee [the site](https://example.org/?a=1&b=2) and <script>alert(1)</script>\n",
        paragraph.trim_end()
    );
    let out = profile.run(
        &["send", "--markdown", "--to", &to, "--subject", "ماركداون"],
        body.as_bytes(),
        "en",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let files = peer.wait_delivered(&to, 1, Duration::from_secs(20));
    assert_eq!(files.len(), 1);
    assert_canonical(&files[0]);
    let parsed = parse_eml(&files[0]);
    assert_eq!(
        parsed["content_type"], "multipart/alternative",
        "{parsed:#}"
    );
    assert_eq!(
        parsed["alternatives"],
        serde_json::json!(["text/plain", "text/html"])
    );
    assert_eq!(parsed["body_format"], "flowed");
    let text = parsed["body"].as_str().unwrap();
    assert!(
        text.lines().all(|l| l.chars().count() <= 78),
        "flowed lines are short: {text}"
    );
    assert_eq!(unflowed(text), body, "the text part is the text as typed");
    let html = parsed["html"].as_str().unwrap();
    assert!(html.contains("<p dir=\"rtl\""), "{html}");
    assert!(html.contains("<strong>جاهز</strong>"), "{html}");
    assert!(html.contains("<ul dir=\"rtl\""), "{html}");
    assert!(html.contains("<em>ثان</em>"), "{html}");
    assert!(
        html.contains("<a href=\"https://example.org/?a=1&amp;b=2\""),
        "{html}"
    );
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{html}"
    );
    assert!(!html.contains("<script"), "{html}");

    // An account set to plain text sends the same text alone, as typed.
    let out = profile.run(
        &["account", "edit", &profile.account, "--plain-text"],
        b"",
        "en",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let plain_to = recipient("markdown-plain");
    let out = profile.run(
        &[
            "send",
            "--markdown",
            "--to",
            &plain_to,
            "--subject",
            "plain",
        ],
        body.as_bytes(),
        "en",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let files = peer.wait_delivered(&plain_to, 1, Duration::from_secs(20));
    let parsed = parse_eml(&files[0]);
    assert_eq!(parsed["content_type"], "text/plain", "{parsed:#}");
    assert_eq!(parsed["html"], serde_json::Value::Null);
    assert_eq!(parsed["body_format"], serde_json::Value::Null);
    assert_eq!(parsed["body"].as_str().unwrap().replace("\r\n", "\n"), body);
}

/// An alias of the account, with its own name and multi-line signature:
/// Postfix (which, as most submission servers by default, lets a signed-in
/// user give any sender) delivers it with the alias as From and as the
/// envelope sender (its Return-Path), the account's login unchanged.
#[test]
fn an_alias_is_delivered_with_its_from_envelope_sender_and_signature() {
    let Some(peer) = postfix() else { return };
    let profile = profile(&peer, "alias", Postfix::SUBMISSION, "starttls");
    let alias = format!("sales-{}@example.test", std::process::id());
    let signature = "The sales team\nفريق المبيعات";
    let out = profile.run(
        &[
            "account",
            "identity",
            "add",
            &profile.account,
            &alias,
            "--display-name",
            "مبيعات هدهد",
            "--signature",
            signature,
        ],
        b"",
        "en",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let to = recipient("alias");
    let out = profile.run(
        &["send", "--from", &alias, "--to", &to, "--subject", "offer"],
        b"Our offer is attached in spirit.\n",
        "en",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let files = peer.wait_delivered(&to, 1, Duration::from_secs(20));
    assert_eq!(files.len(), 1);
    let raw = std::fs::read_to_string(&files[0]).unwrap();
    let return_path = raw
        .lines()
        .find(|l| l.starts_with("Return-Path:"))
        .unwrap_or_else(|| panic!("no Return-Path in {raw}"));
    assert_eq!(return_path, format!("Return-Path: <{alias}>"));
    let parsed = parse_eml(&files[0]);
    let from = parsed["from"].as_str().unwrap_or_default();
    assert!(
        from.contains(&alias) && from.contains("مبيعات هدهد"),
        "{parsed:#}"
    );
    let body = parsed["body"]
        .as_str()
        .unwrap_or_default()
        .replace("\r\n", "\n");
    assert_eq!(
        body.trim_end(),
        format!("Our offer is attached in spirit.\n\n-- \n{signature}")
    );
    profile.remove_account();
}

/// A message scheduled with `send --at` is dated when it goes, not when it
/// was queued ("Send now" here stands for its time coming), and what
/// Postfix delivers is what the spool keeps as sent.
#[test]
fn a_scheduled_message_arrives_dated_when_it_went_with_the_bytes_kept() {
    let Some(peer) = postfix() else { return };
    let profile = profile(&peer, "sched", Postfix::SUBMISSION, "starttls");
    let to = recipient("sched");
    let at = hudhud::services::time::format_local(chrono::Utc::now() + chrono::Duration::days(1));
    let out = profile.run(
        &["send", "--to", &to, "--subject", "scheduled", "--at", &at],
        b"x\n",
        "en",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let id = stdout(&out).trim().to_owned();
    // The command line says what the window says: scheduled, not queued.
    let listed = stdout(&profile.run(&["outbox", "list"], b"", "en"));
    let row = listed
        .lines()
        .find(|l| l.starts_with(&id))
        .unwrap_or_default();
    assert!(row.contains("\tscheduled\t"), "{listed}");
    let spool = hudhud::outbox::Spool::open(&profile.data).unwrap();
    let date = |raw: &[u8]| {
        let text = String::from_utf8_lossy(raw).into_owned();
        let line = text.lines().find_map(|l| l.strip_prefix("Date: ")).unwrap();
        chrono::DateTime::parse_from_rfc2822(line).unwrap()
    };
    let queued = date(&spool.raw(hudhud::outbox::Folder::Outbox, &id).unwrap());
    std::thread::sleep(Duration::from_millis(1100));
    let out = profile.run(&["outbox", "retry", &id], b"", "en");
    assert!(out.status.success(), "{}", stderr(&out));
    profile.run(&["outbox", "flush"], b"", "en");
    let files = peer.wait_delivered(&to, 1, Duration::from_secs(20));
    assert_eq!(files.len(), 1);
    let delivered = std::fs::read(&files[0]).unwrap();
    let went = date(&delivered);
    assert!(went > queued, "delivered dated {went}, queued {queued}");
    let kept = spool.raw(hudhud::outbox::Folder::Sent, &id).unwrap();
    let lf = |b: &[u8]| String::from_utf8_lossy(b).replace("\r\n", "\n");
    assert!(
        lf(&delivered).ends_with(&lf(&kept)),
        "Postfix only adds its trace fields in front"
    );
    drop(peer);
}
