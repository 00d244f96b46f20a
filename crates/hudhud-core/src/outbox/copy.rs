//! The second step of a sent message: its copy in the mailbox's Sent
//! folder over IMAP. It runs after the SMTP send, under a lock of its own,
//! so it never delays, blocks or repeats the send; its state is in the
//! sent entry (`sent_copy`) with a marker in `copies/` while pending.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use chrono::Utc;
use tokio::sync::mpsc;

use super::policy::{RetryPolicy, random_unit};
use super::spool::{CopyState, Entry, Folder, SentCopy, Spool, SpoolError, State};
use super::worker::{Event, PasswordSource};
use crate::config::{Account, AuthMethod, Settings};
use crate::imap::{Connection, CopyProblem, Login};
use crate::secrets::{self, SecretError};

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct CopyReport {
    pub copied: usize,
    pub pending: usize,
    pub failed: usize,
    /// Another process is copying for this account.
    pub busy: bool,
}

impl CopyReport {
    /// Whether any copy changed state (worth a look at the rest at once).
    pub fn changed(&self) -> bool {
        self.copied + self.pending + self.failed > 0
    }
}

/// The keychain entry of an IMAP password of its own.
pub fn imap_secret_entry(account: &str) -> String {
    format!("{account}#imap")
}

/// The state a new sent message starts its copy in.
pub fn initial_copy_state(account: &Account) -> CopyState {
    if account.saves_sent() {
        CopyState::Pending
    } else {
        CopyState::Off
    }
}

/// What is appended: the bytes that were sent, with a Bcc header naming
/// whom the sender Bcc'd (recipients of the envelope not in To or Cc), as
/// other clients keep it.
pub fn sent_copy_bytes(raw: &[u8], entry: &Entry) -> Vec<u8> {
    let mut out = bcc_header(raw, entry);
    out.extend_from_slice(raw);
    out
}

/// The Bcc header that goes in front of the sent bytes (empty when nobody
/// was Bcc'd), so that a big message is never copied in memory.
fn bcc_header(raw: &[u8], entry: &Entry) -> Vec<u8> {
    let bcc = bcc_of(raw, entry);
    if bcc.is_empty() {
        return Vec::new();
    }
    let mut header = String::from("Bcc:");
    let mut line = 4;
    for (n, address) in bcc.iter().enumerate() {
        let piece = if n + 1 < bcc.len() {
            format!(" {address},")
        } else {
            format!(" {address}")
        };
        // Folded so that a long list keeps lines under 78 octets.
        if line + piece.len() > 76 && n > 0 {
            header.push_str("\r\n");
            line = 0;
        }
        line += piece.len();
        header.push_str(&piece);
    }
    header.push_str("\r\n");
    header.into_bytes()
}

fn bcc_of(raw: &[u8], entry: &Entry) -> Vec<String> {
    let head_end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|p| p + 4)
        .unwrap_or(raw.len());
    let Some(message) = mail_parser::MessageParser::default().parse_headers(&raw[..head_end])
    else {
        return Vec::new();
    };
    let shown: Vec<String> = [message.to(), message.cc()]
        .into_iter()
        .flatten()
        .flat_map(|a| a.iter())
        .filter_map(|a| a.address.as_deref())
        .map(|a| a.trim().to_lowercase())
        .collect();
    entry
        .envelope_to
        .iter()
        .filter(|a| !shown.contains(&a.trim().to_lowercase()))
        // An address is ASCII or UTF-8 (SMTPUTF8); a line break never.
        .filter(|a| !a.contains(['\r', '\n']))
        .cloned()
        .collect()
}

