//! Attaching files when the desktop has no file dialog, and the list of
//! attachments in compose.
//! iced_test's Simulator renders the real view headless with our fonts;
//! the messages it produces go through the real `update`, and the effects
//! that follow run against a spool in a temporary directory.

use hudhud::outbox::Spool;
use hudhud::ui::app::{Message, Screen};
use hudhud::ui::chooser::{Desktop, Message as Chooser, isolated};
use hudhud::ui::compose::Message as Compose;
use hudhud::ui::effect::Effect;
use hudhud::ui::effect::pick_files;
use iced_test::{Simulator, selector};

mod support;
use support::window::{Fixture, fixture, type_into};

/// A desktop without the portal and without zenity or kdialog on PATH.
fn bare_desktop(home: &std::path::Path) -> (tempfile::TempDir, Desktop) {
    let empty = tempfile::tempdir().unwrap();
    let path = std::env::join_paths([empty.path()]).unwrap();
    let desktop = Desktop {
        portal: false,
        path: Some(path),
        home: home.to_owned(),
    };
    (empty, desktop)
}

impl Fixture {
    /// Presses "Attach files…" and lets the desktop above answer.
    fn press_attach(&mut self, desktop: &Desktop) {
        let messages: Vec<Message> = {
            let mut ui = Simulator::with_settings(hudhud::ui::settings(), self.app.view());
            ui.click("Attach files…").expect("an Attach button");
            ui.into_messages().collect()
        };
        for message in messages {
            for effect in self.app.update(message) {
                let message = match effect {
                    Effect::PickFiles => tokio::runtime::Runtime::new()
                        .unwrap()
                        .block_on(pick_files(desktop, &self.paths)),
                    effect => effect.run_blocking(&self.paths),
                };
                self.apply([message]);
            }
        }
    }

    fn sees(&self, text: &str) -> bool {
        let mut ui = Simulator::with_settings(hudhud::ui::settings(), self.app.view());
        ui.find(text).is_ok()
    }
}

#[test]
fn without_portal_or_dialog_programs_attach_opens_the_in_window_chooser() {
    let mut f = fixture(5);
    let home = f._dir.path().join("home");
    std::fs::create_dir_all(home.join("Documents")).unwrap();
    let notes = home.join("Documents").join("ملاحظات.txt");
    std::fs::write(&notes, "ثلاثة أسطر\n".repeat(300)).unwrap();
    std::fs::write(home.join("photo.png"), [0u8; 1234]).unwrap();
    let (_empty, desktop) = bare_desktop(&home);

    f.press_attach(&desktop);
    let chooser = f.app.compose.chooser.as_ref().expect("the chooser opened");
    assert_eq!(chooser.folder, home);
    // Folders first, then files.
    let names: Vec<&str> = chooser.entries.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, ["Documents", "photo.png"]);

    f.interact(|ui| {
        ui.click(isolated("Documents").as_str())
            .expect("the folder is listed");
    });
    assert_eq!(
        f.app.compose.chooser.as_ref().unwrap().folder,
        home.join("Documents")
    );
    f.interact(|ui| {
        ui.click(isolated("ملاحظات.txt").as_str())
            .expect("the file is listed");
    });
    f.interact(|ui| {
        ui.click("Attach 1 file").expect("Open names how many");
    });
    assert!(
        f.app.compose.chooser.is_none(),
        "closed once the files are chosen"
    );
    let attached = &f.app.compose.attachments;
    assert_eq!(attached.len(), 1);
    assert_eq!(attached[0].path, notes);
    assert_eq!(attached[0].size, std::fs::metadata(&notes).unwrap().len());
    assert!(attached[0].size > 1000);
    assert!(f.sees(&isolated("ملاحظات.txt")), "listed under the body");

    // Up, two files at once, and Enter to attach them.
    f.press_attach(&desktop);
    f.interact(|ui| {
        ui.click(isolated("photo.png").as_str())
            .expect("a file at home");
    });
    f.interact(|ui| {
        ui.click(isolated("photo.png").as_str()).unwrap();
        ui.click(isolated("photo.png").as_str()).unwrap();
    });
    assert_eq!(
        f.app.compose.chooser.as_ref().unwrap().selected.len(),
        1,
        "clicked three times"
    );
    f.apply([Message::Compose(Compose::Chooser(Chooser::Into(
        "Documents".into(),
    )))]);
    f.apply([Message::Compose(Compose::Chooser(Chooser::Up))]);
    assert_eq!(f.app.compose.chooser.as_ref().unwrap().folder, home);
    assert!(
        f.app.compose.chooser.as_ref().unwrap().selected.is_empty(),
        "a new folder, a new choice"
    );
    f.interact(|ui| {
        ui.click(isolated("photo.png").as_str()).unwrap();
    });
    f.apply([
        hudhud::ui::app::on_event(enter(), iced::event::Status::Ignored)
            .expect("Enter is a message"),
    ]);
    assert!(f.app.compose.chooser.is_none());
    assert_eq!(f.app.compose.attachments.len(), 2);
    assert_eq!(f.app.compose.attachments[1].size, 1234);

    // Escape closes it without attaching anything.
    f.press_attach(&desktop);
    assert!(f.app.compose.chooser.is_some());
    f.apply([Message::Escape]);
    assert!(f.app.compose.chooser.is_none());
    assert_eq!(f.app.compose.attachments.len(), 2);
}

