//! The message on the wire and what goes into it (issue 10 items 3, 4, 6, 9):
//! no value can add a header, every line is CRLF and at most 998 octets,
//! attachments are encoded and come back byte for byte, and only regular
//! files of a bounded size are attached. The binary is run with a config
//! written by hand and `-odq` / `--no-wait`, so nothing needs a keychain.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use hudhud::compose::{Draft, build_message, draft_from_message, is_canonical, seven_bit};
use hudhud::config::{Account, AuthMethod, Security};
use mail_parser::{MessageParser, MimeHeaders};

struct Profile {
    dir: tempfile::TempDir,
}

impl Profile {
    fn new(display_name: Option<&str>) -> Profile {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("config")).unwrap();
        let mut config = String::from(
            "[[account]]\nname = \"work\"\nemail = \"layla@example.com\"\nhost = \"smtp.example.com\"\n",
        );
        if let Some(name) = display_name {
            config.push_str(&format!("display_name = {}\n", toml_string(name)));
        }
        std::fs::write(dir.path().join("config/config.toml"), config).unwrap();
        Profile { dir }
    }

    fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    fn run(&self, args: &[&str], stdin: &[u8]) -> Output {
        let mut child = Command::new(env!("CARGO_BIN_EXE_hudhud"))
            .args(args)
            .env("HUDHUD_CONFIG_DIR", self.dir.path().join("config"))
            .env("HUDHUD_DATA_DIR", self.data())
            .env("HUDHUD_LANG", "en")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut input = child.stdin.take().unwrap();
        input.write_all(stdin).unwrap();
        drop(input);
        // A hang (an attachment that is a FIFO) must fail the test, not block it.
        let deadline = Instant::now() + Duration::from_secs(20);
        while child.try_wait().unwrap().is_none() {
            if Instant::now() > deadline {
                let _ = child.kill();
                panic!("hudhud {args:?} did not finish within 20 s");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        child.wait_with_output().unwrap()
    }

    /// The one queued message's bytes.
    fn queued(&self) -> Vec<u8> {
        let outbox = self.data().join("outbox");
        let emls: Vec<_> = std::fs::read_dir(&outbox)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "eml"))
            .collect();
        assert_eq!(emls.len(), 1, "{emls:?}");
        std::fs::read(&emls[0]).unwrap()
    }

    fn outbox_is_empty(&self) -> bool {
        std::fs::read_dir(self.data().join("outbox"))
            .map(|d| d.count() == 0)
            .unwrap_or(true)
    }
}

fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The names of the top-level header fields, in order.
fn header_names(raw: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(raw);
    let head = text.split("\r\n\r\n").next().unwrap_or("");
    head.split("\r\n")
        .filter(|l| !l.starts_with([' ', '\t']))
        .map(|l| l.split(':').next().unwrap_or("").to_ascii_lowercase())
        .collect()
}

/// RFC 2047 §2: an encoded word is at most 75 characters.
fn assert_encoded_words_fit(raw: &[u8]) {
    let text = String::from_utf8_lossy(raw);
    let head = text.split("\r\n\r\n").next().unwrap_or("");
    for word in head.split(|c: char| c.is_whitespace() || c == '"') {
        if let Some(at) = word.find("=?") {
            let word = &word[at..];
            assert!(
                word.len() <= 75,
                "encoded word of {} chars: {word}",
                word.len()
            );
        }
    }
}

fn account(display_name: Option<&str>) -> Account {
    Account {
        name: "work".into(),
        display_name: display_name.map(str::to_owned),
        email: "layla@example.com".into(),
        host: "smtp.example.com".into(),
        port: None,
        security: Security::Starttls,
        auth: AuthMethod::Password,
        ..Default::default()
    }
}

