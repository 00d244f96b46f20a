//! Settings: language, theme, undo delay, retries, notifications.

use iced::widget::{column, container, pick_list, scrollable, text, toggler};
use iced::{Element, Fill, Length};

use crate::config::{Retention, Settings};
use crate::fl;
use crate::ui::dir;
use crate::ui::dir::AtStart;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    System,
    English,
    Arabic,
}

impl Language {
    pub const ALL: [Language; 3] = [Language::System, Language::English, Language::Arabic];

    pub fn of(setting: Option<&str>) -> Language {
        match setting {
            Some("en") => Language::English,
            Some("ar") => Language::Arabic,
            _ => Language::System,
        }
    }

    pub fn setting(self) -> Option<String> {
        match self {
            Language::System => None,
            Language::English => Some("en".into()),
            Language::Arabic => Some("ar".into()),
        }
    }
}

impl std::fmt::Display for Language {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Each language is named in itself, so it can be found whatever the
        // current one.
        f.write_str(&match self {
            Language::System => fl!("ui-language-system"),
            Language::English => "English".to_owned(),
            Language::Arabic => "العربية".to_owned(),
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThemeChoice {
    System,
    Light,
    Dark,
}

impl ThemeChoice {
    pub const ALL: [ThemeChoice; 3] = [ThemeChoice::System, ThemeChoice::Light, ThemeChoice::Dark];

    pub fn of(setting: Option<&str>) -> ThemeChoice {
        match setting {
            Some("light") => ThemeChoice::Light,
            Some("dark") => ThemeChoice::Dark,
            _ => ThemeChoice::System,
        }
    }

    pub fn setting(self) -> Option<String> {
        match self {
            ThemeChoice::System => None,
            ThemeChoice::Light => Some("light".into()),
            ThemeChoice::Dark => Some("dark".into()),
        }
    }
}

impl std::fmt::Display for ThemeChoice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&match self {
            ThemeChoice::System => fl!("ui-theme-system"),
            ThemeChoice::Light => fl!("ui-theme-light"),
            ThemeChoice::Dark => fl!("ui-theme-dark"),
        })
    }
}

/// How the sent history is kept, as the Settings screen offers it (the
/// number is a field of its own).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeepSent {
    Forever,
    Days,
    Messages,
}

impl KeepSent {
    pub const ALL: [KeepSent; 3] = [KeepSent::Forever, KeepSent::Days, KeepSent::Messages];

    pub fn of(retention: Retention) -> KeepSent {
        match retention {
            Retention::Forever => KeepSent::Forever,
            Retention::Days(_) => KeepSent::Days,
            Retention::Messages(_) => KeepSent::Messages,
        }
    }
}

impl std::fmt::Display for KeepSent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&match self {
            KeepSent::Forever => fl!("ui-keep-sent-forever"),
            KeepSent::Days => fl!("ui-keep-sent-days"),
            KeepSent::Messages => fl!("ui-keep-sent-messages"),
        })
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Message {
    KeepSent(KeepSent),
    /// The number of days or messages kept.
    KeepSentNumber(String),
    CompressAfter(String),
    Language(Language),
    Theme(ThemeChoice),
    UndoDelay(String),
    RetryCap(String),
    Lifetime(String),
    Notifications(bool),
}

/// Applies a change to the settings; returns true when the language changed.
pub fn update(settings: &mut Settings, message: Message) -> bool {
    let number = |v: &str| {
        v.chars()
            .filter(char::is_ascii_digit)
            .collect::<String>()
            .parse::<u64>()
            .ok()
    };
    match message {
        Message::Language(language) => {
            settings.language = language.setting();
            return true;
        }
        Message::Theme(theme) => settings.theme = theme.setting(),
        Message::UndoDelay(v) => settings.undo_delay_secs = number(&v).unwrap_or(0).min(60),
        Message::RetryCap(v) => settings.retry_cap_secs = number(&v).unwrap_or(1).max(1) * 60,
        Message::Lifetime(v) => settings.retry_lifetime_days = number(&v).unwrap_or(1).clamp(1, 30),
        Message::Notifications(on) => settings.notifications = on,
        Message::KeepSent(choice) => {
            settings.sent_retention = match choice {
                KeepSent::Forever => Retention::Forever,
                KeepSent::Days => Retention::Days(365),
                KeepSent::Messages => Retention::Messages(10_000),
            }
        }
        Message::KeepSentNumber(v) => {
            // At least one: "keep none" is not a way to keep a history.
            let n = number(&v).unwrap_or(1).clamp(1, u64::from(u32::MAX)) as u32;
            settings.sent_retention = match settings.sent_retention {
                Retention::Forever => Retention::Forever,
                Retention::Days(_) => Retention::Days(n),
                Retention::Messages(_) => Retention::Messages(n),
            }
        }
        Message::CompressAfter(v) => {
            settings.sent_compress_after_days = number(&v).unwrap_or(0).min(36_500)
        }
    }
    false
}

