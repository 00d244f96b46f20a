//! Queueing, reopening and changing messages in the outbox, the same for
//! the window and the command line.

use std::time::Duration;

use chrono::{DateTime, Utc};

use super::{ServiceError, drafts};
use crate::compose::{self, Composed, Draft};
use crate::config::{Account, SignaturePlacement};
use crate::outbox::{AccountLock, Entry, Spool, SpoolError};
use crate::paths::Paths;

/// How long a change to a message waits for its account's lock, held by
/// whichever process is sending that account's messages. One rule for every
/// front end; the window waits on a blocking thread, never on its own.
pub const LOCK_WAIT: Duration = Duration::from_secs(30);

/// How a draft goes into the outbox.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Queue {
    /// Send later: not before this time (the undo delay does not apply).
    pub at: Option<DateTime<Utc>>,
    /// Until when the message waits, so that it can be taken back.
    pub undo_delay: Duration,
    /// Appends the account's signature (unless the body has it already).
    pub signature: bool,
    /// Keeps the draft with the message, for Edit and Send again to show
    /// exactly what was written. Without it, reopening rebuilds the draft
    /// from the message.
    pub keep_draft: bool,
}

/// A message queued, and until when it can still be taken back.
#[derive(Debug, Clone)]
pub struct Queued {
    pub entry: Entry,
    /// None when it cannot (no undo delay, or sent later at a chosen time).
    pub undo_until: Option<DateTime<Utc>>,
}

/// A draft written into a message, not queued yet (the command line checks
/// the recipients' domains in between).
#[derive(Debug)]
pub struct Prepared {
    pub composed: Composed,
    subject: String,
    kept: Option<Draft>,
}

/// The body as it is sent, with the sending identity's signature (see
/// [`Account::sending_as`]), unless there is none or the body has it
/// already (reopened). Below the text after the usual "-- " line; with
/// [`SignaturePlacement::AboveQuote`] and a body that ends with a quote,
/// between the text and the quote, without the "-- " line (as Thunderbird
/// does): readers cut everything after that line, the quote included.
pub fn signed_body(account: &Account, body: &str) -> String {
    let Some(signing) = signature_added(account, body) else {
        return body.to_owned();
    };
    match split_quote(body) {
        (text, Some(quote)) if signing.above_quote => [text.trim_end(), &signing.text, quote]
            .into_iter()
            .filter(|part| !part.is_empty())
            .collect::<Vec<_>>()
            .join("\n\n"),
        _ => format!("{}\n\n{}", body.trim_end(), signing.text),
    }
}

/// What [`signed_body`] adds to a body, so that a window can show exactly
/// that below what is being written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signing {
    /// The lines added: the signature, after a "-- " line when it goes at
    /// the bottom and has none of its own.
    pub text: String,
    /// It goes between the text and the quote the body ends with.
    pub above_quote: bool,
}

/// The signature [`signed_body`] would add to `body`, and where; None when
/// there is none or the body has it already.
pub fn signature_added(account: &Account, body: &str) -> Option<Signing> {
    let signature = signature_of(account)?;
    if body.contains(signature.trim_end()) {
        return None;
    }
    let above_quote = account.signature_placement == SignaturePlacement::AboveQuote
        && split_quote(body).1.is_some();
    Some(if above_quote {
        Signing {
            text: signature.to_owned(),
            above_quote,
        }
    } else {
        Signing {
            text: format!("{}{signature}", separator(signature)),
            above_quote,
        }
    })
}

/// The body as it was written: without the signature [`signed_body`] added.
pub fn unsigned_body(account: Option<&Account>, body: &str) -> String {
    let Some(signature) = account.and_then(signature_of) else {
        return body.to_owned();
    };
    if let Some(text) = body.strip_suffix(&format!("\n\n{}{signature}", separator(signature))) {
        return text.to_owned();
    }
    let (text, quote) = split_quote(body);
    if let Some(quote) = quote
        && let Some(text) = text.trim_end().strip_suffix(signature)
    {
        return match text.strip_suffix("\n\n") {
            Some(text) => format!("{text}\n\n{quote}"),
            None if text.is_empty() => quote.to_owned(),
            None => body.to_owned(),
        };
    }
    body.to_owned()
}

