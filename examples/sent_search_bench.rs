//! A keystroke in the Sent list's search field, to the results drawn on
//! screen, with the history of a real data folder (100 000 messages from
//! `history_bench --generate`). The window's own loop, without a window:
//! the interface is built from `App::view` with the cache of the previous
//! frame (as iced's runtime does), the key goes through the search field,
//! `update` asks for the rows, the index answers (the effect the window
//! runs), and the next frame is built and drawn (tiny-skia, 1280×800).
//!
//!     cargo run --release --example sent_search_bench -- DATA_DIR

use std::time::{Duration, Instant};

use hudhud::config::{Account, AuthMethod, Config, Security};
use hudhud::paths::Paths;
use hudhud::ui::app::{App, Message, Screen};
use hudhud::ui::effect::Effect;
use iced::{Size, Theme};
use iced_test::core::renderer::Headless;
use iced_test::core::{Event, clipboard, mouse, renderer::Style, theme::Base, window};
use iced_test::runtime::user_interface::{Cache, UserInterface};

const SIZE: Size = Size::new(1280.0, 800.0);

/// The window's state between frames: the renderer and the widget cache.
struct Screenful {
    renderer: iced::Renderer,
    cache: Cache,
}

impl Screenful {
    fn new() -> Screenful {
        let settings = hudhud::ui::settings();
        for font in settings.fonts {
            iced_test::renderer::graphics::text::font_system()
                .write()
                .expect("the font system")
                .load_font(font);
        }
        let renderer =
            iced_test::futures::futures::executor::block_on(<iced::Renderer as Headless>::new(
                settings.default_font,
                settings.default_text_size,
                None,
            ))
            .expect("a headless renderer");
        Screenful {
            renderer,
            cache: Cache::default(),
        }
    }

    /// Puts the keyboard focus in the field `id`.
    fn focus(&mut self, app: &App, id: &'static str) {
        let mut ui = UserInterface::build(
            app.view(),
            SIZE,
            std::mem::take(&mut self.cache),
            &mut self.renderer,
        );
        let mut focus = iced_test::core::widget::operation::focusable::focus::<()>(
            iced_test::core::widget::Id::new(id),
        );
        ui.operate(&self.renderer, &mut focus);
        self.cache = ui.into_cache();
    }

    /// Builds the interface, gives it `events`, and returns what it produced.
    fn events(&mut self, app: &App, events: &[Event]) -> Vec<Message> {
        let mut ui = UserInterface::build(
            app.view(),
            SIZE,
            std::mem::take(&mut self.cache),
            &mut self.renderer,
        );
        let mut messages = Vec::new();
        let _ = ui.update(
            events,
            mouse::Cursor::Unavailable,
            &mut self.renderer,
            &mut clipboard::Null,
            &mut messages,
        );
        self.cache = ui.into_cache();
        messages
    }

    /// Builds the interface and draws a frame of it.
    fn frame(&mut self, app: &App) {
        let mut ui = UserInterface::build(
            app.view(),
            SIZE,
            std::mem::take(&mut self.cache),
            &mut self.renderer,
        );
        let _ = ui.update(
            &[Event::Window(
                window::Event::RedrawRequested(Instant::now()),
            )],
            mouse::Cursor::Unavailable,
            &mut self.renderer,
            &mut clipboard::Null,
            &mut Vec::new(),
        );
        let theme = Theme::Light;
        let base = theme.base();
        ui.draw(
            &mut self.renderer,
            &theme,
            &Style {
                text_color: base.text_color,
            },
            mouse::Cursor::Unavailable,
        );
        self.cache = ui.into_cache();
        let pixels = self.renderer.screenshot(
            iced::Size::new(SIZE.width as u32, SIZE.height as u32),
            1.0,
            base.background_color,
        );
        assert!(!pixels.is_empty());
    }
}

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
            email: "layla@example.com".into(),
            host: "127.0.0.1".into(),
            port: Some(9),
            security: Security::None,
            auth: AuthMethod::None,
            ..Default::default()
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
    let mut screen = Screenful::new();
    let started = Instant::now();
    screen.frame(&app);
    println!("first frame of the Sent list: {:?}", started.elapsed());
    screen.focus(&app, "search");

    for query in ["تقرير", "omar4242", "lunch", "invoice 99"] {
        let effects = app.update(Message::List(hudhud::ui::outbox::Message::Search(
            String::new(),
        )));
        run(&mut app, &paths, effects);
        screen.frame(&app);
        let mut worst = Duration::ZERO;
        let mut times = Vec::new();
        for c in query.chars() {
            let (took, index) = keystroke(&mut app, &paths, &mut screen, &c.to_string());
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

/// One key typed into the focused search field, until the frame with the
/// results is drawn. Returns the whole time and the index's part.
fn keystroke(
    app: &mut App,
    paths: &Paths,
    screen: &mut Screenful,
    key: &str,
) -> (Duration, Duration) {
    let started = Instant::now();
    let events: Vec<Event> = iced_test::simulator::typewrite(key).collect();
    let messages = screen.events(app, &events);
    let mut index = Duration::ZERO;
    for message in messages {
        let effects = app.update(message);
        let asked = Instant::now();
        run(app, paths, effects);
        index += asked.elapsed();
    }
    screen.frame(app);
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
            | Effect::ScrollSentToTop => {}
            effect => {
                let message = effect.run_blocking(paths);
                let effects = app.update(message);
                run(app, paths, effects);
            }
        }
    }
}
