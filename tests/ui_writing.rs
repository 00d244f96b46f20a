//! Writing in compose, driven in the simulator. The Preview toggle: the
//! body shown formatted (Arabic blocks from the right, English ones from
//! the left), Edit brings the editor back with the text untouched, and
//! what is sent is the text with its HTML copy (or the text alone when
//! there is no formatting or the account sends plain text only). Send
//! later: the choices for a fixed clock, and the chosen time in the outbox.

use chrono::{DateTime, Local, TimeZone, Utc};
use hudhud::config::Config;
use hudhud::outbox::{Folder, Spool};
use hudhud::paths::Paths;
use hudhud::ui::app::{App, Message};
use hudhud::ui::compose::Message as Compose;
use hudhud::ui::effect::Effect;
use iced::Rectangle;
use iced_test::{Simulator, selector};

struct Fixture {
    _dir: tempfile::TempDir,
    paths: Paths,
    app: App,
}

fn fixture(plain_text: bool) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let paths = Paths {
        config_dir: dir.path().join("config"),
        data_dir: dir.path().join("data"),
    };
    // Written as a user would: the file stays valid as Account grows.
    std::fs::create_dir_all(&paths.config_dir).unwrap();
    std::fs::write(
        paths.config_file(),
        format!(
            "[settings]\ndefault_account = \"work\"\nundo_delay_secs = 0\n\n\
             [[account]]\nname = \"work\"\nemail = \"layla@example.com\"\n\
             host = \"127.0.0.1\"\nport = 9\nsecurity = \"none\"\nauth = \"none\"\n\
             plain_text = {plain_text}\n"
        ),
    )
    .unwrap();
    let config = Config::load(&paths).unwrap();
    assert_eq!(config.accounts[0].plain_text, plain_text);
    let (app, effects) = App::new(paths.clone(), config, None);
    let mut f = Fixture {
        _dir: dir,
        paths,
        app,
    };
    f.run(effects);
    f
}

impl Fixture {
    fn apply(&mut self, messages: impl IntoIterator<Item = Message>) {
        for message in messages {
            let effects = self.app.update(message);
            self.run(effects);
        }
    }

    fn run(&mut self, effects: Vec<Effect>) {
        for effect in effects {
            match effect {
                Effect::PickFiles | Effect::TestAccount { .. } | Effect::Notify { .. } => {}
                effect => {
                    let message = effect.run_blocking(&self.paths);
                    self.apply([message]);
                }
            }
        }
    }

    fn interact(&mut self, f: impl FnOnce(&mut Simulator<'_, Message>)) {
        let messages: Vec<Message> = {
            let mut ui = Simulator::with_settings(hudhud::ui::settings(), self.app.view());
            f(&mut ui);
            ui.into_messages().collect()
        };
        self.apply(messages);
    }

    /// A message typed into the window, ready to send.
    fn write(&mut self, body: &str) {
        self.interact(|ui| {
            ui.click(selector::id("to")).expect("the To field");
            ui.typewrite("omar@example.org");
        });
        self.apply([
            Message::Compose(Compose::Subject("preview".into())),
            Message::Compose(Compose::Body(body.into())),
        ]);
    }

    /// The one message in the outbox, as another program reads it.
    fn sent(&mut self) -> mail_parser::Message<'static> {
        self.interact(|ui| {
            ui.click("Send").expect("a Send button");
        });
        let spool = Spool::open(&self.paths.data_dir).unwrap();
        let outbox = spool.list(Folder::Outbox);
        assert_eq!(outbox.len(), 1);
        let raw = spool.raw(Folder::Outbox, &outbox[0].id).unwrap();
        mail_parser::MessageParser::default()
            .parse(&raw)
            .unwrap()
            .into_owned()
    }
}

/// The window drawn by the simulator, as RGBA rows (drawn at twice the size).
fn render(ui: &mut Simulator<'_, Message>) -> (png::OutputInfo, Vec<u8>) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shot.png");
    let snapshot = ui.snapshot(&iced::Theme::Light).expect("the window draws");
    assert!(snapshot.matches_image(&path).unwrap());
    let written = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "png"))
        .expect("the snapshot's PNG");
    let decoder = png::Decoder::new(std::io::BufReader::new(
        std::fs::File::open(written).unwrap(),
    ));
    let mut reader = decoder.read_info().unwrap();
    let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut pixels).unwrap();
    (info, pixels)
}