/// The signature without the blank lines around it; None when blank.
fn signature_of(account: &Account) -> Option<&str> {
    account
        .signature
        .as_deref()
        .map(|s| s.trim_matches('\n').trim_end())
        .filter(|s| !s.trim().is_empty())
}

/// "-- " before a signature, unless it starts with its own.
fn separator(signature: &str) -> &'static str {
    if signature.starts_with("-- \n") || signature == "--" || signature == "-- " {
        ""
    } else {
        "-- \n"
    }
}

/// The text and the quote it ends with: the last lines that start with ">"
/// (blank lines between them included), with the line that introduces them
/// ("On Monday, Omar wrote:") when there is one. None when the text does
/// not end with a quote (a reply written below the quote).
fn split_quote(body: &str) -> (&str, Option<&str>) {
    let lines: Vec<(usize, &str)> = body
        .split_inclusive('\n')
        .scan(0, |at, line| {
            let start = *at;
            *at += line.len();
            Some((start, line))
        })
        .collect();
    let is_quote = |line: &str| line.trim_start().starts_with('>');
    let mut first = None;
    for &(start, line) in lines.iter().rev() {
        if is_quote(line) {
            first = Some(start);
        } else if !line.trim().is_empty() {
            break;
        }
    }
    let Some(mut start) = first else {
        return (body, None);
    };
    let before = &body[..start];
    let intro = before
        .trim_end()
        .rsplit_once('\n')
        .map_or(before.trim_end(), |(_, l)| l);
    if intro.trim_end().ends_with(':') && !is_quote(intro) {
        start = before.trim_end().len() - intro.len();
    }
    (&body[..start], Some(body[start..].trim_end_matches('\n')))
}

/// Writes the message the draft makes (checked against the server's size
/// limit the worker learned); nothing is queued yet.
pub fn prepare(
    spool: &Spool,
    account: &Account,
    draft: &Draft,
    how: &Queue,
) -> Result<Prepared, ServiceError> {
    let kept = how.keep_draft.then(|| Draft {
        send_at: how.at,
        ..draft.clone()
    });
    // From, its name and the signature are the identity's; the server and
    // the sign-in stay the account's.
    let sender = account.sending_as(draft.from.as_deref())?;
    let signed;
    let draft = if how.signature {
        signed = Draft {
            body: signed_body(&sender, &draft.body),
            ..draft.clone()
        };
        &signed
    } else {
        draft
    };
    let composed = compose::prepare(&sender, draft, spool.size_limit(&account.name))?;
    Ok(Prepared {
        composed,
        subject: draft.subject.clone(),
        kept,
    })
}

/// Queues a prepared message durably, not before the chosen time or the
/// end of the undo delay.
pub fn enqueue(
    spool: &Spool,
    account: &Account,
    prepared: Prepared,
    how: &Queue,
) -> Result<Queued, ServiceError> {
    let undo_until = (how.at.is_none() && !how.undo_delay.is_zero())
        .then(|| Utc::now() + chrono::Duration::from_std(how.undo_delay).unwrap_or_default());
    let entry = spool.enqueue_composed(
        &account.name,
        &prepared.composed,
        &prepared.subject,
        how.at.or(undo_until),
        how.at.is_some(),
        prepared.kept,
    )?;
    Ok(Queued { entry, undo_until })
}

/// [`prepare`] then [`enqueue`].
pub fn queue(
    spool: &Spool,
    account: &Account,
    draft: &Draft,
    how: &Queue,
) -> Result<Queued, ServiceError> {
    let prepared = prepare(spool, account, draft, how)?;
    enqueue(spool, account, prepared, how)
}

