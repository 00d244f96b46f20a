//! The people the user writes to, for suggestions while typing an address:
//! everyone in the sent history (ranked by how often and how lately) and an
//! address book imported from vCard files (`hudhud contacts import`).
//!
//! The address book is a small JSON file beside the spool, written
//! atomically. It is the user's data, so it is kept apart from the history
//! index, which may be dropped and rebuilt at any time.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

use calcard::vcard::{VCard, VCardProperty};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::fl;
use crate::history::{History, SentTo};

/// The most suggestions shown under an address field.
pub const SUGGESTIONS: usize = 5;

/// The largest vCard file read: a phone's whole address book with photos
/// is a few MB; anything far bigger is not an address book.
const MAX_VCF: u64 = 64 * 1024 * 1024;

#[derive(Debug)]
pub enum ContactsError {
    Read {
        path: PathBuf,
        reason: String,
    },
    /// The file has no card with an email address in it.
    NoCards {
        path: PathBuf,
    },
    TooBig {
        path: PathBuf,
    },
    Save {
        path: PathBuf,
        reason: String,
    },
    /// contacts.json is there but cannot be read (edited by hand, damaged).
    Damaged {
        path: PathBuf,
        reason: String,
    },
    History(String),
}

impl fmt::Display for ContactsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = |p: &PathBuf| p.display().to_string();
        let text = match self {
            ContactsError::Read { path: p, reason } => {
                fl!(
                    "contacts-read-failed",
                    path = path(p),
                    reason = reason.clone()
                )
            }
            ContactsError::NoCards { path: p } => fl!("contacts-no-cards", path = path(p)),
            ContactsError::TooBig { path: p } => fl!("contacts-too-big", path = path(p)),
            ContactsError::Save { path: p, reason } => {
                fl!(
                    "contacts-save-failed",
                    path = path(p),
                    reason = reason.clone()
                )
            }
            ContactsError::Damaged { path: p, reason } => {
                fl!("contacts-damaged", path = path(p), reason = reason.clone())
            }
            ContactsError::History(reason) => reason.clone(),
        };
        f.write_str(&text)
    }
}

impl std::error::Error for ContactsError {}

/// One address of the address book, with the card's name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Card {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub address: String,
}

/// What a vCard file held.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Parsed {
    /// One per email address (a card with two addresses gives two).
    pub cards: Vec<Card>,
    /// Cards with no usable email address (phone-only contacts).
    pub without_email: usize,
}

/// Reads every card of a vCard 2.1, 3 or 4 file (RFC 6350, RFC 2426): the
/// formatted name (FN, else N) and each EMAIL. Lines may be folded, values
/// escaped or quoted-printable; anything unreadable is skipped.
pub fn parse_vcards(text: &str) -> Parsed {
    let mut parsed = Parsed::default();
    let mut parser = calcard::Parser::new(text);
    loop {
        match parser.entry() {
            calcard::Entry::VCard(card) => {
                let before = parsed.cards.len();
                read_card(&card, &mut parsed.cards);
                if parsed.cards.len() == before {
                    parsed.without_email += 1;
                }
            }
            calcard::Entry::Eof => break,
            // A broken line or an unrelated component: read on.
            _ => {}
        }
    }
    parsed
}

fn text_of(card: &VCard, property: &VCardProperty) -> Vec<String> {
    card.properties(property)
        .flat_map(|entry| entry.values.iter().filter_map(|v| v.as_text()))
        .map(|t| t.trim().to_owned())
        .filter(|t| !t.is_empty())
        .collect()
}