/// Dark pixels inside `area` (logical coordinates).
fn ink(shot: &(png::OutputInfo, Vec<u8>), area: Rectangle) -> usize {
    let (info, pixels) = shot;
    let channels = info.line_size / info.width as usize;
    let mut count = 0;
    for y in (area.y * 2.0) as u32..((area.y + area.height) * 2.0) as u32 {
        for x in (area.x * 2.0) as u32..((area.x + area.width) * 2.0) as u32 {
            if x >= info.width || y >= info.height {
                continue;
            }
            let at = y as usize * info.line_size + x as usize * channels;
            if pixels[at..at + 3].iter().all(|c| *c < 160) {
                count += 1;
            }
        }
    }
    count
}

#[test]
fn preview_shows_arabic_from_the_right_and_edit_brings_the_text_back() {
    let mut f = fixture(false);
    let body = "مرحبا **سلمى**\n\nHello *Omar*";
    f.write(body);
    f.interact(|ui| {
        ui.click("Preview").expect("a Preview button");
    });
    assert!(f.app.compose.preview);

    let mut ui = Simulator::with_settings(hudhud::ui::settings(), f.app.view());
    assert!(ui.find(selector::id("body")).is_err(), "the editor is away");
    let area = ui.find(selector::id("preview")).unwrap().bounds();
    assert!(
        ui.find(
            "No formatting: this message goes as plain text. Formatting: **bold**, \
             *italic*, [link](https://…), - list, > quote, `code`"
        )
        .is_err(),
        "the text has formatting"
    );
    let shot = render(&mut ui);
    let half = area.width / 2.0;
    // The first paragraph (Arabic) on the first line, the second below it.
    let first = Rectangle {
        x: area.x + 4.0,
        y: area.y + 8.0,
        width: half - 4.0,
        height: 22.0,
    };
    let second = Rectangle {
        y: area.y + 36.0,
        height: 28.0,
        ..first
    };
    let right = |r: Rectangle| Rectangle {
        x: area.x + half,
        width: half - 4.0,
        ..r
    };
    assert!(ink(&shot, right(first)) > 30, "Arabic starts on the right");
    assert_eq!(ink(&shot, first), 0, "nothing of it on the left");
    assert!(ink(&shot, second) > 30, "English starts on the left");
    assert_eq!(ink(&shot, right(second)), 0, "nothing of it on the right");
    drop(ui);

    f.interact(|ui| {
        ui.click("Edit").expect("an Edit button");
    });
    assert!(!f.app.compose.preview);
    let mut ui = Simulator::with_settings(hudhud::ui::settings(), f.app.view());
    assert!(ui.find(selector::id("body")).is_ok(), "the editor is back");
    drop(ui);
    assert_eq!(f.app.compose.body, body);

    let message = f.sent();
    let html = message.body_html(0).unwrap();
    assert!(html.contains("<strong>سلمى</strong>"), "{html}");
    assert!(html.contains("<p dir=\"rtl\""), "{html}");
    assert!(html.contains("<em>Omar</em>"), "{html}");
    assert_eq!(
        message
            .body_text(0)
            .unwrap()
            .replace("\r\n", "\n")
            .trim_end(),
        body
    );
}

#[test]
fn text_without_formatting_goes_alone_and_the_preview_says_so() {
    let mut f = fixture(false);
    f.write("Just words, 2 * 3 = 6.");
    f.interact(|ui| {
        ui.click("Preview").expect("a Preview button");
    });
    let mut ui = Simulator::with_settings(hudhud::ui::settings(), f.app.view());
    assert!(
        ui.find(
            "No formatting: this message goes as plain text. Formatting: **bold**, \
             *italic*, [link](https://…), - list, > quote, `code`"
        )
        .is_ok()
    );
    drop(ui);
    let message = f.sent();
    assert!(message.body_html(0).is_some_and(|h| !h.contains("<p")));
    assert_eq!(message.html_body, message.text_body, "no HTML part");
}

#[test]
fn an_account_that_sends_plain_text_says_so_and_sends_no_html() {
    let mut f = fixture(true);
    f.write("**bold** and *italic*");
    f.interact(|ui| {
        ui.click("Preview").expect("a Preview button");
    });
    let mut ui = Simulator::with_settings(hudhud::ui::settings(), f.app.view());
    assert!(
        ui.find("This account sends plain text only: the formatting marks go as typed.")
            .is_ok()
    );
    drop(ui);
    let message = f.sent();
    assert_eq!(message.html_body, message.text_body, "no HTML part");
    assert_eq!(
        message.body_text(0).unwrap().trim_end(),
        "**bold** and *italic*"
    );
}