/// The account and draft of a queued or sent message, as it was written.
/// A message queued without its draft (the command line, sendmail) is
/// rebuilt from its source, its attachments saved under
/// drafts/attachments/<id>, and the signature the account adds taken off.
pub fn reopen(
    paths: &Paths,
    accounts: &[Account],
    id: &str,
) -> Result<(String, Draft), ServiceError> {
    let spool = Spool::open(&paths.data_dir)?;
    let (entry, folder) = spool
        .find(id)
        .ok_or_else(|| ServiceError::MessageGone(id.to_owned()))?;
    // Whichever front end queued it, a chosen time comes back with it (an
    // undo delay does not, nor a time a try or "Send now" overtook).
    let send_at = entry.send_at();
    if let Some(draft) = entry.draft {
        return Ok((entry.account, Draft { send_at, ..draft }));
    }
    let raw = spool.raw(folder, id)?;
    let attachments = drafts::attachments_dir(paths, id);
    let mut draft = compose::draft_from_message(&raw, &entry.envelope_to, &attachments)?;
    let account = accounts.iter().find(|a| a.name == entry.account);
    // The account's own address is no alias; an address that is no longer
    // one of its identities stays, for the user to see and change.
    if let Some(account) = account
        && draft
            .from
            .as_deref()
            .is_some_and(|f| f.eq_ignore_ascii_case(account.email.trim()))
    {
        draft.from = None;
    }
    let sender = account.and_then(|a| a.sending_as(draft.from.as_deref()).ok());
    draft.body = unsigned_body(sender.as_ref(), &draft.body);
    draft.send_at = send_at;
    Ok((entry.account, draft))
}

/// Takes a message out of the outbox to be written again: its draft is
/// saved as the open draft, as durably as the message was queued, before
/// the message goes. A crash in between leaves it in both places, never in
/// neither; a draft that cannot be rebuilt leaves the message queued.
pub fn take_back(
    paths: &Paths,
    accounts: &[Account],
    id: &str,
) -> Result<(String, Draft), ServiceError> {
    let turn = drafts::Turn::next();
    let (account, draft) = reopen(paths, accounts, id)?;
    drafts::save(paths, Some(&draft), turn)?;
    let spool = Spool::open(&paths.data_dir)?;
    change(&spool, id, Change::Cancel)?;
    Ok((account, draft))
}

/// What the user can do to a message in the outbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Retry,
    Resend,
    ConfirmSent,
    Cancel,
    SendToAccepted,
}

/// Takes the account's lock, waiting [`LOCK_WAIT`] for whoever holds it.
pub fn lock(spool: &Spool, account: &str) -> Result<AccountLock, ServiceError> {
    spool
        .lock(account, LOCK_WAIT)?
        .ok_or_else(|| ServiceError::AccountBusy(account.to_owned()))
}

/// Changes one message under its account's lock. The account is the one
/// the spool names, whatever the caller believed. Returns the message as it
/// is now (for SendToAccepted: the copy that was queued).
pub fn change(spool: &Spool, id: &str, change: Change) -> Result<Entry, ServiceError> {
    let (entry, _) = spool
        .find(id)
        .ok_or_else(|| SpoolError::NotFound(id.to_owned()))?;
    let mut lock = lock(spool, &entry.account)?;
    let changed = match change {
        Change::Retry => lock.retry(id),
        Change::Resend => lock.resend(id),
        Change::ConfirmSent => lock.confirm_sent(id),
        Change::Cancel => lock.cancel(id),
        Change::SendToAccepted => lock.send_to_accepted(id),
    };
    Ok(changed?)
}

