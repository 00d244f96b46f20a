//! `hudhud send`, `hudhud outbox ...` and `hudhud daemon`: everything goes
//! through the outbox, so the command line, the daemon and the window never
//! disagree about a message.

use std::io::Read;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use chrono::{DateTime, Local, Utc};

use super::{Failure, OutboxCommand, Outcome, SendArgs, exit, exit_code_for, runtime};
use crate::compose::Draft;
use crate::config::Config;
use crate::fl;
use crate::outbox::{self, DrainReport, Entry, Folder, PasswordSource, Spool, State};
use crate::paths::Paths;
use crate::secrets::SecretError;
use crate::services::outbox::{self as queue, Change};
use crate::services::time;
use crate::smtp::{ErrorKind, Problem};

/// Passwords from the system keychain: the core's one source.
pub use crate::services::accounts::keychain_passwords;

/// Sends the due messages of one account now, in this process, unless
/// another process is already doing it. Says so when they stay queued
/// because no keychain can be reached from here.
pub(super) fn deliver_now(paths: &Paths, account_name: &str) -> Result<DrainReport, Failure> {
    let config = Config::load(paths)?;
    let account = config.account(account_name)?.clone();
    let spool = Spool::open(&paths.data_dir)?;
    let never = AtomicBool::new(false);
    let passwords = keychain_passwords();
    let rt = runtime()?;
    let report = rt.block_on(outbox::drain_account(
        &spool,
        &account,
        &config.settings,
        &passwords,
        None,
        &never,
    ))?;
    say_if_no_keychain(report.keychain_unreachable);
    // The copy in Sent after the send: its failure never fails the send.
    if report.sent > 0 {
        copy_now(&rt, &spool, &config, &account, &passwords, false);
    }
    Ok(report)
}

/// Runs the account's due copies to Sent in this process; a problem is
/// kept with each message (and logged), not returned.
fn copy_now(
    rt: &tokio::runtime::Runtime,
    spool: &Spool,
    config: &Config,
    account: &crate::config::Account,
    passwords: &PasswordSource,
    create_folder: bool,
) -> outbox::CopyReport {
    let never = AtomicBool::new(false);
    match rt.block_on(outbox::copy_to_sent(
        spool,
        account,
        &config.settings,
        passwords,
        None,
        &never,
        create_folder,
    )) {
        Ok(report) => report,
        Err(e) => {
            tracing::warn!("copy to Sent: {e}");
            outbox::CopyReport::default()
        }
    }
}

/// `outbox retry-copy ID`: the copy is tried now; says how it went.
fn retry_copy(paths: &Paths, spool: &Spool, id: &str, create_folder: bool) -> Outcome {
    let config = Config::load(paths)?;
    let (entry, _) = spool
        .find(id)
        .ok_or_else(|| outbox::SpoolError::NotFound(id.to_owned()))?;
    let account = config.account(&entry.account)?.clone();
    spool.retry_copy(id, account.saves_sent())?;
    eprintln!("{}", fl!("copy-retried", id = id.to_owned()));
    let rt = runtime()?;
    copy_now(
        &rt,
        spool,
        &config,
        &account,
        &keychain_passwords(),
        create_folder,
    );
    let Some((entry, _)) = spool.find(id) else {
        return Err(outbox::SpoolError::NotFound(id.to_owned()).into());
    };
    let copy = entry.copy.clone().unwrap_or_default();
    match entry.sent_copy {
        outbox::CopyState::Copied => {
            eprintln!(
                "{}",
                fl!("copy-done", folder = copy.folder.unwrap_or_default())
            );
            Ok(())
        }
        state => {
            let reason = copy
                .error
                .map(|e| e.to_string())
                .unwrap_or_else(|| state.label());
            let code = if state == outbox::CopyState::Pending {
                exit::TEMPFAIL
            } else {
                exit::CONFIG
            };
            Err(Failure::new(code, reason))
        }
    }
}

fn say_if_no_keychain(count: usize) {
    if count > 0 {
        eprintln!(
            "{}",
            fl!("outbox-queued-no-keychain", count = (count as u64))
        );
    }
}

/// Queued, and waiting because this process could not reach the keychain.
fn waits_for_keychain(entry: &Entry) -> bool {
    entry.state == State::Queued
        && entry
            .last_error
            .as_ref()
            .is_some_and(|e| matches!(e.problem, Problem::Keychain(SecretError::Unavailable(_))))
}

