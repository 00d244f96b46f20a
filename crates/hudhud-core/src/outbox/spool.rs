//! The spool on disk: `outbox/`, `sent/`, `failed/`, `quarantine/`, `locks/`.
//!
//! Each message is `<id>.eml` (its RFC 5322 bytes, never changed once a
//! server may have seen them: a scheduled one is dated once, just before its
//! first try) and `<id>.json` (its state). Files appear only by rename, so a
//! reader never sees half of one; the state file is the commit point of an entry.

use std::collections::HashSet;
use std::fmt;
use std::fs::{self, File, OpenOptions};
use std::io::{self, BufRead, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::compose::{Draft, Outgoing};
use crate::fl;
use crate::paths::{
    create_new_private, create_private_dir, is_link, open_no_follow, open_regular,
    read_regular_file, sync_dir, write_private_atomic,
};
use crate::smtp::{Reply, SmtpError, Transcript};

mod accepted;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum State {
    /// Waiting for its time (`not_before`: undo delay, send later) or the worker.
    Queued,
    /// On the wire right now.
    Sending,
    /// A temporary failure; tried again at `next_attempt`.
    Deferred,
    Sent,
    /// Refused for good, or retried too long: needs the user.
    Failed,
    /// May have gone out (the connection or the process died after the
    /// message was handed over): the user decides; never resent silently.
    Unconfirmed,
    /// The account's password or TLS settings were refused: waits for the user.
    Held,
}

impl State {
    pub fn label(self) -> String {
        match self {
            State::Queued => fl!("state-queued"),
            State::Sending => fl!("state-sending"),
            State::Deferred => fl!("state-deferred"),
            State::Sent => fl!("state-sent"),
            State::Failed => fl!("state-failed"),
            State::Unconfirmed => fl!("state-unconfirmed"),
            State::Held => fl!("state-held"),
        }
    }
}

impl fmt::Display for State {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            State::Queued => "queued",
            State::Sending => "sending",
            State::Deferred => "deferred",
            State::Sent => "sent",
            State::Failed => "failed",
            State::Unconfirmed => "unconfirmed",
            State::Held => "held",
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Folder {
    Outbox,
    Sent,
    Failed,
}

impl Folder {
    fn dir_name(self) -> &'static str {
        match self {
            Folder::Outbox => "outbox",
            Folder::Sent => "sent",
            Folder::Failed => "failed",
        }
    }
}

/// One try at sending, kept with the message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Attempt {
    pub at: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply: Option<Reply>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<SmtpError>,
    pub transcript: Transcript,
}

/// The state file of a message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    pub id: String,
    pub account: String,
    /// Fixed when queued; never changes across retries.
    pub message_id: String,
    pub envelope_from: String,
    pub envelope_to: Vec<String>,
    pub subject: String,
    pub created: DateTime<Utc>,
    pub state: State,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_before: Option<DateTime<Utc>>,
    /// `not_before` is a time the user chose (send later), not an undo
    /// delay: reopening gives it back, and the Date header is set when the
    /// message goes (then this is cleared, before the server sees it).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub scheduled: bool,
    #[serde(default)]
    pub attempts: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_attempt: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_error: Option<SmtpError>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sent_at: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub final_reply: Option<Reply>,
    /// The most recent attempts with their transcripts (oldest dropped first).
    #[serde(default)]
    pub history: Vec<Attempt>,
    /// What the user typed, when the window queued it: lets Undo and Edit
    /// bring the compose back exactly.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub draft: Option<Draft>,
    /// Copies queued from this message for the recipients the server accepted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub copies: Vec<Copied>,
    /// The copy in the mailbox's Sent folder (IMAP), a step of its own
    /// after the server's 250.
    #[serde(default)]
    pub sent_copy: CopyState,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub copy: Option<SentCopy>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CopyState {
    /// Waits for its (next) try.
    Pending,
    Copied,
    /// Refused for good (sign-in, folder): waits for the user's retry.
    Failed,
    /// No copy wanted (no IMAP, `save_sent = false`, or from before).
    #[default]
    Off,
}

impl CopyState {
    pub fn label(self) -> String {
        match self {
            CopyState::Pending => fl!("copy-state-pending"),
            CopyState::Copied => fl!("copy-state-copied"),
            CopyState::Failed => fl!("copy-state-failed"),
            CopyState::Off => fl!("copy-state-off"),
        }
    }
}

/// Where the copy went, or why it has not yet.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SentCopy {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub folder: Option<String>,
    /// From APPENDUID, when the server has UIDPLUS.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uid: Option<u32>,
    #[serde(default)]
    pub attempts: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_attempt: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<crate::imap::CopyProblem>,
    /// An APPEND was started and its outcome is not known: the next try
    /// searches the folder for the Message-ID before appending again.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub started: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub copied_at: Option<DateTime<Utc>>,
}

/// A copy of a message, queued for some of its recipients (`outbox
/// send-to-accepted`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Copied {
    pub id: String,
    pub to: Vec<String>,
    pub at: DateTime<Utc>,
}

const HISTORY_KEPT: usize = 10;

impl Entry {
    /// Whether the worker should try it now.
    pub fn is_due(&self, now: DateTime<Utc>) -> bool {
        match self.state {
            State::Queued => self.not_before.is_none_or(|t| t <= now),
            State::Deferred => self.next_attempt.is_none_or(|t| t <= now),
            _ => false,
        }
    }

    /// The time the user chose for it to go, while it still waits for it
    /// (none for an undo delay, nor once "Send now" or a try took it).
    /// Entries the window queued before `scheduled` existed say it in their
    /// kept draft.
    pub fn send_at(&self) -> Option<DateTime<Utc>> {
        let chosen = self.scheduled || self.draft.as_ref().is_some_and(|d| d.send_at.is_some());
        self.not_before
            .filter(|_| chosen && self.state == State::Queued)
    }

    /// Its state as the user reads it: one waiting for its chosen time is
    /// "scheduled", not merely queued.
    pub fn state_label(&self) -> String {
        if self.send_at().is_some() {
            fl!("state-scheduled")
        } else {
            self.state.label()
        }
    }

    /// When it was queued to go: its chosen time, else when it was queued.
    fn goes_at(&self) -> DateTime<Utc> {
        self.send_at().unwrap_or(self.created)
    }

    /// When it next wants the worker, if it waits for a time.
    pub fn wake_time(&self) -> Option<DateTime<Utc>> {
        match self.state {
            State::Queued => Some(self.not_before.unwrap_or(self.created)),
            State::Deferred => Some(self.next_attempt.unwrap_or(self.created)),
            _ => None,
        }
    }

    /// The envelope recipients minus those the server refused in the last
    /// attempt; empty when it refused none.
    pub fn accepted_recipients(&self) -> Vec<String> {
        let refused = self
            .last_error
            .as_ref()
            .map(|e| e.refused_recipients.as_slice())
            .unwrap_or_default();
        if refused.is_empty() {
            return Vec::new();
        }
        self.envelope_to
            .iter()
            .filter(|to| !refused.contains(to))
            .cloned()
            .collect()
    }

    pub fn record(&mut self, attempt: Attempt) {
        self.history.push(attempt);
        if self.history.len() > HISTORY_KEPT {
            let extra = self.history.len() - HISTORY_KEPT;
            self.history.drain(..extra);
        }
    }
}

/// How much of a quarantined message is read to find its recipients and
/// subject: headers only, even of a 100 MB message.
const MESSAGE_HEAD_READ: u64 = 1 << 20;

/// A message the spool could not use, as found in `quarantine/`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Damaged {
    pub id: String,
    /// Known only while the state file still reads.
    pub account: Option<String>,
    /// From the state file, else from the message's To, Cc and Bcc.
    pub recipients: Vec<String>,
    pub subject: Option<String>,
    pub message_file: Option<PathBuf>,
    pub state_file: Option<PathBuf>,
    pub problem: Damage,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Damage {
    /// The state file does not read; the message itself is there.
    StateUnreadable,
    /// Only the state file is left: the message text is lost.
    MessageMissing,
    /// A link or special file stood where a message belongs; not read, not sent.
    NotRegular,
}