/// How the account signs in to IMAP: its own password, the SMTP password,
/// or the OAuth2 token of the account.
async fn login(account: &Account, passwords: &PasswordSource) -> Result<Login, CopyProblem> {
    let username = account.imap_username().to_owned();
    let keychain = |e: SecretError| CopyProblem::Credentials {
        reason: e.to_string(),
    };
    let own = account.imap.as_ref().is_some_and(|i| i.own_password);
    match account.auth {
        AuthMethod::OAuth2 | AuthMethod::OAuth2Command => {
            let (token, oauthbearer) = super::signin::access_token(account).await.map_err(|e| {
                CopyProblem::Credentials {
                    reason: e.to_string(),
                }
            })?;
            Ok(Login::Bearer {
                username,
                token,
                oauthbearer,
            })
        }
        _ if own => {
            let entry = imap_secret_entry(&account.name);
            let password = tokio::task::spawn_blocking(move || secrets::get_password(&entry))
                .await
                .map_err(|e| CopyProblem::Credentials {
                    reason: e.to_string(),
                })?
                .map_err(keychain)?;
            Ok(Login::Password { username, password })
        }
        _ => {
            let source = passwords.clone();
            let owned = account.clone();
            let found = tokio::task::spawn_blocking(move || source(&owned))
                .await
                .map_err(|e| CopyProblem::Credentials {
                    reason: e.to_string(),
                })?
                .map_err(keychain)?;
            match found {
                Some(credentials) => Ok(Login::Password {
                    username,
                    password: credentials.password,
                }),
                None => Err(CopyProblem::Credentials {
                    reason: SecretError::Missing(account.name.clone()).to_string(),
                }),
            }
        }
    }
}

struct Copier<'a> {
    spool: &'a Spool,
    policy: RetryPolicy,
    events: Option<&'a mpsc::UnboundedSender<Event>>,
    report: CopyReport,
}

impl Copier<'_> {
    fn save(&mut self, entry: &Entry, state: CopyState, copy: SentCopy) -> Result<(), SpoolError> {
        self.spool.save_copy_state(&entry.id, state, copy)?;
        if let Some(events) = self.events {
            let _ = events.send(Event::Changed {
                id: entry.id.clone(),
                state: State::Sent,
            });
        }
        Ok(())
    }

    /// A try that did not copy: pending again later, or failed for good.
    fn failed(&mut self, entry: &Entry, problem: CopyProblem) -> Result<(), SpoolError> {
        let mut copy = entry.copy.clone().unwrap_or_default();
        copy.attempts += 1;
        if matches!(problem, CopyProblem::Unclear { .. }) {
            copy.started = true;
        }
        let sent = entry.sent_at.unwrap_or(entry.created);
        let state = if problem.is_transient() && !self.policy.expired(sent, Utc::now()) {
            let delay = self.policy.delay(copy.attempts, random_unit());
            copy.next_attempt = Some(
                Utc::now() + chrono::Duration::from_std(delay).unwrap_or(chrono::Duration::MAX),
            );
            self.report.pending += 1;
            CopyState::Pending
        } else {
            copy.next_attempt = None;
            self.report.failed += 1;
            CopyState::Failed
        };
        tracing::info!("copy of {} to Sent -> {state:?}: {problem}", entry.id);
        copy.error = Some(problem);
        self.save(entry, state, copy)
    }
}

fn is_due(entry: &Entry, now: chrono::DateTime<Utc>) -> bool {
    entry
        .copy
        .as_ref()
        .and_then(|c| c.next_attempt)
        .is_none_or(|t| t <= now)
}

/// When the next pending copy of any account wants a try.
pub fn next_copy_time(spool: &Spool) -> Option<chrono::DateTime<Utc>> {
    spool
        .pending_copies(None)
        .iter()
        .map(|e| {
            e.copy
                .as_ref()
                .and_then(|c| c.next_attempt)
                .unwrap_or(e.created)
        })
        .min()
}