pub fn local_time(t: DateTime<Utc>) -> String {
    t.with_timezone(&Local)
        .format("%Y-%m-%d %H:%M:%S")
        .to_string()
}

pub fn send(paths: &Paths, args: SendArgs) -> Outcome {
    let config = Config::load(paths)?;
    let (account, from) = super::identity::sender(&config, args.from.as_deref())?;
    let at = args.at.as_deref().map(time::parse_local).transpose()?;
    let body = match &args.body_file {
        Some(path) => std::fs::read_to_string(path).map_err(|e| {
            Failure::new(
                exit::USAGE,
                fl!(
                    "error-body-file",
                    path = path.display().to_string(),
                    reason = e.to_string()
                ),
            )
        })?,
        None => {
            let mut text = String::new();
            std::io::stdin().read_to_string(&mut text).map_err(|e| {
                Failure::new(exit::USAGE, fl!("error-body-stdin", reason = e.to_string()))
            })?;
            text
        }
    };
    let draft = Draft {
        from,
        to: args.to,
        cc: args.cc,
        bcc: args.bcc,
        subject: args.subject,
        body,
        attachments: args.attach,
        send_at: None,
        markdown: args.markdown,
    };
    // The window's rules (the core's): the signature unless left out, the
    // undo delay when asked for. The message itself is the draft: none is
    // kept, reopening rebuilds it from the message.
    let how = queue::Queue {
        at,
        undo_delay: if args.undo {
            Duration::from_secs(config.settings.undo_delay_secs)
        } else {
            Duration::ZERO
        },
        signature: !args.no_signature,
        keep_draft: false,
    };
    let spool = Spool::open(&paths.data_dir)?;
    let prepared = queue::prepare(&spool, &account, &draft, &how)?;
    super::recipients::warn_before_sending(
        paths,
        &prepared.composed.envelope_to,
        args.check_recipients,
    )?;
    let queued = queue::enqueue(&spool, &account, prepared, &how)?;
    let entry = queued.entry;
    if let Some(at) = at.or(queued.undo_until) {
        eprintln!("{}", fl!("outbox-scheduled", time = local_time(at)));
        println!("{}", entry.id);
        return Ok(());
    }
    if args.no_wait {
        eprintln!("{}", fl!("outbox-queued", id = entry.id.clone()));
        println!("{}", entry.id);
        return Ok(());
    }
    let report = deliver_now(paths, &account.name)?;
    let entry = if report.busy {
        wait_for_outcome(&spool, &entry.id, config.settings.timeout_secs)
    } else {
        spool.find(&entry.id).map(|(e, _)| e)
    }
    .unwrap_or(entry);
    if args.transcript
        && let Some(attempt) = entry.history.last()
    {
        eprint!("{}", attempt.transcript);
    }
    let outcome = outcome_of(&entry);
    if outcome.is_ok() {
        println!("{}", entry.message_id);
        say_copy_problem(&entry);
    }
    outcome
}

/// The send went well; a copy to Sent that did not is said (never an error:
/// it is tried again, or waits for `outbox retry-copy`).
fn say_copy_problem(entry: &Entry) {
    if !matches!(
        entry.sent_copy,
        outbox::CopyState::Pending | outbox::CopyState::Failed
    ) {
        return;
    }
    if let Some(error) = entry.copy.as_ref().and_then(|c| c.error.as_ref()) {
        eprintln!(
            "{}",
            fl!(
                "copy-not-yet",
                state = entry.sent_copy.label(),
                reason = error.to_string(),
                id = entry.id.clone()
            )
        );
    }
}