impl Damaged {
    /// What happened to it and what the user can do, in their language.
    pub fn explain(&self) -> String {
        let path = |p: &Option<PathBuf>| {
            p.as_ref()
                .map(|p| p.display().to_string())
                .unwrap_or_default()
        };
        match self.problem {
            Damage::StateUnreadable => fl!("outbox-damaged-state", path = path(&self.message_file)),
            Damage::MessageMissing => {
                fl!("outbox-damaged-no-message", path = path(&self.state_file))
            }
            Damage::NotRegular => {
                let files = [&self.message_file, &self.state_file]
                    .into_iter()
                    .flatten()
                    .map(|p| p.display().to_string())
                    .collect::<Vec<_>>()
                    .join(", ");
                fl!("outbox-damaged-not-regular", path = files)
            }
        }
    }
}

#[derive(Debug)]
pub enum SpoolError {
    Io {
        path: PathBuf,
        error: io::Error,
    },
    NotFound(String),
    WrongState {
        id: String,
        state: State,
    },
    Busy(String),
    /// A symbolic link or special file where the spool keeps its own files.
    Link(PathBuf),
    // For send-to-accepted: the server refused no recipient, or every one;
    // a copy was queued already.
    NothingRefused(String),
    NobodyAccepted(String),
    AlreadyCopied {
        id: String,
        copy: String,
    },
    /// `retry-copy` of a message that has no copy to make.
    CopyNotWanted(String),
}

impl SpoolError {
    fn io(path: &Path) -> impl FnOnce(io::Error) -> SpoolError + '_ {
        // Files are opened without following links; the error the system
        // gives then ("too many levels of symbolic links") misleads.
        move |error| {
            if is_link(path) {
                SpoolError::Link(path.to_owned())
            } else {
                SpoolError::Io {
                    path: path.to_owned(),
                    error,
                }
            }
        }
    }
}

impl fmt::Display for SpoolError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self {
            SpoolError::Io { path, error } => fl!(
                "error-spool-io",
                path = path.display().to_string(),
                reason = error.to_string()
            ),
            SpoolError::NotFound(id) => fl!("error-outbox-not-found", id = id.clone()),
            SpoolError::WrongState { id, state } => fl!(
                "error-outbox-wrong-state",
                id = id.clone(),
                state = state.label()
            ),
            SpoolError::Busy(account) => fl!("error-outbox-busy", account = account.clone()),
            SpoolError::Link(path) => fl!("error-spool-link", path = path.display().to_string()),
            SpoolError::NothingRefused(id) => fl!("error-copy-nothing-refused", id = id.clone()),
            SpoolError::NobodyAccepted(id) => fl!("error-copy-nobody-accepted", id = id.clone()),
            SpoolError::AlreadyCopied { id, copy } => {
                fl!("error-copy-exists", id = id.clone(), copy = copy.clone())
            }
            SpoolError::CopyNotWanted(id) => fl!("error-copy-not-wanted", id = id.clone()),
        };
        f.write_str(&text)
    }
}

impl std::error::Error for SpoolError {}

/// The spool of one data directory. Cheap to clone.
#[derive(Debug, Clone)]
pub struct Spool {
    root: PathBuf,
}

/// A temporary file untouched this long belongs to a writer that died (a
/// live one writes, fsyncs and renames within seconds, even for 100 MB).
const STALE_TEMP_AGE: Duration = Duration::from_secs(10 * 60);

/// Folders where files are written via a temporary file.
const TEMP_FOLDERS: [&str; 5] = ["outbox", "sent", "failed", "quarantine", "limits"];

impl Spool {
    /// Opens (creating if needed) the spool. Cheap: the window opens it for
    /// every action, so cleaning up is left to `recover_idle`.
    pub fn open(data_dir: &Path) -> Result<Spool, SpoolError> {
        create_private_dir(data_dir).map_err(SpoolError::io(data_dir))?;
        for sub in ["outbox", "sent", "failed", "quarantine", "locks", "copies"] {
            let dir = data_dir.join(sub);
            create_private_dir(&dir).map_err(SpoolError::io(&dir))?;
        }
        Ok(Spool {
            root: data_dir.to_owned(),
        })
    }

    /// Removes temporary files (`.NAME.tmp`) not written to for `age`; a
    /// younger one may be a live enqueue in another process. Returns how
    /// many went.
    pub fn remove_stale_temp_files(&self, age: Duration) -> usize {
        let mut removed = 0;
        for sub in TEMP_FOLDERS {
            let Ok(read) = fs::read_dir(self.root.join(sub)) else {
                continue;
            };
            for item in read.flatten() {
                let name = item.file_name();
                let name = name.to_string_lossy();
                if !(name.starts_with('.') && name.ends_with(".tmp")) {
                    continue;
                }
                // DirEntry::metadata does not follow a link: a link is
                // removed itself, its target left alone.
                let stale = item.metadata().is_ok_and(|m| {
                    !m.is_dir()
                        && m.modified()
                            .is_ok_and(|t| t.elapsed().is_ok_and(|e| e >= age))
                });
                if stale && fs::remove_file(item.path()).is_ok() {
                    removed += 1;
                }
            }
        }
        if removed > 0 {
            tracing::info!("removed {removed} temporary files left by interrupted writes");
        }
        removed
    }

    /// The data folder the spool lives in.
    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn dir(&self, folder: Folder) -> PathBuf {
        self.root.join(folder.dir_name())
    }

    /// The largest message each account's server takes, as last announced
    /// (SIZE); accounts whose server said nothing are absent.
    pub fn size_limits(&self) -> std::collections::HashMap<String, u64> {
        let Ok(files) = fs::read_dir(self.root.join("limits")) else {
            return Default::default();
        };
        files
            .flatten()
            .filter_map(|f| read_regular_file(&f.path()).ok())
            .filter_map(|bytes| String::from_utf8(bytes).ok())
            .filter_map(|text| {
                let (limit, account) = text.split_once('\n')?;
                Some((account.to_owned(), limit.trim().parse().ok()?))
            })
            .collect()
    }

    /// One account's server limit, as last announced.
    pub fn size_limit(&self, account: &str) -> Option<u64> {
        let path = self.root.join("limits").join(file_safe(account));
        let bytes = read_regular_file(&path).ok()?;
        String::from_utf8_lossy(&bytes)
            .lines()
            .next()?
            .trim()
            .parse()
            .ok()
    }

    /// Remembers (or forgets, with `None`) an account's server limit. One
    /// file per account, so accounts draining together never race.
    pub fn set_size_limit(&self, account: &str, limit: Option<u64>) -> Result<(), SpoolError> {
        let dir = self.root.join("limits");
        let path = dir.join(file_safe(account));
        match limit {
            Some(limit) => {
                create_private_dir(&dir).map_err(SpoolError::io(&dir))?;
                write_private_atomic(&path, format!("{limit}\n{account}").as_bytes())
                    .map_err(SpoolError::io(&path))
            }
            None => match fs::remove_file(&path) {
                Err(e) if e.kind() != io::ErrorKind::NotFound => Err(SpoolError::io(&path)(e)),
                _ => Ok(()),
            },
        }
    }

    fn state_path(&self, folder: Folder, id: &str) -> PathBuf {
        self.dir(folder).join(format!("{id}.json"))
    }

    pub fn message_path(&self, folder: Folder, id: &str) -> PathBuf {
        self.dir(folder).join(format!("{id}.eml"))
    }

