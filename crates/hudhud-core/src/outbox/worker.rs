//! The worker: drains each account's due messages over one reused SMTP
//! connection, and decides what each outcome means for the message.

use std::collections::HashSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use chrono::Utc;
use tokio::sync::{Notify, mpsc};

use super::policy::{RetryPolicy, random_unit};
use super::signin::connect_account;
use super::spool::{AccountLock, Entry, Folder, Spool, SpoolError, State};
use crate::config::{Account, Config, Settings};
use crate::paths::Paths;
use crate::secrets::SecretError;
use crate::smtp::{Credentials, ErrorKind, Problem, Server, Session, SmtpError, Transcript};

/// Fetches an account's credentials (from the keychain, in the real program).
/// It blocks, so the worker calls it on a blocking thread.
pub type PasswordSource =
    Arc<dyn Fn(&Account) -> Result<Option<Credentials>, SecretError> + Send + Sync>;

/// Progress reports, for the window.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    Changed {
        id: String,
        state: State,
    },
    /// The accounts whose due messages another process (the daemon, a
    /// `send`) is sending: this worker steps back while it holds their
    /// lock. Sent each time the set changes.
    Background {
        accounts: Vec<String>,
    },
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct DrainReport {
    pub sent: usize,
    pub deferred: usize,
    pub failed: usize,
    pub held: usize,
    pub unconfirmed: usize,
    /// Due messages left queued because no keychain can be reached from
    /// this process (cron, SSH): a process in the desktop session sends them.
    pub keychain_unreachable: usize,
    /// Another process holds the account's lock and does the sending.
    pub busy: bool,
}

/// What a failed attempt does to a message.
fn state_after(error: &SmtpError, entry: &Entry, policy: &RetryPolicy) -> State {
    match error.kind {
        ErrorKind::Transient if policy.expired(entry.created, Utc::now()) => State::Failed,
        ErrorKind::Transient => State::Deferred,
        ErrorKind::Permanent => State::Failed,
        ErrorKind::AuthRefused | ErrorKind::Config => State::Held,
        ErrorKind::Unconfirmed => State::Unconfirmed,
    }
}

struct Drain<'a> {
    lock: AccountLock,
    account: &'a Account,
    server: Server,
    policy: RetryPolicy,
    events: Option<&'a mpsc::UnboundedSender<Event>>,
    report: DrainReport,
}

impl Drain<'_> {
    fn emit(&self, id: &str, state: State) {
        if let Some(events) = self.events {
            let _ = events.send(Event::Changed {
                id: id.to_owned(),
                state,
            });
        }
    }

    fn fail_attempt(
        &mut self,
        entry: Entry,
        error: SmtpError,
        transcript: Transcript,
    ) -> Result<(), SpoolError> {
        let state = state_after(&error, &entry, &self.policy);
        let next = (state == State::Deferred).then(|| {
            let delay = self.policy.delay(entry.attempts + 1, random_unit());
            Utc::now() + chrono::Duration::from_std(delay).unwrap_or(chrono::Duration::MAX)
        });
        tracing::info!(
            "message {} ({}) -> {state}: {}",
            entry.id,
            self.account.name,
            error.describe()
        );
        let entry = self
            .lock
            .mark_failed_attempt(entry, state, error, transcript, next)?;
        match state {
            State::Deferred => self.report.deferred += 1,
            State::Failed => self.report.failed += 1,
            State::Held => self.report.held += 1,
            State::Unconfirmed => self.report.unconfirmed += 1,
            _ => {}
        }
        self.emit(&entry.id, state);
        Ok(())
    }

    /// Not the account's fault: no attempt is counted and the messages stay
    /// queued. The reason is noted once on each, for `outbox list` and the
    /// window.
    fn wait_for_keychain(&mut self, due: Vec<Entry>, error: &SmtpError) -> Result<(), SpoolError> {
        for mut entry in due {
            if entry.last_error.as_ref() != Some(error) {
                entry.last_error = Some(error.clone());
                self.lock.save(&entry)?;
            }
            self.report.keychain_unreachable += 1;
        }
        Ok(())
    }

    /// The due messages not tried yet in this drain. After a success, the
    /// account's deferred messages are due at once: the server is back.
    fn due(&self, tried: &HashSet<String>) -> Vec<Entry> {
        let now = Utc::now();
        let recovered = self.report.sent > 0;
        self.lock
            .spool()
            .list(Folder::Outbox)
            .into_iter()
            .filter(|e| e.account == self.account.name && !tried.contains(&e.id))
            .filter(|e| e.is_due(now) || (recovered && e.state == State::Deferred))
            .collect()
    }
}