/// Another process is sending this account: watch the message until it
/// leaves the queue, or give up waiting (it stays queued).
fn wait_for_outcome(spool: &Spool, id: &str, timeout_secs: u64) -> Option<Entry> {
    let deadline = Instant::now() + Duration::from_secs(timeout_secs.max(10) * 3);
    loop {
        let entry = spool.find(id).map(|(e, _)| e);
        let settled = entry
            .as_ref()
            .is_none_or(|e| !matches!(e.state, State::Queued | State::Sending));
        if settled || Instant::now() >= deadline {
            return entry;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// What a message's state means for the exit code and the words printed.
pub(super) fn outcome_of(entry: &Entry) -> Outcome {
    let error_text = || {
        entry
            .last_error
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default()
    };
    match entry.state {
        State::Sent => {
            let reply = entry
                .final_reply
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default();
            eprintln!("{}", fl!("send-accepted", reply = reply));
            Ok(())
        }
        State::Deferred => Err(Failure::new(
            exit::TEMPFAIL,
            format!(
                "{}\n{}",
                error_text(),
                fl!(
                    "outbox-will-retry",
                    time = entry.next_attempt.map(local_time).unwrap_or_default()
                )
            ),
        )),
        State::Failed | State::Held => {
            let code = entry
                .last_error
                .as_ref()
                .map_or(exit::TEMPFAIL, |e| exit_code_for(e.kind));
            let needs_sign_in = entry
                .last_error
                .as_ref()
                .is_some_and(crate::outbox::held_for_sign_in);
            let hint = if entry.state == State::Held && needs_sign_in {
                fl!("outbox-held-hint-sign-in", account = entry.account.clone())
            } else if entry.state == State::Held {
                fl!(
                    "outbox-held-hint",
                    account = entry.account.clone(),
                    id = entry.id.clone()
                )
            } else {
                fl!("outbox-failed-hint", id = entry.id.clone())
            };
            Err(Failure::new(code, format!("{}\n{hint}", error_text())))
        }
        State::Unconfirmed => Err(Failure::new(
            exit::TEMPFAIL,
            format!(
                "{}\n{}",
                error_text(),
                fl!("outbox-unconfirmed-hint", id = entry.id.clone())
            ),
        )),
        State::Queued if waits_for_keychain(entry) => Err(Failure::new(
            exit::TEMPFAIL,
            fl!("outbox-queued", id = entry.id.clone()),
        )),
        State::Queued | State::Sending => Err(Failure::new(
            exit::TEMPFAIL,
            fl!("outbox-still-queued", id = entry.id.clone()),
        )),
    }
}

pub fn run(paths: &Paths, command: OutboxCommand) -> Outcome {
    let spool = Spool::open(&paths.data_dir)?;
    match command {
        OutboxCommand::List { json } => list(&spool, json),
        OutboxCommand::Show { id, json } => show(&spool, &id, json),
        OutboxCommand::Retry { id, all } => retry(paths, &spool, id.as_deref(), all),
        OutboxCommand::Cancel { id } => {
            let entry = locked(&spool, &id, Change::Cancel)?;
            eprintln!("{}", fl!("outbox-cancelled", subject = entry.subject));
            Ok(())
        }
        OutboxCommand::Resend { id } => {
            let entry = locked(&spool, &id, Change::Resend)?;
            deliver_now(paths, &entry.account)?;
            outcome_of(&spool.find(&id).map(|(e, _)| e).unwrap_or(entry))
        }
        OutboxCommand::MarkSent { id } => {
            locked(&spool, &id, Change::ConfirmSent)?;
            eprintln!("{}", fl!("outbox-marked-sent", id = id.clone()));
            Ok(())
        }
        OutboxCommand::Flush => flush(paths, &spool),
        OutboxCommand::RetryCopy { id, create_folder } => {
            retry_copy(paths, &spool, &id, create_folder)
        }
        OutboxCommand::SendToAccepted { id } => {
            let copy = locked(&spool, &id, Change::SendToAccepted)?;
            eprintln!(
                "{}",
                fl!(
                    "outbox-copy-queued",
                    id = copy.id.clone(),
                    recipients = copy.envelope_to.join(", ")
                )
            );
            println!("{}", copy.id);
            deliver_now(paths, &copy.account)?;
            outcome_of(&spool.find(&copy.id).map(|(e, _)| e).unwrap_or(copy))
        }
    }
}

/// Changes one message under its account's lock (the core's rule, the
/// window's too).
fn locked(spool: &Spool, id: &str, change: Change) -> Result<Entry, Failure> {
    Ok(queue::change(spool, id, change)?)
}

fn waiting(spool: &Spool) -> Vec<Entry> {
    spool.recover_idle();
    let mut entries = spool.list(Folder::Outbox);
    entries.extend(spool.list(Folder::Failed));
    crate::outbox::in_sending_order(&mut entries);
    entries
}

fn list(spool: &Spool, json: bool) -> Outcome {
    let entries = waiting(spool);
    let damaged = spool.damaged();
    if json {
        let mut summary: Vec<_> = entries
            .iter()
            .map(|e| {
                serde_json::json!({
                    "id": e.id,
                    "account": e.account,
                    "recipients": e.envelope_to,
                    "subject": e.subject,
                    "state": e.state,
                    "attempts": e.attempts,
                    "next_attempt": e.next_attempt,
                    "not_before": e.not_before,
                    "last_error": e.last_error.as_ref().map(ToString::to_string),
                    "message_id": e.message_id,
                })
            })
            .collect();
        summary.extend(damaged.iter().map(|d| {
            serde_json::json!({
                "id": d.id,
                "account": d.account,
                "recipients": d.recipients,
                "subject": d.subject,
                "state": "damaged",
                "problem": d.problem,
                "message_file": d.message_file,
                "state_file": d.state_file,
                "hint": d.explain(),
            })
        }));
        println!(
            "{}",
            serde_json::to_string_pretty(&summary).unwrap_or_default()
        );
        return Ok(());
    }
    if entries.is_empty() && damaged.is_empty() {
        eprintln!("{}", fl!("outbox-empty"));
        return Ok(());
    }
    println!(
        "{}",
        [
            fl!("column-id"),
            fl!("column-account"),
            fl!("column-recipients"),
            fl!("column-subject"),
            fl!("column-state"),
            fl!("column-attempts"),
            fl!("column-next-try"),
            fl!("column-last-error"),
        ]
        .join("\t")
    );
    for e in &entries {
        let next = match e.state {
            State::Deferred => e.next_attempt.map(local_time),
            State::Queued => e.not_before.map(local_time),
            _ => None,
        };
        let error = e
            .last_error
            .as_ref()
            .map(|err| {
                let mut text = err.describe();
                if let Some(reply) = &err.reply {
                    text.push_str(&format!(" [{reply}]"));
                }
                text
            })
            .unwrap_or_default();
        println!(
            "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
            e.id,
            e.account,
            e.envelope_to.join(", "),
            e.subject,
            e.state_label(),
            e.attempts,
            next.unwrap_or_default(),
            error
        );
    }
    for d in &damaged {
        println!(
            "{}\t{}\t{}\t{}\t{}\t\t\t",
            d.id,
            d.account.as_deref().unwrap_or_default(),
            d.recipients.join(", "),
            d.subject.as_deref().unwrap_or_default(),
            fl!("state-damaged"),
        );
    }
    // What happened and how to recover: the table has no room for it.
    for d in &damaged {
        println!("\n{}: {}", d.id, d.explain());
    }
    Ok(())
}

/// `outbox show` of a quarantined message: what is left of it.
fn show_damaged(damaged: &outbox::Damaged, json: bool) -> Outcome {
    if json {
        let mut value = serde_json::to_value(damaged).unwrap_or_default();
        if let Some(fields) = value.as_object_mut() {
            fields.insert("state".into(), "damaged".into());
            fields.insert("hint".into(), damaged.explain().into());
        }
        println!(
            "{}",
            serde_json::to_string_pretty(&value).unwrap_or_default()
        );
        return Ok(());
    }
    println!("{}: {}", fl!("column-id"), damaged.id);
    if let Some(account) = &damaged.account {
        println!("{}: {account}", fl!("column-account"));
    }
    println!(
        "{}: {}",
        fl!("column-recipients"),
        damaged.recipients.join(", ")
    );
    if let Some(subject) = &damaged.subject {
        println!("{}: {subject}", fl!("column-subject"));
    }
    println!("{}: {}", fl!("column-state"), fl!("state-damaged"));
    for file in [&damaged.message_file, &damaged.state_file]
        .into_iter()
        .flatten()
    {
        println!("{}: {}", fl!("column-file"), file.display());
    }
    println!("\n{}", damaged.explain());
    Ok(())
}

fn show(spool: &Spool, id: &str, json: bool) -> Outcome {
    spool.recover_idle();
    let Some((entry, folder)) = spool.find(id) else {
        return match spool.find_damaged(id) {
            Some(damaged) => show_damaged(&damaged, json),
            None => Err(outbox::SpoolError::NotFound(id.to_owned()).into()),
        };
    };
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&entry).unwrap_or_default()
        );
        return Ok(());
    }
    let path = spool.stored_message_path(folder, id);
    println!("{}: {}", fl!("column-id"), entry.id);
    println!("{}: {}", fl!("column-account"), entry.account);
    println!("Message-ID: {}", entry.message_id);
    println!(
        "{}: {}",
        fl!("column-recipients"),
        entry.envelope_to.join(", ")
    );
    println!("{}: {}", fl!("column-subject"), entry.subject);
    println!("{}: {}", fl!("column-state"), entry.state_label());
    println!("{}: {}", fl!("column-attempts"), entry.attempts);
    if let Some(t) = entry.next_attempt {
        println!("{}: {}", fl!("column-next-try"), local_time(t));
    }
    if let Some(reply) = &entry.final_reply {
        println!("{}: {reply}", fl!("column-server-reply"));
    }
    if let Some(error) = &entry.last_error {
        println!("{}: {error}", fl!("column-last-error"));
    }
    if entry.state == State::Sent {
        let copy = entry.copy.clone().unwrap_or_default();
        let mut line = entry.sent_copy.label();
        if let Some(folder) = &copy.folder {
            line = match copy.uid {
                Some(uid) => format!(
                    "{line}: {}",
                    fl!(
                        "copy-folder-uid",
                        folder = folder.clone(),
                        uid = (uid as u64)
                    )
                ),
                None => format!("{line}: {folder}"),
            };
        }
        if entry.sent_copy != outbox::CopyState::Copied
            && let Some(error) = &copy.error
        {
            line = format!("{line} — {error}");
        }
        println!("{}: {line}", fl!("column-sent-copy"));
        if entry.sent_copy == outbox::CopyState::Pending
            && let Some(t) = copy.next_attempt
        {
            println!("{}: {}", fl!("column-next-try"), local_time(t));
        }
    }
    for copy in &entry.copies {
        println!(
            "{}",
            fl!(
                "outbox-copy-line",
                id = copy.id.clone(),
                recipients = copy.to.join(", "),
                time = local_time(copy.at)
            )
        );
    }
    println!("{}: {}", fl!("column-file"), path.display());
    for attempt in &entry.history {
        println!(
            "\n--- {} ---",
            fl!("attempt-at", time = local_time(attempt.at))
        );
        print!("{}", attempt.transcript);
    }
    Ok(())
}

