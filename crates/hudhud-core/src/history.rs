//! The sent and failed history as an index: SQLite (bundled) with an FTS5
//! table, so that 100 000 sent messages cost a page of rows in memory, not
//! all of them, and a search answers from the index.
//!
//! The spool's files stay the truth: a row is written only after the
//! message's state file is durable, and the whole index can be rebuilt from
//! the files (it is, when it is missing, unreadable or of another version).

use std::fmt;
use std::path::{Path, PathBuf};

use chrono::{DateTime, TimeZone, Utc};
use rusqlite::{Connection, OptionalExtension, params};

use crate::config::Retention;
use crate::outbox::{Entry, Folder, Spool, State};

/// Bumped whenever the schema changes: an index of another version is
/// rebuilt from the spool.
const SCHEMA_VERSION: i64 = 2;

/// How much of a message's text goes into the search index.
const INDEXED_BODY: usize = 64 * 1024;

#[derive(Debug)]
pub struct HistoryError(String);

impl fmt::Display for HistoryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::fl!("error-history", reason = self.0.clone()))
    }
}

impl std::error::Error for HistoryError {}

impl From<rusqlite::Error> for HistoryError {
    fn from(e: rusqlite::Error) -> Self {
        HistoryError(e.to_string())
    }
}

/// One line of the Sent or Failed list: what the list shows, nothing more
/// (the transcript and the body are read from the spool when opened).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub id: String,
    pub folder: Folder,
    pub account: String,
    pub subject: String,
    pub recipients: Vec<String>,
    /// When it was sent (or, for a failed message, when it was queued).
    pub at: DateTime<Utc>,
    pub state: State,
}

pub struct History {
    conn: Connection,
}

/// Someone the user has sent to, from the index.
#[derive(Debug, Clone, PartialEq)]
pub struct SentTo {
    pub address: String,
    /// The display name last written with the address, if any.
    pub name: Option<String>,
    /// How many sent messages went to them.
    pub count: usize,
    pub last: DateTime<Utc>,
    /// Frequency weighed by recency: each message adds 1 / (1 + age in months).
    pub score: f64,
}

/// What `History::apply_retention` did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Pruned {
    /// Sent messages deleted.
    pub removed: usize,
    /// Sent messages whose source is now kept compressed.
    pub compressed: usize,
}

impl History {
    /// The index file beside the spool folders.
    pub fn path(data_dir: &Path) -> PathBuf {
        data_dir.join("history.sqlite3")
    }

    /// Opens the index; one that is unreadable or of another version is set
    /// aside and started afresh (the caller rebuilds it: `needs_rebuild`).
    pub fn open(data_dir: &Path) -> Result<History, HistoryError> {
        crate::paths::create_private_dir(data_dir).map_err(|e| HistoryError(e.to_string()))?;
        let path = Self::path(data_dir);
        match Self::open_at(&path) {
            Ok(history) => Ok(history),
            Err(_) => {
                let aside = path.with_extension("sqlite3.broken");
                let _ = std::fs::rename(&path, aside);
                Self::open_at(&path)
            }
        }
    }

    /// An index in memory (tests, and a read-only data folder).
    pub fn in_memory() -> Result<History, HistoryError> {
        let history = History {
            conn: Connection::open_in_memory()?,
        };
        history.create()?;
        Ok(history)
    }

