//! `hudhud sent list` and `hudhud sent search`: the sent history, read from
//! the same index as the window's Sent list (caught up with the spool first).

use crate::cli::outbox::local_time;
use crate::cli::{Failure, Outcome, exit};
use crate::config::{Config, Retention};
use crate::fl;
use crate::history::{History, HistoryError, Row};
use crate::outbox::{Folder, Spool};
use crate::paths::Paths;

impl From<HistoryError> for Failure {
    fn from(e: HistoryError) -> Self {
        Failure::new(exit::CANTCREAT, e.to_string())
    }
}

/// Newest first: the last `limit` sent messages, or those matching `query`.
pub fn run(paths: &Paths, query: Option<&str>, limit: usize, json: bool) -> Outcome {
    let spool = Spool::open(&paths.data_dir)?;
    let mut history = History::open(&paths.data_dir)?;
    history.sync(&spool)?;
    let rows = match query {
        Some(query) => history.search(Folder::Sent, query, limit)?,
        None => history.page(Folder::Sent, 0, limit)?,
    };
    if json {
        let list: Vec<_> = rows
            .iter()
            .map(|row| {
                serde_json::json!({
                    "id": row.id,
                    "account": row.account,
                    "recipients": row.recipients,
                    "subject": row.subject,
                    "sent_at": row.at,
                })
            })
            .collect();
        println!(
            "{}",
            serde_json::to_string_pretty(&list).unwrap_or_default()
        );
        return Ok(());
    }
    if rows.is_empty() {
        eprintln!("{}", fl!("sent-none"));
        return Ok(());
    }
    for Row {
        id,
        subject,
        recipients,
        at,
        ..
    } in &rows
    {
        println!(
            "{id}\t{}\t{}\t{subject}",
            local_time(*at),
            recipients.join(", ")
        );
    }
    Ok(())
}

/// `hudhud sent retention`: saves the setting when one is given, says what
/// it is, and applies it now (the daemon and the window apply it hourly).
pub fn retention(paths: &Paths, keep: Option<Retention>, compress: Option<u64>) -> Outcome {
    let mut config = Config::load(paths)?;
    if keep.is_some() || compress.is_some() {
        if let Some(keep) = keep {
            config.settings.sent_retention = keep;
        }
        if let Some(days) = compress {
            config.settings.sent_compress_after_days = days;
        }
        config.save(paths)?;
    }
    let settings = &config.settings;
    println!("{}", describe(settings.sent_retention));
    println!(
        "{}",
        fl!(
            "sent-compress-after",
            days = settings.sent_compress_after_days
        )
    );
    let spool = Spool::open(&paths.data_dir)?;
    let mut history = History::open(&paths.data_dir)?;
    let pruned = history.apply_retention(
        &spool,
        settings.sent_retention,
        settings.sent_compress_after_days,
        chrono::Utc::now(),
    )?;
    println!(
        "{}",
        fl!(
            "sent-pruned",
            removed = pruned.removed,
            compressed = pruned.compressed
        )
    );
    Ok(())
}

/// The retention setting in words.
pub fn describe(keep: Retention) -> String {
    match keep {
        Retention::Forever => fl!("sent-keep-forever"),
        Retention::Days(days) => fl!("sent-keep-days", days = days),
        Retention::Messages(count) => fl!("sent-keep-messages", count = count),
    }
}
