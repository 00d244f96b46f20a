//! The compose window driven like a person would: click, type, click Send.
//! iced_test's Simulator renders the real view headless with our fonts;
//! the messages it produces go through the real `update`, and the effects
//! that follow run against a spool in a temporary directory.

use hudhud::config::Config;
use hudhud::outbox::{Folder, Spool, State};
use hudhud::paths::Paths;
use hudhud::ui::app::{App, Message, Screen};
use hudhud::ui::effect::Effect;
use iced_test::{Simulator, selector};

mod support;
use support::window::{fixture, type_into};

#[test]
fn typed_message_lands_in_the_outbox_with_its_fields() {
    let mut f = fixture(5);
    assert_eq!(f.app.screen, Screen::Compose);
    f.interact(type_into("to", "omar@example.org"));
    f.interact(type_into("subject", "Quarterly report"));
    f.interact(type_into("body", "Hello Omar, here are the numbers."));
    assert_eq!(f.app.compose.to, "omar@example.org");
    assert_eq!(f.app.compose.subject, "Quarterly report");
    assert!(f.outbox().is_empty());

    f.interact(|ui| {
        ui.click("Send").expect("a Send button");
    });

    let outbox = f.outbox();
    assert_eq!(outbox.len(), 1, "one message queued");
    let entry = &outbox[0];
    assert_eq!(entry.account, "work");
    assert_eq!(entry.envelope_to, ["omar@example.org"]);
    assert_eq!(entry.subject, "Quarterly report");
    assert_eq!(entry.state, State::Queued);
    assert!(entry.not_before.is_some(), "held back for the undo delay");
    let raw = Spool::open(&f.paths.data_dir)
        .unwrap()
        .raw(Folder::Outbox, &entry.id)
        .unwrap();
    let raw = String::from_utf8_lossy(&raw);
    assert!(raw.contains("Subject: Quarterly report"));
    assert!(raw.contains("Hello Omar, here are the numbers."));
    // The editor is fresh again and the undo bar is up.
    assert!(f.app.compose.is_empty());
    assert!(f.app.undo.is_some());
}

#[test]
fn an_invalid_address_keeps_send_disabled_and_says_why() {
    let mut f = fixture(5);
    f.interact(type_into("to", "omar@example.org, bob@"));
    f.interact(type_into("subject", "Hi"));
    assert!(!f.app.compose.can_send());

    let mut ui = Simulator::with_settings(hudhud::ui::settings(), f.app.view());
    // The reason is on screen, next to the address.
    ui.find("\u{200E}“bob@”: the part after the @ is not a valid domain")
        .expect("the problem is shown");
    ui.click("Send").expect("the button is there");
    let messages: Vec<Message> = ui.into_messages().collect();
    assert!(
        messages.is_empty(),
        "a disabled button sends nothing: {messages:?}"
    );
    assert!(f.outbox().is_empty());
}

#[test]
fn undo_within_the_delay_brings_the_draft_back_and_nothing_is_sent() {
    let mut f = fixture(30);
    f.interact(type_into("to", "omar@example.org"));
    f.interact(type_into("subject", "Oops"));
    f.interact(type_into("body", "Not yet"));
    f.interact(|ui| {
        ui.click("Send").unwrap();
    });
    assert_eq!(f.outbox().len(), 1);
    f.interact(|ui| {
        ui.find("Sending in 30 s")
            .expect("the undo bar counts down");
        ui.click("Undo").expect("an Undo button");
    });
    assert!(f.outbox().is_empty(), "nothing left to send");
    assert!(f.app.undo.is_none());
    assert_eq!(f.app.screen, Screen::Compose);
    assert_eq!(f.app.compose.to, "omar@example.org");
    assert_eq!(f.app.compose.subject, "Oops");
    assert_eq!(f.app.compose.body, "Not yet");
}

#[test]
fn arabic_typed_in_subject_and_body_arrives_intact() {
    let mut f = fixture(0);
    f.interact(type_into("to", "salma@example.net"));
    f.interact(type_into("subject", "مرحبا hello عالم"));
    f.interact(type_into("body", "سلام عليكم"));
    assert_eq!(f.app.compose.subject, "مرحبا hello عالم");
    f.interact(|ui| {
        ui.click("Send").unwrap();
    });
    let outbox = f.outbox();
    assert_eq!(outbox.len(), 1);
    assert_eq!(outbox[0].subject, "مرحبا hello عالم");
    assert_eq!(outbox[0].draft.as_ref().unwrap().body, "سلام عليكم");
}

