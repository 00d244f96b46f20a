//! `hudhud account identity ...` and `hudhud send --from ADDRESS`: an alias
//! of an account, with its own name and multi-line signature, is what the
//! queued message says it is from.

mod support;

use hudhud::outbox::{Folder, Spool};
use support::profile::{Profile, stderr, stdout};

/// A profile with one account that needs no sign-in (nothing is sent: the
/// messages stay queued with --no-wait).
fn profile(tag: &str) -> Profile {
    let profile = Profile::new(tag);
    let out = profile.run(
        &[
            "account",
            "add",
            "work",
            "--email",
            "layla@example.com",
            "--host",
            "127.0.0.1",
            "--port",
            "9",
            "--security",
            "none",
            "--no-auth",
            "--display-name",
            "Layla Haddad",
            "--signature",
            "Layla, Finance",
        ],
        b"",
        "en",
    );
    assert!(out.status.success(), "account add: {}", stderr(&out));
    profile
}

fn queued_message(profile: &Profile) -> (hudhud::outbox::Entry, String) {
    let spool = Spool::open(&profile.data).unwrap();
    let list = spool.list(Folder::Outbox);
    assert_eq!(list.len(), 1, "one message queued");
    let entry = list.into_iter().next().unwrap();
    let raw = spool.raw(Folder::Outbox, &entry.id).unwrap();
    (entry, String::from_utf8(raw).unwrap())
}

const SIGNATURE: &str = "The sales team\nفريق المبيعات\nhttps://example.com/sales";