/// A Friday afternoon in the user's own time zone.
fn friday_afternoon() -> DateTime<Local> {
    Local.with_ymd_and_hms(2027, 2, 5, 14, 30, 0).unwrap()
}

#[test]
fn send_later_offers_later_today_tomorrow_and_monday_and_the_outbox_shows_the_time() {
    let mut f = fixture(false);
    f.app.compose.clock = friday_afternoon;
    f.write("See you then.");
    f.interact(|ui| {
        ui.click("Send later…").expect("a Send later button");
    });
    let local = |d: u32, h: u32| Local.with_ymd_and_hms(2027, 2, d, h, 0, 0).unwrap();
    let mut ui = Simulator::with_settings(hudhud::ui::settings(), f.app.view());
    for label in [
        "Later today, 18:00",
        "Tomorrow morning, 08:00",
        "Monday morning, Feb 8, 2027, 08:00",
    ] {
        assert!(ui.find(label).is_ok(), "{label}");
    }
    drop(ui);
    // The field starts an hour after the clock's time, and stays for typing.
    assert_eq!(f.app.compose.send_at, "2027-02-05 15:30");

    f.interact(|ui| {
        ui.click("Tomorrow morning, 08:00").expect("the preset");
    });
    assert_eq!(f.app.compose.send_at, "2027-02-06 08:00");
    f.interact(|ui| {
        ui.click("Schedule").expect("a Schedule button");
    });
    let spool = Spool::open(&f.paths.data_dir).unwrap();
    let outbox = spool.list(Folder::Outbox);
    assert_eq!(outbox.len(), 1);
    let tomorrow = local(6, 8).with_timezone(&Utc);
    assert_eq!(outbox[0].not_before, Some(tomorrow));
    assert_eq!(
        hudhud::ui::outbox::next_try(&outbox[0], friday_afternoon().with_timezone(&Utc)).as_deref(),
        Some("sends at Feb 6, 2027, 08:00")
    );
}

#[test]
fn a_typed_time_still_works_and_one_before_the_clock_is_refused() {
    let mut f = fixture(false);
    f.app.compose.clock = friday_afternoon;
    f.write("Typed time.");
    f.apply([
        Message::Compose(Compose::ToggleLater),
        Message::Compose(Compose::SendAt("2027-02-05 14:00".into())),
        Message::Compose(Compose::SendLater),
    ]);
    assert!(f.app.compose.send_at_error.is_some(), "before the clock");
    f.apply([
        Message::Compose(Compose::SendAt("2027-02-05 16:45".into())),
        Message::Compose(Compose::SendLater),
    ]);
    let outbox = Spool::open(&f.paths.data_dir).unwrap().list(Folder::Outbox);
    assert_eq!(
        outbox[0].not_before,
        Some(
            Local
                .with_ymd_and_hms(2027, 2, 5, 16, 45, 0)
                .unwrap()
                .with_timezone(&Utc)
        )
    );
}

fn drafts_on_disk(f: &Fixture) -> Vec<String> {
    hudhud::compose::saved::list(&f.paths.data_dir, hudhud::compose::saved::Shelf::Drafts)
        .into_iter()
        .map(|s| s.draft.subject)
        .collect()
}

fn click(f: &mut Fixture, label: &'static str) {
    f.interact(|ui| {
        ui.click(label)
            .unwrap_or_else(|_| panic!("{label} on screen"));
    });
}

fn click_id(f: &mut Fixture, id: &'static str) {
    f.interact(|ui| {
        ui.click(selector::id(id))
            .unwrap_or_else(|_| panic!("{id} on screen"));
    });
}