#[test]
fn the_draft_survives_a_restart() {
    let mut f = fixture(5);
    f.interact(type_into("to", "omar@example.org"));
    f.interact(type_into("subject", "Half written"));
    // Recipients save at once; the subject on the next tick.
    f.apply([Message::Tick]);
    let config = Config::load(&f.paths).unwrap();
    let (app, effects) = App::new(f.paths.clone(), config, None);
    f.app = app;
    f.run(effects);
    assert_eq!(f.app.compose.to, "omar@example.org");
    assert_eq!(f.app.compose.subject, "Half written");
}

#[test]
fn a_dropped_file_is_attached_and_sent_with_its_arabic_name() {
    let mut f = fixture(5);
    let file = f._dir.path().join("تقرير الربع.txt");
    std::fs::write(&file, "numbers").unwrap();
    f.apply([Message::FilesDropped(file.clone())]);
    assert_eq!(f.app.compose.attachments.len(), 1);
    assert_eq!(f.app.compose.attachments[0].size, 7);
    f.interact(type_into("to", "omar@example.org"));
    f.interact(type_into("subject", "Report"));
    f.interact(|ui| {
        ui.find(hudhud::ui::chooser::isolated("تقرير الربع.txt").as_str())
            .expect("the file is listed by name");
        ui.click("Send").unwrap();
    });
    let outbox = f.outbox();
    assert_eq!(outbox.len(), 1);
    assert_eq!(outbox[0].draft.as_ref().unwrap().attachments, [file]);
    let raw = Spool::open(&f.paths.data_dir)
        .unwrap()
        .raw(Folder::Outbox, &outbox[0].id)
        .unwrap();
    assert!(String::from_utf8_lossy(&raw).contains("Content-Disposition: attachment"));
}

#[test]
fn retry_now_from_the_outbox_clears_the_wait() {
    use hudhud::ui::app::SpoolOp;
    use hudhud::ui::outbox::Message as Outbox;
    let mut f = fixture(600);
    f.interact(type_into("to", "omar@example.org"));
    f.interact(type_into("subject", "Later"));
    f.interact(|ui| {
        ui.click("Send").unwrap();
    });
    let id = f.outbox()[0].id.clone();
    assert!(f.outbox()[0].not_before.is_some());
    f.apply([Message::Go(Screen::Outbox)]);
    assert_eq!(f.app.outbox.len(), 1, "the outbox view lists it");
    let effects = f.app.update(Message::List(Outbox::RetryNow(id.clone())));
    assert!(matches!(
        &effects[..],
        [Effect::Spool { op: SpoolOp::Retry, account, id: effect_id }] if account == "work" && *effect_id == id
    ));
    f.run(effects);
    assert_eq!(f.outbox()[0].not_before, None, "due now");
}

#[test]
fn edit_on_a_message_queued_by_the_command_line_brings_all_of_it_back() {
    use hudhud::ui::outbox::Message as Outbox;
    use std::io::Write;
    let mut f = fixture(5);
    let file = f.paths.config_dir.join("تقرير الربع.pdf");
    std::fs::write(&file, b"%PDF-1.4 report").unwrap();
    // A script queues a message for later, as cron would.
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_hudhud"))
        .env("HUDHUD_CONFIG_DIR", &f.paths.config_dir)
        .env("HUDHUD_DATA_DIR", &f.paths.data_dir)
        .env("HUDHUD_LANG", "en")
        .args([
            "send",
            "--at",
            "2099-01-01 09:00",
            "--to",
            "omar@example.org",
        ])
        .args([
            "--bcc",
            "boss@example.com",
            "--subject",
            "تقرير الربع",
            "--attach",
        ])
        .arg(&file)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all("مرحبا عمر،\nالتقرير مرفق.\n".as_bytes())
        .unwrap();
    assert!(child.wait().unwrap().success());
    let queued = f.outbox();
    assert_eq!(queued.len(), 1);
    assert!(queued[0].draft.is_none(), "the command line keeps no draft");

    f.apply([Message::Go(Screen::Outbox)]);
    f.apply([Message::List(Outbox::Edit(queued[0].id.clone()))]);
    assert!(
        f.outbox().is_empty(),
        "taken out of the outbox to be edited"
    );
    assert_eq!(f.app.screen, Screen::Compose);
    let c = &f.app.compose;
    assert_eq!(c.to, "omar@example.org");
    assert_eq!(c.bcc, "boss@example.com");
    assert_eq!(c.subject, "تقرير الربع");
    assert_eq!(c.body, "مرحبا عمر،\nالتقرير مرفق.");
    assert_eq!(c.attachments.len(), 1);
    let attached = &c.attachments[0].path;
    assert_eq!(attached.file_name(), file.file_name());
    assert_eq!(std::fs::read(attached).unwrap(), b"%PDF-1.4 report");
}