    fn open_at(path: &Path) -> Result<History, HistoryError> {
        let conn = Connection::open(path)?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600));
        }
        // WAL: the window reads while a worker in another process writes.
        // NORMAL sync: a crash may lose the last rows, which the next sync
        // reads again from the spool (the truth).
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        let history = History { conn };
        let version: Option<String> = history
            .conn
            .query_row("SELECT value FROM meta WHERE key = 'schema'", [], |row| {
                row.get(0)
            })
            .optional()
            .unwrap_or(None);
        match version {
            Some(v) if v == SCHEMA_VERSION.to_string() => {}
            Some(_) => {
                history.drop_all()?;
                history.create()?;
            }
            None => history.create()?,
        }
        // A quick check that the file is a usable database at all (without
        // reading the whole table: the list opens the index per keystroke).
        history.conn.query_row(
            "SELECT count(*) FROM (SELECT 1 FROM messages LIMIT 1)",
            [],
            |r| r.get::<_, i64>(0),
        )?;
        Ok(history)
    }

    fn drop_all(&self) -> Result<(), HistoryError> {
        self.conn.execute_batch(
            "DROP TABLE IF EXISTS messages_fts; DROP TABLE IF EXISTS addressees;
             DROP TABLE IF EXISTS messages; DROP TABLE IF EXISTS meta;",
        )?;
        Ok(())
    }

    fn create(&self) -> Result<(), HistoryError> {
        self.conn.execute_batch(
            "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
             CREATE TABLE IF NOT EXISTS messages (
                 rowid INTEGER PRIMARY KEY,
                 id TEXT NOT NULL UNIQUE,
                 folder TEXT NOT NULL,
                 account TEXT NOT NULL,
                 subject TEXT NOT NULL,
                 recipients TEXT NOT NULL,
                 at INTEGER NOT NULL,
                 state TEXT NOT NULL
             );
             CREATE INDEX IF NOT EXISTS messages_by_time ON messages (at DESC, id DESC);
             -- trigram: substring search, so تقرير finds التقرير and omar finds omar@example.com.
             CREATE VIRTUAL TABLE IF NOT EXISTS messages_fts USING fts5 (
                 subject, recipients, body,
                 content = '', contentless_delete = 1, tokenize = 'trigram remove_diacritics 1'
             );
             -- Each recipient of a message with the name it was written to
             -- with: the contacts the compose window suggests.
             CREATE TABLE IF NOT EXISTS addressees (
                 message INTEGER NOT NULL,
                 address TEXT NOT NULL,
                 name TEXT
             );
             CREATE INDEX IF NOT EXISTS addressees_by_message ON addressees (message);",
        )?;
        self.conn.execute(
            "INSERT OR REPLACE INTO meta (key, value) VALUES ('schema', ?1)",
            params![SCHEMA_VERSION.to_string()],
        )?;
        Ok(())
    }

    /// A write transaction that takes the write lock at once, so that a
    /// busy index makes it wait (busy timeout) instead of failing when
    /// another writer committed first (a deferred transaction cannot
    /// upgrade its stale snapshot in WAL mode).
    fn write(&mut self) -> rusqlite::Result<rusqlite::Transaction<'_>> {
        self.conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
    }

    /// Adds or replaces a message. `raw` is its source, for the body text
    /// in the search index (None: subject and recipients only).
    pub fn record(
        &mut self,
        entry: &Entry,
        folder: Folder,
        raw: Option<&[u8]>,
    ) -> Result<(), HistoryError> {
        let tx = self.write()?;
        record_in(&tx, entry, folder, raw)?;
        tx.commit()?;
        Ok(())
    }

    /// Forgets a message (it went back to the outbox, or was deleted).
    pub fn remove(&mut self, id: &str) -> Result<(), HistoryError> {
        let tx = self.write()?;
        remove_in(&tx, id)?;
        tx.commit()?;
        Ok(())
    }

    /// Every domain the user has sent to, with how many sent messages went
    /// there: the recipient checks weigh them in typo suggestions.
    pub fn recipient_domains(&self) -> Result<Vec<(String, usize)>, HistoryError> {
        let mut statement = self
            .conn
            .prepare("SELECT recipients FROM messages WHERE folder = ?1")?;
        let rows = statement.query_map(params![folder_name(Folder::Sent)], |row| {
            row.get::<_, String>(0)
        })?;
        let mut counts = std::collections::HashMap::<String, usize>::new();
        for recipients in rows {
            for address in recipients?.split(", ") {
                if let Some((_, domain)) = address.trim().rsplit_once('@') {
                    *counts.entry(domain.to_lowercase()).or_default() += 1;
                }
            }
        }
        let mut domains: Vec<_> = counts.into_iter().collect();
        domains.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        Ok(domains)
    }

    /// Everyone the user has sent to, the most written to first: each
    /// message counts for less the older it is (a month-old message half,
    /// a year-old one a thirteenth), so a new colleague soon passes an old
    /// friend written to once long ago. The name is the latest one used.
    pub fn sent_to(&self, now: DateTime<Utc>) -> Result<Vec<SentTo>, HistoryError> {
        const MONTH: f64 = 30.0 * 86_400.0;
        let mut statement = self.conn.prepare(
            "SELECT a.address, a.name, m.at FROM addressees a
             JOIN messages m ON m.rowid = a.message
             WHERE m.folder = ?1 ORDER BY m.at, m.rowid",
        )?;
        let rows = statement.query_map(params![folder_name(Folder::Sent)], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, Option<String>>(1)?,
                row.get::<_, i64>(2)?,
            ))
        })?;
        let mut by_address = std::collections::HashMap::<String, SentTo>::new();
        for row in rows {
            let (address, name, at) = row?;
            let at = Utc.timestamp_opt(at, 0).single().unwrap_or_default();
            let age = (now - at).num_seconds().max(0) as f64;
            let entry = by_address
                .entry(address.to_lowercase())
                .or_insert_with(|| SentTo {
                    address: address.clone(),
                    name: None,
                    count: 0,
                    last: at,
                    score: 0.0,
                });
            entry.count += 1;
            entry.score += 1.0 / (1.0 + age / MONTH);
            // Oldest first: the latest spelling and name win.
            entry.last = entry.last.max(at);
            entry.address = address;
            if let Some(name) = name.filter(|n| !n.trim().is_empty()) {
                entry.name = Some(name);
            }
        }
        let mut list: Vec<SentTo> = by_address.into_values().collect();
        list.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then_with(|| a.address.cmp(&b.address))
        });
        Ok(list)
    }

    pub fn count(&self, folder: Folder) -> Result<usize, HistoryError> {
        let n: i64 = self.conn.query_row(
            "SELECT count(*) FROM messages WHERE folder = ?1",
            params![folder_name(folder)],
            |r| r.get(0),
        )?;
        Ok(n as usize)
    }

    /// Newest first, `limit` rows from `offset`.
    pub fn page(
        &self,
        folder: Folder,
        offset: usize,
        limit: usize,
    ) -> Result<Vec<Row>, HistoryError> {
        let mut statement = self.conn.prepare_cached(
            "SELECT id, folder, account, subject, recipients, at, state FROM messages
             WHERE folder = ?1 ORDER BY at DESC, id DESC LIMIT ?2 OFFSET ?3",
        )?;
        let rows = statement
            .query_map(
                params![folder_name(folder), limit as i64, offset as i64],
                read_row,
            )?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(rows.into_iter().flatten().collect())
    }

    /// Messages whose subject, recipients or text contain every word of
    /// `query` (case and Arabic vowel marks ignored), newest first.
    pub fn search(
        &self,
        folder: Folder,
        query: &str,
        limit: usize,
    ) -> Result<Vec<Row>, HistoryError> {
        self.search_page(folder, query, 0, limit)
    }

    /// `limit` of the messages matching `query` (every message of the
    /// folder when it is blank), from the `offset`th, newest first: what a
    /// list that shows only the rows in view asks for.
    pub fn search_page(
        &self,
        folder: Folder,
        query: &str,
        offset: usize,
        limit: usize,
    ) -> Result<Vec<Row>, HistoryError> {
        let (filter, mut values) = matching(folder, query);
        values.push(limit.to_string());
        values.push(offset.to_string());
        let n = values.len();
        let sql = format!(
            "SELECT id, folder, account, subject, recipients, at, state FROM messages
             WHERE {filter} ORDER BY at DESC, id DESC LIMIT ?{} OFFSET ?{n}",
            n - 1
        );
        let mut statement = self.conn.prepare_cached(&sql)?;
        let rows = statement
            .query_map(rusqlite::params_from_iter(values.iter()), read_row)?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(rows.into_iter().flatten().collect())
    }

    /// How many messages `search_page` can page through for `query`.
    pub fn count_matching(&self, folder: Folder, query: &str) -> Result<usize, HistoryError> {
        let (filter, values) = matching(folder, query);
        let sql = format!("SELECT count(*) FROM messages WHERE {filter}");
        let n: i64 = self
            .conn
            .prepare_cached(&sql)?
            .query_row(rusqlite::params_from_iter(values.iter()), |r| r.get(0))?;
        Ok(n as usize)
    }

    /// Makes the index match the spool's sent and failed folders: rows of
    /// messages no longer there go, missing ones are read and added. Only
    /// the folders' file names are listed; only new messages are read, so
    /// this is cheap when little changed. Returns how many were added.
    pub fn sync(&mut self, spool: &Spool) -> Result<usize, HistoryError> {
        // One catch-up at a time in a process (the window may ask again
        // while a first index of a big folder is being built); the second
        // then finds the work done.
        static SYNCING: std::sync::Mutex<()> = std::sync::Mutex::new(());
        let _one = SYNCING.lock().unwrap_or_else(|e| e.into_inner());
        // Folders unchanged since the last full catch-up: nothing to read
        // (at start-up with 100 000 messages, listing them and the index's
        // ids cost 170 ms and 20 MB that the allocator keeps).
        let stamp = folders_stamp(spool);
        let synced: Option<String> = self
            .conn
            .query_row("SELECT value FROM meta WHERE key = 'synced'", [], |r| {
                r.get(0)
            })
            .optional()?;
        if stamp.is_some() && synced == stamp {
            return Ok(0);
        }
        let known: std::collections::HashMap<String, String> = {
            let mut statement = self.conn.prepare("SELECT id, folder FROM messages")?;
            statement
                .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
                .collect::<Result<_, _>>()?
        };
        let mut present = std::collections::HashSet::new();
        let mut added = 0;
        // New messages go in one transaction per batch: a commit per
        // message made a first index of 100 000 take minutes.
        const BATCH: usize = 1000;
        let mut tx = self.write()?;
        for folder in [Folder::Sent, Folder::Failed] {
            for id in state_file_ids(&spool.dir(folder)) {
                if known.get(&id).map(String::as_str) != Some(folder_name(folder)) {
                    if let Some((entry, found_in)) = spool.find(&id)
                        && found_in == folder
                    {
                        let raw = spool.raw(folder, &id).ok();
                        record_in(&tx, &entry, folder, raw.as_deref())?;
                        added += 1;
                        if added % BATCH == 0 {
                            tx.commit()?;
                            tx = self.write()?;
                        }
                    } else {
                        continue;
                    }
                }
                present.insert(id);
            }
        }
        tx.commit()?;
        let gone: Vec<&String> = known.keys().filter(|id| !present.contains(*id)).collect();
        if !gone.is_empty() {
            let tx = self.write()?;
            for id in gone {
                remove_in(&tx, id)?;
            }
            tx.commit()?;
        }
        match stamp {
            Some(stamp) => self.conn.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES ('synced', ?1)",
                params![stamp],
            )?,
            None => self
                .conn
                .execute("DELETE FROM meta WHERE key = 'synced'", [])?,
        };
        Ok(added)
    }

    /// Deletes the sent messages the retention setting no longer keeps
    /// (files and rows), and compresses the sources of those sent more than
    /// `compress_after_days` ago (0: none). Failed messages are left alone:
    /// they wait for the user.
    pub fn apply_retention(
        &mut self,
        spool: &Spool,
        keep: Retention,
        compress_after_days: u64,
        now: DateTime<Utc>,
    ) -> Result<Pruned, HistoryError> {
        self.sync(spool)?;
        let ids = |conn: &Connection, sql: &str, value: i64| -> Result<Vec<String>, HistoryError> {
            let mut statement = conn.prepare(sql)?;
            let ids = statement
                .query_map(params![folder_name(Folder::Sent), value], |r| r.get(0))?
                .collect::<Result<Vec<String>, _>>()?;
            Ok(ids)
        };
        let before =
            |days: u64| (now - chrono::Duration::days(days.min(100_000) as i64)).timestamp();
        let doomed = match keep {
            Retention::Forever => Vec::new(),
            Retention::Days(days) => ids(
                &self.conn,
                "SELECT id FROM messages WHERE folder = ?1 AND at < ?2",
                before(u64::from(days)),
            )?,
            Retention::Messages(n) => ids(
                &self.conn,
                "SELECT id FROM messages WHERE folder = ?1
                 ORDER BY at DESC, id DESC LIMIT -1 OFFSET ?2",
                i64::from(n),
            )?,
        };
        let mut pruned = Pruned::default();
        let spool_error = |e: crate::outbox::SpoolError| HistoryError(e.to_string());
        for batch in doomed.chunks(1000) {
            let tx = self.write()?;
            for id in batch {
                spool.forget_sent(id).map_err(spool_error)?;
                remove_in(&tx, id)?;
                pruned.removed += 1;
            }
            tx.commit()?;
        }
        if compress_after_days > 0 {
            for id in ids(
                &self.conn,
                "SELECT id FROM messages WHERE folder = ?1 AND at < ?2",
                before(compress_after_days),
            )? {
                if spool.compress_sent(&id).map_err(spool_error)? {
                    pruned.compressed += 1;
                }
            }
        }
        Ok(pruned)
    }

    /// One message changed on disk (any process): its row follows.
    pub fn refresh(&mut self, spool: &Spool, id: &str) -> Result<(), HistoryError> {
        match spool.find(id) {
            Some((entry, folder @ (Folder::Sent | Folder::Failed))) => {
                let raw = spool.raw(folder, id).ok();
                self.record(&entry, folder, raw.as_deref())
            }
            _ => self.remove(id),
        }
    }
}