    /// Queues a message durably. When this returns, the message survives a
    /// crash or a power cut.
    pub fn enqueue(
        &self,
        account: &str,
        outgoing: &Outgoing,
        subject: &str,
        not_before: Option<DateTime<Utc>>,
        draft: Option<Draft>,
    ) -> Result<Entry, SpoolError> {
        let entry = new_entry(
            account,
            (
                &outgoing.message_id,
                &outgoing.envelope_from,
                &outgoing.envelope_to,
            ),
            subject,
            not_before,
            draft,
        );
        self.write_new(&entry, |out| out.write_all(&outgoing.raw))?;
        Ok(entry)
    }

    /// Queues a composed message like `enqueue`, but writes it straight
    /// into the spool file, so a big attachment is never held in memory.
    pub fn enqueue_composed(
        &self,
        account: &str,
        composed: &crate::compose::Composed,
        subject: &str,
        not_before: Option<DateTime<Utc>>,
        scheduled: bool,
        draft: Option<Draft>,
    ) -> Result<Entry, SpoolError> {
        let mut entry = new_entry(
            account,
            (
                &composed.message_id,
                &composed.envelope_from,
                &composed.envelope_to,
            ),
            subject,
            not_before,
            draft,
        );
        entry.scheduled = scheduled && not_before.is_some();
        self.write_new(&entry, |out| {
            let mut buffered = io::BufWriter::with_capacity(256 * 1024, out);
            composed.write_to(&mut buffered)?;
            buffered.flush()
        })?;
        Ok(entry)
    }

    /// The message first, then its state file: the state file commits it.
    /// If the state file cannot be written (disk full), the message file
    /// goes too: nothing would ever list or remove it.
    fn write_new(
        &self,
        entry: &Entry,
        message: impl FnOnce(&mut File) -> io::Result<()>,
    ) -> Result<(), SpoolError> {
        let dir = self.dir(Folder::Outbox);
        let eml = self.message_path(Folder::Outbox, &entry.id);
        write_file_with(&eml, true, message).map_err(SpoolError::io(&eml))?;
        let json = self.state_path(Folder::Outbox, &entry.id);
        if let Err(e) = write_file(&json, &to_json(entry), true) {
            let _ = fs::remove_file(&eml);
            return Err(SpoolError::io(&json)(e));
        }
        sync_dir(&dir).map_err(SpoolError::io(&dir))
    }

    /// The entries of a folder, oldest first. An unreadable state file is
    /// moved to `quarantine/` with a log line; the rest are still listed.
    pub fn list(&self, folder: Folder) -> Vec<Entry> {
        let dir = self.dir(folder);
        let Ok(read) = fs::read_dir(&dir) else {
            return Vec::new();
        };
        let mut entries = Vec::new();
        for item in read.flatten() {
            let name = item.file_name().to_string_lossy().into_owned();
            let Some(id) = name.strip_suffix(".json") else {
                continue;
            };
            if id.starts_with('.') {
                continue;
            }
            match self.read_entry(folder, id) {
                Ok(Some(entry)) => entries.push(entry),
                Ok(None) => {}
                Err(reason) => self.quarantine(folder, id, &reason),
            }
        }
        entries.sort_by(|a, b| a.id.cmp(&b.id));
        if folder == Folder::Outbox {
            let sending = self.ids_on_the_wire();
            for entry in &mut entries {
                if sending.contains(&entry.id) && entry.state != State::Unconfirmed {
                    entry.state = State::Sending;
                }
            }
        }
        entries
    }