#[test]
fn the_size_the_server_announced_is_what_send_warns_about() {
    use hudhud::ui::compose::{Attachment, Message as Compose};
    let mut f = fixture(5);
    // The worker learned it when it last connected (see outbox_worker.rs).
    Spool::open(&f.paths.data_dir)
        .unwrap()
        .set_size_limit("work", Some(3000))
        .unwrap();
    f.apply([Message::Go(Screen::Outbox), Message::Go(Screen::Compose)]);
    f.interact(type_into("to", "omar@example.org"));
    f.interact(type_into("subject", "scan"));
    f.apply([Message::Compose(Compose::Attached(vec![Attachment {
        path: f.paths.config_dir.join("scan.pdf"),
        size: 2500,
    }]))]);
    f.apply([Message::Compose(Compose::Send)]);
    let warnings = &f.app.compose.warnings;
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].contains("3 kB"), "{warnings:?}");
    assert!(f.outbox().is_empty(), "waits for Send anyway");
}

#[test]
fn enter_in_the_subject_moves_on_to_the_body() {
    let mut f = fixture(5);
    f.interact(|ui| {
        ui.click(selector::id("subject")).unwrap();
        // One pass over the keys, as the window gets them typed fast: the
        // body has the keyboard before the key after Enter.
        let mut keys: Vec<iced::Event> = iced_test::simulator::typewrite("Report").collect();
        keys.extend(iced_test::simulator::tap_key(
            iced::keyboard::Key::Named(iced::keyboard::key::Named::Enter),
            None,
        ));
        keys.extend(iced_test::simulator::typewrite("Hello"));
        ui.simulate(keys);
    });
    assert_eq!(
        f.app.compose.subject, "Report",
        "no line break in a subject"
    );
    assert_eq!(f.app.compose.body, "Hello");
}

/// Issue 15 §0: Send, Undo (or Edit), touch nothing, the window dies:
/// the message is neither in the outbox nor lost — it is the draft.
#[test]
fn a_reopened_message_survives_a_crash_with_its_attachments_and_time() {
    use hudhud::ui::outbox::Message as Outbox;
    let mut f = fixture(30);
    let file = f._dir.path().join("ملاحظات.txt");
    std::fs::write(&file, "twelve bytes").unwrap();
    f.apply([Message::FilesDropped(file.clone())]);
    f.interact(type_into("to", "omar@example.org"));
    f.interact(type_into("subject", "Undone"));
    f.interact(|ui| {
        ui.click("Send").unwrap();
    });
    f.interact(|ui| {
        ui.click("Undo").expect("an Undo button");
    });
    assert!(f.outbox().is_empty());
    // Reopened attachments show their true size.
    assert_eq!(f.app.compose.attachments.len(), 1);
    assert_eq!(f.app.compose.attachments[0].size, 12);

    // The window dies now, before any tick: a new one finds the draft.
    let config = Config::load(&f.paths).unwrap();
    let (app, effects) = App::new(f.paths.clone(), config.clone(), None);
    f.app = app;
    f.run(effects);
    assert_eq!(f.app.compose.to, "omar@example.org");
    assert_eq!(f.app.compose.subject, "Undone");
    assert_eq!(f.app.compose.attachments.len(), 1);
    assert_eq!(f.app.compose.attachments[0].size, 12);

    // Edit of a message scheduled for later keeps its time.
    use hudhud::ui::compose::Message as C;
    f.apply([
        Message::Compose(C::ToggleLater),
        Message::Compose(C::SendAt("2099-05-01 09:30".into())),
        Message::Compose(C::SendLater),
    ]);
    let queued = f.outbox();
    assert_eq!(queued.len(), 1);
    let at = queued[0].not_before.unwrap();
    f.apply([Message::Go(Screen::Outbox)]);
    f.apply([Message::List(Outbox::Edit(queued[0].id.clone()))]);
    assert!(f.outbox().is_empty());
    let (app, effects) = App::new(f.paths.clone(), config, None);
    f.app = app;
    f.run(effects);
    assert_eq!(f.app.compose.subject, "Undone");
    assert!(f.app.compose.show_later, "the time is still set");
    assert_eq!(
        f.app.compose.send_at,
        at.with_timezone(&chrono::Local)
            .format("%Y-%m-%d %H:%M")
            .to_string()
    );
}