/// Sends every due message of one account, reusing one connection, and
/// returns what happened. Does nothing if another process holds the account.
pub async fn drain_account(
    spool: &Spool,
    account: &Account,
    settings: &Settings,
    passwords: &PasswordSource,
    events: Option<&mpsc::UnboundedSender<Event>>,
    shutdown: &AtomicBool,
) -> Result<DrainReport, SpoolError> {
    let Some(lock) = spool.lock(&account.name, Duration::ZERO)? else {
        return Ok(DrainReport {
            busy: true,
            ..DrainReport::default()
        });
    };
    let mut drain = Drain {
        lock,
        account,
        server: Server::for_account(account, Duration::from_secs(settings.timeout_secs.max(1))),
        policy: RetryPolicy::from_settings(settings),
        events,
        report: DrainReport::default(),
    };
    let mut tried = HashSet::new();
    let mut session: Option<Session> = None;
    let mut credentials: Option<Option<Credentials>> = None;

    'batches: loop {
        let due = drain.due(&tried);
        if due.is_empty() || shutdown.load(Ordering::SeqCst) {
            break;
        }
        let mut setup = Transcript::default();
        if session.is_none() {
            if credentials.is_none() {
                let source = passwords.clone();
                let owned = account.clone();
                let fetched = tokio::task::spawn_blocking(move || source(&owned))
                    .await
                    .unwrap_or_else(|e| Err(SecretError::Failed(e.to_string())));
                match fetched {
                    Ok(found) => credentials = Some(found),
                    Err(secret @ SecretError::Unavailable(_)) => {
                        let error = SmtpError::new(ErrorKind::Transient, Problem::Keychain(secret));
                        drain.wait_for_keychain(due, &error)?;
                        break 'batches;
                    }
                    Err(secret) => {
                        let error = SmtpError::new(ErrorKind::Config, Problem::Keychain(secret));
                        for entry in due {
                            tried.insert(entry.id.clone());
                            drain.fail_attempt(entry, error.clone(), Transcript::default())?;
                        }
                        continue 'batches;
                    }
                }
            }
            let creds = credentials.as_ref().and_then(Option::as_ref);
            match connect_account(&drain.server, account, creds, &mut setup).await {
                Ok(s) => {
                    // For the window's "too big" warning; not worth failing for.
                    let spool = drain.lock.spool();
                    if spool.size_limit(&drain.account.name) != s.max_size() {
                        let _ = spool.set_size_limit(&drain.account.name, s.max_size());
                    }
                    session = Some(s);
                }
                Err(error) if is_keychain_unreachable(&error) => {
                    drain.wait_for_keychain(due, &error)?;
                    break 'batches;
                }
                Err(mut error) => {
                    // A refusal before any message (e.g. 554 at greeting) is
                    // about the account or server, not the messages: hold them.
                    if error.kind == ErrorKind::Permanent {
                        error.kind = ErrorKind::Config;
                    }
                    for entry in due {
                        tried.insert(entry.id.clone());
                        drain.fail_attempt(entry, error.clone(), setup.clone())?;
                    }
                    continue 'batches;
                }
            }
        }
        let Some(active) = session.as_mut() else {
            break;
        };
        for entry in due {
            if shutdown.load(Ordering::SeqCst) {
                break 'batches;
            }
            tried.insert(entry.id.clone());
            let raw = match drain.lock.spool().raw(Folder::Outbox, &entry.id) {
                Ok(raw) => raw,
                Err(e) => {
                    tracing::warn!("message {} cannot be read: {e}", entry.id);
                    continue;
                }
            };
            let mut entry = entry;
            let raw = match drain.lock.date_for_sending(&mut entry, raw) {
                Ok(raw) => raw,
                Err(e) => {
                    tracing::warn!("message {} cannot be dated: {e}", entry.id);
                    continue;
                }
            };
            // 8-bit text (from sendmail) goes as 8BITMIME where the server
            // offers it; to any other server it is converted to 7 bit.
            let wire = if raw.is_ascii() || active.supports_8bitmime() {
                std::borrow::Cow::Borrowed(raw.as_slice())
            } else {
                crate::compose::seven_bit(&raw)
            };
            drain
                .lock
                .begin_with_copy(&entry.id, account.saves_sent())?;
            drain.emit(&entry.id, State::Sending);
            let mut transcript = std::mem::take(&mut setup);
            let result = active
                .send(
                    &entry.envelope_from,
                    &entry.envelope_to,
                    &wire,
                    &mut transcript,
                )
                .await;
            match result {
                Ok(reply) => {
                    let id = entry.id.clone();
                    entry.sent_copy = super::copy::initial_copy_state(account);
                    drain.lock.mark_sent(entry, reply, transcript)?;
                    drain.report.sent += 1;
                    drain.emit(&id, State::Sent);
                }
                Err(error) => {
                    // No reply means the connection failed, except for a
                    // message refused before it was offered (too big).
                    let refused_here = matches!(error.problem, Problem::TooBig { .. });
                    let broken = active.is_broken() || (error.reply.is_none() && !refused_here);
                    drain.fail_attempt(entry, error, transcript)?;
                    if broken {
                        // Reconnect for the rest; a dead server defers them.
                        session = None;
                        continue 'batches;
                    }
                }
            }
        }
    }
    if let Some(mut active) = session {
        active.quit(&mut Transcript::default()).await;
    }
    drain.lock.finish_batch()?;
    Ok(drain.report)
}