    /// Ok(None): the file vanished meanwhile (moved by a worker).
    fn read_entry(&self, folder: Folder, id: &str) -> Result<Option<Entry>, String> {
        let path = self.state_path(folder, id);
        let bytes = match read_regular_file(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e.to_string()),
        };
        let entry: Entry = match serde_json::from_slice(&bytes) {
            Ok(entry) => entry,
            // A state file is rewritten in place when its message is sent; a
            // reader can catch it half-written. Only an old one is broken.
            Err(_) if modified_within(&path, Duration::from_secs(10)) => return Ok(None),
            Err(e) => return Err(e.to_string()),
        };
        if entry.id != id {
            return Err(format!("state file names another id ({})", entry.id));
        }
        match fs::symlink_metadata(self.stored_message_path(folder, id)) {
            Ok(meta) if meta.is_file() => Ok(Some(entry)),
            // Sending it would send whatever the link points to.
            Ok(_) => Err("its message file is a link or a special file".to_owned()),
            Err(_) => {
                let elsewhere = [Folder::Outbox, Folder::Sent, Folder::Failed]
                    .into_iter()
                    .filter(|f| *f != folder)
                    .any(|f| self.message_path(f, id).exists());
                if elsewhere {
                    return Ok(None); // a move between folders is under way
                }
                Err("its message file is missing".to_owned())
            }
        }
    }

    fn quarantine(&self, folder: Folder, id: &str, reason: &str) {
        let target = self.root.join("quarantine");
        tracing::warn!(
            "outbox entry {id} in {} cannot be read ({reason}); moved to {}",
            folder.dir_name(),
            target.display()
        );
        for ext in ["json", "eml", "eml.gz"] {
            let from = self.dir(folder).join(format!("{id}.{ext}"));
            let _ = fs::rename(&from, target.join(format!("{id}.{ext}")));
        }
    }

    /// What is left of the messages moved to `quarantine/`, oldest first, so
    /// that they are shown (and can be recovered) instead of vanishing.
    pub fn damaged(&self) -> Vec<Damaged> {
        let Ok(read) = fs::read_dir(self.root.join("quarantine")) else {
            return Vec::new();
        };
        let mut ids: Vec<String> = read
            .flatten()
            .filter_map(|item| {
                let name = item.file_name().to_string_lossy().into_owned();
                let id = name
                    .strip_suffix(".json")
                    .or_else(|| name.strip_suffix(".eml"))?;
                (!id.starts_with('.')).then(|| id.to_owned())
            })
            .collect();
        ids.sort();
        ids.dedup();
        ids.iter().filter_map(|id| self.find_damaged(id)).collect()
    }

    /// A quarantined message, if `id` names one.
    pub fn find_damaged(&self, id: &str) -> Option<Damaged> {
        if id.is_empty() || id.contains(['/', '\\']) || id.starts_with('.') {
            return None;
        }
        let dir = self.root.join("quarantine");
        let state_file = dir.join(format!("{id}.json"));
        let message_file = dir.join(format!("{id}.eml"));
        let state_meta = fs::symlink_metadata(&state_file).ok();
        let message_meta = fs::symlink_metadata(&message_file).ok();
        if state_meta.is_none() && message_meta.is_none() {
            return None;
        }
        let regular = |meta: &Option<fs::Metadata>| meta.as_ref().is_none_or(|m| m.is_file());
        let problem = if !regular(&state_meta) || !regular(&message_meta) {
            Damage::NotRegular
        } else if message_meta.is_none() {
            Damage::MessageMissing
        } else {
            Damage::StateUnreadable
        };
        let mut damaged = Damaged {
            id: id.to_owned(),
            account: None,
            recipients: Vec::new(),
            subject: None,
            message_file: message_meta.is_some().then(|| message_file.clone()),
            state_file: state_meta.is_some().then(|| state_file.clone()),
            problem,
        };
        if problem == Damage::NotRegular {
            // Not ours: nothing in it is read.
            return Some(damaged);
        }
        // A state file that still parses has the full envelope (Bcc too).
        if let Some(entry) = read_regular_file(&state_file)
            .ok()
            .and_then(|bytes| serde_json::from_slice::<Entry>(&bytes).ok())
        {
            damaged.account = Some(entry.account);
            damaged.recipients = entry.envelope_to;
            damaged.subject = Some(entry.subject);
        } else if message_meta.is_some() {
            let head = read_head(&message_file, MESSAGE_HEAD_READ).unwrap_or_default();
            if let Some(message) = mail_parser::MessageParser::default().parse_headers(&head) {
                for address in [message.to(), message.cc(), message.bcc()]
                    .into_iter()
                    .flatten()
                {
                    damaged.recipients.extend(
                        address
                            .iter()
                            .filter_map(|a| a.address.as_deref())
                            .map(str::to_owned),
                    );
                }
                damaged.subject = message.subject().map(str::to_owned);
            }
        }
        Some(damaged)
    }

    /// Finds an entry in any folder.
    pub fn find(&self, id: &str) -> Option<(Entry, Folder)> {
        for folder in [Folder::Outbox, Folder::Sent, Folder::Failed] {
            if let Ok(Some(mut entry)) = self.read_entry(folder, id) {
                if folder == Folder::Outbox
                    && entry.state != State::Unconfirmed
                    && self.ids_on_the_wire().contains(id)
                {
                    entry.state = State::Sending;
                }
                return Some((entry, folder));
            }
        }
        None
    }

    /// The message's bytes, from `<id>.eml` or, for an old sent message
    /// kept compressed, `<id>.eml.gz`.
    pub fn raw(&self, folder: Folder, id: &str) -> Result<Vec<u8>, SpoolError> {
        let path = self.message_path(folder, id);
        match read_regular_file(&path) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                let packed = self.compressed_path(folder, id);
                let Ok(bytes) = read_regular_file(&packed) else {
                    return Err(SpoolError::io(&path)(e));
                };
                let mut raw = Vec::new();
                io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&bytes[..]), &mut raw)
                    .map_err(SpoolError::io(&packed))?;
                Ok(raw)
            }
            read => read.map_err(SpoolError::io(&path)),
        }
    }

    fn compressed_path(&self, folder: Folder, id: &str) -> PathBuf {
        self.dir(folder).join(format!("{id}.eml.gz"))
    }

    /// The file that holds the message: `<id>.eml`, or `<id>.eml.gz` once
    /// compressed.
    pub fn stored_message_path(&self, folder: Folder, id: &str) -> PathBuf {
        let plain = self.message_path(folder, id);
        let packed = self.compressed_path(folder, id);
        if !plain.exists() && packed.exists() {
            packed
        } else {
            plain
        }
    }

    /// Keeps a sent message's source compressed (gzip): written and synced
    /// beside it first, then the plain file goes. False when it was
    /// compressed already (or is gone).
    pub fn compress_sent(&self, id: &str) -> Result<bool, SpoolError> {
        let plain = self.message_path(Folder::Sent, id);
        let raw = match read_regular_file(&plain) {
            Ok(raw) => raw,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(false),
            Err(e) => return Err(SpoolError::io(&plain)(e)),
        };
        let packed = self.compressed_path(Folder::Sent, id);
        // A compressed copy left by an interrupted run is written again:
        // it may be the part that was cut short.
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        encoder
            .write_all(&raw)
            .and_then(|()| encoder.finish())
            .and_then(|bytes| write_private_atomic(&packed, &bytes))
            .map_err(SpoolError::io(&packed))?;
        fs::remove_file(&plain).map_err(SpoolError::io(&plain))?;
        Ok(true)
    }

    /// Deletes a sent message for good (the retention setting): its state
    /// first, so that a crash halfway leaves no message without a state
    /// that would be taken for damage.
    pub fn forget_sent(&self, id: &str) -> Result<(), SpoolError> {
        let gone = |path: PathBuf| match fs::remove_file(&path) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => Err(SpoolError::io(&path)(e)),
            _ => Ok(()),
        };
        gone(self.state_path(Folder::Sent, id))?;
        gone(self.message_path(Folder::Sent, id))?;
        gone(self.compressed_path(Folder::Sent, id))
    }

    fn lock_path(&self, account: &str, ext: &str) -> PathBuf {
        self.root
            .join("locks")
            .join(format!("{}.{ext}", file_safe(account)))
    }

    /// Ids that a journal says are on the wire (started, not finished).
    fn ids_on_the_wire(&self) -> HashSet<String> {
        let mut ids = HashSet::new();
        let Ok(read) = fs::read_dir(self.root.join("locks")) else {
            return ids;
        };
        for item in read.flatten() {
            if item.path().extension().is_some_and(|e| e == "journal") {
                ids.extend(read_journal(&item.path()));
            }
        }
        ids
    }

    /// Takes the account's lock: only its holder sends or changes the
    /// account's messages. `wait` = how long to wait for another holder.
    /// None means another process still holds it.
    pub fn lock(&self, account: &str, wait: Duration) -> Result<Option<AccountLock>, SpoolError> {
        let path = self.lock_path(account, "lock");
        let file = open_no_follow(
            &path,
            private_options().create(true).truncate(false).write(true),
        )
        .map_err(SpoolError::io(&path))?;
        let deadline = Instant::now() + wait;
        loop {
            match file.try_lock() {
                Ok(()) => break,
                Err(fs::TryLockError::WouldBlock) => {
                    if Instant::now() >= deadline {
                        return Ok(None);
                    }
                    std::thread::sleep(Duration::from_millis(20));
                }
                Err(fs::TryLockError::Error(e)) => return Err(SpoolError::io(&path)(e)),
            }
        }
        let journal_path = self.lock_path(account, "journal");
        // A link here would have its target truncated by finish_batch.
        let journal = open_no_follow(&journal_path, private_options().create(true).append(true))
            .map_err(SpoolError::io(&journal_path))?;
        let mut lock = AccountLock {
            spool: self.clone(),
            account: account.to_owned(),
            _file: file,
            journal,
            journal_path,
            last_sync: Instant::now(),
            dirty: false,
        };
        lock.recover()?;
        Ok(Some(lock))
    }

    /// Resolves what crashed workers left, for every account nobody is
    /// sending from right now, and removes temporary files that writers
    /// killed or out of disk space left behind. Runs when a worker starts
    /// (daemon, window) and before `send` and `outbox flush` send.
    pub fn recover_idle(&self) {
        self.remove_stale_temp_files(STALE_TEMP_AGE);
        let Ok(read) = fs::read_dir(self.root.join("locks")) else {
            return;
        };
        let accounts: Vec<String> = read
            .flatten()
            .filter_map(|i| {
                let name = i.file_name().to_string_lossy().into_owned();
                name.strip_suffix(".journal").map(file_unsafe)
            })
            .collect();
        for account in accounts {
            let _ = self.lock(&account, Duration::ZERO);
        }
    }
}

/// The copy step's bookkeeping: `copies/ID` marks a sent message whose
/// copy is pending, so finding them never reads all of sent/.
impl Spool {
    fn copy_marker(&self, id: &str) -> PathBuf {
        self.root.join("copies").join(id)
    }

    /// Marks a sent message as waiting for its copy.
    pub fn want_copy(&self, id: &str) -> Result<(), SpoolError> {
        let path = self.copy_marker(id);
        match create_new_private(&path) {
            Ok(_) => Ok(()),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok(()),
            Err(e) => Err(SpoolError::io(&path)(e)),
        }
    }

    /// The sent messages whose copy is pending, of `account` (or all).
    /// Markers left by copies already settled are removed.
    pub fn pending_copies(&self, account: Option<&str>) -> Vec<Entry> {
        let Ok(read) = fs::read_dir(self.root.join("copies")) else {
            return Vec::new();
        };
        let mut entries = Vec::new();
        for item in read.flatten() {
            let id = item.file_name().to_string_lossy().into_owned();
            if id.starts_with('.') {
                continue;
            }
            match self.read_entry(Folder::Sent, &id) {
                Ok(Some(entry)) if entry.sent_copy == CopyState::Pending => {
                    if account.is_none_or(|a| a == entry.account) {
                        entries.push(entry);
                    }
                }
                // Mid-rewrite, or moved: looked at again next time.
                Ok(None) if self.state_path(Folder::Sent, &id).exists() => {}
                _ => {
                    let _ = fs::remove_file(item.path());
                }
            }
        }
        entries.sort_by(|a, b| a.id.cmp(&b.id));
        entries
    }