/// The WHERE clause (and its values, numbered from ?1) that selects the
/// messages of `folder` whose subject, recipients or text contain every
/// word of `query`.
fn matching(folder: Folder, query: &str) -> (String, Vec<String>) {
    let mut sql = String::from("folder = ?1");
    let mut values: Vec<String> = vec![folder_name(folder).to_owned()];
    // Trigrams need three characters; shorter words are matched on the
    // listed columns instead.
    let (long, short): (Vec<&str>, Vec<&str>) = query
        .split_whitespace()
        .partition(|w| w.chars().count() >= 3);
    if !long.is_empty() {
        let fts = long
            .iter()
            .map(|w| format!("\"{}\"", searchable(w).replace('"', "\"\"")))
            .collect::<Vec<_>>()
            .join(" AND ");
        values.push(fts);
        sql.push_str(&format!(
            " AND rowid IN (SELECT rowid FROM messages_fts WHERE messages_fts MATCH ?{})",
            values.len()
        ));
    }
    for word in short {
        values.push(format!(
            "%{}%",
            word.replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_")
        ));
        let n = values.len();
        sql.push_str(&format!(
            " AND (subject LIKE ?{n} ESCAPE '\\' OR recipients LIKE ?{n} ESCAPE '\\')"
        ));
    }
    (sql, values)
}

