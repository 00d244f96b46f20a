//! The desktop window (iced 0.14), a thin front end over the core.
//!
//! `app` is the root; each screen (`compose`, `account`, `outbox`,
//! `settings`) has its own `Message` and an `update` that returns an action;
//! everything slow is an [`effect::Effect`] run as a task. `dir` mirrors the
//! layout for right-to-left languages.

pub mod account;
pub mod app;
pub mod bidi;
pub mod chips;
pub mod compose;
pub mod dir;
pub mod effect;
pub mod identities;
pub mod mailto;
pub mod outbox;
pub mod presets;
pub mod settings;
pub mod watch;
pub mod widget;
pub mod worker;

use iced::{Font, Size};

use crate::config::Config;
use crate::paths::Paths;

/// The bundled fonts (SIL OFL, see assets/fonts/OFL.txt): Latin from Noto
/// Sans, Arabic from Noto Sans Arabic, which text falls back to, so Arabic
/// looks the same on a machine without Arabic fonts.
pub const FONTS: [&[u8]; 4] = [
    include_bytes!("../../assets/fonts/NotoSans-Regular.ttf"),
    include_bytes!("../../assets/fonts/NotoSans-Bold.ttf"),
    include_bytes!("../../assets/fonts/NotoSansArabic-Regular.ttf"),
    include_bytes!("../../assets/fonts/NotoSansArabic-Bold.ttf"),
];

pub const DEFAULT_FONT: Font = Font::with_name("Noto Sans");

/// iced settings with our fonts, for the window and the test simulator.
pub fn settings() -> iced::Settings {
    iced::Settings {
        id: Some("org.hudhud.Hudhud".into()),
        fonts: FONTS
            .iter()
            .map(|f| std::borrow::Cow::Borrowed(*f))
            .collect(),
        default_font: DEFAULT_FONT,
        ..iced::Settings::default()
    }
}

/// Opens the window; returns when it is closed, or says why it cannot open.
pub fn run(mailto: Option<String>) -> Result<(), String> {
    // winit panics without a display; say it plainly instead.
    #[cfg(all(unix, not(target_os = "macos")))]
    if ["DISPLAY", "WAYLAND_DISPLAY", "WAYLAND_SOCKET"]
        .iter()
        .all(|var| std::env::var_os(var).is_none_or(|v| v.is_empty()))
    {
        return Err(crate::fl!("ui-no-display"));
    }
    open_window(mailto).map_err(|e| e.to_string())
}

fn open_window(mailto: Option<String>) -> iced::Result {
    dir::refresh();
    let paths = Paths::from_env();
    let boot = move || {
        let paths = paths.clone().unwrap_or_else(|| Paths {
            config_dir: std::env::temp_dir().join("hudhud"),
            data_dir: std::env::temp_dir().join("hudhud"),
        });
        let (config, problem) = match Config::load(&paths) {
            Ok(config) => (config, None),
            Err(e) => (Config::default(), Some(e.into())),
        };
        let draft = mailto.as_deref().map(mailto::parse);
        let (mut app, effects) = app::App::new(paths.clone(), config, draft);
        if let Some(problem) = problem {
            app.status = Some(Err(problem));
            app.config_loaded = false;
        }
        let task = app::run(&paths, effects);
        (app, task)
    };
    iced::application(boot, update, app::App::view)
        .title(app::App::title)
        .theme(app::App::theme)
        .subscription(app::App::subscription)
        .settings(settings())
        .window(window_settings())
        // Closing goes through `Message::CloseRequested`, which saves the draft.
        .exit_on_close_request(false)
        .run()
}

/// The window: its size and the icon (assets/icons/hudhud.svg rendered to
/// 64x64 RGBA, so no image decoder is needed at start-up).
fn window_settings() -> iced::window::Settings {
    const ICON: &[u8] = include_bytes!("../../assets/icons/hudhud-64.rgba");
    #[allow(unused_mut)]
    let mut settings = iced::window::Settings {
        size: Size::new(1000.0, 680.0),
        min_size: Some(Size::new(780.0, 560.0)),
        icon: iced::window::icon::from_rgba(ICON.to_vec(), 64, 64).ok(),
        ..iced::window::Settings::default()
    };
    // Matches the desktop file's name, so the desktop shows the right icon.
    #[cfg(target_os = "linux")]
    {
        settings.platform_specific.application_id = "org.hudhud.Hudhud".into();
    }
    settings
}

fn update(app: &mut app::App, message: app::Message) -> iced::Task<app::Message> {
    let effects = app.update(message);
    app::run(&app.paths, effects)
}