    /// Rewrites the copy state of a sent message (the rest of it as it is on
    /// disk now); a settled copy loses its marker.
    pub fn save_copy_state(
        &self,
        id: &str,
        state: CopyState,
        copy: SentCopy,
    ) -> Result<Entry, SpoolError> {
        let mut entry = match self.read_entry(Folder::Sent, id) {
            Ok(Some(entry)) => entry,
            _ => return Err(SpoolError::NotFound(id.to_owned())),
        };
        entry.sent_copy = state;
        entry.copy = Some(copy);
        let path = self.state_path(Folder::Sent, id);
        write_private_atomic(&path, &to_json(&entry)).map_err(SpoolError::io(&path))?;
        if state == CopyState::Pending {
            self.want_copy(id)?;
        } else {
            let _ = fs::remove_file(self.copy_marker(id));
        }
        Ok(entry)
    }

    /// `outbox retry-copy`: a failed (or pending, or never wanted when
    /// `allow_off`) copy is tried at once.
    pub fn retry_copy(&self, id: &str, allow_off: bool) -> Result<Entry, SpoolError> {
        let entry = match self.read_entry(Folder::Sent, id) {
            Ok(Some(entry)) => entry,
            _ => return Err(SpoolError::NotFound(id.to_owned())),
        };
        match entry.sent_copy {
            CopyState::Copied => Err(SpoolError::CopyNotWanted(id.to_owned())),
            CopyState::Off if !allow_off => Err(SpoolError::CopyNotWanted(id.to_owned())),
            _ => {
                let mut copy = entry.copy.unwrap_or_default();
                copy.next_attempt = None;
                self.save_copy_state(id, CopyState::Pending, copy)
            }
        }
    }

    /// The account's copy step: only one process copies for it at a time.
    /// None when another holds it.
    pub fn copy_lock(&self, account: &str) -> Result<Option<File>, SpoolError> {
        let path = self.lock_path(account, "copylock");
        let file = open_no_follow(
            &path,
            private_options().create(true).truncate(false).write(true),
        )
        .map_err(SpoolError::io(&path))?;
        match file.try_lock() {
            Ok(()) => Ok(Some(file)),
            Err(fs::TryLockError::WouldBlock) => Ok(None),
            Err(fs::TryLockError::Error(e)) => Err(SpoolError::io(&path)(e)),
        }
    }

    /// The Sent folder found earlier for this server and user.
    pub fn remembered_sent_folder(&self, account: &str, server: &str) -> Option<String> {
        let path = self
            .root
            .join("copies")
            .join(format!(".folder-{}", file_safe(account)));
        let text = String::from_utf8(read_regular_file(&path).ok()?).ok()?;
        let (seen_for, folder) = text.split_once('\n')?;
        (seen_for == server && !folder.is_empty()).then(|| folder.to_owned())
    }

    pub fn remember_sent_folder(&self, account: &str, server: &str, folder: &str) {
        let path = self
            .root
            .join("copies")
            .join(format!(".folder-{}", file_safe(account)));
        let _ = write_private_atomic(&path, format!("{server}\n{folder}").as_bytes());
    }
}

/// Holding this is the right to send and change one account's messages.
/// Dropping it releases the lock.
pub struct AccountLock {
    spool: Spool,
    account: String,
    _file: File,
    journal: File,
    journal_path: PathBuf,
    last_sync: Instant,
    dirty: bool,
}

impl AccountLock {
    pub fn account(&self) -> &str {
        &self.account
    }

    pub fn spool(&self) -> &Spool {
        &self.spool
    }

    /// Replays the journal left by a worker that died: a message it started
    /// and did not finish may have gone out, so it becomes unconfirmed.
    fn recover(&mut self) -> Result<(), SpoolError> {
        let started = read_journal(&self.journal_path);
        let wants_copy = read_copy_wanted(&self.journal_path);
        for id in started {
            let spool = self.spool.clone();
            if spool.message_path(Folder::Sent, &id).exists() {
                // The server accepted it and the move to sent/ was cut short.
                self.finish_sent_move(&id, wants_copy.contains(&id))?;
                continue;
            }
            if let Ok(Some(mut entry)) = spool.read_entry(Folder::Outbox, &id) {
                tracing::warn!(
                    "message {id} was being sent when its worker stopped; marked unconfirmed"
                );
                entry.state = State::Unconfirmed;
                entry.next_attempt = None;
                self.save(&entry)?;
            }
        }
        self.finish_batch()
    }

    fn finish_sent_move(&mut self, id: &str, wants_copy: bool) -> Result<(), SpoolError> {
        let spool = self.spool.clone();
        let sent_json = spool.state_path(Folder::Sent, id);
        let _ = fs::rename(spool.state_path(Folder::Outbox, id), &sent_json);
        let bytes = read_regular_file(&sent_json).map_err(SpoolError::io(&sent_json))?;
        if let Ok(mut entry) = serde_json::from_slice::<Entry>(&bytes) {
            let copy_lost = wants_copy && entry.sent_copy == CopyState::Off;
            if entry.state != State::Sent || copy_lost {
                entry.state = State::Sent;
                entry.sent_at.get_or_insert_with(Utc::now);
                if copy_lost {
                    entry.sent_copy = CopyState::Pending;
                }
                write_file(&sent_json, &to_json(&entry), true)
                    .map_err(SpoolError::io(&sent_json))?;
            }
            if entry.sent_copy == CopyState::Pending {
                spool.want_copy(id)?;
            }
        }
        Ok(())
    }

    /// Notes that a message is about to go on the wire. Synced to disk at
    /// most every 50 ms (group commit): a process crash never loses it; only
    /// a power cut in that window could, and then the message is resent once.
    pub fn begin(&mut self, id: &str) -> Result<(), SpoolError> {
        self.begin_with_copy(id, false)
    }

    /// `begin`, noting too that the message gets a copy in Sent once the
    /// server takes it (so a crash in the move to sent/ cannot lose that).
    pub fn begin_with_copy(&mut self, id: &str, copy: bool) -> Result<(), SpoolError> {
        self.journal_line('S', id)?;
        if copy {
            self.journal_line('P', id)?;
        }
        if self.last_sync.elapsed() >= Duration::from_millis(50) {
            self.journal
                .sync_data()
                .map_err(SpoolError::io(&self.journal_path))?;
            self.last_sync = Instant::now();
        }
        Ok(())
    }

    fn end(&mut self, id: &str) -> Result<(), SpoolError> {
        self.journal_line('D', id)
    }

    fn journal_line(&mut self, tag: char, id: &str) -> Result<(), SpoolError> {
        self.dirty = true;
        self.journal
            .write_all(format!("{tag} {id}\n").as_bytes())
            .map_err(SpoolError::io(&self.journal_path))
    }

    /// Makes the batch's moves durable and empties the journal.
    pub fn finish_batch(&mut self) -> Result<(), SpoolError> {
        if !self.dirty && self.journal.metadata().is_ok_and(|m| m.len() == 0) {
            return Ok(());
        }
        for folder in [Folder::Outbox, Folder::Sent, Folder::Failed] {
            let dir = self.spool.dir(folder);
            sync_dir(&dir).map_err(SpoolError::io(&dir))?;
        }
        self.journal
            .set_len(0)
            .and_then(|_| self.journal.sync_all())
            .map_err(SpoolError::io(&self.journal_path))?;
        self.dirty = false;
        Ok(())
    }