/// The sent and failed folders' modification times, which change whenever a
/// message comes or goes (files are created, renamed or removed in them).
/// None when a folder changed within the last two seconds: a change in the
/// same clock tick as the one seen could then go unnoticed.
fn folders_stamp(spool: &Spool) -> Option<String> {
    let mut stamp = String::new();
    for folder in [Folder::Sent, Folder::Failed] {
        let modified = std::fs::metadata(spool.dir(folder)).ok()?.modified().ok()?;
        let age = modified.elapsed().ok()?;
        if age < std::time::Duration::from_secs(2) {
            return None;
        }
        let since = modified.duration_since(std::time::UNIX_EPOCH).ok()?;
        stamp.push_str(&format!("{}.{:09};", since.as_secs(), since.subsec_nanos()));
    }
    Some(stamp)
}

/// The ids of the messages in a spool folder, from the file names alone.
fn state_file_ids(dir: &Path) -> Vec<String> {
    let Ok(read) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    read.flatten()
        .filter_map(|item| {
            let name = item.file_name();
            let id = name.to_str()?.strip_suffix(".json")?;
            (!id.is_empty() && !id.starts_with('.')).then(|| id.to_owned())
        })
        .collect()
}

/// Adds or replaces one message inside a transaction.
fn record_in(
    tx: &rusqlite::Transaction<'_>,
    entry: &Entry,
    folder: Folder,
    raw: Option<&[u8]>,
) -> Result<(), HistoryError> {
    let body = raw.map(body_text).unwrap_or_default();
    let at = entry.sent_at.unwrap_or(entry.created).timestamp();
    let recipients = entry.envelope_to.join(", ");
    remove_in(tx, &entry.id)?;
    tx.execute(
        "INSERT INTO messages (id, folder, account, subject, recipients, at, state)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            entry.id,
            folder_name(folder),
            entry.account,
            entry.subject,
            recipients,
            at,
            entry.state.to_string()
        ],
    )?;
    let rowid = tx.last_insert_rowid();
    for (address, name) in addressees(entry, raw) {
        tx.execute(
            "INSERT INTO addressees (message, address, name) VALUES (?1, ?2, ?3)",
            params![rowid, address, name],
        )?;
    }
    tx.execute(
        "INSERT INTO messages_fts (rowid, subject, recipients, body) VALUES (?1, ?2, ?3, ?4)",
        params![
            rowid,
            searchable(&entry.subject),
            recipients,
            searchable(&body)
        ],
    )?;
    Ok(())
}

