//! A keystroke in the Sent list's search field, to the results drawn on
//! screen, with the history of a real data folder (100 000 messages from
//! `history_bench --generate`): the key goes through the field as in the
//! window (iced_test's simulator), `update` asks for the rows, the index
//! answers (the same effect the window runs), and the new view is laid
//! out and drawn (tiny-skia, 1280×800).
//!
//!     cargo run --release --example sent_search_bench -- DATA_DIR
//!
//! Each window frame here is laid out from scratch (a new simulator), which
//! the window itself does not do: the figure is an upper bound.

use std::time::{Duration, Instant};

use hudhud::config::{Account, AuthMethod, Config, Security};
use hudhud::paths::Paths;
use hudhud::ui::app::{App, Message, Screen};
use hudhud::ui::effect::Effect;
use iced::{Size, keyboard};
use iced_test::{Simulator, selector};

fn main() {
    let Some(data_dir) = std::env::args().nth(1) else {
        eprintln!("usage: sent_search_bench DATA_DIR");
        std::process::exit(64);
    };
    let config_dir = tempfile::tempdir().expect("a temporary folder");
    let paths = Paths {
        config_dir: config_dir.path().to_owned(),
        data_dir: data_dir.into(),
    };
    hudhud::i18n::init(Some("en"));
    let mut config = Config::default();
    config
        .add_account(Account {
            name: "work".into(),
            display_name: None,
            email: "layla@example.com".into(),
            host: "127.0.0.1".into(),
            port: Some(9),
            security: Security::None,
            auth: AuthMethod::None,
            username: None,
            ca_file: None,
            signature: None,
            allow_insecure: false,
            token_command: None,
            oauth: None,
        })
        .expect("the account");
    config.settings.default_account = Some("work".into());
    let started = Instant::now();
    let (mut app, effects) = App::new(paths.clone(), config, None);
    run(&mut app, &paths, effects);
    let effects = app.update(Message::Go(Screen::Sent));
    run(&mut app, &paths, effects);
    println!(
        "start and Sent opened ({} messages): {:?}",
        app.sent.total,
        started.elapsed()
    );

    for query in ["تقرير", "omar4242", "lunch", "invoice 99"] {
        let effects = app.update(Message::List(hudhud::ui::outbox::Message::Search(
            String::new(),
        )));
        run(&mut app, &paths, effects);
        let mut worst = Duration::ZERO;
        let mut times = Vec::new();
        for c in query.chars() {
            let (took, index) = keystroke(&mut app, &paths, &c.to_string());
            worst = worst.max(took);
            times.push(format!(
                "{:.1} ({:.1} index)",
                took.as_secs_f64() * 1000.0,
                index.as_secs_f64() * 1000.0
            ));
        }
        println!(
            "typing {query:?} ({} matches at the end): keystrokes {} ms; worst {:.1} ms",
            app.sent.matches,
            times.join(", "),
            worst.as_secs_f64() * 1000.0
        );
        assert_eq!(app.sent.query, query, "the field holds what was typed");
    }
}

/// One key typed at the end of the search field, until the frame with the
/// results is drawn. Returns the whole time and the index's part.
fn keystroke(app: &mut App, paths: &Paths, key: &str) -> (Duration, Duration) {
    let started = Instant::now();
    let messages: Vec<Message> = {
        let mut ui =
            Simulator::with_size(hudhud::ui::settings(), Size::new(1280.0, 800.0), app.view());
        ui.click(selector::id("search")).expect("the search field");
        ui.tap_key(keyboard::Key::Named(keyboard::key::Named::End));
        ui.typewrite(key);
        ui.into_messages().collect()
    };
    let mut index = Duration::ZERO;
    for message in messages {
        let effects = app.update(message);
        let asked = Instant::now();
        run(app, paths, effects);
        index += asked.elapsed();
    }
    let mut ui = Simulator::with_size(hudhud::ui::settings(), Size::new(1280.0, 800.0), app.view());
    ui.snapshot(&iced::Theme::Light).expect("drawn");
    (started.elapsed(), index)
}

/// Runs the effects the window would, as the tests do (no network, no
/// dialogs, no notifications), and applies what they answer.
fn run(app: &mut App, paths: &Paths, effects: Vec<Effect>) {
    for effect in effects {
        match effect {
            Effect::PickFiles
            | Effect::TestAccount { .. }
            | Effect::Notify { .. }
            | Effect::WakeWorker
            | Effect::CheckRecipients { .. }
            | Effect::Focus { .. }
            | Effect::ScrollSentToTop => {}
            effect => {
                let message = effect.run_blocking(paths);
                let effects = app.update(message);
                run(app, paths, effects);
            }
        }
    }
}