    /// A message that waited for a chosen time is dated now, as it goes:
    /// its file is rewritten (atomically, synced) BEFORE any server sees
    /// it, so the bytes sent are the bytes kept and copied to Sent, and a
    /// crash before the send only dates it again. Then `scheduled` is
    /// cleared, so that a retry or a resend never changes bytes a server
    /// may have. Anything else (sendmail's messages above all) is left as
    /// it is. Returns the message's bytes as they go.
    pub fn date_for_sending(
        &mut self,
        entry: &mut Entry,
        raw: Vec<u8>,
    ) -> Result<Vec<u8>, SpoolError> {
        if !entry.scheduled {
            return Ok(raw);
        }
        let dated = crate::compose::with_date(&raw, chrono::Local::now());
        let path = self.spool.message_path(Folder::Outbox, &entry.id);
        write_file(&path, &dated, true).map_err(SpoolError::io(&path))?;
        let dir = self.spool.dir(Folder::Outbox);
        sync_dir(&dir).map_err(SpoolError::io(&dir))?;
        entry.scheduled = false;
        if let Some(draft) = entry.draft.as_mut() {
            draft.send_at = None;
        }
        self.save(entry)?;
        Ok(dated)
    }

    /// Rewrites an entry that stays in the outbox, durably.
    pub fn save(&self, entry: &Entry) -> Result<(), SpoolError> {
        let path = self.spool.state_path(Folder::Outbox, &entry.id);
        write_private_atomic(&path, &to_json(entry)).map_err(SpoolError::io(&path))
    }

    /// The server accepted the message. Not synced one by one: a crash
    /// before `finish_batch` leaves the journal to finish the move.
    pub fn mark_sent(
        &mut self,
        mut entry: Entry,
        reply: Reply,
        transcript: Transcript,
    ) -> Result<Entry, SpoolError> {
        let now = Utc::now();
        entry.state = State::Sent;
        entry.sent_at = Some(now);
        entry.final_reply = Some(reply.clone());
        entry.next_attempt = None;
        entry.attempts += 1;
        entry.record(Attempt {
            at: now,
            reply: Some(reply),
            error: None,
            transcript,
        });
        self.move_entry(&entry, Folder::Sent, false)?;
        if entry.sent_copy == CopyState::Pending {
            self.spool.want_copy(&entry.id)?;
        }
        self.end(&entry.id)?;
        Ok(entry)
    }

    /// Moves an entry out of the outbox into sent/ or failed/.
    fn move_entry(&mut self, entry: &Entry, to: Folder, durable: bool) -> Result<(), SpoolError> {
        let spool = &self.spool;
        let from_eml = spool.message_path(Folder::Outbox, &entry.id);
        let from_json = spool.state_path(Folder::Outbox, &entry.id);
        let to_json_path = spool.state_path(to, &entry.id);
        if durable {
            write_file(&to_json_path, &to_json(entry), true)
                .map_err(SpoolError::io(&to_json_path))?;
            fs::rename(&from_eml, spool.message_path(to, &entry.id))
                .map_err(SpoolError::io(&from_eml))?;
            fs::remove_file(&from_json).map_err(SpoolError::io(&from_json))?;
            for dir in [spool.dir(to), spool.dir(Folder::Outbox)] {
                sync_dir(&dir).map_err(SpoolError::io(&dir))?;
            }
            return Ok(());
        }
        // The fast path of a draining batch creates and frees no file: both
        // files are renamed and the state rewritten in place. (Creating a
        // file per message made ext4 scan past recently freed inodes, which
        // cut the drain rate by half or more.) The message moves first: a
        // crash after it tells recovery the server accepted the message.
        fs::rename(&from_eml, spool.message_path(to, &entry.id))
            .map_err(SpoolError::io(&from_eml))?;
        fs::rename(&from_json, &to_json_path).map_err(SpoolError::io(&from_json))?;
        overwrite(&to_json_path, &to_json(entry)).map_err(SpoolError::io(&to_json_path))
    }

    /// Records a failed attempt and puts the entry in the state its error calls for.
    pub fn mark_failed_attempt(
        &mut self,
        mut entry: Entry,
        state: State,
        error: SmtpError,
        transcript: Transcript,
        next_attempt: Option<DateTime<Utc>>,
    ) -> Result<Entry, SpoolError> {
        entry.attempts += 1;
        entry.state = state;
        entry.next_attempt = next_attempt;
        entry.last_error = Some(error.clone());
        entry.record(Attempt {
            at: Utc::now(),
            reply: error.reply.clone(),
            error: Some(error),
            transcript,
        });
        if state == State::Failed {
            self.move_entry(&entry, Folder::Failed, true)?;
        } else {
            self.save(&entry)?;
        }
        self.end(&entry.id)?;
        Ok(entry)
    }

    fn outbox_entry(&self, id: &str) -> Result<Entry, SpoolError> {
        match self.spool.read_entry(Folder::Outbox, id) {
            Ok(Some(entry)) if entry.account == self.account => Ok(entry),
            _ => Err(SpoolError::NotFound(id.to_owned())),
        }
    }

    /// "Retry now": a deferred, held or failed message is tried at once.
    pub fn retry(&mut self, id: &str) -> Result<Entry, SpoolError> {
        let mut entry = match self.outbox_entry(id) {
            Ok(entry) => entry,
            Err(_) => return self.revive_failed(id),
        };
        match entry.state {
            State::Deferred | State::Held | State::Queued => {
                entry.state = State::Queued;
                entry.not_before = None;
                entry.next_attempt = None;
                self.save(&entry)?;
                Ok(entry)
            }
            state => Err(SpoolError::WrongState {
                id: id.to_owned(),
                state,
            }),
        }
    }

    /// A failed message goes back to the outbox, for one more try.
    fn revive_failed(&mut self, id: &str) -> Result<Entry, SpoolError> {
        let spool = self.spool.clone();
        let mut entry = match spool.read_entry(Folder::Failed, id) {
            Ok(Some(entry)) if entry.account == self.account => entry,
            _ => return Err(SpoolError::NotFound(id.to_owned())),
        };
        entry.state = State::Queued;
        entry.not_before = None;
        entry.next_attempt = None;
        let from = spool.message_path(Folder::Failed, id);
        fs::rename(&from, spool.message_path(Folder::Outbox, id)).map_err(SpoolError::io(&from))?;
        self.save(&entry)?;
        let _ = fs::remove_file(spool.state_path(Folder::Failed, id));
        Ok(entry)
    }

    /// Only an unconfirmed message waits for the user's word on whether it arrived.
    fn unconfirmed_entry(&self, id: &str) -> Result<Entry, SpoolError> {
        let entry = self.outbox_entry(id)?;
        if entry.state != State::Unconfirmed {
            return Err(SpoolError::WrongState {
                id: id.to_owned(),
                state: entry.state,
            });
        }
        Ok(entry)
    }

    /// Sends an unconfirmed message again, because the user says so.
    pub fn resend(&mut self, id: &str) -> Result<Entry, SpoolError> {
        let mut entry = self.unconfirmed_entry(id)?;
        entry.state = State::Queued;
        entry.not_before = None;
        self.save(&entry)?;
        Ok(entry)
    }

    /// The user confirms an unconfirmed message did arrive.
    pub fn confirm_sent(&mut self, id: &str) -> Result<Entry, SpoolError> {
        let mut entry = self.unconfirmed_entry(id)?;
        entry.state = State::Sent;
        entry.sent_at = Some(Utc::now());
        self.move_entry(&entry, Folder::Sent, true)?;
        Ok(entry)
    }

    /// Takes a message out of the outbox (or failed/) for good, returning
    /// it, e.g. so that Undo can bring its draft back.
    pub fn cancel(&mut self, id: &str) -> Result<Entry, SpoolError> {
        let spool = self.spool.clone();
        let (entry, folder) = match self.outbox_entry(id) {
            Ok(entry) => (entry, Folder::Outbox),
            Err(e) => match spool.read_entry(Folder::Failed, id) {
                Ok(Some(entry)) if entry.account == self.account => (entry, Folder::Failed),
                _ => return Err(e),
            },
        };
        let json = spool.state_path(folder, id);
        fs::remove_file(&json).map_err(SpoolError::io(&json))?;
        let _ = fs::remove_file(spool.message_path(folder, id));
        let dir = spool.dir(folder);
        sync_dir(&dir).map_err(SpoolError::io(&dir))?;
        Ok(entry)
    }

