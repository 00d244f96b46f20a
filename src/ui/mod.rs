//! The desktop window (iced 0.14), a thin front end over the core.
//!
//! `app` is the root; each screen (`compose`, `account`, `outbox`,
//! `settings`) has its own `Message` and an `update` that returns an action;
//! everything slow is an [`effect::Effect`] run as a task. `dir` mirrors the
//! layout for right-to-left languages.

pub mod a11y;
pub mod account;
pub mod app;
pub mod bidi;
pub mod calendar;
pub mod chips;
pub mod chooser;
pub mod compose;
pub mod dir;
pub mod effect;
pub mod icon;
pub mod identities;
pub mod later;
pub mod mailto;
pub mod notice;
pub mod outbox;
pub mod presets;
pub mod preview;
pub mod settings;
pub mod shelf;
pub mod spell;
pub mod theme;
pub mod thumbnail;
pub mod watch;
pub mod widget;
pub mod worker;

use iced::{Font, Size};

use crate::config::Config;
use crate::paths::Paths;
use crate::services::ServiceError;

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
    #[cfg(all(unix, not(target_os = "macos")))]
    if let Some(display) = unreachable_display() {
        return Err(crate::fl!("ui-display-unreachable", display = display));
    }
    open_window(mailto).map_err(|e| e.to_string())
}

/// The display named in the environment when none of them can be reached:
/// no Wayland socket where WAYLAND_DISPLAY points and no X server answering
/// on DISPLAY (winit would panic on both).
#[cfg(all(unix, not(target_os = "macos")))]
fn unreachable_display() -> Option<String> {
    use std::path::PathBuf;
    let set = |var: &str| std::env::var_os(var).filter(|v| !v.is_empty());
    if set("WAYLAND_SOCKET").is_some() {
        return None;
    }
    if let Some(wayland) = set("WAYLAND_DISPLAY") {
        let path = PathBuf::from(&wayland);
        let socket = if path.is_absolute() {
            path
        } else {
            set("XDG_RUNTIME_DIR").map(PathBuf::from)?.join(path)
        };
        if socket.exists() {
            return None;
        }
    }
    let display = set("DISPLAY");
    if let Some(name) = &display {
        // Without libX11 to ask, winit cannot use X either; let it say so.
        let Ok(xlib) = x11_dl::xlib::Xlib::open() else {
            return None;
        };
        let name = std::ffi::CString::new(name.as_encoded_bytes()).ok()?;
        // SAFETY: a NUL-terminated name. The connection stays open for the
        // life of the process: closing it when it is the server's only
        // client makes the X server reset, and winit's own connection a
        // moment later fails in the reset (seen under Xvfb).
        let connection = unsafe { (xlib.XOpenDisplay)(name.as_ptr()) };
        if !connection.is_null() {
            return None;
        }
    }
    let named = display.or_else(|| set("WAYLAND_DISPLAY"))?;
    Some(named.to_string_lossy().into_owned())
}

fn open_window(mailto: Option<String>) -> iced::Result {
    // System texts, addresses and hosts inside translated sentences keep
    // their own direction in the window (the terminal has no use for it).
    crate::i18n::set_isolating(true);
    dir::refresh();
    let paths = Paths::from_env();
    let boot = move || {
        let paths = paths.clone().unwrap_or_else(|| Paths {
            config_dir: std::env::temp_dir().join("hudhud"),
            data_dir: std::env::temp_dir().join("hudhud"),
        });
        let (config, problem) = match Config::load(&paths) {
            Ok(config) => (config, None),
            Err(e) => (Config::default(), Some(ServiceError::from(e))),
        };
        let draft = mailto.as_deref().map(mailto::parse);
        let (mut app, effects) = app::App::new(paths.clone(), config, draft);
        if let Some(problem) = problem {
            app.notices.banner(problem);
            app.config_loaded = false;
        }
        // The desktop's light/dark preference as read at start; changes
        // come through `App::subscription`.
        let task = iced::Task::batch([
            app::run(&paths, effects),
            iced::system::theme().map(app::Message::DesktopTheme),
        ]);
        (app, task)
    };
    iced::application(boot, update, app::App::view)
        .title(app::App::title)
        .theme(app::App::theme)
        // The screen reader's tree lives with the window only (not in tests).
        .subscription(|app: &app::App| {
            iced::Subscription::batch([app.subscription(), a11y::subscription()])
        })
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
        // The smallest size every screen is laid out for (compact sidebar,
        // wrapping buttons); below it controls would be cut.
        min_size: Some(Size::new(640.0, 480.0)),
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
    let task = app::run(&app.paths, effects);
    a11y::publish(app);
    iced::Task::batch([task, a11y::query(app)])
}