/// Copies the account's due sent messages to its Sent folder over one
/// IMAP connection. `create_folder`: the user agreed that a missing folder
/// be created.
pub async fn copy_to_sent(
    spool: &Spool,
    account: &Account,
    settings: &Settings,
    passwords: &PasswordSource,
    events: Option<&mpsc::UnboundedSender<Event>>,
    shutdown: &AtomicBool,
    create_folder: bool,
) -> Result<CopyReport, SpoolError> {
    let Some(_lock) = spool.copy_lock(&account.name)? else {
        return Ok(CopyReport {
            busy: true,
            ..CopyReport::default()
        });
    };
    let Some(imap) = account.imap.as_ref().filter(|i| i.save_sent) else {
        // The user turned the copy off (or removed the IMAP server) while
        // some waited: they wait no more.
        for entry in spool.pending_copies(Some(&account.name)) {
            let copy = entry.copy.clone().unwrap_or_default();
            spool.save_copy_state(&entry.id, CopyState::Off, copy)?;
        }
        return Ok(CopyReport::default());
    };
    let now = Utc::now();
    let due: Vec<Entry> = spool
        .pending_copies(Some(&account.name))
        .into_iter()
        .filter(|e| is_due(e, now))
        .collect();
    let mut copier = Copier {
        spool,
        policy: RetryPolicy::from_settings(settings),
        events,
        report: CopyReport::default(),
    };
    if due.is_empty() {
        return Ok(copier.report);
    }
    let limit = Duration::from_secs(settings.timeout_secs.max(1));
    let opened = match login(account, passwords).await {
        Ok(login) => {
            Connection::open(
                imap,
                account.ca_file.as_deref(),
                account.allow_insecure,
                &login,
                limit,
            )
            .await
        }
        Err(problem) => Err(problem),
    };
    let mut connection = match opened {
        Ok(connection) => connection,
        Err(problem) => {
            for entry in &due {
                copier.failed(entry, problem.clone())?;
            }
            return Ok(copier.report);
        }
    };
    let server = format!("{}:{}/{}", imap.host, imap.port(), account.imap_username());
    let chosen = imap
        .sent_folder
        .clone()
        .or_else(|| spool.remembered_sent_folder(&account.name, &server));
    let folder = match connection.find_sent(chosen.as_deref()).await {
        Ok(folder) => {
            if imap.sent_folder.is_none() {
                spool.remember_sent_folder(&account.name, &server, &folder);
            }
            folder
        }
        Err(problem) => {
            for entry in &due {
                copier.failed(entry, problem.clone())?;
            }
            connection.logout().await;
            return Ok(copier.report);
        }
    };
    for entry in due {
        if shutdown.load(Ordering::SeqCst) {
            break;
        }
        let result = copy_one(spool, &mut connection, &folder, &entry, create_folder).await;
        match result {
            Ok(uid) => {
                let mut copy = entry.copy.clone().unwrap_or_default();
                copy.attempts += 1;
                copy.folder = Some(crate::imap::decode_utf7(&folder));
                copy.uid = uid;
                copy.error = None;
                copy.next_attempt = None;
                copy.started = false;
                copy.copied_at = Some(Utc::now());
                copier.report.copied += 1;
                copier.save(&entry, CopyState::Copied, copy)?;
            }
            Err(problem) => {
                let connection_gone = problem.is_transient();
                if matches!(problem, CopyProblem::FolderMissing { .. }) && chosen.is_some() {
                    // A remembered folder that went away is looked for again.
                    spool.remember_sent_folder(&account.name, &server, "");
                }
                copier.failed(&entry, problem)?;
                if connection_gone {
                    // The rest wait for the next try rather than each
                    // waiting out a dead connection.
                    return Ok(copier.report);
                }
            }
        }
    }
    connection.logout().await;
    Ok(copier.report)
}