    /// Moves a message of the outbox to failed/ without an attempt, e.g.
    /// because its account is being removed; `reason` says why.
    pub fn give_up(&mut self, mut entry: Entry, reason: SmtpError) -> Result<Entry, SpoolError> {
        entry.state = State::Failed;
        entry.next_attempt = None;
        entry.last_error = Some(reason);
        self.move_entry(&entry, Folder::Failed, true)?;
        Ok(entry)
    }

    /// After the user fixed the account, its held messages go again.
    pub fn release_held(&mut self) -> Result<usize, SpoolError> {
        let mut released = 0;
        for mut entry in self.spool.list(Folder::Outbox) {
            if entry.account == self.account && entry.state == State::Held {
                entry.state = State::Queued;
                entry.next_attempt = None;
                self.save(&entry)?;
                released += 1;
            }
        }
        Ok(released)
    }
}

/// Rewrites a file in place with one write (a process killed around it
/// leaves the old or the new content, never a mix, for content that grows).
fn overwrite(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut file = open_no_follow(path, OpenOptions::new().write(true))?;
    file.write_all(bytes)?;
    if file.metadata()?.len() > bytes.len() as u64 {
        file.set_len(bytes.len() as u64)?;
    }
    Ok(())
}

/// Waiting messages in the order they go: a scheduled one by its chosen
/// time (a 09:00 message before one queued at 10:14 for 11:00), the rest by
/// when they were queued. Stable, so ties keep the spool's order.
pub fn in_sending_order(entries: &mut [Entry]) {
    entries.sort_by_key(Entry::goes_at);
}

/// Files of the spool are readable by the user alone.
fn private_options() -> OpenOptions {
    let mut options = OpenOptions::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options
}

fn modified_within(path: &Path, age: Duration) -> bool {
    fs::metadata(path)
        .and_then(|m| m.modified())
        .is_ok_and(|t| t.elapsed().is_ok_and(|e| e < age))
}

/// Ids whose journal says they get a copy in Sent.
fn read_copy_wanted(path: &Path) -> HashSet<String> {
    let Ok(bytes) = read_regular_file(path) else {
        return HashSet::new();
    };
    bytes
        .as_slice()
        .lines()
        .map_while(Result::ok)
        .filter_map(|line| line.strip_prefix("P ").map(str::to_owned))
        .collect()
}

/// Started and not finished ids in a journal.
fn read_journal(path: &Path) -> Vec<String> {
    let Ok(bytes) = read_regular_file(path) else {
        return Vec::new();
    };
    let mut open: Vec<String> = Vec::new();
    for line in bytes.as_slice().lines().map_while(Result::ok) {
        match line.split_once(' ') {
            Some(("S", id)) => open.push(id.to_owned()),
            Some(("D", id)) => open.retain(|x| x != id),
            _ => {}
        }
    }
    open
}

/// The first `limit` bytes of a regular file (never through a link).
fn read_head(path: &Path, limit: u64) -> io::Result<Vec<u8>> {
    let mut head = Vec::new();
    io::Read::read_to_end(&mut io::Read::take(open_regular(path)?, limit), &mut head)?;
    Ok(head)
}

fn to_json(entry: &Entry) -> Vec<u8> {
    serde_json::to_vec_pretty(entry).expect("an entry always serializes")
}

/// A new queued entry; its id sorts by the time it was queued.
fn new_entry(
    account: &str,
    (message_id, envelope_from, envelope_to): (&str, &str, &[String]),
    subject: &str,
    not_before: Option<DateTime<Utc>>,
    draft: Option<Draft>,
) -> Entry {
    let now = Utc::now();
    let id = format!(
        "{}-{}",
        now.format("%Y%m%dT%H%M%S%6f"),
        &uuid::Uuid::new_v4().simple().to_string()[..8]
    );
    Entry {
        id,
        account: account.to_owned(),
        message_id: message_id.to_owned(),
        envelope_from: envelope_from.to_owned(),
        envelope_to: envelope_to.to_vec(),
        subject: subject.to_owned(),
        created: now,
        state: State::Queued,
        not_before,
        scheduled: false,
        attempts: 0,
        next_attempt: None,
        last_error: None,
        sent_at: None,
        final_reply: None,
        history: Vec::new(),
        draft,
        copies: Vec::new(),
        sent_copy: CopyState::Off,
        copy: None,
    }
}

/// Writes a file through a temporary file renamed over it (fsynced first
/// when `durable`): a reader sees the old content or the new, never a part.
fn write_file(path: &Path, bytes: &[u8], durable: bool) -> io::Result<()> {
    write_file_with(path, durable, |file| file.write_all(bytes))
}