fn is_keychain_unreachable(error: &SmtpError) -> bool {
    matches!(
        error.problem,
        Problem::Keychain(SecretError::Unavailable(_))
    )
}

/// Earlier versions held a message when the process that tried it (cron)
/// could not reach the keychain, and nothing ever let it go. Such a message
/// only waits for a process that can: this one.
fn requeue_held_for_no_keychain(spool: &Spool) {
    let held_for_no_keychain = |e: &Entry| {
        e.state == State::Held
            && e.last_error.as_ref().is_some_and(|error| {
                matches!(
                    error.problem,
                    Problem::Keychain(SecretError::Unavailable(_))
                )
            })
    };
    for listed in spool.list(Folder::Outbox) {
        if !held_for_no_keychain(&listed) {
            continue;
        }
        let Ok(Some(lock)) = spool.lock(&listed.account, Duration::from_secs(5)) else {
            continue;
        };
        // Read again under the lock: it may have been retried or cancelled.
        let Some((mut entry, Folder::Outbox)) = spool.find(&listed.id) else {
            continue;
        };
        if !held_for_no_keychain(&entry) {
            continue;
        }
        entry.state = State::Queued;
        entry.next_attempt = None;
        if let Err(e) = lock.save(&entry) {
            tracing::warn!("message {}: {e}", entry.id);
        }
    }
}

/// Applies the sent-history retention setting (deletion and compression)
/// hourly, on a blocking thread beside the sending. A changed setting is
/// applied once it has stayed the same for a minute: typing "30" in the
/// Settings screen saves "3" first, which must delete nothing.
#[derive(Default)]
struct Retention {
    /// The setting as last seen, and since when.
    seen: Option<(std::time::Instant, crate::config::Retention, u64)>,
    /// The setting last applied, and when.
    applied: Option<(std::time::Instant, crate::config::Retention, u64)>,
    running: Arc<AtomicBool>,
}

impl Retention {
    const EVERY: Duration = Duration::from_secs(3600);
    const SETTLE: Duration = Duration::from_secs(60);

    /// Whether the setting should be applied now.
    fn due(
        &mut self,
        keep: crate::config::Retention,
        compress: u64,
        now: std::time::Instant,
    ) -> bool {
        match self.seen {
            Some((_, k, c)) if (k, c) == (keep, compress) => {}
            _ => self.seen = Some((now, keep, compress)),
        }
        let settled = self
            .seen
            .is_some_and(|(since, _, _)| now.duration_since(since) >= Self::SETTLE);
        let wanted = match self.applied {
            None => true,
            Some((at, k, c)) => (k, c) != (keep, compress) || now.duration_since(at) >= Self::EVERY,
        };
        if !(settled && wanted) || self.running.load(Ordering::SeqCst) {
            return false;
        }
        self.applied = Some((now, keep, compress));
        !(keep.is_forever() && compress == 0)
    }

    fn follow(&mut self, spool: &Spool, settings: &Settings) {
        let keep = settings.sent_retention;
        let compress = settings.sent_compress_after_days;
        if !self.due(keep, compress, std::time::Instant::now()) {
            return;
        }
        self.running.store(true, Ordering::SeqCst);
        let running = self.running.clone();
        let spool = spool.clone();
        tokio::task::spawn_blocking(move || {
            let result = crate::history::History::open(spool.root()).and_then(|mut history| {
                history.apply_retention(&spool, keep, compress, Utc::now())
            });
            match result {
                Ok(pruned) if pruned != Default::default() => tracing::info!(
                    "sent history: {} deleted, {} compressed",
                    pruned.removed,
                    pruned.compressed
                ),
                Ok(_) => {}
                Err(e) => tracing::warn!("{e}"),
            }
            running.store(false, Ordering::SeqCst);
        });
    }
}