fn read_card(card: &VCard, into: &mut Vec<Card>) {
    let name = text_of(card, &VCardProperty::Fn)
        .into_iter()
        .next()
        .or_else(|| {
            // N is family;given;additional;prefix;suffix.
            let n = text_of(card, &VCardProperty::N);
            let given = n.get(1).cloned().unwrap_or_default();
            let family = n.first().cloned().unwrap_or_default();
            let whole = format!("{given} {family}").trim().to_owned();
            (!whole.is_empty()).then_some(whole)
        })
        .map(|n| n.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|n| !n.is_empty() && !n.chars().any(char::is_control));
    for email in text_of(card, &VCardProperty::Email) {
        let email = email
            .strip_prefix("mailto:")
            .or_else(|| email.strip_prefix("MAILTO:"))
            .unwrap_or(&email);
        if let Ok(address) = email.parse::<lettre::Address>() {
            let address = address.to_string();
            if !into
                .iter()
                .any(|c| c.address.eq_ignore_ascii_case(&address))
            {
                into.push(Card {
                    name: name.clone(),
                    address,
                });
            }
        }
    }
}

/// Reads a .vcf file.
pub fn read_vcf(path: &Path) -> Result<Parsed, ContactsError> {
    let read_error = |e: std::io::Error| ContactsError::Read {
        path: path.to_owned(),
        reason: e.to_string(),
    };
    let file = crate::paths::open_regular(path).map_err(read_error)?;
    let size = file.metadata().map_err(read_error)?.len();
    if size > MAX_VCF {
        return Err(ContactsError::TooBig {
            path: path.to_owned(),
        });
    }
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut std::io::Read::take(file, MAX_VCF), &mut bytes)
        .map_err(read_error)?;
    let parsed = parse_vcards(&String::from_utf8_lossy(&bytes));
    if parsed.cards.is_empty() {
        return Err(ContactsError::NoCards {
            path: path.to_owned(),
        });
    }
    Ok(parsed)
}

/// The imported address book.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddressBook {
    pub cards: Vec<Card>,
}

/// What an import changed.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Imported {
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
}

impl AddressBook {
    pub fn path(data_dir: &Path) -> PathBuf {
        data_dir.join("contacts.json")
    }

    /// The book in `data_dir`; empty when there is none yet.
    pub fn load(data_dir: &Path) -> Result<AddressBook, ContactsError> {
        let path = Self::path(data_dir);
        let bytes = match crate::paths::read_regular_file(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(AddressBook::default());
            }
            Err(e) => {
                return Err(ContactsError::Read {
                    path,
                    reason: e.to_string(),
                });
            }
        };
        serde_json::from_slice(&bytes).map_err(|e| ContactsError::Damaged {
            path,
            reason: e.to_string(),
        })
    }

    pub fn save(&self, data_dir: &Path) -> Result<(), ContactsError> {
        let path = Self::path(data_dir);
        let save_error = |e: std::io::Error| ContactsError::Save {
            path: path.clone(),
            reason: e.to_string(),
        };
        crate::paths::create_private_dir(data_dir).map_err(save_error)?;
        let json = serde_json::to_vec_pretty(self).unwrap_or_default();
        crate::paths::write_private_atomic(&path, &json).map_err(save_error)
    }

    /// Adds the cards; an address already there takes the new name (a
    /// later export knows better), nothing is ever removed.
    pub fn import(&mut self, cards: Vec<Card>) -> Imported {
        let mut imported = Imported::default();
        for card in cards {
            match self
                .cards
                .iter_mut()
                .find(|c| c.address.eq_ignore_ascii_case(&card.address))
            {
                Some(known) if card.name.is_some() && known.name != card.name => {
                    known.name = card.name;
                    imported.updated += 1;
                }
                Some(_) => imported.unchanged += 1,
                None => {
                    self.cards.push(card);
                    imported.added += 1;
                }
            }
        }
        imported
    }
}

/// Someone to suggest.
#[derive(Debug, Clone, PartialEq)]
pub struct Contact {
    pub name: Option<String>,
    pub address: String,
    /// How many messages went to them (0: only in the address book).
    pub sent: usize,
    pub last_sent: Option<DateTime<Utc>>,
    /// Frequency weighed by recency (see [`History::sent_to`]).
    pub score: f64,
    pub in_book: bool,
}