fn enter() -> iced::Event {
    use iced::keyboard::{Event, Key, Location, Modifiers, key::Named};
    iced::Event::Keyboard(Event::KeyPressed {
        key: Key::Named(Named::Enter),
        modified_key: Key::Named(Named::Enter),
        physical_key: iced::keyboard::key::Physical::Unidentified(
            iced::keyboard::key::NativeCode::Unidentified,
        ),
        location: Location::Standard,
        modifiers: Modifiers::empty(),
        text: None,
        repeat: false,
    })
}

#[test]
fn an_attached_picture_shows_a_thumbnail() {
    use resvg::tiny_skia;
    let mut f = fixture(5);
    let mut pixmap = tiny_skia::Pixmap::new(300, 200).unwrap();
    pixmap.fill(tiny_skia::Color::from_rgba8(20, 120, 200, 255));
    let picture = f._dir.path().join("صورة البحر.png");
    std::fs::write(&picture, pixmap.encode_png().unwrap()).unwrap();
    let broken = f._dir.path().join("broken.jpg");
    std::fs::write(&broken, b"not a jpeg").unwrap();
    f.apply([
        Message::FilesDropped(picture.clone()),
        Message::FilesDropped(broken.clone()),
    ]);
    let thumbnails = &f.app.compose.thumbnails;
    assert!(thumbnails.contains_key(&picture));
    assert!(!thumbnails.contains_key(&broken), "the icon stays");
    assert!(f.sees(&isolated("صورة البحر.png")));
}

#[test]
fn an_unreadable_folder_says_so_in_the_chooser() {
    let mut f = fixture(5);
    let home = f._dir.path().join("nowhere");
    let (_empty, desktop) = bare_desktop(&home);
    f.press_attach(&desktop);
    let chooser = f.app.compose.chooser.as_ref().expect("the chooser opened");
    let error = chooser.error.clone().expect("the reason is shown");
    assert!(error.contains("nowhere"), "{error}");
    assert!(f.sees(&error));
}

#[test]
fn the_list_shows_true_sizes_after_reopening_the_total_and_removes() {
    use hudhud::ui::outbox::Message as Outbox;
    let mut f = fixture(60);
    Spool::open(&f.paths.data_dir)
        .unwrap()
        .set_size_limit("work", Some(5000))
        .unwrap();
    f.apply([Message::Go(Screen::Outbox), Message::Go(Screen::Compose)]);
    let arabic = f._dir.path().join("ملاحظات.txt");
    std::fs::write(&arabic, vec![b'x'; 1500]).unwrap();
    let pdf = f._dir.path().join("scan.pdf");
    std::fs::write(&pdf, vec![b'y'; 700]).unwrap();
    f.apply([
        Message::FilesDropped(arabic.clone()),
        Message::FilesDropped(pdf.clone()),
    ]);
    f.interact(type_into("to", "omar@example.org"));
    f.interact(type_into("subject", "notes"));
    f.apply([Message::Compose(Compose::Send)]);
    let queued = f.outbox();
    assert_eq!(queued.len(), 1, "{:?}", f.app.notices);

    // Edit from the outbox: the files come back with their sizes read.
    f.apply([Message::Go(Screen::Outbox)]);
    f.apply([Message::List(Outbox::Edit(queued[0].id.clone()))]);
    assert_eq!(f.app.screen, Screen::Compose);
    let sizes: Vec<u64> = f.app.compose.attachments.iter().map(|a| a.size).collect();
    assert_eq!(sizes, [1500, 700]);
    assert!(f.sees(&isolated("ملاحظات.txt")));
    assert!(f.sees("2 kB") && f.sees("700 B"), "the true sizes, not 0 B");
    assert!(!f.sees("0 B"));
    // 2.2 kB of files is 2.9 kB as sent: under the server's 5 kB.
    let total = "Total 2 kB of 5 kB the server accepts";
    assert!(f.sees(total), "{:?}", f.app.compose.attachments_total());
    assert_eq!(f.app.compose.attachments_total().map(|t| t.1), Some(false));

    // Another file goes over, and the line says so.
    let more = f._dir.path().join("more.bin");
    std::fs::write(&more, vec![0u8; 2000]).unwrap();
    f.apply([Message::FilesDropped(more)]);
    assert_eq!(f.app.compose.attachments_total().map(|t| t.1), Some(true));

    // Open hands the file to the desktop's program, off the UI thread.
    let messages: Vec<Message> = {
        let mut ui = Simulator::with_settings(hudhud::ui::settings(), f.app.view());
        ui.click("Open").expect("an Open button by each file");
        ui.into_messages().collect()
    };
    let effects: Vec<Effect> = messages.into_iter().flat_map(|m| f.app.update(m)).collect();
    assert_eq!(effects, [Effect::OpenFile(arabic.clone())]);

    // Remove the Arabic one with its × button.
    f.interact(|ui| {
        ui.click(selector::id("remove-attachment-0"))
            .expect("a remove button by each file");
    });
    let left: Vec<_> = f
        .app
        .compose
        .attachments
        .iter()
        .map(|a| a.path.clone())
        .collect();
    assert_eq!(left.len(), 2);
    assert!(!left.contains(&arabic));
    assert!(!f.sees(&isolated("ملاحظات.txt")));
    assert!(f.sees("Total 3 kB of 5 kB the server accepts"));
}