/// Closing the window saves what is being written, even within the second
/// before the next autosave.
#[test]
fn closing_the_window_saves_the_draft_first() {
    let mut f = fixture(5);
    f.interact(type_into("to", "omar@example.org"));
    f.interact(type_into("subject", "Typed just now"));
    let effects = f.app.update(Message::CloseRequested);
    assert!(
        matches!(effects.last(), Some(Effect::SaveDraftAndQuit(Some(_)))),
        "{effects:?}"
    );
    f.run(effects);
    let config = Config::load(&f.paths).unwrap();
    let (app, effects) = App::new(f.paths.clone(), config, None);
    f.app = app;
    f.run(effects);
    assert_eq!(f.app.compose.subject, "Typed just now");
}

/// The title shows the outbox's state in the task bar.
#[test]
fn the_window_title_counts_what_waits_and_what_needs_the_user() {
    let mut f = fixture(600);
    assert_eq!(f.app.title(), "Hudhud");
    f.interact(type_into("to", "omar@example.org"));
    f.interact(type_into("subject", "Later"));
    f.interact(|ui| {
        ui.click("Send").unwrap();
    });
    assert_eq!(f.app.title(), "Hudhud — 1 waiting");
    let id = f.outbox()[0].id.clone();
    let spool = Spool::open(&f.paths.data_dir).unwrap();
    let lock = spool
        .lock("work", std::time::Duration::from_secs(1))
        .unwrap()
        .unwrap();
    let mut entry = lock.spool().find(&id).unwrap().0;
    entry.state = State::Held;
    lock.save(&entry).unwrap();
    drop(lock);
    f.run(vec![Effect::LoadLists]);
    assert_eq!(f.app.title(), "Hudhud — 1 needs you");
}

/// Issue 14 §2: a message queued by another process (`hudhud send`) reaches
/// the open window within a second, as that one entry.
#[test]
fn a_message_queued_by_the_command_line_appears_in_the_open_window() {
    let mut f = fixture(600);
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let mut changes = runtime
        .block_on(async { hudhud::ui::watch::changes(&f.paths.data_dir) })
        .unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_hudhud"))
        .env("HUDHUD_CONFIG_DIR", &f.paths.config_dir)
        .env("HUDHUD_DATA_DIR", &f.paths.data_dir)
        .env("HUDHUD_LANG", "en")
        .args([
            "send",
            "--no-wait",
            "--to",
            "omar@example.org",
            "--subject",
            "from cron",
        ])
        .stdin(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(b"disk full\n")
            .unwrap();
    }
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let queued_at = std::time::Instant::now();
    let change = runtime
        .block_on(async {
            tokio::time::timeout(std::time::Duration::from_secs(1), changes.recv()).await
        })
        .expect("a change within 1 s")
        .unwrap();
    let Message::SpoolChanged(ids) = change else {
        panic!("the spool changed, not {change:?}");
    };
    assert!(queued_at.elapsed() < std::time::Duration::from_secs(1));
    let queued = f.outbox();
    assert_eq!(queued.len(), 1);
    assert_eq!(ids, [queued[0].id.clone()]);
    assert!(f.app.outbox.is_empty(), "not loaded yet");
    f.apply([Message::SpoolChanged(ids)]);
    assert_eq!(f.app.outbox.len(), 1);
    assert_eq!(f.app.outbox[0].subject, "from cron");
    assert_eq!(f.app.title(), "Hudhud — 1 waiting");
    // On screen, as the one entry (nothing else was reloaded).
    f.apply([Message::Go(Screen::Outbox)]);
    f.interact(|ui| {
        ui.find("from cron").expect("listed in the Outbox");
    });
}

/// Sends `subject` through the spool as a worker would (queued, on the wire,
/// accepted with 250); returns its id.
fn sent_message(paths: &Paths, subject: &str, body: &str) -> String {
    use hudhud::compose::Outgoing;
    let spool = Spool::open(&paths.data_dir).unwrap();
    let outgoing = Outgoing {
        message_id: format!("<{}@example.com>", subject.len()),
        envelope_from: "layla@example.com".into(),
        envelope_to: vec!["omar@example.org".into()],
        raw: format!(
            "Subject: x\r\nContent-Type: text/plain; charset=utf-8\r\n\
             Content-Transfer-Encoding: 8bit\r\n\r\n{body}\r\n"
        )
        .into_bytes(),
    };
    let entry = spool
        .enqueue("work", &outgoing, subject, None, None)
        .unwrap();
    let mut lock = spool
        .lock("work", std::time::Duration::from_secs(5))
        .unwrap()
        .unwrap();
    lock.begin(&entry.id).unwrap();
    let entry = lock.spool().find(&entry.id).unwrap().0;
    let reply = hudhud::smtp::Reply {
        code: 250,
        text: "2.0.0 Ok: queued".into(),
    };
    lock.mark_sent(entry, reply, Default::default()).unwrap().id
}