/// The long-running worker of the daemon and the window: drains every
/// account whose messages are due, accounts in parallel, then sleeps until
/// the next message is due, `wake` is notified, or a poll interval passes
/// (to notice messages queued by other processes).
pub async fn run_worker(
    paths: Paths,
    passwords: PasswordSource,
    events: Option<mpsc::UnboundedSender<Event>>,
    shutdown: Arc<AtomicBool>,
    wake: Arc<Notify>,
) {
    const POLL: Duration = Duration::from_secs(2);
    let spool = match Spool::open(&paths.data_dir) {
        Ok(spool) => spool,
        Err(e) => {
            tracing::error!("{e}");
            return;
        }
    };
    // Recovery reads every file name in sent/ (100 000 of them take a CPU
    // for a while): on a blocking thread, and a moment after start so that
    // the window's first frame does not wait for it. Nothing is sent before.
    tokio::time::sleep(Duration::from_millis(700)).await;
    let recovering = spool.clone();
    let _ = tokio::task::spawn_blocking(move || {
        recovering.recover_idle();
        requeue_held_for_no_keychain(&recovering);
    })
    .await;
    let mut no_keychain = HashSet::new();
    // Accounts whose copy step runs now: it runs beside the sending, never
    // in its way.
    let copying: Arc<std::sync::Mutex<HashSet<String>>> = Arc::default();
    let mut background = std::collections::BTreeSet::new();
    let mut retention = Retention::default();
    while !shutdown.load(Ordering::SeqCst) {
        let config = match Config::load(&paths) {
            Ok(config) => config,
            Err(e) => {
                tracing::error!("{e}");
                Config::default()
            }
        };
        retention.follow(&spool, &config.settings);
        let now = Utc::now();
        let pending = spool.list(Folder::Outbox);
        let due_accounts: Vec<&Account> = config
            .accounts
            .iter()
            .filter(|a| pending.iter().any(|e| e.account == a.name && e.is_due(now)))
            .collect();
        let drains = due_accounts.into_iter().map(|account| {
            let spool = spool.clone();
            let settings = config.settings.clone();
            let account = account.clone();
            let passwords = passwords.clone();
            let events = events.clone();
            let shutdown = shutdown.clone();
            tokio::spawn(async move {
                let result = drain_account(
                    &spool,
                    &account,
                    &settings,
                    &passwords,
                    events.as_ref(),
                    &shutdown,
                )
                .await;
                if let Err(e) = &result {
                    tracing::error!("account {}: {e}", account.name);
                }
                (account.name, result)
            })
        });
        let mut busy = std::collections::BTreeSet::new();
        for handle in drains.collect::<Vec<_>>() {
            let Ok((account, Ok(report))) = handle.await else {
                continue;
            };
            if report.busy {
                busy.insert(account.clone());
            }
            // Polled every few seconds: say it once, not every time.
            if report.keychain_unreachable == 0 {
                no_keychain.remove(&account);
            } else if no_keychain.insert(account.clone()) {
                tracing::warn!(
                    "account {account}: no keychain can be reached from this process; \
                     {} message(s) wait in the outbox",
                    report.keychain_unreachable
                );
            }
        }
        // An account with nothing due, or whose lock this worker got, is
        // no longer sent in the background.
        if busy != background {
            background = busy;
            if let Some(events) = &events {
                let _ = events.send(Event::Background {
                    accounts: background.iter().cloned().collect(),
                });
            }
        }
        if shutdown.load(Ordering::SeqCst) {
            break;
        }
        let now = Utc::now();
        let copies = spool.pending_copies(None);
        for account in &config.accounts {
            let due = copies.iter().any(|e| {
                e.account == account.name
                    && e.copy
                        .as_ref()
                        .and_then(|c| c.next_attempt)
                        .is_none_or(|t| t <= now)
            });
            let started = due
                && copying
                    .lock()
                    .map(|mut set| set.insert(account.name.clone()))
                    .unwrap_or(false);
            if !started {
                continue;
            }
            let (spool, settings, account) =
                (spool.clone(), config.settings.clone(), account.clone());
            let (passwords, events, shutdown) =
                (passwords.clone(), events.clone(), shutdown.clone());
            let (copying, wake) = (copying.clone(), wake.clone());
            tokio::spawn(async move {
                let result = super::copy::copy_to_sent(
                    &spool,
                    &account,
                    &settings,
                    &passwords,
                    events.as_ref(),
                    &shutdown,
                    false,
                )
                .await;
                let changed = match result {
                    Ok(report) => report.changed(),
                    Err(e) => {
                        tracing::error!("account {}: {e}", account.name);
                        false
                    }
                };
                if let Ok(mut set) = copying.lock() {
                    set.remove(&account.name);
                }
                // Not after a try that changed nothing (another process
                // holds the account's copies): that would spin.
                if changed {
                    wake.notify_one();
                }
            });
        }
        let next_copy = copies
            .iter()
            .filter_map(|e| e.copy.as_ref().and_then(|c| c.next_attempt))
            .filter(|t| *t > now)
            .min();
        let next_due = spool
            .list(Folder::Outbox)
            .iter()
            .filter_map(Entry::wake_time)
            .chain(next_copy)
            .min()
            .and_then(|t| t.signed_duration_since(Utc::now()).to_std().ok())
            .unwrap_or(POLL);
        tokio::select! {
            _ = tokio::time::sleep(next_due.min(POLL)) => {}
            _ = wake.notified() => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::smtp::Reply;

    fn entry() -> Entry {
        Entry {
            id: "x".into(),
            account: "a".into(),
            message_id: "<m@x>".into(),
            envelope_from: "a@x".into(),
            envelope_to: vec!["b@x".into()],
            subject: "s".into(),
            created: Utc::now(),
            state: State::Queued,
            not_before: None,
            scheduled: false,
            attempts: 0,
            next_attempt: None,
            last_error: None,
            sent_at: None,
            final_reply: None,
            history: vec![],
            copies: vec![],
            sent_copy: Default::default(),
            copy: None,
            draft: None,
        }
    }

    fn error(kind: ErrorKind, code: u16) -> SmtpError {
        SmtpError {
            kind,
            problem: Problem::Rejected(crate::smtp::Step::MailFrom),
            reply: Some(Reply {
                code,
                text: "x".into(),
            }),
            refused_recipients: Vec::new(),
        }
    }

    #[test]
    fn retention_waits_for_a_setting_to_settle_then_runs_hourly() {
        use crate::config::Retention as Keep;
        let t0 = std::time::Instant::now();
        let at = |secs: u64| t0 + Duration::from_secs(secs);
        let mut r = Retention::default();
        // "3" on the way to "30": seen, never applied.
        assert!(!r.due(Keep::Days(3), 0, at(0)));
        assert!(!r.due(Keep::Days(30), 0, at(2)));
        assert!(!r.due(Keep::Days(30), 0, at(61)));
        assert!(r.due(Keep::Days(30), 0, at(62)), "a minute unchanged");
        assert!(!r.due(Keep::Days(30), 0, at(64)), "once");
        assert!(r.due(Keep::Days(30), 0, at(62 + 3600)), "then hourly");
        // Forever with no compression: nothing to do, ever.
        let mut r = Retention::default();
        assert!(!r.due(Keep::Forever, 0, at(0)));
        assert!(!r.due(Keep::Forever, 0, at(100)));
        assert!(!r.due(Keep::Forever, 0, at(5000)));
        assert!(!r.due(Keep::Forever, 7, at(5001)));
        assert!(r.due(Keep::Forever, 7, at(5061)));
    }

    #[test]
    fn outcome_to_state() {
        let p = RetryPolicy::default();
        let e = entry();
        assert_eq!(
            state_after(&error(ErrorKind::Transient, 451), &e, &p),
            State::Deferred
        );
        assert_eq!(
            state_after(&error(ErrorKind::Permanent, 550), &e, &p),
            State::Failed
        );
        assert_eq!(
            state_after(&error(ErrorKind::AuthRefused, 535), &e, &p),
            State::Held
        );
        assert_eq!(
            state_after(&error(ErrorKind::Config, 0), &e, &p),
            State::Held
        );
        assert_eq!(
            state_after(&error(ErrorKind::Unconfirmed, 0), &e, &p),
            State::Unconfirmed
        );
        let mut old = entry();
        old.created = Utc::now() - chrono::Duration::days(6);
        assert_eq!(
            state_after(&error(ErrorKind::Transient, 451), &old, &p),
            State::Failed
        );
    }
}