#[test]
fn drafts_are_put_aside_opened_sent_and_deleted_from_the_list() {
    let mut f = fixture(false);
    f.write("first draft");
    f.apply([Message::Compose(Compose::Subject("first".into()))]);
    click(&mut f, "Drafts");
    assert!(f.app.compose.shelf_open);
    click(&mut f, "Save for later");
    assert!(f.app.compose.is_empty(), "the editor is free");
    assert_eq!(drafts_on_disk(&f), ["first"]);
    assert!(
        !f.paths
            .data_dir
            .join("drafts")
            .join("current.json")
            .exists(),
        "no second copy as the open draft"
    );

    // A second message; opening the first puts this one aside.
    f.write("second draft");
    f.apply([Message::Compose(Compose::Subject("second".into()))]);
    click(&mut f, "Open");
    assert_eq!(f.app.compose.subject, "first");
    assert_eq!(f.app.compose.body, "first draft");
    assert_eq!(drafts_on_disk(&f), ["second"]);

    // The list is files: a new window (after a crash) shows it.
    let config = hudhud::config::Config::load(&f.paths).unwrap();
    let (app, effects) = App::new(f.paths.clone(), config, None);
    f.app = app;
    f.run(effects);
    click(&mut f, "Drafts");
    assert_eq!(f.app.compose.drafts.len(), 1);
    assert_eq!(f.app.compose.drafts[0].draft.subject, "second");

    // Send from the list: the open message goes aside, "second" goes out.
    click(&mut f, "Send");
    let outbox = Spool::open(&f.paths.data_dir).unwrap().list(Folder::Outbox);
    assert_eq!(outbox.len(), 1);
    assert_eq!(outbox[0].subject, "second");
    assert_eq!(drafts_on_disk(&f), ["first"]);

    click(&mut f, "Drafts");
    click(&mut f, "Delete");
    assert_eq!(drafts_on_disk(&f), ["first"], "Delete asks first");
    f.interact(|ui| {
        ui.find("Delete this for good? It cannot be brought back.")
            .expect("the question");
    });
    // Escape says no, as it does to Discard.
    f.apply([Message::Escape]);
    assert!(f.app.compose.confirm_delete.is_none());
    assert_eq!(drafts_on_disk(&f), ["first"]);
    click(&mut f, "Delete");
    click_id(&mut f, "keep-saved");
    assert_eq!(drafts_on_disk(&f), ["first"], "Keep it keeps it");
    click(&mut f, "Delete");
    click_id(&mut f, "delete-yes");
    assert!(drafts_on_disk(&f).is_empty());
    assert!(f.app.compose.drafts.is_empty());
}

#[test]
fn deleting_a_template_asks_and_escape_keeps_it() {
    let mut f = fixture(false);
    f.write("## Week");
    f.apply([Message::Compose(Compose::Subject("Weekly report".into()))]);
    click(&mut f, "Drafts");
    click(&mut f, "Save as template");
    let templates = |f: &Fixture| {
        hudhud::compose::saved::list(&f.paths.data_dir, hudhud::compose::saved::Shelf::Templates)
            .len()
    };
    assert_eq!(templates(&f), 1);
    click(&mut f, "Delete");
    f.interact(|ui| {
        ui.find("Delete this for good? It cannot be brought back.")
            .expect("the question");
    });
    f.apply([Message::Escape]);
    assert_eq!(templates(&f), 1, "Escape said no");
    f.interact(|ui| {
        assert!(
            ui.find("Delete this for good? It cannot be brought back.")
                .is_err(),
            "the question is gone"
        );
    });
    click(&mut f, "Delete");
    click_id(&mut f, "delete-yes");
    assert_eq!(templates(&f), 0);
    assert!(f.app.compose.templates.is_empty());
}

#[test]
fn a_question_left_open_is_closed_when_the_screen_changes() {
    let mut f = fixture(false);
    f.write("something typed");
    f.apply([Message::Compose(Compose::Discard)]);
    assert!(f.app.compose.confirm_discard);
    f.apply([
        Message::Go(hudhud::ui::app::Screen::Outbox),
        Message::Go(hudhud::ui::app::Screen::Compose),
    ]);
    assert!(!f.app.compose.confirm_discard, "no stale Discard question");
    f.interact(|ui| {
        assert!(
            ui.find("Discard this message? It cannot be brought back.")
                .is_err()
        );
    });
    assert_eq!(
        f.app.compose.body, "something typed",
        "nothing was discarded"
    );
}

#[test]
fn a_template_starts_new_messages_and_stays() {
    let mut f = fixture(false);
    f.write("## Week\n\n- done:\n- next:");
    f.apply([Message::Compose(Compose::Subject("Weekly report".into()))]);
    click(&mut f, "Drafts");
    click(&mut f, "Save as template");
    assert_eq!(f.app.compose.templates.len(), 1);
    assert_eq!(f.app.compose.subject, "Weekly report", "the message stays");
    f.apply([
        Message::Compose(Compose::Discard),
        Message::Compose(Compose::Discard),
    ]);
    assert!(f.app.compose.is_empty());
    click(&mut f, "Drafts");
    click(&mut f, "Use");
    assert_eq!(f.app.compose.subject, "Weekly report");
    assert_eq!(f.app.compose.body, "## Week\n\n- done:\n- next:");
    assert_eq!(f.app.compose.draft().to, ["omar@example.org"]);
    click(&mut f, "Drafts");
    assert_eq!(
        f.app.compose.templates.len(),
        1,
        "a template is not used up"
    );
    assert!(drafts_on_disk(&f).is_empty());
}