pub fn view(settings: &Settings) -> Element<'_, Message> {
    let label = |s: String| dir::label(s, 260.0);
    let number_input = |value: u64, on: fn(String) -> Message| {
        dir::ltr_input("", &value.to_string())
            .on_input(on)
            .width(Length::Fixed(80.0))
    };
    let content = column![
        text(fl!("ui-settings-title")).size(24).at_start(),
        dir::row(vec![
            label(fl!("ui-language")),
            pick_list(
                Language::ALL,
                Some(Language::of(settings.language.as_deref())),
                Message::Language
            )
            .into(),
        ]),
        dir::row(vec![
            label(fl!("ui-theme")),
            pick_list(
                ThemeChoice::ALL,
                Some(ThemeChoice::of(settings.theme.as_deref())),
                Message::Theme
            )
            .into(),
        ]),
        dir::row(vec![
            label(fl!("ui-undo-delay")),
            number_input(settings.undo_delay_secs, Message::UndoDelay).into(),
            text(fl!("ui-seconds-unit")).into(),
        ]),
        dir::row(vec![
            label(fl!("ui-retry-cap")),
            number_input(settings.retry_cap_secs / 60, Message::RetryCap).into(),
            text(fl!("ui-minutes-unit")).into(),
        ]),
        dir::row(vec![
            label(fl!("ui-retry-lifetime")),
            number_input(settings.retry_lifetime_days, Message::Lifetime).into(),
            text(fl!("ui-days-unit")).into(),
        ]),
        keep_sent_row(settings.sent_retention),
        dir::row(vec![
            label(fl!("ui-compress-sent-after")),
            number_input(settings.sent_compress_after_days, Message::CompressAfter).into(),
            text(fl!("ui-compress-sent-unit")).into(),
        ]),
        dir::row(vec![
            label(fl!("ui-notifications")),
            toggler(settings.notifications)
                .on_toggle(Message::Notifications)
                .into(),
        ]),
        text(fl!("ui-settings-saved-hint"))
            .size(13)
            .style(text::secondary)
            .at_start(),
    ]
    .spacing(14)
    .max_width(640)
    .align_x(dir::start());
    scrollable(container(content).width(Fill).align_x(dir::start())).into()
}

/// "Keep sent messages: [forever / for N days / the newest N]".
fn keep_sent_row<'a>(retention: Retention) -> Element<'a, Message> {
    let mut parts: Vec<Element<'a, Message>> = vec![
        dir::label(fl!("ui-keep-sent"), 260.0),
        pick_list(
            KeepSent::ALL,
            Some(KeepSent::of(retention)),
            Message::KeepSent,
        )
        .into(),
    ];
    let (n, unit) = match retention {
        Retention::Forever => return dir::row(parts).into(),
        Retention::Days(n) => (n, fl!("ui-days-unit")),
        Retention::Messages(n) => (n, fl!("ui-messages-unit")),
    };
    parts.push(
        dir::ltr_input("", &n.to_string())
            .on_input(Message::KeepSentNumber)
            .width(Length::Fixed(80.0))
            .into(),
    );
    parts.push(text(unit).into());
    dir::row(parts).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_clamped_and_units_converted() {
        let mut s = Settings::default();
        assert!(!update(&mut s, Message::UndoDelay("10".into())));
        assert_eq!(s.undo_delay_secs, 10);
        update(&mut s, Message::UndoDelay("".into()));
        assert_eq!(s.undo_delay_secs, 0);
        update(&mut s, Message::RetryCap("30".into()));
        assert_eq!(s.retry_cap_secs, 1800);
        update(&mut s, Message::Lifetime("99".into()));
        assert_eq!(s.retry_lifetime_days, 30);
        update(&mut s, Message::KeepSent(KeepSent::Days));
        update(&mut s, Message::KeepSentNumber("90".into()));
        assert_eq!(s.sent_retention, Retention::Days(90));
        update(&mut s, Message::KeepSentNumber("".into()));
        assert_eq!(s.sent_retention, Retention::Days(1), "never zero");
        update(&mut s, Message::KeepSent(KeepSent::Messages));
        update(&mut s, Message::KeepSentNumber("5000".into()));
        assert_eq!(s.sent_retention, Retention::Messages(5000));
        update(&mut s, Message::KeepSent(KeepSent::Forever));
        update(&mut s, Message::KeepSentNumber("7".into()));
        assert_eq!(s.sent_retention, Retention::Forever);
        update(&mut s, Message::CompressAfter("30".into()));
        assert_eq!(s.sent_compress_after_days, 30);
        assert!(update(&mut s, Message::Language(Language::Arabic)));
        assert_eq!(s.language.as_deref(), Some("ar"));
    }
}