/// One message: looked for first when an earlier APPEND may have reached
/// the folder, then appended. The UID when the server says it.
async fn copy_one(
    spool: &Spool,
    connection: &mut Connection,
    folder: &str,
    entry: &Entry,
    create_folder: bool,
) -> Result<Option<u32>, CopyProblem> {
    let raw = spool
        .raw(Folder::Sent, &entry.id)
        .map_err(|e| CopyProblem::Message {
            reason: e.to_string(),
        })?;
    let started = entry.copy.as_ref().is_some_and(|c| c.started);
    if started {
        match connection
            .search_message_id(folder, &entry.message_id)
            .await
        {
            Ok(found) if !found.is_empty() => return Ok(found.first().copied()),
            Ok(_) => {}
            Err(CopyProblem::FolderMissing { .. }) => {}
            Err(problem) => return Err(problem),
        }
    }
    // Journalled before the message goes out: a kill during APPEND leaves
    // `started`, and the next try searches instead of appending twice.
    let mut copy = entry.copy.clone().unwrap_or_default();
    copy.started = true;
    spool
        .save_copy_state(&entry.id, CopyState::Pending, copy)
        .map_err(|e| CopyProblem::Message {
            reason: e.to_string(),
        })?;
    let bcc = bcc_header(&raw, entry);
    let parts = [bcc.as_slice(), raw.as_slice()];
    match connection.append(folder, &parts).await {
        Err(CopyProblem::FolderMissing { .. }) if create_folder => {
            connection.create(folder).await?;
            Ok(connection.append(folder, &parts).await?.uid)
        }
        other => Ok(other?.uid),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(to: &[&str]) -> Entry {
        let mut entry: Entry = serde_json::from_value(serde_json::json!({
            "id": "x", "account": "a", "message_id": "<m@x>", "envelope_from": "a@x",
            "envelope_to": to, "subject": "s", "created": "2026-01-01T00:00:00Z",
            "state": "sent"
        }))
        .unwrap();
        entry.sent_copy = CopyState::Pending;
        entry
    }

    #[test]
    fn the_copy_is_the_sent_bytes_with_the_bcc_recipients_in_front() {
        let raw = b"From: a@x\r\nTo: B <b@x>\r\nCc: c@x\r\nSubject: s\r\n\r\nbody\r\n";
        let copy = sent_copy_bytes(raw, &entry(&["b@x", "C@x", "hidden@x", "other@y"]));
        assert_eq!(
            String::from_utf8(copy).unwrap(),
            format!("Bcc: hidden@x, other@y\r\n{}", String::from_utf8_lossy(raw))
        );
        // Nobody Bcc'd: exactly the bytes that were sent.
        assert_eq!(sent_copy_bytes(raw, &entry(&["b@x", "c@x"])), raw.to_vec());
    }

    #[tokio::test]
    async fn copies_waiting_when_the_user_turns_them_off_are_dropped_without_a_connection() {
        let tmp = tempfile::tempdir().unwrap();
        let spool = Spool::open(tmp.path()).unwrap();
        let outgoing = crate::compose::Outgoing {
            message_id: "<m@x>".into(),
            envelope_from: "a@x".into(),
            envelope_to: vec!["b@x".into()],
            raw: b"To: b@x\r\n\r\nbody\r\n".to_vec(),
        };
        let queued = spool.enqueue("work", &outgoing, "s", None, None).unwrap();
        let mut lock = spool.lock("work", Duration::ZERO).unwrap().unwrap();
        lock.begin_with_copy(&queued.id, true).unwrap();
        let mut sent = queued.clone();
        sent.sent_copy = CopyState::Pending;
        let reply = crate::smtp::Reply {
            code: 250,
            text: "ok".into(),
        };
        lock.mark_sent(sent, reply, Default::default()).unwrap();
        lock.finish_batch().unwrap();
        drop(lock);
        assert_eq!(spool.pending_copies(Some("work")).len(), 1);

        let mut account: Account = toml::from_str(
            "name = \"work\"\nemail = \"a@x\"\nhost = \"localhost\"\n\
             [imap]\nhost = \"127.0.0.1\"\nport = 9\nsave_sent = false\n",
        )
        .unwrap();
        let passwords: PasswordSource = std::sync::Arc::new(|_| Ok(None));
        let never = AtomicBool::new(false);
        let report = copy_to_sent(
            &spool,
            &account,
            &Settings::default(),
            &passwords,
            None,
            &never,
            false,
        )
        .await
        .unwrap();
        assert!(!report.changed());
        assert!(spool.pending_copies(None).is_empty());
        assert_eq!(spool.find(&queued.id).unwrap().0.sent_copy, CopyState::Off);
        // Nothing pending: a copy step with IMAP on does nothing either.
        account.imap.as_mut().unwrap().save_sent = true;
        let report = copy_to_sent(
            &spool,
            &account,
            &Settings::default(),
            &passwords,
            None,
            &never,
            false,
        )
        .await
        .unwrap();
        assert_eq!(report, CopyReport::default());
    }

    #[test]
    fn a_long_bcc_list_is_folded() {
        let raw = b"To: b@x\r\n\r\nbody\r\n";
        let many: Vec<String> = (0..20).map(|n| format!("person{n}@example.com")).collect();
        let mut to: Vec<&str> = many.iter().map(String::as_str).collect();
        to.push("b@x");
        let copy = String::from_utf8(sent_copy_bytes(raw, &entry(&to))).unwrap();
        let head = copy.split("\r\nTo:").next().unwrap();
        assert!(head.lines().count() > 1, "{head}");
        assert!(head.lines().all(|l| l.len() <= 78), "{head}");
        assert!(head.lines().skip(1).all(|l| l.starts_with(' ')), "{head}");
        for address in &many {
            assert!(head.contains(address.as_str()));
        }
    }
}