impl Contact {
    /// As it goes into an address field: `"Name" <address>` or the address.
    pub fn mailbox(&self) -> String {
        let address = match self.address.parse::<lettre::Address>() {
            Ok(address) => address,
            Err(_) => return self.address.clone(),
        };
        lettre::message::Mailbox::new(self.name.clone(), address).to_string()
    }
}

/// The people sent to, most written to first, then the rest of the address
/// book by name. The address book's name wins over the one a message used:
/// the user wrote it down on purpose.
pub fn merge(sent: Vec<SentTo>, book: &AddressBook) -> Vec<Contact> {
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut list: Vec<Contact> = Vec::new();
    for person in sent {
        index.insert(person.address.to_lowercase(), list.len());
        list.push(Contact {
            name: person.name,
            address: person.address,
            sent: person.count,
            last_sent: Some(person.last),
            score: person.score,
            in_book: false,
        });
    }
    let mut only_in_book: Vec<Contact> = Vec::new();
    for card in &book.cards {
        match index.get(&card.address.to_lowercase()) {
            Some(&at) => {
                list[at].in_book = true;
                if card.name.is_some() {
                    list[at].name = card.name.clone();
                }
            }
            None => only_in_book.push(Contact {
                name: card.name.clone(),
                address: card.address.clone(),
                sent: 0,
                last_sent: None,
                score: 0.0,
                in_book: true,
            }),
        }
    }
    // By what the suggestion shows: the name, or the address.
    only_in_book.sort_by_cached_key(|c| {
        (
            searchable(c.name.as_deref().unwrap_or(&c.address)),
            c.address.to_lowercase(),
        )
    });
    list.extend(only_in_book);
    list
}

/// Everyone to suggest, from the history index and the address book in
/// `data_dir`. Creates nothing on disk.
pub fn load(data_dir: &Path, now: DateTime<Utc>) -> Result<Vec<Contact>, ContactsError> {
    let sent = if History::path(data_dir).is_file() {
        History::open(data_dir)
            .and_then(|h| h.sent_to(now))
            .map_err(|e| ContactsError::History(e.to_string()))?
    } else {
        Vec::new()
    };
    Ok(merge(sent, &AddressBook::load(data_dir)?))
}

/// Text as it is compared: lower case, Arabic vowel marks and tatweel
/// dropped, the forms of alef made one (أحمد is found by typing احمد).
pub fn searchable(text: &str) -> String {
    text.to_lowercase()
        .chars()
        .filter(|c| !matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}'))
        .map(|c| match c {
            'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
            other => other,
        })
        .collect()
}

/// Whether `contact` is what is being typed: the start of the address, of
/// a part of it (after . _ - +), of the name or of a word of the name.
fn matches(contact: &Contact, typed: &str) -> bool {
    let address = contact.address.to_lowercase();
    if address.starts_with(typed)
        || address
            .split(['.', '_', '-', '+', '@'])
            .any(|part| part.starts_with(typed))
    {
        return true;
    }
    contact.name.as_deref().is_some_and(|name| {
        let name = searchable(name);
        name.starts_with(typed) || name.split_whitespace().any(|w| w.starts_with(typed))
    })
}