fn retry(paths: &Paths, spool: &Spool, id: Option<&str>, all: bool) -> Outcome {
    let targets: Vec<Entry> = if all {
        waiting(spool)
            .into_iter()
            .filter(|e| matches!(e.state, State::Deferred | State::Held | State::Failed))
            .collect()
    } else {
        let id = id.unwrap_or_default();
        vec![
            spool
                .find(id)
                .map(|(e, _)| e)
                .ok_or_else(|| outbox::SpoolError::NotFound(id.to_owned()))?,
        ]
    };
    let mut accounts = Vec::new();
    for entry in &targets {
        locked(spool, &entry.id, Change::Retry)?;
        if !accounts.contains(&entry.account) {
            accounts.push(entry.account.clone());
        }
    }
    for account in &accounts {
        deliver_now(paths, account)?;
    }
    if let [single] = targets.as_slice() {
        let now = spool.find(&single.id).map(|(e, _)| e);
        return outcome_of(now.as_ref().unwrap_or(single));
    }
    eprintln!("{}", fl!("outbox-retried", count = (targets.len() as u64)));
    Ok(())
}

fn flush(paths: &Paths, spool: &Spool) -> Outcome {
    let config = Config::load(paths)?;
    spool.recover_idle();
    let never = AtomicBool::new(false);
    let passwords = keychain_passwords();
    // Accounts drain side by side; each lists and sends only what is due.
    let rt = runtime()?;
    let reports = rt.block_on(futures_util::future::join_all(config.accounts.iter().map(
        |account| outbox::drain_account(spool, account, &config.settings, &passwords, None, &never),
    )));
    for account in &config.accounts {
        copy_now(&rt, spool, &config, account, &passwords, false);
    }
    let (mut sent, mut no_keychain) = (0, 0);
    for report in reports {
        let report = report?;
        sent += report.sent;
        no_keychain += report.keychain_unreachable;
    }
    say_if_no_keychain(no_keychain);
    let tally = Tally::of(spool, sent, Utc::now());
    eprintln!("{}", tally.summary());
    match tally.exit_code() {
        exit::OK => Ok(()),
        code => Err(Failure::new(code, tally.hints().join("\n"))),
    }
}