fn remove_in(tx: &rusqlite::Transaction<'_>, id: &str) -> Result<(), HistoryError> {
    let rowid: Option<i64> = tx
        .query_row(
            "SELECT rowid FROM messages WHERE id = ?1",
            params![id],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(rowid) = rowid {
        tx.execute("DELETE FROM messages_fts WHERE rowid = ?1", params![rowid])?;
        tx.execute("DELETE FROM addressees WHERE message = ?1", params![rowid])?;
        tx.execute("DELETE FROM messages WHERE rowid = ?1", params![rowid])?;
    }
    Ok(())
}

fn folder_name(folder: Folder) -> &'static str {
    match folder {
        Folder::Outbox => "outbox",
        Folder::Sent => "sent",
        Folder::Failed => "failed",
    }
}

/// A row as stored; None for a row this version cannot read (skipped).
fn read_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Option<Row>> {
    let folder = match row.get::<_, String>(1)?.as_str() {
        "sent" => Folder::Sent,
        "failed" => Folder::Failed,
        _ => return Ok(None),
    };
    let state: State = match serde_json::from_value(serde_json::Value::String(row.get(6)?)) {
        Ok(state) => state,
        Err(_) => return Ok(None),
    };
    let recipients: String = row.get(4)?;
    Ok(Some(Row {
        id: row.get(0)?,
        folder,
        account: row.get(2)?,
        subject: row.get(3)?,
        recipients: recipients
            .split(", ")
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect(),
        at: Utc
            .timestamp_opt(row.get(5)?, 0)
            .single()
            .unwrap_or_default(),
        state,
    }))
}

/// Text as it is indexed and searched: Arabic vowel marks and tatweel
/// dropped, the forms of alef made one, so that مُلاحَظات matches ملاحظات
/// and أحمد matches احمد (SQLite's remove_diacritics covers Latin only).
fn searchable(text: &str) -> String {
    text.chars()
        .filter(|c| !matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}'))
        .map(|c| match c {
            'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
            other => other,
        })
        .collect()
}

/// The envelope recipients, each with the display name it was written with:
/// from the draft (which has Bcc too), else from the message's To and Cc.
fn addressees(entry: &Entry, raw: Option<&[u8]>) -> Vec<(String, Option<String>)> {
    let mut names = std::collections::HashMap::<String, String>::new();
    if let Some(draft) = &entry.draft {
        for typed in draft.to.iter().chain(&draft.cc).chain(&draft.bcc) {
            if let Ok(mailbox) = crate::compose::parse_mailbox(typed)
                && let Some(name) = mailbox.name.filter(|n| !n.trim().is_empty())
            {
                names.insert(mailbox.email.to_string().to_lowercase(), name);
            }
        }
    } else if let Some(message) = raw.and_then(|r| mail_parser::MessageParser::default().parse(r)) {
        for list in [message.to(), message.cc()].into_iter().flatten() {
            for addr in list.iter() {
                if let (Some(name), Some(address)) = (addr.name(), addr.address())
                    && !name.trim().is_empty()
                {
                    names.insert(address.to_lowercase(), name.to_owned());
                }
            }
        }
    }
    entry
        .envelope_to
        .iter()
        .map(|address| (address.clone(), names.get(&address.to_lowercase()).cloned()))
        .collect()
}

