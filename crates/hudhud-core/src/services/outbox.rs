//! Queueing, reopening and changing messages in the outbox, the same for
//! the window and the command line.

use std::time::Duration;

use chrono::{DateTime, Utc};

use super::{ServiceError, drafts};
use crate::compose::{self, Composed, Draft};
use crate::config::Account;
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

/// The body as it is sent: the account's signature below the usual "-- "
/// line, unless there is none or the body has it already (reopened).
pub fn signed_body(account: &Account, body: &str) -> String {
    match account
        .signature
        .as_deref()
        .filter(|s| !s.trim().is_empty())
    {
        Some(signature) if !body.contains(signature) => {
            format!("{}\n\n-- \n{signature}", body.trim_end())
        }
        _ => body.to_owned(),
    }
}

/// The body as it was written: without the signature [`signed_body`] added.
pub fn unsigned_body(account: Option<&Account>, body: &str) -> String {
    let signature = account
        .and_then(|a| a.signature.as_deref())
        .filter(|s| !s.trim().is_empty());
    match signature {
        Some(signature) => body
            .strip_suffix(&format!("\n\n-- \n{signature}"))
            .unwrap_or(body)
            .to_owned(),
        None => body.to_owned(),
    }
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
    let signed;
    let draft = if how.signature {
        signed = Draft {
            body: signed_body(account, &draft.body),
            ..draft.clone()
        };
        &signed
    } else {
        draft
    };
    let composed = compose::prepare(account, draft, spool.size_limit(&account.name))?;
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
    if let Some(draft) = entry.draft {
        return Ok((entry.account, draft));
    }
    let raw = spool.raw(folder, id)?;
    let attachments = drafts::attachments_dir(paths, id);
    let mut draft = compose::draft_from_message(&raw, &entry.envelope_to, &attachments)?;
    let account = accounts.iter().find(|a| a.name == entry.account);
    draft.body = unsigned_body(account, &draft.body);
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
