//! The sent-history index at scale: N sent messages in a spool folder, the
//! time to build the index from them, to catch up when nothing changed, to
//! read a page and to search, and the process's memory afterwards.
//!
//!     cargo run --release --example history_bench -- [N]     (default 100000)
//!     cargo run --release --example history_bench -- --generate DIR [N]
//!
//! The messages are written straight into `sent/` in the spool's format
//! (state JSON + message), without fsync: this measures the index, not the
//! disk. `--generate` only writes them, into the data folder DIR, for the
//! window's benchmarks (bench/sent_history.sh).

use std::time::Instant;

use chrono::{TimeZone, Utc};
use hudhud::history::History;
use hudhud::outbox::{Entry, Folder, Spool, State};
use hudhud::smtp::Reply;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--generate") {
        let Some(dir) = args.get(1) else {
            eprintln!("usage: history_bench --generate DIR [N]");
            std::process::exit(64);
        };
        let n = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(100_000);
        let spool = Spool::open(std::path::Path::new(dir)).expect("the spool");
        let started = Instant::now();
        generate(&spool, n);
        println!("generated {n} sent messages in {:.1} s", secs(started));
        return;
    }
    let n: usize = args.first().and_then(|a| a.parse().ok()).unwrap_or(100_000);
    let dir = tempfile::tempdir().expect("a temporary folder");
    let spool = Spool::open(dir.path()).expect("the spool");
    let started = Instant::now();
    generate(&spool, n);
    println!("generated {n} sent messages in {:.1} s", secs(started));
    measure(dir.path(), &spool, n);
}

/// N sent messages, one a minute from 2025-01-01: subjects cycle through
/// Arabic and English words, each to its own recipient, with a short
/// Arabic and English text.
fn generate(spool: &Spool, n: usize) {
    let sent = spool.dir(Folder::Sent);
    let words = ["التقرير", "الاجتماع", "report", "invoice", "موعد", "lunch"];
    for i in 0..n {
        let id = format!("20250101T{i:012}-{i:08x}");
        let at = Utc.with_ymd_and_hms(2025, 1, 1, 0, 0, 0).unwrap()
            + chrono::Duration::seconds(i as i64 * 60);
        let subject = format!("{} {i}", words[i % words.len()]);
        let entry = Entry {
            id: id.clone(),
            account: "work".into(),
            message_id: format!("<{i}@example.com>"),
            envelope_from: "layla@example.com".into(),
            envelope_to: vec![format!("omar{i}@example.org")],
            subject: subject.clone(),
            created: at,
            state: State::Sent,
            not_before: None,
            scheduled: false,
            attempts: 1,
            next_attempt: None,
            last_error: None,
            sent_at: Some(at),
            final_reply: Some(Reply {
                code: 250,
                text: format!("2.0.0 Ok: queued as {i:X}"),
            }),
            history: vec![],
            draft: None,
            copies: vec![],
            sent_copy: Default::default(),
            copy: None,
        };
        std::fs::write(
            sent.join(format!("{id}.json")),
            serde_json::to_vec(&entry).unwrap(),
        )
        .unwrap();
        let body = format!(
            "Subject: {subject}\r\nContent-Type: text/plain; charset=utf-8\r\n\
             Content-Transfer-Encoding: 8bit\r\n\r\nمرحبا، هذه الرسالة رقم {i}.\r\nNumbers attached.\r\n"
        );
        std::fs::write(sent.join(format!("{id}.eml")), body).unwrap();
    }
}

fn measure(dir: &std::path::Path, spool: &Spool, n: usize) {
    let started = Instant::now();
    let mut history = History::open(dir).expect("the index");
    let added = history.sync(spool).expect("sync");
    println!(
        "index built from the files: {added} messages in {:.1} s",
        secs(started)
    );

    let started = Instant::now();
    let added = history.sync(spool).expect("sync");
    println!(
        "catch-up with nothing new (folders just written, so listed): {added} added in {:.0} ms",
        ms(started)
    );
    // Folders older than two seconds whose times match the last catch-up
    // are not listed again: the window's start-up case.
    std::thread::sleep(std::time::Duration::from_millis(2100));
    history.sync(spool).expect("sync");
    let started = Instant::now();
    let added = history.sync(spool).expect("sync");
    println!(
        "catch-up with the folders unchanged: {added} added in {:.1} ms",
        ms(started)
    );

    let started = Instant::now();
    let page = history.page(Folder::Sent, 0, 101).expect("page");
    println!("first page ({} rows): {:.1} ms", page.len(), ms(started));

    let started = Instant::now();
    let page = history.page(Folder::Sent, n / 2, 101).expect("page");
    println!(
        "a page in the middle ({} rows): {:.1} ms",
        page.len(),
        ms(started)
    );

    for query in ["تقرير", "omar4242", "numbers", "lunch 9"] {
        let started = Instant::now();
        let rows = history.search(Folder::Sent, query, 101).expect("search");
        let search = ms(started);
        // What the Sent list asks for each keystroke: the rows around the
        // view and how many match (the list's length).
        let started = Instant::now();
        let matches = history.count_matching(Folder::Sent, query).expect("count");
        println!(
            "search {query:?}: {} rows in {search:.1} ms; {matches} matches counted in {:.1} ms",
            rows.len(),
            ms(started)
        );
    }
    let started = Instant::now();
    let total = history.count(Folder::Sent).expect("count");
    println!("count ({total}): {:.1} ms", ms(started));
    let rss = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM"))
                .map(|l| l.split_whitespace().nth(1).unwrap_or("0").to_owned())
        })
        .and_then(|kb| kb.parse::<f64>().ok())
        .map(|kb| format!("{:.1} MB", kb / 1024.0))
        .unwrap_or_else(|| "unknown".into());
    println!("peak resident memory of this process: {rss}");
}

fn secs(since: Instant) -> f64 {
    since.elapsed().as_secs_f64()
}

fn ms(since: Instant) -> f64 {
    since.elapsed().as_secs_f64() * 1000.0
}