/// The whole outbox after a flush, by what each message waits for.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct Tally {
    /// Sent by this run.
    sent: usize,
    /// Deferred, or due and not sent by this run (another process is on
    /// it, or the keychain cannot be reached from here).
    waiting: usize,
    unconfirmed: usize,
    held_auth: usize,
    /// Of `held_auth`, the OAuth2 accounts whose sign-in must be renewed.
    held_sign_in: usize,
    /// Held for anything else: TLS, settings, a password missing from the keychain.
    held_config: usize,
    failed: usize,
    /// Queued for a later time (send later, the undo delay).
    scheduled: usize,
}

impl Tally {
    fn of(spool: &Spool, sent: usize, now: DateTime<Utc>) -> Tally {
        let mut tally = Tally {
            sent,
            failed: spool.list(Folder::Failed).len(),
            ..Tally::default()
        };
        for entry in spool.list(Folder::Outbox) {
            match entry.state {
                State::Queued if !entry.is_due(now) => tally.scheduled += 1,
                State::Queued | State::Sending | State::Deferred => tally.waiting += 1,
                State::Unconfirmed => tally.unconfirmed += 1,
                State::Held => match entry.last_error {
                    Some(e) if e.kind == ErrorKind::AuthRefused => {
                        tally.held_auth += 1;
                        tally.held_sign_in += usize::from(crate::outbox::held_for_sign_in(&e));
                    }
                    _ => tally.held_config += 1,
                },
                State::Failed => tally.failed += 1,
                State::Sent => {}
            }
        }
        tally
    }