/// The decoded text of a message, for the index (first text part, capped).
fn body_text(raw: &[u8]) -> String {
    let Some(message) = mail_parser::MessageParser::default().parse(raw) else {
        return String::new();
    };
    let mut text = message
        .body_text(0)
        .map(|t| t.into_owned())
        .unwrap_or_default();
    if text.len() > INDEXED_BODY {
        let mut end = INDEXED_BODY;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: &str, subject: &str, to: &str, minutes: i64) -> Entry {
        let at = Utc.with_ymd_and_hms(2026, 11, 1, 9, 0, 0).unwrap()
            + chrono::Duration::minutes(minutes);
        Entry {
            id: id.into(),
            account: "work".into(),
            message_id: format!("<{id}@example.com>"),
            envelope_from: "layla@example.com".into(),
            envelope_to: vec![to.into()],
            subject: subject.into(),
            created: at,
            state: State::Sent,
            not_before: None,
            scheduled: false,
            attempts: 1,
            next_attempt: None,
            last_error: None,
            sent_at: Some(at),
            final_reply: None,
            history: vec![],
            draft: None,
            copies: vec![],
            sent_copy: Default::default(),
            copy: None,
        }
    }

    fn raw(body: &str) -> Vec<u8> {
        format!(
            "Subject: x\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n{body}\r\n"
        )
        .into_bytes()
    }

    #[test]
    fn people_sent_to_are_ranked_by_frequency_and_recency_with_their_names() {
        let mut h = History::in_memory().unwrap();
        let day = 24 * 60;
        // Old friend: five messages a year ago. Colleague: two this week.
        for i in 0..5 {
            let e = entry(&format!("old{i}"), "s", "friend@example.org", i - 365 * day);
            h.record(&e, Folder::Sent, None).unwrap();
        }
        for i in 0..2 {
            let mut e = entry(&format!("new{i}"), "s", "omar@example.com", i - 2 * day);
            e.draft = Some(crate::compose::Draft {
                to: vec![format!("\"عمر {i}\" <omar@example.com>")],
                ..Default::default()
            });
            h.record(&e, Folder::Sent, None).unwrap();
        }
        // Named in the message's own header (queued from the command line).
        let header = b"To: Sara Haddad <sara@example.net>\r\nSubject: x\r\n\r\nhi\r\n";
        h.record(
            &entry("cli", "s", "sara@example.net", -30 * day),
            Folder::Sent,
            Some(header),
        )
        .unwrap();
        // A failed message is not someone the user has sent to.
        h.record(
            &entry("f", "s", "never@example.com", 0),
            Folder::Failed,
            None,
        )
        .unwrap();
        let now = Utc.with_ymd_and_hms(2026, 11, 1, 9, 0, 0).unwrap();
        let list = h.sent_to(now).unwrap();
        let order: Vec<&str> = list.iter().map(|c| c.address.as_str()).collect();
        assert_eq!(
            order,
            ["omar@example.com", "sara@example.net", "friend@example.org"]
        );
        assert_eq!(list[0].count, 2);
        assert_eq!(list[0].name.as_deref(), Some("عمر 1"), "the latest name");
        assert_eq!(list[1].name.as_deref(), Some("Sara Haddad"));
        assert_eq!(list[2].count, 5);
        assert_eq!(list[2].name, None);
        // Removing a message takes its addressees along.
        h.remove("cli").unwrap();
        assert!(
            h.sent_to(now)
                .unwrap()
                .iter()
                .all(|c| c.address != "sara@example.net")
        );
    }

    #[test]
    fn pages_come_newest_first_and_count_by_folder() {
        let mut h = History::in_memory().unwrap();
        for i in 0..25 {
            let e = entry(&format!("m{i:02}"), &format!("s{i}"), "a@example.com", i);
            h.record(&e, Folder::Sent, None).unwrap();
        }
        let mut failed = entry("f1", "broken", "b@example.com", 100);
        failed.state = State::Failed;
        h.record(&failed, Folder::Failed, None).unwrap();
        assert_eq!(h.count(Folder::Sent).unwrap(), 25);
        assert_eq!(h.count(Folder::Failed).unwrap(), 1);
        let first = h.page(Folder::Sent, 0, 10).unwrap();
        assert_eq!(first.len(), 10);
        assert_eq!(first[0].id, "m24");
        let last = h.page(Folder::Sent, 20, 10).unwrap();
        assert_eq!(
            last.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(),
            ["m04", "m03", "m02", "m01", "m00"]
        );
        assert_eq!(
            h.page(Folder::Failed, 0, 10).unwrap()[0].state,
            State::Failed
        );
    }

    #[test]
    fn search_finds_arabic_inside_words_and_text_in_the_body() {
        let mut h = History::in_memory().unwrap();
        h.record(
            &entry("a", "التقرير السنوي", "omar@example.org", 1),
            Folder::Sent,
            Some(&raw("مرحبا")),
        )
        .unwrap();
        h.record(
            &entry("b", "Lunch", "sara@example.net", 2),
            Folder::Sent,
            Some(&raw("the quarterly numbers are attached")),
        )
        .unwrap();
        h.record(
            &entry("c", "مُلاحَظات", "team@example.com", 3),
            Folder::Sent,
            None,
        )
        .unwrap();
        let ids = |q: &str| {
            h.search(Folder::Sent, q, 10)
                .unwrap()
                .into_iter()
                .map(|r| r.id)
                .collect::<Vec<_>>()
        };
        assert_eq!(ids("تقرير"), ["a"], "a word inside التقرير");
        assert_eq!(ids("QUARTERLY"), ["b"], "body text, any case");
        assert_eq!(ids("omar"), ["a"], "recipients");
        assert_eq!(ids("ملاحظات"), ["c"], "vowel marks ignored");
        assert_eq!(ids("مُلاحَظات"), ["c"], "in the query too");
        assert_eq!(ids("numbers lunch"), ["b"], "every word");
        assert_eq!(ids("sa"), ["b"], "short words match the list columns");
        assert!(ids("\"; DROP TABLE messages; --").is_empty());
        assert_eq!(h.count(Folder::Sent).unwrap(), 3);
    }

    #[test]
    fn recipient_domains_count_sent_messages_only() {
        let mut h = History::in_memory().unwrap();
        h.record(&entry("a", "s", "x@Acme.test", 1), Folder::Sent, None)
            .unwrap();
        let mut two = entry("b", "s", "y@acme.test", 2);
        two.envelope_to.push("z@other.test".into());
        h.record(&two, Folder::Sent, None).unwrap();
        h.record(&entry("c", "s", "w@failed.test", 3), Folder::Failed, None)
            .unwrap();
        assert_eq!(
            h.recipient_domains().unwrap(),
            vec![("acme.test".to_owned(), 2), ("other.test".to_owned(), 1)]
        );
    }

    #[test]
    fn record_replaces_and_remove_forgets() {
        let mut h = History::in_memory().unwrap();
        let mut e = entry("a", "first", "a@example.com", 1);
        h.record(&e, Folder::Sent, None).unwrap();
        e.subject = "second".into();
        h.record(&e, Folder::Sent, None).unwrap();
        assert_eq!(h.count(Folder::Sent).unwrap(), 1);
        assert!(h.search(Folder::Sent, "first", 10).unwrap().is_empty());
        assert_eq!(h.search(Folder::Sent, "second", 10).unwrap().len(), 1);
        h.remove("a").unwrap();
        assert_eq!(h.count(Folder::Sent).unwrap(), 0);
        assert!(h.search(Folder::Sent, "second", 10).unwrap().is_empty());
    }

    #[test]
    fn sync_follows_the_spool_folders() {
        use crate::compose::Outgoing;
        let dir = tempfile::tempdir().unwrap();
        let spool = Spool::open(dir.path()).unwrap();
        let outgoing = |n: u32| Outgoing {
            message_id: format!("<{n}@example.com>"),
            envelope_from: "layla@example.com".into(),
            envelope_to: vec![format!("r{n}@example.org")],
            raw: format!("Subject: s{n}\r\n\r\nbody number {n}\r\n").into_bytes(),
        };
        let mut ids = Vec::new();
        for n in 0..3 {
            let e = spool
                .enqueue("work", &outgoing(n), &format!("subject {n}"), None, None)
                .unwrap();
            ids.push(e.id);
        }
        let mut lock = spool
            .lock("work", std::time::Duration::from_secs(1))
            .unwrap()
            .unwrap();
        for id in &ids[..2] {
            lock.begin(id).unwrap();
            let entry = lock.spool().find(id).unwrap().0;
            lock.mark_sent(
                entry,
                crate::smtp::Reply {
                    code: 250,
                    text: "ok".into(),
                },
                crate::smtp::Transcript::default(),
            )
            .unwrap();
        }
        drop(lock);
        let mut h = History::open(dir.path()).unwrap();
        assert_eq!(h.sync(&spool).unwrap(), 2);
        assert_eq!(h.sync(&spool).unwrap(), 0, "nothing new");
        assert_eq!(h.count(Folder::Sent).unwrap(), 2);
        assert_eq!(
            h.search(Folder::Sent, "number 1", 10).unwrap()[0].id,
            ids[1]
        );
        std::fs::remove_file(spool.dir(Folder::Sent).join(format!("{}.json", ids[0]))).unwrap();
        h.refresh(&spool, &ids[0]).unwrap();
        assert_eq!(h.count(Folder::Sent).unwrap(), 1);
    }

    /// A spool with `n` sent messages, one a day: message i sent i days
    /// before `now`, its text "body i".
    fn spool_sent_daily(n: i64, now: DateTime<Utc>) -> (tempfile::TempDir, Spool) {
        let dir = tempfile::tempdir().unwrap();
        let spool = Spool::open(dir.path()).unwrap();
        for i in 0..n {
            let mut e = entry(&format!("m{i:03}"), &format!("s{i}"), "a@example.com", 0);
            e.sent_at = Some(now - chrono::Duration::days(i) - chrono::Duration::minutes(1));
            let sent = spool.dir(Folder::Sent);
            std::fs::write(
                sent.join(format!("{}.json", e.id)),
                serde_json::to_vec(&e).unwrap(),
            )
            .unwrap();
            std::fs::write(
                sent.join(format!("{}.eml", e.id)),
                raw(&format!("body {i}")),
            )
            .unwrap();
        }
        (dir, spool)
    }

    #[test]
    fn retention_by_days_deletes_older_sent_messages_files_and_rows() {
        let now = Utc::now();
        let (dir, spool) = spool_sent_daily(10, now);
        let mut h = History::open(dir.path()).unwrap();
        let pruned = h
            .apply_retention(&spool, Retention::Forever, 0, now)
            .unwrap();
        assert_eq!(pruned, Pruned::default());
        assert_eq!(h.count(Folder::Sent).unwrap(), 10);
        let pruned = h
            .apply_retention(&spool, Retention::Days(3), 0, now)
            .unwrap();
        // Sent 0, 1 and 2 days (and a minute) ago are kept.
        assert_eq!(pruned.removed, 7);
        assert_eq!(h.count(Folder::Sent).unwrap(), 3);
        assert_eq!(spool.list(Folder::Sent).len(), 3);
        let files = std::fs::read_dir(spool.dir(Folder::Sent)).unwrap().count();
        assert_eq!(files, 6, "no file of a deleted message is left");
        assert_eq!(h.sync(&spool).unwrap(), 0);
    }

    #[test]
    fn retention_by_count_keeps_the_newest() {
        let now = Utc::now();
        let (dir, spool) = spool_sent_daily(10, now);
        let mut h = History::open(dir.path()).unwrap();
        let pruned = h
            .apply_retention(&spool, Retention::Messages(4), 0, now)
            .unwrap();
        assert_eq!(pruned.removed, 6);
        let kept: Vec<String> = h
            .page(Folder::Sent, 0, 10)
            .unwrap()
            .into_iter()
            .map(|r| r.id)
            .collect();
        assert_eq!(kept, ["m000", "m001", "m002", "m003"]);
        assert!(spool.find("m004").is_none());
    }

    #[test]
    fn old_sources_are_compressed_and_still_read_searched_and_listed() {
        let now = Utc::now();
        let (dir, spool) = spool_sent_daily(5, now);
        let mut h = History::open(dir.path()).unwrap();
        let pruned = h
            .apply_retention(&spool, Retention::Forever, 2, now)
            .unwrap();
        assert_eq!(
            pruned,
            Pruned {
                removed: 0,
                compressed: 3
            }
        );
        let sent = spool.dir(Folder::Sent);
        assert!(sent.join("m004.eml.gz").is_file());
        assert!(!sent.join("m004.eml").exists());
        assert!(sent.join("m001.eml").is_file(), "recent ones stay plain");
        assert_eq!(
            spool.raw(Folder::Sent, "m004").unwrap(),
            raw("body 4"),
            "read back as it was"
        );
        assert_eq!(
            spool.stored_message_path(Folder::Sent, "m004"),
            sent.join("m004.eml.gz")
        );
        assert_eq!(spool.list(Folder::Sent).len(), 5, "none taken for damaged");
        assert!(spool.damaged().is_empty());
        // An index rebuilt from the files reads the compressed text.
        drop(h);
        std::fs::remove_file(History::path(dir.path())).unwrap();
        let mut h = History::open(dir.path()).unwrap();
        assert_eq!(h.sync(&spool).unwrap(), 5);
        assert_eq!(h.search(Folder::Sent, "body 4", 10).unwrap()[0].id, "m004");
        // Again: nothing left to do; then a deletion takes the .gz too.
        let pruned = h
            .apply_retention(&spool, Retention::Forever, 2, now)
            .unwrap();
        assert_eq!(pruned, Pruned::default());
        h.apply_retention(&spool, Retention::Messages(1), 2, now)
            .unwrap();
        assert_eq!(std::fs::read_dir(&sent).unwrap().count(), 2);
    }

    #[test]
    fn an_index_of_another_version_is_rebuilt_from_the_files() {
        let now = Utc::now();
        let (dir, spool) = spool_sent_daily(3, now);
        let mut h = History::open(dir.path()).unwrap();
        assert_eq!(h.sync(&spool).unwrap(), 3);
        // As an older Hudhud would have left it: another schema, a stray row.
        h.conn
            .execute("UPDATE meta SET value = '0' WHERE key = 'schema'", [])
            .unwrap();
        h.conn
            .execute(
                "INSERT INTO messages (id, folder, account, subject, recipients, at, state)
                 VALUES ('ghost', 'sent', 'w', 's', '', 0, 'sent')",
                [],
            )
            .unwrap();
        drop(h);
        let mut h = History::open(dir.path()).unwrap();
        assert_eq!(h.count(Folder::Sent).unwrap(), 0, "started afresh");
        assert_eq!(h.sync(&spool).unwrap(), 3, "rebuilt from the files");
        assert!(
            h.page(Folder::Sent, 0, 10)
                .unwrap()
                .iter()
                .all(|r| r.id != "ghost")
        );
        let version: String = h
            .conn
            .query_row("SELECT value FROM meta WHERE key = 'schema'", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(version, SCHEMA_VERSION.to_string());
        // A missing index is rebuilt the same way.
        drop(h);
        std::fs::remove_file(History::path(dir.path())).unwrap();
        let mut h = History::open(dir.path()).unwrap();
        assert_eq!(h.sync(&spool).unwrap(), 3);
    }

    #[test]
    fn search_pages_and_counts_the_matches() {
        let now = Utc::now();
        let (dir, spool) = spool_sent_daily(30, now);
        let mut h = History::open(dir.path()).unwrap();
        h.sync(&spool).unwrap();
        assert_eq!(h.count_matching(Folder::Sent, "").unwrap(), 30);
        // "1" is short: matched on the subjects s1, s10…s19, s21.
        assert_eq!(h.count_matching(Folder::Sent, "body 1").unwrap(), 12);
        let page = h.search_page(Folder::Sent, "body 1", 5, 3).unwrap();
        let all = h.search(Folder::Sent, "body 1", 30).unwrap();
        assert_eq!(page, all[5..8]);
        assert_eq!(h.search_page(Folder::Sent, "", 28, 10).unwrap().len(), 2);
    }

    #[test]
    fn a_catch_up_skips_unchanged_folders_and_never_misses_a_change() {
        let now = Utc::now();
        let (dir, spool) = spool_sent_daily(3, now);
        let age = |spool: &Spool| {
            for folder in [Folder::Sent, Folder::Failed] {
                std::fs::File::open(spool.dir(folder))
                    .unwrap()
                    .set_modified(std::time::SystemTime::now() - std::time::Duration::from_secs(60))
                    .unwrap();
            }
        };
        age(&spool);
        let mut h = History::open(dir.path()).unwrap();
        assert_eq!(h.sync(&spool).unwrap(), 3);
        // A row with no file: a full catch-up would drop it; an unchanged
        // folder is not read at all.
        h.conn
            .execute(
                "INSERT INTO messages (id, folder, account, subject, recipients, at, state)
                 VALUES ('ghost', 'sent', 'w', 's', '', 0, 'sent')",
                [],
            )
            .unwrap();
        assert_eq!(h.sync(&spool).unwrap(), 0);
        assert_eq!(h.count(Folder::Sent).unwrap(), 4, "not read");
        // A message arrives: the folder changed, everything is looked at.
        let (_other, source) = spool_sent_daily(4, now);
        for ext in ["json", "eml"] {
            std::fs::copy(
                source.dir(Folder::Sent).join(format!("m003.{ext}")),
                spool.dir(Folder::Sent).join(format!("m003.{ext}")),
            )
            .unwrap();
        }
        assert_eq!(h.sync(&spool).unwrap(), 1);
        assert_eq!(
            h.count(Folder::Sent).unwrap(),
            4,
            "the ghost went, m003 came"
        );
        assert!(
            h.page(Folder::Sent, 0, 10)
                .unwrap()
                .iter()
                .all(|r| r.id != "ghost")
        );
    }

    #[test]
    fn a_broken_index_file_is_set_aside_and_started_afresh() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(History::path(dir.path()), b"not a database at all").unwrap();
        let h = History::open(dir.path()).unwrap();
        assert_eq!(h.count(Folder::Sent).unwrap(), 0);
        assert!(dir.path().join("history.sqlite3.broken").exists());
    }
}