/// The account's held messages go back in line (its settings changed).
pub fn release_held(spool: &Spool, account: &str) -> Result<usize, ServiceError> {
    Ok(lock(spool, account)?.release_held()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{AuthMethod, Security};

    fn account(signature: Option<&str>) -> Account {
        Account {
            name: "work".into(),
            display_name: None,
            email: "layla@example.com".into(),
            host: "127.0.0.1".into(),
            port: Some(9),
            security: Security::None,
            auth: AuthMethod::None,
            username: None,
            ca_file: None,
            signature: signature.map(str::to_owned),
            signature_placement: Default::default(),
            identities: Vec::new(),
            allow_insecure: false,
            plain_text: false,
            token_command: None,
            oauth: None,
            imap: None,
        }
    }

    fn draft() -> Draft {
        Draft {
            to: vec!["omar@example.org".into()],
            subject: "s".into(),
            body: "Hello\n\n".into(),
            ..Draft::default()
        }
    }

    #[test]
    fn the_signature_goes_below_the_text_once_and_comes_off_again() {
        let signed = account(Some("Layla\nهدهد"));
        let body = signed_body(&signed, "Hello\n\n");
        assert_eq!(body, "Hello\n\n-- \nLayla\nهدهد");
        assert_eq!(signed_body(&signed, &body), body);
        assert_eq!(unsigned_body(Some(&signed), &body), "Hello");
        // A blank signature is none; text that merely ends alike stays.
        assert_eq!(signed_body(&account(Some("  \n")), "Hi"), "Hi");
        assert_eq!(
            unsigned_body(Some(&signed), "Hi\n-- \nLayla"),
            "Hi\n-- \nLayla"
        );
        assert_eq!(unsigned_body(None, &body), body);
    }

    const QUOTED: &str =
        "Yes, Thursday works.\n\nOn Monday, Omar wrote:\n> Can we meet?\n>\n> Omar\n";

    #[test]
    fn above_the_quote_the_signature_goes_between_text_and_quote_without_the_dashes() {
        let mut above = account(Some("Layla\nهدهد\n"));
        above.signature_placement = SignaturePlacement::AboveQuote;
        let body = signed_body(&above, QUOTED);
        assert_eq!(
            body,
            "Yes, Thursday works.\n\nLayla\nهدهد\n\nOn Monday, Omar wrote:\n> Can we meet?\n>\n> Omar"
        );
        assert_eq!(signed_body(&above, &body), body, "signed once");
        assert_eq!(
            unsigned_body(Some(&above), &body),
            "Yes, Thursday works.\n\nOn Monday, Omar wrote:\n> Can we meet?\n>\n> Omar"
        );
        // Below (the default), and above with no quote at the end: at the
        // bottom after "-- ".
        let below = account(Some("Layla\nهدهد"));
        let body = signed_body(&below, QUOTED);
        assert!(body.ends_with("> Omar\n\n-- \nLayla\nهدهد"), "{body:?}");
        assert_eq!(unsigned_body(Some(&below), &body), QUOTED.trim_end());
        let answered_below = "> Can we meet?\nYes, Thursday.";
        assert_eq!(
            signed_body(&above, answered_below),
            "> Can we meet?\nYes, Thursday.\n\n-- \nLayla\nهدهد"
        );
        // Only a quote: the signature first.
        assert_eq!(signed_body(&above, "> hi\n"), "Layla\nهدهد\n\n> hi");
        assert_eq!(unsigned_body(Some(&above), "Layla\nهدهد\n\n> hi"), "> hi");
    }

    #[test]
    fn what_signing_adds_is_what_a_window_shows() {
        let mut above = account(Some("Layla\n"));
        above.signature_placement = SignaturePlacement::AboveQuote;
        let added = signature_added(&above, QUOTED).unwrap();
        assert_eq!((added.text.as_str(), added.above_quote), ("Layla", true));
        // Without a quote at the end, or placed below: at the bottom.
        let added = signature_added(&above, "Hi").unwrap();
        assert_eq!(
            (added.text.as_str(), added.above_quote),
            ("-- \nLayla", false)
        );
        let own = signature_added(&account(Some("-- \nLayla")), QUOTED).unwrap();
        assert_eq!(own.text, "-- \nLayla", "one dashes line");
        assert_eq!(
            signature_added(&above, "Hi\n\nLayla"),
            None,
            "signed already"
        );
        assert_eq!(signature_added(&account(None), "Hi"), None);
    }

    #[test]
    fn a_signature_with_its_own_dashes_gets_no_second_line() {
        let own = account(Some("-- \nLayla"));
        assert_eq!(signed_body(&own, "Hi"), "Hi\n\n-- \nLayla");
        assert_eq!(unsigned_body(Some(&own), "Hi\n\n-- \nLayla"), "Hi");
    }

    #[test]
    fn an_alias_sends_with_its_own_from_and_signature_the_account_signs_in() {
        let dir = tempfile::tempdir().unwrap();
        let spool = Spool::open(dir.path()).unwrap();
        let mut work = account(Some("Layla, Finance"));
        work.identities.push(crate::config::Identity {
            email: "sales@example.com".into(),
            display_name: Some("مبيعات هدهد".into()),
            signature: Some("The sales team\nهاتف ١٢٣".into()),
        });
        let how = Queue {
            signature: true,
            ..Queue::default()
        };
        let as_alias = Draft {
            from: Some("Sales@Example.com".into()),
            ..draft()
        };
        let queued = queue(&spool, &work, &as_alias, &how).unwrap();
        let raw = String::from_utf8(
            spool
                .raw(crate::outbox::Folder::Outbox, &queued.entry.id)
                .unwrap(),
        )
        .unwrap();
        let message = mail_parser::MessageParser::default()
            .parse(raw.as_bytes())
            .unwrap();
        let from = message.from().unwrap().first().unwrap();
        assert_eq!(from.address.as_deref(), Some("sales@example.com"));
        assert_eq!(from.name.as_deref(), Some("مبيعات هدهد"));
        assert_eq!(queued.entry.envelope_from, "sales@example.com");
        let body = message.body_text(0).unwrap().replace("\r\n", "\n");
        assert!(
            body.ends_with("-- \nThe sales team\nهاتف ١٢٣\n"),
            "{body:?}"
        );
        assert!(!body.contains("Finance"), "{body:?}");
        assert_eq!(queued.entry.account, "work");
        assert_eq!(
            work.sending_as(Some("sales@example.com"))
                .unwrap()
                .username(),
            "layla@example.com",
            "the login stays the account's"
        );

        // Reopened, it is the alias again, its signature taken off.
        let (_, back) = reopen(
            &crate::paths::Paths {
                config_dir: dir.path().into(),
                data_dir: dir.path().into(),
            },
            std::slice::from_ref(&work),
            &queued.entry.id,
        )
        .unwrap();
        assert_eq!(back.from.as_deref(), Some("sales@example.com"));
        assert_eq!(back.body, "Hello");

        // An address the account does not send as is refused, by name.
        let stranger = Draft {
            from: Some("ceo@example.com".into()),
            ..draft()
        };
        match queue(&spool, &work, &stranger, &how) {
            Err(ServiceError::Config(e)) => assert!(
                matches!(&*e, crate::config::ConfigError::UnknownIdentity { address, .. } if address == "ceo@example.com"),
                "{e:?}"
            ),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn the_undo_delay_or_the_chosen_time_decides_when_it_may_go() {
        let dir = tempfile::tempdir().unwrap();
        let spool = Spool::open(dir.path()).unwrap();
        let delay = Queue {
            undo_delay: Duration::from_secs(20),
            keep_draft: true,
            ..Queue::default()
        };
        let before = Utc::now();
        let queued = queue(&spool, &account(None), &draft(), &delay).unwrap();
        let until = queued.undo_until.expect("can be taken back");
        assert!(until >= before + chrono::Duration::seconds(20));
        assert!(until <= Utc::now() + chrono::Duration::seconds(20));
        assert_eq!(queued.entry.not_before, Some(until));
        assert_eq!(
            queued.entry.send_at(),
            None,
            "an undo delay is no chosen time"
        );
        assert_eq!(
            queued.entry.draft.as_ref().map(|d| &d.body),
            Some(&draft().body)
        );

        let at = before + chrono::Duration::days(1);
        let later = Queue {
            at: Some(at),
            ..delay.clone()
        };
        let queued = queue(&spool, &account(None), &draft(), &later).unwrap();
        assert_eq!(queued.undo_until, None, "a chosen time is not an undo");
        assert_eq!(queued.entry.not_before, Some(at));
        assert_eq!(queued.entry.send_at(), Some(at));
        assert_eq!(queued.entry.draft.and_then(|d| d.send_at), Some(at));

        let now = queue(&spool, &account(None), &draft(), &Queue::default()).unwrap();
        assert_eq!((now.undo_until, now.entry.not_before), (None, None));
        assert!(now.entry.draft.is_none());
    }

    #[test]
    fn a_change_to_a_message_that_is_gone_says_which() {
        let dir = tempfile::tempdir().unwrap();
        let spool = Spool::open(dir.path()).unwrap();
        match change(&spool, "nope", Change::Retry) {
            Err(ServiceError::Spool(e)) => {
                assert!(matches!(*e, SpoolError::NotFound(ref id) if id == "nope"))
            }
            other => panic!("{other:?}"),
        }
    }
}