/// Up to [`SUGGESTIONS`] contacts for what is being typed (two letters at
/// least), in rank order, leaving out the addresses already in the message.
pub fn suggest<'a>(contacts: &'a [Contact], typed: &str, present: &[String]) -> Vec<&'a Contact> {
    let typed = searchable(typed.trim());
    if typed.chars().count() < 2 {
        return Vec::new();
    }
    let present: Vec<String> = present.iter().map(|a| a.to_lowercase()).collect();
    contacts
        .iter()
        .filter(|c| !present.contains(&c.address.to_lowercase()))
        .filter(|c| c.address.to_lowercase() != typed)
        .filter(|c| matches(c, &typed))
        .take(SUGGESTIONS)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names_and_addresses(parsed: &Parsed) -> Vec<(Option<&str>, &str)> {
        parsed
            .cards
            .iter()
            .map(|c| (c.name.as_deref(), c.address.as_str()))
            .collect()
    }

    #[test]
    fn vcard_4_with_folded_lines_escapes_and_an_arabic_name() {
        let text = "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:عمر الفاروق\r\nN:الفاروق;عمر;;;\r\n\
                    EMAIL;TYPE=work:omar@exa\r\n mple.com\r\nEMAIL;TYPE=home:omar.home@example.org\r\n\
                    END:VCARD\r\n\
                    BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Haddad\\, Sara\\; PhD\r\nEMAIL:sara@example.net\r\nEND:VCARD\r\n";
        let parsed = parse_vcards(text);
        assert_eq!(
            names_and_addresses(&parsed),
            [
                (Some("عمر الفاروق"), "omar@example.com"),
                (Some("عمر الفاروق"), "omar.home@example.org"),
                (Some("Haddad, Sara; PhD"), "sara@example.net"),
            ]
        );
        assert_eq!(parsed.without_email, 0);
    }

    #[test]
    fn vcard_3_and_2_1_from_phones_are_read_too() {
        // vCard 3 (RFC 2426), a folded FN; vCard 2.1 as Android exports
        // Arabic names: quoted-printable UTF-8 with a soft line break.
        let text = "BEGIN:VCARD\nVERSION:3.0\nFN:Layla\n  Haddad\nEMAIL;TYPE=INTERNET:layla@example.com\nEND:VCARD\n\
                    BEGIN:VCARD\nVERSION:2.1\nN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:;=D8=B3=D9=84=D9=85=D9=89;;;\n\
                    FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=D8=B3=D9=84=D9=85=D9=89 =D8=B9=D9=84=\n=D9=8A\n\
                    EMAIL;HOME:salma@example.net\nEND:VCARD\n\
                    BEGIN:VCARD\nVERSION:3.0\nFN:Phone Only\nTEL:+961 1 234567\nEND:VCARD\n";
        let parsed = parse_vcards(text);
        assert_eq!(
            names_and_addresses(&parsed),
            [
                (Some("Layla Haddad"), "layla@example.com"),
                (Some("سلمى علي"), "salma@example.net"),
            ]
        );
        assert_eq!(parsed.without_email, 1);
    }

    #[test]
    fn a_card_without_fn_is_named_from_n_and_bad_addresses_are_skipped() {
        let text = "BEGIN:VCARD\nVERSION:3.0\nN:Khalil;Nour;;;\nEMAIL:nour@example.com\n\
                    EMAIL:not an address\nEND:VCARD\n";
        let parsed = parse_vcards(text);
        assert_eq!(
            names_and_addresses(&parsed),
            [(Some("Nour Khalil"), "nour@example.com")]
        );
    }

    #[test]
    fn garbage_gives_nothing_and_no_panic() {
        let inputs = [
            "",
            "\u{feff}",
            "BEGIN:VCARD",
            "BEGIN:VCARD\nEMAIL",
            "BEGIN:VCARD\nFN;;;=:\n;;\n EMAIL:\nEND:VCARD",
            "END:VCARD\nBEGIN:VCARD\nBEGIN:VCARD\nEMAIL:a@b.c",
            "BEGIN:VCALENDAR\nBEGIN:VEVENT\nEND:VEVENT\nEND:VCALENDAR\n",
            "FN:=\n=\n=D8=\nEMAIL;ENCODING=QUOTED-PRINTABLE:=FF=FE\n",
            "\0\0\0\u{1}BEGIN:VCARD\r\r\r\n\t:\u{202e}",
        ];
        for input in inputs {
            let parsed = parse_vcards(input);
            assert!(
                parsed.cards.iter().all(|c| c.address.contains('@')),
                "{input:?}: {parsed:?}"
            );
        }
        // Random bytes as a lossy string, many times: never a panic.
        const ALPHABET: &[u8] = b"BEGIN:VCARD\nEND:FN;EMAIL=:,\\ \r\n@a.b\xd8\xb3QP";
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        for _ in 0..300 {
            let bytes: Vec<u8> = (0..200)
                .map(|_| {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    ALPHABET[(seed % ALPHABET.len() as u64) as usize]
                })
                .collect();
            parse_vcards(&String::from_utf8_lossy(&bytes));
        }
    }

    #[test]
    fn import_adds_new_addresses_and_renames_known_ones() {
        let mut book = AddressBook::default();
        let card = |name: Option<&str>, address: &str| Card {
            name: name.map(str::to_owned),
            address: address.to_owned(),
        };
        let first = book.import(vec![card(Some("Omar"), "omar@example.com")]);
        assert_eq!(first.added, 1);
        let second = book.import(vec![
            card(Some("عمر"), "OMAR@example.com"),
            card(None, "sara@example.net"),
            card(None, "sara@example.net"),
        ]);
        assert_eq!(
            second,
            Imported {
                added: 1,
                updated: 1,
                unchanged: 1
            }
        );
        assert_eq!(book.cards[0].name.as_deref(), Some("عمر"));
        let dir = tempfile::tempdir().unwrap();
        book.save(dir.path()).unwrap();
        assert_eq!(AddressBook::load(dir.path()).unwrap(), book);
        std::fs::write(AddressBook::path(dir.path()), "{not json").unwrap();
        let damaged = AddressBook::load(dir.path()).unwrap_err();
        assert!(
            matches!(damaged, ContactsError::Damaged { .. }),
            "{damaged}"
        );
    }

    fn sent(address: &str, name: Option<&str>, count: usize, score: f64) -> SentTo {
        SentTo {
            address: address.into(),
            name: name.map(str::to_owned),
            count,
            last: Utc::now(),
            score,
        }
    }

    #[test]
    fn suggestions_rank_people_written_to_before_the_address_book() {
        let book = AddressBook {
            cards: vec![
                Card {
                    name: Some("أحمد سالم".into()),
                    address: "ahmad@example.com".into(),
                },
                Card {
                    name: Some("Omar Book".into()),
                    address: "omar@example.com".into(),
                },
                Card {
                    name: None,
                    address: "olga@example.net".into(),
                },
            ],
        };
        let contacts = merge(
            vec![
                sent("oscar@example.org", None, 9, 5.0),
                sent("omar@example.com", Some("Omar Old"), 1, 0.5),
            ],
            &book,
        );
        let addresses = |typed: &str, present: &[String]| -> Vec<String> {
            suggest(&contacts, typed, present)
                .iter()
                .map(|c| c.address.clone())
                .collect()
        };
        assert_eq!(
            addresses("o", &[]),
            Vec::<String>::new(),
            "one letter is too little"
        );
        assert_eq!(
            addresses("Os", &[]),
            ["oscar@example.org"],
            "case does not matter"
        );
        assert_eq!(
            addresses("om", &[]),
            ["omar@example.com"],
            "a single entry for a person in both"
        );
        assert_eq!(contacts[1].name.as_deref(), Some("Omar Book"));
        assert!(contacts[1].in_book);
        // By a word of the name, with or without the hamza.
        assert_eq!(addresses("احم", &[]), ["ahmad@example.com"]);
        assert_eq!(addresses("سال", &[]), ["ahmad@example.com"]);
        // Part of the address after the @, and what is already there is left out.
        assert_eq!(
            addresses("example", &[]),
            [
                "oscar@example.org",
                "omar@example.com",
                "olga@example.net",
                "ahmad@example.com"
            ]
        );
        assert_eq!(
            addresses("example", &["OMAR@example.com".into()]),
            ["oscar@example.org", "olga@example.net", "ahmad@example.com"]
        );
        assert_eq!(contacts[3].mailbox(), "أحمد سالم <ahmad@example.com>");
        assert_eq!(contacts[2].mailbox(), "olga@example.net");
    }
}