/// Issue 14 §3: the Sent list is a page of the history index, searched by
/// the index; opening a message reads its record; a message another
/// process sends shows up.
#[test]
fn the_sent_list_pages_and_searches_the_history_index() {
    let mut f = fixture(5);
    for n in 0..150 {
        sent_message(&f.paths, &format!("Report {n}"), "weekly figures");
    }
    let annual = sent_message(&f.paths, "التقرير السنوي", "the annual numbers");
    f.apply([Message::Go(Screen::Sent)]);
    assert_eq!(f.app.sent.total, 151);
    assert_eq!(f.app.sent.matches, 151);
    assert_eq!(f.app.sent.rows[0].id, annual, "newest first");
    use hudhud::ui::app::{SENT_MARGIN, SENT_ROW_HEIGHT, SentViewport};
    use hudhud::ui::outbox::Message as List;
    // Only the rows on screen and a margin are read, not all 151.
    assert!(f.app.sent.rows.len() < 100, "{}", f.app.sent.rows.len());

    // The wheel over the list tells where it is scrolled.
    let scrolled: Vec<Message> = {
        let mut ui = Simulator::with_settings(hudhud::ui::settings(), f.app.view());
        ui.point_at((700.0, 400.0));
        ui.simulate([iced::Event::Mouse(iced::mouse::Event::WheelScrolled {
            delta: iced::mouse::ScrollDelta::Lines { x: 0.0, y: -10.0 },
        })]);
        ui.into_messages().collect()
    };
    assert!(
        scrolled.iter().any(|m| matches!(
            m,
            Message::List(List::SentScrolled(SentViewport { top, .. })) if *top > 0.0
        )),
        "{scrolled:?}"
    );
    // A little further down: the rows held cover it, nothing is read.
    let view = |rows: f32| {
        Message::List(List::SentScrolled(SentViewport {
            top: rows * SENT_ROW_HEIGHT,
            height: 10.0 * SENT_ROW_HEIGHT,
        }))
    };
    assert!(f.app.update(view(3.0)).is_empty());
    // Far down: the rows there are read, once, and those far above let go.
    let effects = f.app.update(view(120.0));
    assert_eq!(effects.len(), 1);
    assert!(f.app.update(view(121.0)).is_empty(), "being read already");
    f.run(effects);
    assert_eq!(f.app.sent.offset, 120 - SENT_MARGIN);
    assert!(f.app.sent.rows.iter().all(|r| r.id != annual));
    // Position p is "Report {150 - p}": the rows in view are built, the
    // rows far from it are not.
    f.interact(|ui| {
        ui.find("Report 25").expect("row 125 is built");
        assert!(ui.find("Report 100").is_err(), "row 50 is not built");
    });
    // Back on the screen later: from the top again.
    f.apply([Message::Go(Screen::Compose), Message::Go(Screen::Sent)]);
    assert_eq!(f.app.sent.offset, 0);
    assert_eq!(f.app.sent.rows[0].id, annual);

    f.interact(type_into("search", "تقرير"));
    assert_eq!(f.app.sent.query, "تقرير");
    assert_eq!(
        f.app
            .sent
            .rows
            .iter()
            .map(|r| r.id.as_str())
            .collect::<Vec<_>>(),
        [annual.as_str()],
        "a word inside التقرير"
    );
    f.interact(|ui| {
        ui.click("التقرير السنوي").expect("the row");
    });
    let (entry, source) = f.app.preview.as_ref().expect("the message is opened");
    assert_eq!(entry.final_reply.as_ref().unwrap().code, 250);
    assert!(source.as_deref().unwrap().contains("the annual numbers"));
    f.interact(|ui| {
        ui.find("Server reply: 250 2.0.0 Ok: queued")
            .expect("its reply is shown");
    });

    // Sent by another process while the list is open.
    f.apply([Message::List(List::Search(String::new()))]);
    assert_eq!(f.app.sent.query, "");
    assert_eq!(f.app.sent.offset, 0, "a new search starts at the top");
    let late = sent_message(&f.paths, "Late news", "x");
    f.apply([Message::SpoolChanged(vec![late.clone()])]);
    assert_eq!(f.app.sent.rows[0].id, late);
    assert_eq!(f.app.sent.total, 152);
}
