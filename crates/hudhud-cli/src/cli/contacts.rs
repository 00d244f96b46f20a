//! `hudhud contacts import FILE.vcf` and `hudhud contacts list`: the people
//! the compose window suggests while an address is typed.

use std::path::Path;

use chrono::Utc;

use crate::cli::outbox::local_time;
use crate::cli::{Failure, Outcome, exit};
use crate::contacts::{AddressBook, ContactsError, merge, read_vcf};
use crate::fl;
use crate::history::History;
use crate::outbox::Spool;
use crate::paths::Paths;

impl From<ContactsError> for Failure {
    fn from(e: ContactsError) -> Self {
        let code = match e {
            ContactsError::Read { .. }
            | ContactsError::NoCards { .. }
            | ContactsError::TooBig { .. } => exit::USAGE,
            _ => exit::CANTCREAT,
        };
        Failure::new(code, e.to_string())
    }
}

pub fn import(paths: &Paths, file: &Path) -> Outcome {
    let parsed = read_vcf(file)?;
    let mut book = AddressBook::load(&paths.data_dir)?;
    let imported = book.import(parsed.cards);
    book.save(&paths.data_dir)?;
    println!(
        "{}",
        fl!(
            "contacts-imported",
            path = file.display().to_string(),
            added = imported.added,
            updated = imported.updated,
            unchanged = imported.unchanged
        )
    );
    if parsed.without_email > 0 {
        eprintln!(
            "{}",
            fl!("contacts-without-email", count = parsed.without_email)
        );
    }
    Ok(())
}

/// The history catches up with the spool first, so that messages sent by
/// the command line since the window last looked are counted.
pub fn list(paths: &Paths, json: bool) -> Outcome {
    let spool = Spool::open(&paths.data_dir)?;
    let mut history = History::open(&paths.data_dir)?;
    history.sync(&spool)?;
    let contacts = merge(
        history.sent_to(Utc::now())?,
        &AddressBook::load(&paths.data_dir)?,
    );
    if json {
        let list: Vec<_> = contacts
            .iter()
            .map(|c| {
                serde_json::json!({
                    "name": c.name,
                    "address": c.address,
                    "sent": c.sent,
                    "last_sent": c.last_sent,
                    "in_address_book": c.in_book,
                })
            })
            .collect();
        println!(
            "{}",
            serde_json::to_string_pretty(&list).unwrap_or_default()
        );
        return Ok(());
    }
    if contacts.is_empty() {
        eprintln!("{}", fl!("contacts-none"));
        return Ok(());
    }
    for contact in &contacts {
        let mut about = Vec::new();
        if let Some(last) = contact.last_sent {
            about.push(fl!(
                "contacts-sent",
                count = contact.sent,
                date = local_time(last)
            ));
        }
        if contact.in_book {
            about.push(fl!("contacts-in-book"));
        }
        println!("{}\t{}", contact.mailbox(), about.join(", "));
    }
    Ok(())
}