/// `write_file` for content produced by `write` (a message streamed from its
/// attachments). A failed write removes the temporary file.
fn write_file_with(
    path: &Path,
    durable: bool,
    write: impl FnOnce(&mut File) -> io::Result<()>,
) -> io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let tmp = dir.join(format!(".{name}.tmp"));
    // Only one writer per id at a time, so anything there is a leftover.
    let result = (|| {
        let mut file = create_new_private(&tmp)?;
        write(&mut file)?;
        if durable {
            file.sync_all()?;
        }
        drop(file);
        fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// Account names as file names: letters, digits, '-', '_' kept, the rest %XX.
fn file_safe(name: &str) -> String {
    let mut out = String::new();
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || b == b'-' || b == b'_' {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn file_unsafe(name: &str) -> String {
    let bytes = name.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Ok(b) = u8::from_str_radix(&name[i + 1..i + 3], 16)
        {
            out.push(b);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outgoing(n: u32) -> Outgoing {
        Outgoing {
            message_id: format!("<m{n}@example.com>"),
            envelope_from: "a@example.com".into(),
            envelope_to: vec!["b@example.com".into()],
            raw: format!("Subject: {n}\r\n\r\nbody {n}\r\n").into_bytes(),
        }
    }

    #[test]
    fn enqueue_then_list_and_read_back() {
        let tmp = tempfile::tempdir().unwrap();
        let spool = Spool::open(tmp.path()).unwrap();
        let a = spool
            .enqueue("work", &outgoing(1), "one", None, None)
            .unwrap();
        let b = spool
            .enqueue("work", &outgoing(2), "two", None, None)
            .unwrap();
        let listed = spool.list(Folder::Outbox);
        assert_eq!(
            listed.iter().map(|e| &e.id).collect::<Vec<_>>(),
            vec![&a.id, &b.id]
        );
        assert_eq!(listed[0].state, State::Queued);
        assert_eq!(spool.raw(Folder::Outbox, &a.id).unwrap(), outgoing(1).raw);
        assert!(listed[0].is_due(Utc::now()));
    }

    #[test]
    fn unreadable_entry_is_quarantined_and_others_still_listed() {
        let tmp = tempfile::tempdir().unwrap();
        let spool = Spool::open(tmp.path()).unwrap();
        let good = spool
            .enqueue("work", &outgoing(1), "one", None, None)
            .unwrap();
        let broken = spool.dir(Folder::Outbox).join("broken.json");
        fs::write(&broken, b"{ not json").unwrap();
        // A fresh unreadable file may be mid-rewrite and is left alone.
        assert_eq!(spool.list(Folder::Outbox).len(), 1);
        assert!(broken.exists());
        let old = std::time::SystemTime::now() - Duration::from_secs(60);
        File::options()
            .write(true)
            .open(&broken)
            .unwrap()
            .set_modified(old)
            .unwrap();
        fs::write(spool.dir(Folder::Outbox).join("broken.eml"), b"x").unwrap();
        let listed = spool.list(Folder::Outbox);
        assert_eq!(listed.len(), 1);
        assert_eq!(listed[0].id, good.id);
        assert!(tmp.path().join("quarantine/broken.json").exists());
        assert!(tmp.path().join("quarantine/broken.eml").exists());
    }

    #[test]
    fn crash_while_sending_becomes_unconfirmed() {
        let tmp = tempfile::tempdir().unwrap();
        let spool = Spool::open(tmp.path()).unwrap();
        let e = spool
            .enqueue("work", &outgoing(1), "one", None, None)
            .unwrap();
        {
            let mut lock = spool.lock("work", Duration::ZERO).unwrap().unwrap();
            lock.begin(&e.id).unwrap();
            // shown as on the wire while the journal says so
            assert_eq!(spool.find(&e.id).unwrap().0.state, State::Sending);
            // the process "dies": the lock is released, the journal stays
            drop(lock);
        }
        let spool2 = Spool::open(tmp.path()).unwrap();
        let _lock = spool2.lock("work", Duration::ZERO).unwrap().unwrap();
        let (entry, folder) = spool2.find(&e.id).unwrap();
        assert_eq!((entry.state, folder), (State::Unconfirmed, Folder::Outbox));
    }

    #[test]
    fn sent_moves_to_sent_folder_with_reply() {
        let tmp = tempfile::tempdir().unwrap();
        let spool = Spool::open(tmp.path()).unwrap();
        let e = spool
            .enqueue("work", &outgoing(1), "one", None, None)
            .unwrap();
        let mut lock = spool.lock("work", Duration::ZERO).unwrap().unwrap();
        lock.begin(&e.id).unwrap();
        let reply = Reply {
            code: 250,
            text: "2.0.0 queued as X".into(),
        };
        lock.mark_sent(e.clone(), reply.clone(), Transcript::default())
            .unwrap();
        lock.finish_batch().unwrap();
        let (found, folder) = spool.find(&e.id).unwrap();
        assert_eq!(folder, Folder::Sent);
        assert_eq!(found.final_reply, Some(reply));
        assert!(spool.list(Folder::Outbox).is_empty());
        assert_eq!(spool.raw(Folder::Sent, &e.id).unwrap(), outgoing(1).raw);
    }

    #[test]
    fn a_crash_in_the_move_to_sent_keeps_the_copy_pending() {
        let tmp = tempfile::tempdir().unwrap();
        let spool = Spool::open(tmp.path()).unwrap();
        let e = spool
            .enqueue("work", &outgoing(1), "one", None, None)
            .unwrap();
        {
            let mut lock = spool.lock("work", Duration::ZERO).unwrap().unwrap();
            lock.begin_with_copy(&e.id, true).unwrap();
            // The server said 250; the process dies with only the message moved.
            fs::rename(
                spool.message_path(Folder::Outbox, &e.id),
                spool.message_path(Folder::Sent, &e.id),
            )
            .unwrap();
        }
        let _lock = spool.lock("work", Duration::ZERO).unwrap().unwrap();
        let (entry, folder) = spool.find(&e.id).unwrap();
        assert_eq!((entry.state, folder), (State::Sent, Folder::Sent));
        assert_eq!(entry.sent_copy, CopyState::Pending);
        let pending = spool.pending_copies(Some("work"));
        assert_eq!(pending.len(), 1);
        assert_eq!(pending[0].id, e.id);
        // Settled: the marker goes, and nothing is pending any more.
        spool
            .save_copy_state(&e.id, CopyState::Copied, SentCopy::default())
            .unwrap();
        assert!(spool.pending_copies(None).is_empty());
        assert!(!tmp.path().join("copies").join(&e.id).exists());
        // A copied message is not copied again; a failed one can be retried.
        assert!(matches!(
            spool.retry_copy(&e.id, true),
            Err(SpoolError::CopyNotWanted(_))
        ));
        spool
            .save_copy_state(&e.id, CopyState::Failed, SentCopy::default())
            .unwrap();
        assert_eq!(
            spool.retry_copy(&e.id, true).unwrap().sent_copy,
            CopyState::Pending
        );
        assert_eq!(spool.pending_copies(None).len(), 1);
    }

    #[test]
    fn a_message_without_copy_wanted_gets_none_after_a_crash() {
        let tmp = tempfile::tempdir().unwrap();
        let spool = Spool::open(tmp.path()).unwrap();
        let e = spool
            .enqueue("work", &outgoing(1), "one", None, None)
            .unwrap();
        {
            let mut lock = spool.lock("work", Duration::ZERO).unwrap().unwrap();
            lock.begin_with_copy(&e.id, false).unwrap();
            fs::rename(
                spool.message_path(Folder::Outbox, &e.id),
                spool.message_path(Folder::Sent, &e.id),
            )
            .unwrap();
        }
        let _lock = spool.lock("work", Duration::ZERO).unwrap().unwrap();
        assert_eq!(spool.find(&e.id).unwrap().0.sent_copy, CopyState::Off);
        assert!(spool.pending_copies(None).is_empty());
    }

    #[test]
    fn a_second_lock_on_the_same_account_is_refused() {
        let tmp = tempfile::tempdir().unwrap();
        let spool = Spool::open(tmp.path()).unwrap();
        let _held = spool.lock("work", Duration::ZERO).unwrap().unwrap();
        assert!(
            spool
                .lock("work", Duration::from_millis(50))
                .unwrap()
                .is_none()
        );
        assert!(spool.lock("home", Duration::ZERO).unwrap().is_some());
    }

    #[test]
    fn a_failed_write_takes_its_temporary_file_with_it() {
        let tmp = tempfile::tempdir().unwrap();
        // Renaming a file over a folder fails, as a full disk would fail the write.
        let target = tmp.path().join("x.eml");
        fs::create_dir(&target).unwrap();
        fs::write(target.join("inside"), b"").unwrap();
        assert!(write_file(&target, b"data", true).is_err());
        assert_eq!(
            fs::read_dir(tmp.path()).unwrap().count(),
            1,
            "temp file left"
        );
    }

    #[test]
    fn an_enqueue_whose_state_file_fails_leaves_nothing_behind() {
        let tmp = tempfile::tempdir().unwrap();
        let spool = Spool::open(tmp.path()).unwrap();
        let mut entry = spool
            .enqueue("work", &outgoing(1), "one", None, None)
            .unwrap();
        entry.id = "20260101T000000000000-full0000".into();
        // The state file cannot take its place, as on a full disk.
        let blocked = spool.state_path(Folder::Outbox, &entry.id);
        fs::create_dir(&blocked).unwrap();
        fs::write(blocked.join("x"), b"").unwrap();
        let message = |out: &mut File| out.write_all(b"Subject: x\r\n\r\n");
        assert!(spool.write_new(&entry, message).is_err());
        let left: Vec<String> = fs::read_dir(spool.dir(Folder::Outbox))
            .unwrap()
            .flatten()
            .map(|f| f.file_name().to_string_lossy().into_owned())
            .filter(|name| name.contains("full0000") && !name.ends_with(".json"))
            .collect();
        assert!(left.is_empty(), "left behind: {left:?}");
    }

    #[cfg(unix)]
    #[test]
    fn a_link_at_the_temporary_name_is_not_written_through() {
        let tmp = tempfile::tempdir().unwrap();
        let victim = tmp.path().join("victim");
        fs::write(&victim, b"keep me").unwrap();
        std::os::unix::fs::symlink(&victim, tmp.path().join(".x.json.tmp")).unwrap();
        write_file(&tmp.path().join("x.json"), b"{}", true).unwrap();
        assert_eq!(fs::read(&victim).unwrap(), b"keep me");
        assert_eq!(fs::read(tmp.path().join("x.json")).unwrap(), b"{}");
    }

    #[test]
    fn account_names_round_trip_through_file_names() {
        for name in ["work", "my.mail", "ليلى", "a b/c"] {
            let safe = file_safe(name);
            assert!(
                safe.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-_%".contains(c))
            );
            assert_eq!(file_unsafe(&safe), name);
        }
    }
}
