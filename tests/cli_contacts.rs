//! `hudhud contacts import` and `hudhud contacts list`: the real binary on a
//! data folder in a temporary directory.

use std::path::Path;
use std::process::Output;

use hudhud::compose::Outgoing;
use hudhud::outbox::Spool;

fn run(home: &Path, args: &[&str]) -> Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_hudhud"))
        .args(args)
        .env("HUDHUD_CONFIG_DIR", home.join("config"))
        .env("HUDHUD_DATA_DIR", home.join("data"))
        .env("HUDHUD_LANG", "en")
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A message to `to` that the server took, as the worker leaves it.
fn sent(data: &Path, n: usize, to: &str, header_to: &str) {
    let spool = Spool::open(data).unwrap();
    let mut lock = spool
        .lock("work", std::time::Duration::from_secs(5))
        .unwrap()
        .unwrap();
    let outgoing = Outgoing {
        message_id: format!("<{n}@example.com>"),
        envelope_from: "layla@example.com".into(),
        envelope_to: vec![to.into()],
        raw: format!("To: {header_to}\r\nSubject: {n}\r\n\r\nbody\r\n").into_bytes(),
    };
    let entry = spool
        .enqueue("work", &outgoing, &format!("message {n}"), None, None)
        .unwrap();
    lock.begin(&entry.id).unwrap();
    let reply = hudhud::smtp::Reply {
        code: 250,
        text: "ok".into(),
    };
    lock.mark_sent(entry, reply, Default::default()).unwrap();
}

fn list(home: &Path) -> Vec<serde_json::Value> {
    let out = run(home, &["contacts", "list", "--json"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    serde_json::from_slice::<serde_json::Value>(&out.stdout)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

#[test]
fn a_vcf_is_imported_and_listed_after_the_people_written_to() {
    let home = tempfile::tempdir().unwrap();
    let home = home.path();
    let out = run(home, &["contacts", "list"]);
    assert!(out.status.success());
    assert!(
        text(&out.stderr).contains("No contacts yet"),
        "{}",
        text(&out.stderr)
    );

    let vcf = home.join("phone.vcf");
    std::fs::write(
        &vcf,
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:سلمى\r\n  حداد\r\nEMAIL;TYPE=INTERNET:salma@example.net\r\nEND:VCARD\r\n\
         BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Khalil\\, Nour\r\nEMAIL:nour@example.com\r\nEND:VCARD\r\n\
         BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Only A Phone\r\nTEL:+9611234567\r\nEND:VCARD\r\n",
    )
    .unwrap();
    let out = run(home, &["contacts", "import", vcf.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("2 new, 0 renamed, 0 already there"),
        "{}",
        text(&out.stdout)
    );
    assert!(text(&out.stderr).contains("1 contacts without an email address"));

    // Written to twice, and once long ago: ranked by how much and how lately.
    let data = home.join("data");
    sent(
        &data,
        1,
        "omar@example.org",
        "Omar Farouk <omar@example.org>",
    );
    sent(&data, 2, "omar@example.org", "omar@example.org");
    sent(&data, 3, "nour@example.com", "nour@example.com");
    let contacts = list(home);
    let rows: Vec<(String, Option<String>, u64, bool)> = contacts
        .iter()
        .map(|c| {
            (
                c["address"].as_str().unwrap().to_owned(),
                c["name"].as_str().map(str::to_owned),
                c["sent"].as_u64().unwrap(),
                c["in_address_book"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            (
                "omar@example.org".into(),
                Some("Omar Farouk".into()),
                2,
                false
            ),
            (
                "nour@example.com".into(),
                Some("Khalil, Nour".into()),
                1,
                true
            ),
            (
                "salma@example.net".into(),
                Some("سلمى حداد".into()),
                0,
                true
            ),
        ]
    );
    let out = run(home, &["contacts", "list"]);
    let listed = text(&out.stdout);
    assert!(
        listed
            .lines()
            .next()
            .unwrap()
            .starts_with("Omar Farouk <omar@example.org>\tsent 2 times"),
        "{listed}"
    );
    assert!(
        listed.contains("سلمى حداد <salma@example.net>\tin the address book"),
        "{listed}"
    );

    // A second export with a new name renames; nothing is duplicated.
    std::fs::write(
        &vcf,
        "BEGIN:VCARD\nVERSION:4.0\nFN:Salma Haddad\nEMAIL:SALMA@example.net\nEND:VCARD\n",
    )
    .unwrap();
    let out = run(home, &["contacts", "import", vcf.to_str().unwrap()]);
    assert!(
        text(&out.stdout).contains("0 new, 1 renamed"),
        "{}",
        text(&out.stdout)
    );
    assert_eq!(list(home).len(), 3);
}

#[test]
fn a_file_that_is_not_an_address_book_is_refused_with_the_reason() {
    let home = tempfile::tempdir().unwrap();
    let home = home.path();
    let notes = home.join("notes.txt");
    std::fs::write(&notes, "BEGIN:VCARD\nthis is not really a card\n\0\0").unwrap();
    let out = run(home, &["contacts", "import", notes.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(64));
    assert!(
        text(&out.stderr)
            .contains("has no contact with an email address. Is it a vCard (.vcf) file?"),
        "{}",
        text(&out.stderr)
    );
    let out = run(home, &["contacts", "import", "/nonexistent/book.vcf"]);
    assert_eq!(out.status.code(), Some(64));
    assert!(
        text(&out.stderr).contains("Could not read /nonexistent/book.vcf"),
        "{}",
        text(&out.stderr)
    );
    assert!(
        !home.join("data").join("contacts.json").exists(),
        "nothing written"
    );
}