    /// The worst outcome wins (README, "outbox flush").
    fn exit_code(&self) -> u8 {
        if self.held_auth > 0 {
            exit::NOPERM
        } else if self.held_config > 0 {
            exit::CONFIG
        } else if self.failed > 0 {
            exit::REFUSED
        } else if self.waiting + self.unconfirmed > 0 {
            exit::TEMPFAIL
        } else {
            exit::OK
        }
    }

    fn summary(&self) -> String {
        fl!(
            "outbox-flush-summary",
            sent = (self.sent as u64),
            waiting = (self.waiting as u64),
            unconfirmed = (self.unconfirmed as u64),
            held = ((self.held_auth + self.held_config) as u64),
            failed = (self.failed as u64),
            scheduled = (self.scheduled as u64)
        )
    }

    /// What to do about each kind of message that needs the user or time.
    fn hints(&self) -> Vec<String> {
        let mut hints = Vec::new();
        if self.held_auth + self.held_config > self.held_sign_in {
            hints.push(fl!("outbox-flush-held-hint"));
        }
        if self.held_sign_in > 0 {
            hints.push(fl!("outbox-flush-sign-in-hint"));
        }
        if self.failed > 0 {
            hints.push(fl!("outbox-flush-failed-hint"));
        }
        if self.unconfirmed > 0 {
            hints.push(fl!("outbox-flush-unconfirmed-hint"));
        }
        if self.waiting > 0 {
            hints.push(fl!("outbox-flush-waiting-hint"));
        }
        hints
    }
}

/// Runs the worker until SIGTERM or SIGINT; the message in flight is
/// finished first.
pub fn daemon(paths: &Paths) -> Outcome {
    let shutdown = Arc::new(AtomicBool::new(false));
    let wake = Arc::new(tokio::sync::Notify::new());
    let rt = runtime()?;
    // The worker blocks on spool files between sends: on a thread of its
    // own, so that a signal is always answered at once here.
    let mut worker = crate::services::worker::spawn(
        paths.clone(),
        keychain_passwords(),
        None,
        shutdown.clone(),
        wake.clone(),
    )
    .map_err(|e| Failure::new(exit::TEMPFAIL, e.to_string()))?;
    rt.block_on(async {
        eprintln!(
            "{}",
            fl!("daemon-started", dir = paths.data_dir.display().to_string())
        );
        tokio::select! {
            _ = wait_for_stop_signal() => {}
            // It could not open the spool: nothing to wait for.
            _ = worker.ended() => {}
        }
        shutdown.store(true, Ordering::SeqCst);
        wake.notify_one();
    });
    // The message in flight is finished first.
    worker.join();
    eprintln!("{}", fl!("daemon-stopped"));
    Ok(())
}

async fn wait_for_stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let mut term = signal(SignalKind::terminate()).expect("SIGTERM handler");
        tokio::select! {
            _ = term.recv() => {}
            _ = tokio::signal::ctrl_c() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