#[test]
fn send_from_an_alias_queues_its_from_and_signature() {
    let profile = profile("alias");
    let out = profile.run(
        &[
            "account",
            "identity",
            "add",
            "work",
            "sales@example.com",
            "--display-name",
            "مبيعات هدهد",
            "--signature",
            SIGNATURE,
        ],
        b"",
        "en",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("sales@example.com"),
        "{}",
        stderr(&out)
    );

    let out = profile.run(&["account", "identity", "list"], b"", "en");
    let listed = stdout(&out);
    assert!(
        listed.contains("work\tlayla@example.com\tLayla Haddad"),
        "{listed}"
    );
    assert!(
        listed.contains("work\tsales@example.com\tمبيعات هدهد"),
        "{listed}"
    );
    assert!(listed.contains("\t| فريق المبيعات\n"), "{listed}");

    let out = profile.run(
        &[
            "send",
            "--no-wait",
            "--from",
            "sales@example.com",
            "--to",
            "omar@example.org",
            "--subject",
            "Offer",
        ],
        b"Here is our offer.\n",
        "en",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let (entry, raw) = queued_message(&profile);
    assert_eq!(entry.account, "work", "sent through the account's server");
    assert_eq!(entry.envelope_from, "sales@example.com");
    let message = mail_parser::MessageParser::default()
        .parse(raw.as_bytes())
        .unwrap();
    let from = message.from().unwrap().first().unwrap();
    assert_eq!(from.address.as_deref(), Some("sales@example.com"));
    assert_eq!(from.name.as_deref(), Some("مبيعات هدهد"));
    let body = message.body_text(0).unwrap().replace("\r\n", "\n");
    assert_eq!(
        body.trim_end(),
        format!("Here is our offer.\n\n-- \n{SIGNATURE}")
    );
    assert!(!body.contains("Finance"), "{body}");
}

#[test]
fn the_account_name_still_works_and_an_unknown_from_is_refused_with_the_way_out() {
    let profile = profile("from");
    let out = profile.run(
        &[
            "send",
            "--no-wait",
            "--from",
            "work",
            "--to",
            "o@example.org",
        ],
        b"hi\n",
        "en",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let (entry, raw) = queued_message(&profile);
    assert_eq!(entry.envelope_from, "layla@example.com");
    assert!(raw.contains("\r\n-- \r\nLayla, Finance\r\n"), "{raw}");

    let out = profile.run(
        &[
            "send",
            "--no-wait",
            "--from",
            "ceo@example.com",
            "--to",
            "o@example.org",
        ],
        b"hi\n",
        "en",
    );
    assert_eq!(out.status.code(), Some(64), "{}", stderr(&out));
    assert!(stderr(&out).contains("ceo@example.com"), "{}", stderr(&out));
    assert!(stderr(&out).contains("identity list"), "{}", stderr(&out));
}

#[test]
fn identities_are_added_edited_and_removed_and_mistakes_are_refused() {
    let profile = profile("manage");
    let file = profile.config.join("signature.txt");
    std::fs::write(&file, "First line\nسطر ثان\n").unwrap();
    let run = |args: &[&str]| profile.run(args, b"", "en");
    let ok = |args: &[&str]| {
        let out = run(args);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    };
    ok(&["account", "identity", "add", "work", "help@example.com"]);
    ok(&[
        "account",
        "identity",
        "edit",
        "work",
        "HELP@example.com",
        "--signature-file",
        file.to_str().unwrap(),
    ]);
    let out = run(&["account", "identity", "list", "work"]);
    assert!(
        stdout(&out).contains("\t| First line\n\t| سطر ثان\n"),
        "{}",
        stdout(&out)
    );
    // Twice, the account's own address, or not an address: refused.
    for args in [
        &["account", "identity", "add", "work", "help@example.com"][..],
        &["account", "identity", "add", "work", "Layla@example.com"][..],
        &["account", "identity", "add", "work", "not an address"][..],
        &["account", "identity", "remove", "work", "layla@example.com"][..],
        &[
            "account",
            "identity",
            "remove",
            "work",
            "nobody@example.com",
        ][..],
        &[
            "account",
            "identity",
            "add",
            "work",
            "x@example.com",
            "--display-name",
            "X\r\nBcc: y@example.net",
        ][..],
    ] {
        let out = run(args);
        assert_eq!(out.status.code(), Some(64), "{args:?}: {}", stderr(&out));
        assert!(!stderr(&out).trim().is_empty(), "{args:?} says why");
    }
    ok(&["account", "identity", "remove", "work", "help@example.com"]);
    let config = std::fs::read_to_string(profile.config.join("config.toml")).unwrap();
    assert!(!config.contains("help@"), "{config}");
    // Placement is an account setting.
    ok(&[
        "account",
        "edit",
        "work",
        "--signature-placement",
        "above-quote",
    ]);
    let config = std::fs::read_to_string(profile.config.join("config.toml")).unwrap();
    assert!(
        config.contains("signature_placement = \"above-quote\""),
        "{config}"
    );
}

#[test]
fn sendmail_f_with_an_alias_picks_its_account_and_its_from() {
    let profile = profile("sendmail");
    let out = profile.run(
        &[
            "account",
            "identity",
            "add",
            "work",
            "alerts@example.com",
            "--display-name",
            "Monitoring",
        ],
        b"",
        "en",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    // Another account first, which would be the default.
    let out = profile.run(
        &[
            "account",
            "add",
            "home",
            "--email",
            "me@home.example",
            "--host",
            "127.0.0.1",
            "--port",
            "9",
            "--security",
            "none",
            "--no-auth",
            "--default",
        ],
        b"",
        "en",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let out = profile.run(
        &[
            "sendmail",
            "-odq",
            "-f",
            "alerts@example.com",
            "ops@example.org",
        ],
        b"Subject: disk\n\n/var at 97%\n",
        "en",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let (entry, raw) = queued_message(&profile);
    assert_eq!(entry.account, "work");
    assert_eq!(entry.envelope_from, "alerts@example.com");
    assert!(
        raw.starts_with("From: Monitoring <alerts@example.com>\r\n"),
        "{raw}"
    );
    assert!(!raw.contains("-- "), "sendmail adds no signature: {raw}");
}