#[test]
fn sendmail_full_name_with_crlf_adds_no_header() {
    let profile = Profile::new(None);
    let out = profile.run(
        &[
            "sendmail",
            "-odq",
            "-F",
            "Cron\r\nX-Injected: y",
            "to@example.com",
        ],
        b"Subject: nightly\n\nall good\n",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let raw = profile.queued();
    assert!(is_canonical(&raw), "{}", String::from_utf8_lossy(&raw));
    assert!(!header_names(&raw).contains(&"x-injected".to_owned()));
    let message = MessageParser::default().parse(&raw[..]).unwrap();
    let from = message.from().unwrap().first().unwrap();
    assert_eq!(from.name.as_deref(), Some("Cron X-Injected: y"));
    assert_eq!(from.address.as_deref(), Some("layla@example.com"));
    assert_eq!(message.body_text(0).unwrap().trim_end(), "all good");
}

#[test]
fn sendmail_full_name_with_bare_lf_adds_no_bcc_and_no_body_text() {
    let profile = Profile::new(None);
    let out = profile.run(
        &[
            "sendmail",
            "-odq",
            "-F",
            "Cron\nBcc: evil@example.net\n\ninjected text",
            "to@example.com",
        ],
        b"Subject: nightly\n\nall good\n",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let raw = profile.queued();
    let names = header_names(&raw);
    assert!(!names.contains(&"bcc".to_owned()), "{names:?}");
    let body = String::from_utf8_lossy(&raw);
    let body = body.split_once("\r\n\r\n").unwrap().1;
    assert_eq!(body, "all good\r\n");
    let entry = std::fs::read_to_string(
        std::fs::read_dir(profile.data().join("outbox"))
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .find(|p| p.extension().is_some_and(|x| x == "json"))
            .unwrap(),
    )
    .unwrap();
    assert!(!entry.contains("evil@example.net"), "{entry}");
}

#[test]
fn sendmail_envelope_sender_with_a_line_break_is_refused() {
    let profile = Profile::new(None);
    let out = profile.run(
        &[
            "sendmail",
            "-odq",
            "-f",
            "a@example.com>\r\nRCPT TO:<x@example.net",
            "to@example.com",
        ],
        b"Subject: s\n\nb\n",
    );
    assert_eq!(out.status.code(), Some(64), "{}", stderr(&out));
    assert!(stderr(&out).contains("-f"), "{}", stderr(&out));
    assert!(profile.outbox_is_empty());
}

#[test]
fn sendmail_header_lines_stay_header_lines() {
    let profile = Profile::new(None);
    let long_value = format!("{} end", "word ".repeat(400));
    let input = format!(
        "Subject: a\rBcc: hidden@example.net\nX-Long: {long_value}\nnot a header line\nSubject: b\n\ntext\n"
    );
    let out = profile.run(
        &["sendmail", "-odq", "-t", "to@example.com"],
        input.as_bytes(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let raw = profile.queued();
    assert!(is_canonical(&raw), "{}", String::from_utf8_lossy(&raw));
    let names = header_names(&raw);
    assert!(!names.contains(&"bcc".to_owned()), "{names:?}");
    assert_eq!(
        names.iter().filter(|n| *n == "subject").count(),
        1,
        "{names:?}"
    );
    let message = MessageParser::default().parse(&raw[..]).unwrap();
    assert_eq!(message.subject(), Some("a Bcc: hidden@example.net"));
    assert_eq!(
        message
            .header_raw("X-Long")
            .unwrap()
            .split_whitespace()
            .collect::<Vec<_>>(),
        long_value.split_whitespace().collect::<Vec<_>>()
    );
    let body = message.body_text(0).unwrap();
    assert!(
        body.starts_with("not a header line\r\nSubject: b\r\n"),
        "{body:?}"
    );
}

#[test]
fn sendmail_body_with_long_lines_and_nul_is_encoded() {
    let profile = Profile::new(None);
    let text = format!("{}\0after nul\nشكرا\n", "x".repeat(5000));
    let input = format!("Subject: s\n\n{text}");
    let out = profile.run(&["sendmail", "-odq", "to@example.com"], input.as_bytes());
    assert!(out.status.success(), "{}", stderr(&out));
    let raw = profile.queued();
    assert!(is_canonical(&raw), "{}", String::from_utf8_lossy(&raw));
    assert!(!raw.contains(&0));
    let message = MessageParser::default().parse(&raw[..]).unwrap();
    assert_eq!(message.body_text(0).unwrap().replace("\r\n", "\n"), text);
}

#[test]
fn display_name_with_a_line_break_is_refused_naming_the_field() {
    let profile = Profile::new(Some("Layla\r\nBcc: evil@example.net"));
    let out = profile.run(
        &[
            "send",
            "--no-wait",
            "--to",
            "to@example.com",
            "--subject",
            "s",
        ],
        b"hi\n",
    );
    assert_eq!(out.status.code(), Some(64), "{}", stderr(&out));
    assert!(stderr(&out).contains("display name"), "{}", stderr(&out));
    assert!(profile.outbox_is_empty());
}

#[test]
fn subject_with_line_breaks_is_encoded_not_a_header() {
    let profile = Profile::new(Some("ليلى أحمد"));
    let subject = "report\r\nBcc: evil@example.net\n\nbody?";
    let out = profile.run(
        &[
            "send",
            "--no-wait",
            "--to",
            "to@example.com",
            "--subject",
            subject,
        ],
        b"hi\n",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let raw = profile.queued();
    assert!(!header_names(&raw).contains(&"bcc".to_owned()));
    let message = MessageParser::default().parse(&raw[..]).unwrap();
    assert_eq!(message.subject(), Some(subject));
    assert_eq!(message.body_text(0).unwrap().trim_end(), "hi");
}

#[test]
fn huge_subject_and_a_thousand_recipients_fit_strict_servers() {
    let profile = Profile::new(Some("ليلى أحمد"));
    let subject: String = "موضوع طويل جدا ".repeat(200) + &"x".repeat(10_000);
    let recipients: Vec<String> = (0..1000).map(|i| format!("user{i}@example.com")).collect();
    let mut args = vec!["send", "--no-wait", "--subject", &subject];
    for r in &recipients {
        args.extend(["--to", r.as_str()]);
    }
    let out = profile.run(&args, b"hi\n");
    assert!(out.status.success(), "{}", stderr(&out));
    let raw = profile.queued();
    assert!(is_canonical(&raw), "a line is over 998 octets or not CRLF");
    assert_encoded_words_fit(&raw);
    let message = MessageParser::default().parse(&raw[..]).unwrap();
    assert_eq!(message.subject(), Some(subject.as_str()));
    let to: Vec<&str> = message
        .to()
        .unwrap()
        .iter()
        .filter_map(|a| a.address.as_deref())
        .collect();
    assert_eq!(to, recipients);
}

#[test]
fn text_attachments_get_a_charset_and_bytes_survive() {
    let profile = Profile::new(None);
    let files = profile.dir.path();
    let arabic = "مرحبا بالعالم\nسطر ثان\n".repeat(50);
    std::fs::write(files.join("ملاحظات.txt"), &arabic).unwrap();
    // The SMTP smuggling pattern, bare CR/LF and NUL in a text file.
    let smuggle = b"line\n.\r\nMAIL FROM:<x@y>\r\n\0\r.\n".to_vec();
    std::fs::write(files.join("smuggle.txt"), &smuggle).unwrap();
    let binary: Vec<u8> = (0..=255u8).cycle().take(10_000).collect();
    std::fs::write(files.join("data.bin"), &binary).unwrap();
    let out = profile.run(
        &[
            "send",
            "--no-wait",
            "--to",
            "to@example.com",
            "--attach",
            &files.join("ملاحظات.txt").display().to_string(),
            "--attach",
            &files.join("smuggle.txt").display().to_string(),
            "--attach",
            &files.join("data.bin").display().to_string(),
        ],
        b"see attached\n",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let raw = profile.queued();
    assert!(is_canonical(&raw));
    // Canonical means no bare LF, so `<LF>.<CR><LF>` cannot be on the wire.
    assert!(!raw.contains(&0));
    let message = MessageParser::default().parse(&raw[..]).unwrap();
    let parts: Vec<_> = message.attachments().collect();
    assert_eq!(parts.len(), 3);
    assert_eq!(parts[0].attachment_name(), Some("ملاحظات.txt"));
    let content_type = parts[0].content_type().unwrap();
    assert_eq!(content_type.attribute("charset"), Some("utf-8"));
    assert_eq!(parts[0].text_contents(), Some(arabic.as_str()));
    assert_eq!(parts[1].contents(), &smuggle[..]);
    assert_eq!(parts[2].contents(), &binary[..]);
    for part in &parts {
        assert_eq!(
            part.content_transfer_encoding(),
            Some("base64"),
            "{:?}",
            part.attachment_name()
        );
    }
}

#[cfg(unix)]
#[test]
fn only_regular_files_are_attached() {
    let profile = Profile::new(None);
    let fifo = profile.dir.path().join("pipe");
    let status = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(status.success());
    for (path, _what) in [
        (fifo.as_path(), "FIFO"),
        (Path::new("/dev/zero"), "device"),
        (profile.dir.path(), "folder"),
    ] {
        let started = Instant::now();
        let out = profile.run(
            &[
                "send",
                "--no-wait",
                "--to",
                "to@example.com",
                "--attach",
                &path.display().to_string(),
            ],
            b"hi\n",
        );
        assert_eq!(out.status.code(), Some(64), "{path:?}: {}", stderr(&out));
        assert!(
            stderr(&out).contains(&path.display().to_string()),
            "{}",
            stderr(&out)
        );
        assert!(started.elapsed() < Duration::from_secs(10));
        assert!(profile.outbox_is_empty());
    }
}

#[test]
fn attachments_over_the_limit_are_refused_before_reading() {
    let profile = Profile::new(None);
    // Sparse: the size is checked from the metadata, nothing is read.
    let big = profile.dir.path().join("big.iso");
    std::fs::File::create(&big)
        .unwrap()
        .set_len(hudhud::compose::DEFAULT_ATTACHMENT_LIMIT + 1)
        .unwrap();
    let args = [
        "send",
        "--no-wait",
        "--to",
        "to@example.com",
        "--attach",
        big.to_str().unwrap(),
    ];
    let out = profile.run(&args, b"hi\n");
    assert_eq!(out.status.code(), Some(64), "{}", stderr(&out));
    assert!(stderr(&out).contains("100.0 MB"), "{}", stderr(&out));
    assert!(profile.outbox_is_empty());

    // The server's announced limit counts the encoded size.
    let small = profile.dir.path().join("small.bin");
    std::fs::write(&small, vec![1u8; 900]).unwrap();
    hudhud::outbox::Spool::open(&profile.data())
        .unwrap()
        .set_size_limit("work", Some(1000))
        .unwrap();
    let out = profile.run(
        &[
            "send",
            "--no-wait",
            "--to",
            "to@example.com",
            "--attach",
            small.to_str().unwrap(),
        ],
        b"hi\n",
    );
    assert_eq!(out.status.code(), Some(64), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("your server accepts"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn seven_bit_converts_an_8bit_sendmail_message_and_decodes_back() {
    let text = "مرحبا\r\nline two\r\n";
    let raw =
        format!("From: a@example.com\r\nTo: b@example.com\r\nSubject: تنبيه من cron\r\n\r\n{text}");
    let converted = seven_bit(raw.as_bytes());
    assert!(converted.is_ascii());
    assert!(is_canonical(&converted));
    let message = MessageParser::default().parse(&converted[..]).unwrap();
    assert_eq!(message.body_text(0).unwrap(), text);
    assert_eq!(message.subject(), Some("تنبيه من cron"));
    let content_type = message.content_type().unwrap();
    assert_eq!(content_type.attribute("charset"), Some("utf-8"));

    // Multipart: only the 8-bit leaf is converted; the base64 part is kept.
    let raw = "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n\
        --b\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n\
        سلام\r\n--b\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n\
        AAEC\r\n--b--\r\n";
    let converted = seven_bit(raw.as_bytes());
    assert!(
        converted.is_ascii(),
        "{}",
        String::from_utf8_lossy(&converted)
    );
    let message = MessageParser::default().parse(&converted[..]).unwrap();
    assert_eq!(
        message.body_text(0).unwrap(),
        "سلام",
        "{}",
        String::from_utf8_lossy(&converted)
    );
    assert_eq!(message.attachments().next().unwrap().contents(), &[0, 1, 2]);

    // Already 7-bit: no copy.
    let ascii = b"Subject: s\r\n\r\nhello\r\n";
    assert!(matches!(seven_bit(ascii), std::borrow::Cow::Borrowed(_)));
}

// ---------------------------------------------------------------------------
// Property test: random drafts round-trip through the built message.

/// xorshift64*: small, seeded, reproducible.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const PIECES: &[&str] = &[
    "a",
    "Zz",
    "hello",
    " ",
    "  ",
    "\r",
    "\n",
    "\r\n",
    "\0",
    "\t",
    "é",
    "ب",
    "سلام",
    "\u{200F}",
    "\u{202B}",
    "\u{202C}",
    ".",
    "\n.\n",
    "\n.\r\n",
    "=?",
    "?=",
    "=?utf-8?q?x?=",
    "=_",
    "\"",
    ",",
    "<",
    ">",
    "@",
    ":",
    ";",
    "(",
    ")",
    "\\",
    "😀",
    "\u{7f}",
    "\u{85}",
    "From ",
];

fn random_text(rng: &mut Rng, max_pieces: usize) -> String {
    let mut text = String::new();
    for _ in 0..rng.below(max_pieces + 1) {
        if rng.below(20) == 0 {
            let run = rng.pick(&["x", "ب", " ", "\n", "."]);
            text.push_str(&run.repeat(rng.below(1500)));
        } else {
            text.push_str(rng.pick(PIECES));
        }
    }
    text
}

/// A display name as a person would have one: no control characters, no
/// leading, trailing or doubled spaces (those are not kept by any parser).
fn random_name(rng: &mut Rng) -> String {
    let words: Vec<String> = (0..1 + rng.below(4))
        .map(|_| {
            (0..1 + rng.below(3))
                .map(|_| {
                    rng.pick(&[
                        "Layla", "O'Neil", "ليلى", "أحمد", "\u{200F}", "é", ",", ".", "(x)",
                        "\"q\"", "@", "=?", "z",
                    ])
                })
                .collect()
        })
        .collect();
    let name = words.join(" ");
    if rng.below(10) == 0 {
        name.repeat(40)
    } else {
        name
    }
}

/// Where two texts part, for a readable failure.
fn difference(got: &str, want: &str) -> String {
    let at = got
        .char_indices()
        .zip(want.chars())
        .find(|((_, a), b)| a != b)
        .map_or(got.len().min(want.len()), |((i, _), _)| i);
    let window = |s: &str| {
        let mut start = at.saturating_sub(40).min(s.len());
        while !s.is_char_boundary(start) {
            start -= 1;
        }
        s[start..].chars().take(80).collect::<String>()
    };
    format!(
        "at byte {at} (lengths {} and {}):\n got: {:?}\nwant: {:?}",
        got.len(),
        want.len(),
        window(got),
        window(want)
    )
}

fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('\\', "\\\\").replace('"', "\\\""))
}

#[test]
fn random_drafts_round_trip_through_canonical_messages() {
    // SEED and CASES rerun it with other inputs (1000 cases take about 2 s).
    let dir = tempfile::tempdir().unwrap();
    let mut rng = Rng(std::env::var("SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x9E37_79B9_7F4A_7C15));
    for case in 0..std::env::var("CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1000)
    {
        let sender = random_name(&mut rng);
        let names: Vec<String> = (0..1 + rng.below(4))
            .map(|_| random_name(&mut rng))
            .collect();
        let to: Vec<String> = names
            .iter()
            .enumerate()
            .map(|(i, n)| format!("{} <r{i}@example.com>", quoted(n)))
            .collect();
        let subject = random_text(&mut rng, 12);
        let body = random_text(&mut rng, 40);
        let case_dir = dir.path().join(format!("case{case}"));
        std::fs::create_dir_all(&case_dir).unwrap();
        let mut attachments = Vec::new();
        let mut contents = Vec::new();
        for n in 0..rng.below(3) {
            let ext = rng.pick(&[".txt", ".bin", ".pdf", ""]);
            let stem = rng.pick(&["file", "تقرير", "é x", "a.b"]);
            let path = case_dir.join(format!("{stem}{n}{ext}"));
            let bytes: Vec<u8> = match rng.below(3) {
                0 => random_text(&mut rng, 30).into_bytes(),
                1 => (0..rng.below(5000)).map(|_| rng.next() as u8).collect(),
                _ => b"\n.\r\n\r.\n\0".repeat(rng.below(50)),
            };
            std::fs::write(&path, &bytes).unwrap();
            attachments.push(path);
            contents.push(bytes);
        }
        let draft = Draft {
            from: None,
            to,
            cc: vec![],
            bcc: vec!["hidden@example.com".into()],
            subject: subject.clone(),
            body: body.clone(),
            attachments,
            send_at: None,
            markdown: false,
        };
        let outgoing = build_message(&account(Some(&sender)), &draft)
            .unwrap_or_else(|e| panic!("case {case}: {e}"));
        let raw = &outgoing.raw;
        let shown = || {
            let text = String::from_utf8_lossy(raw);
            text.chars().take(3000).collect::<String>()
        };
        assert!(is_canonical(raw), "case {case}: not canonical\n{}", shown());
        assert!(raw.is_ascii(), "case {case}: 8-bit on the wire");
        assert_encoded_words_fit(raw);

        let mut expected = vec![
            "date",
            "from",
            "to",
            "subject",
            "message-id",
            "user-agent",
            "mime-version",
            "content-type",
        ];
        if contents.is_empty() {
            expected.push("content-transfer-encoding");
        }
        assert_eq!(header_names(raw), expected, "case {case}\n{}", shown());

        let message = MessageParser::default().parse(&raw[..]).unwrap();
        assert_eq!(
            message.subject().unwrap_or(""),
            subject,
            "case {case}\n{}",
            shown()
        );
        let from = message.from().unwrap().first().unwrap();
        assert_eq!(
            from.name.as_deref(),
            Some(sender.as_str()),
            "case {case}\n{}",
            shown()
        );
        let decoded_names: Vec<&str> = message
            .to()
            .unwrap()
            .iter()
            .map(|a| a.name.as_deref().unwrap_or(""))
            .collect();
        assert_eq!(decoded_names, names, "case {case}\n{}", shown());

        let back = draft_from_message(raw, &outgoing.envelope_to, &case_dir.join("back"))
            .unwrap_or_else(|e| panic!("case {case}: {e}"));
        // The text part ends with a line break: a final one typed is that one.
        let expected_body = body.replace("\r\n", "\n");
        let expected_body = expected_body.strip_suffix('\n').unwrap_or(&expected_body);
        assert!(
            back.body == expected_body,
            "case {case}: body differs {}",
            difference(&back.body, expected_body)
        );
        assert_eq!(back.bcc, ["hidden@example.com"]);
        assert_eq!(back.attachments.len(), contents.len(), "case {case}");
        for ((path, bytes), original) in back
            .attachments
            .iter()
            .zip(&contents)
            .zip(&draft.attachments)
        {
            assert_eq!(path.file_name(), original.file_name(), "case {case}");
            assert_eq!(
                &std::fs::read(path).unwrap(),
                bytes,
                "case {case}: {path:?}"
            );
        }
    }
}

/// The largest resident set of any child this test process has waited
/// for (Linux reports kilobytes).
#[cfg(target_os = "linux")]
fn children_peak_rss() -> u64 {
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: getrusage only writes into the struct it is given.
    let status = unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) };
    assert_eq!(status, 0);
    usage.ru_maxrss as u64 * 1024
}

#[cfg(target_os = "linux")]
#[test]
fn a_big_attachment_is_encoded_into_the_outbox_without_being_held_in_memory() {
    const SIZE: u64 = 60 * 1000 * 1000;
    let profile = Profile::new(None);
    let big = profile.dir.path().join("big.bin");
    std::fs::File::create(&big).unwrap().set_len(SIZE).unwrap();
    let out = profile.run(
        &[
            "send",
            "--no-wait",
            "--to",
            "to@example.com",
            "--attach",
            big.to_str().unwrap(),
        ],
        b"hi\n",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let queued = std::fs::read_dir(profile.data().join("outbox"))
        .unwrap()
        .flatten()
        .find(|e| e.path().extension().is_some_and(|x| x == "eml"))
        .unwrap();
    assert!(queued.metadata().unwrap().len() > SIZE * 4 / 3);
    // Other tests' children (all small) count here too; before, building
    // this message took more than three times the attachment.
    let peak = children_peak_rss();
    assert!(
        peak < SIZE,
        "peak RSS of hudhud was {} MB",
        peak / 1_000_000
    );
}
