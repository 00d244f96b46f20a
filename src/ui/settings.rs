//! Settings: language, theme, undo delay, retries, notifications.

use iced::widget::{column, container, text, toggler};
use iced::{Element, Fill, Length};

use crate::config::{Retention, Settings};
use crate::fl;
use crate::ui::dir;
use crate::ui::dir::AtStart;
use crate::ui::theme;
use crate::ui::widget::focus;
use crate::ui::widget::picker::picker;

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
    /// A number field's text as typed; not saved until committed.
    Typed(Number, String),
    /// Enter in a number field.
    Commit(Number),
    Notifications(bool),
}

/// The number fields. What is typed stays text until it is committed
/// (Enter, or leaving Settings): a half-typed "1" on the way to "10" is never
/// saved, an empty field never becomes 0, and a number out of range is
/// refused with the range rather than silently changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Number {
    UndoDelay,
    RetryCap,
    Lifetime,
}

impl Number {
    pub const ALL: [Number; 3] = [Number::UndoDelay, Number::RetryCap, Number::Lifetime];

    /// The values accepted, in the field's unit (seconds, minutes, days).
    pub fn range(self) -> (u64, u64) {
        match self {
            Number::UndoDelay => (0, 60),
            Number::RetryCap => (1, 1440),
            Number::Lifetime => (1, 30),
        }
    }

    pub fn get(self, settings: &Settings) -> u64 {
        match self {
            Number::UndoDelay => settings.undo_delay_secs,
            Number::RetryCap => settings.retry_cap_secs / 60,
            Number::Lifetime => settings.retry_lifetime_days,
        }
    }

    fn set(self, settings: &mut Settings, value: u64) {
        match self {
            Number::UndoDelay => settings.undo_delay_secs = value,
            Number::RetryCap => settings.retry_cap_secs = value * 60,
            Number::Lifetime => settings.retry_lifetime_days = value,
        }
    }
}

/// Number fields being typed in, and why a committed one was refused.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Drafts {
    typed: [Option<String>; 3],
    problem: [Option<String>; 3],
}

impl Drafts {
    pub fn problem(&self, field: Number) -> Option<&str> {
        self.problem[field as usize].as_deref()
    }
}

/// What a change did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Changed {
    /// The settings changed and are to be saved.
    pub save: bool,
    pub language: bool,
}

/// The digits typed, as a number (retention fields: the worker waits a
/// minute after the last change before it prunes, so per-keystroke values
/// never delete anything).
fn digits(v: &str) -> Option<u64> {
    v.chars()
        .filter(char::is_ascii_digit)
        .collect::<String>()
        .parse::<u64>()
        .ok()
}

/// Applies a change to the settings.
pub fn update(settings: &mut Settings, drafts: &mut Drafts, message: Message) -> Changed {
    let saved = Changed {
        save: true,
        language: false,
    };
    match message {
        Message::Language(language) => {
            settings.language = language.setting();
            return Changed {
                save: true,
                language: true,
            };
        }
        Message::Theme(theme) => settings.theme = theme.setting(),
        Message::Notifications(on) => settings.notifications = on,
        Message::Typed(field, text) => {
            drafts.typed[field as usize] =
                Some(text.chars().filter(char::is_ascii_digit).collect());
            drafts.problem[field as usize] = None;
            return Changed::default();
        }
        Message::Commit(field) => return commit(settings, drafts, field),
        Message::KeepSent(choice) => {
            settings.sent_retention = match choice {
                KeepSent::Forever => Retention::Forever,
                KeepSent::Days => Retention::Days(365),
                KeepSent::Messages => Retention::Messages(10_000),
            }
        }
        Message::KeepSentNumber(v) => {
            // At least one: "keep none" is not a way to keep a history.
            let n = digits(&v).unwrap_or(1).clamp(1, u64::from(u32::MAX)) as u32;
            settings.sent_retention = match settings.sent_retention {
                Retention::Forever => Retention::Forever,
                Retention::Days(_) => Retention::Days(n),
                Retention::Messages(_) => Retention::Messages(n),
            }
        }
        Message::CompressAfter(v) => {
            settings.sent_compress_after_days = digits(&v).unwrap_or(0).min(36_500)
        }
    }
    saved
}

/// Commits every field still being typed in (the user leaves Settings).
pub fn commit_all(settings: &mut Settings, drafts: &mut Drafts) -> Changed {
    let mut changed = Changed::default();
    for field in Number::ALL {
        changed.save |= commit(settings, drafts, field).save;
    }
    changed
}

fn commit(settings: &mut Settings, drafts: &mut Drafts, field: Number) -> Changed {
    let Some(typed) = drafts.typed[field as usize].take() else {
        return Changed::default();
    };
    let (min, max) = field.range();
    match typed.parse::<u64>() {
        Ok(value) if (min..=max).contains(&value) => {
            drafts.problem[field as usize] = None;
            let save = value != field.get(settings);
            field.set(settings, value);
            Changed {
                save,
                language: false,
            }
        }
        // The saved value stays, and the field shows it again.
        _ => {
            drafts.problem[field as usize] = Some(fl!(
                "ui-number-range",
                min = min.to_string(),
                max = max.to_string()
            ));
            Changed::default()
        }
    }
}

/// `spelling`: what spell checking uses, or why it is off.
pub fn view<'a>(
    settings: &'a Settings,
    drafts: &'a Drafts,
    spelling: String,
) -> Element<'a, Message> {
    let label = |s: String| dir::label(s, 260.0);
    let number = |field: Number, unit: String| -> Element<'a, Message> {
        let shown = drafts.typed[field as usize]
            .clone()
            .unwrap_or_else(|| field.get(settings).to_string());
        let row = dir::row(vec![
            label(match field {
                Number::UndoDelay => fl!("ui-undo-delay"),
                Number::RetryCap => fl!("ui-retry-cap"),
                Number::Lifetime => fl!("ui-retry-lifetime"),
            }),
            dir::ltr_input("", &shown)
                .on_input(move |text| Message::Typed(field, text))
                .on_submit(Message::Commit(field))
                .width(Length::Fixed(80.0))
                .into(),
            text(unit).into(),
        ]);
        match drafts.problem(field) {
            Some(problem) => column![
                row,
                dir::paragraph(problem.to_owned())
                    .size(theme::size::SMALL)
                    .style(theme::danger)
                    .at_start()
            ]
            .spacing(theme::space::XS)
            .into(),
            None => row.into(),
        }
    };
    let content = column![
        text(fl!("ui-settings-title"))
            .size(theme::size::TITLE)
            .at_start(),
        dir::row(vec![
            label(fl!("ui-language")),
            picker(
                Language::ALL,
                Some(Language::of(settings.language.as_deref())),
                Message::Language,
            )
            .into(),
        ]),
        dir::row(vec![
            label(fl!("ui-theme")),
            picker(
                ThemeChoice::ALL,
                Some(ThemeChoice::of(settings.theme.as_deref())),
                Message::Theme,
            )
            .into(),
        ]),
        number(Number::UndoDelay, fl!("ui-seconds-unit")),
        number(Number::RetryCap, fl!("ui-minutes-unit")),
        number(Number::Lifetime, fl!("ui-days-unit")),
        keep_sent_row(settings.sent_retention),
        dir::row(vec![
            label(fl!("ui-compress-sent-after")),
            dir::ltr_input("", &settings.sent_compress_after_days.to_string())
                .on_input(Message::CompressAfter)
                .width(Length::Fixed(80.0))
                .into(),
            text(fl!("ui-compress-sent-unit")).into(),
        ]),
        dir::row(vec![
            label(fl!("ui-notifications")),
            // Tab reaches it, Enter or Space flips it (iced's toggler
            // takes no keyboard focus).
            focus::focusable(
                toggler(settings.notifications).on_toggle(Message::Notifications),
                Some(Message::Notifications(!settings.notifications)),
            )
            .into(),
        ]),
        dir::paragraph(spelling).size(13).at_start(),
        dir::paragraph(fl!("ui-settings-saved-hint"))
            .size(theme::size::SMALL)
            .style(theme::muted)
            .at_start(),
    ]
    .spacing(14)
    .max_width(640)
    .align_x(dir::start());
    crate::ui::app::scrolled(container(content).width(Fill).align_x(dir::start())).into()
}

/// "Keep sent messages: [forever / for N days / the newest N]".
fn keep_sent_row<'a>(retention: Retention) -> Element<'a, Message> {
    let mut parts: Vec<Element<'a, Message>> = vec![
        dir::label(fl!("ui-keep-sent"), 260.0),
        picker(
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
    fn numbers_are_saved_when_committed_not_per_keystroke() {
        let mut s = Settings::default();
        let mut d = Drafts::default();
        let before = s.undo_delay_secs;
        // Typing "10" goes through "1": nothing is saved on the way.
        assert_eq!(
            update(
                &mut s,
                &mut d,
                Message::Typed(Number::UndoDelay, "1".into())
            ),
            Changed::default()
        );
        update(
            &mut s,
            &mut d,
            Message::Typed(Number::UndoDelay, "10".into()),
        );
        assert_eq!(s.undo_delay_secs, before);
        let changed = update(&mut s, &mut d, Message::Commit(Number::UndoDelay));
        assert!(changed.save);
        assert_eq!(s.undo_delay_secs, 10);

        // Emptied (End, Backspace) and committed: refused, the value stays,
        // Undo is not turned off.
        update(&mut s, &mut d, Message::Typed(Number::UndoDelay, "".into()));
        assert!(!update(&mut s, &mut d, Message::Commit(Number::UndoDelay)).save);
        assert_eq!(s.undo_delay_secs, 10);
        assert!(
            d.problem(Number::UndoDelay)
                .is_some_and(|p| p.contains("60"))
        );
        // Ctrl+A and a letter: no digits, refused the same way.
        update(
            &mut s,
            &mut d,
            Message::Typed(Number::UndoDelay, "x".into()),
        );
        assert!(
            d.problem(Number::UndoDelay).is_none(),
            "typing clears the complaint"
        );
        update(&mut s, &mut d, Message::Commit(Number::UndoDelay));
        assert_eq!(s.undo_delay_secs, 10);

        // Out of range is refused, not capped: 100 does not become 60.
        update(
            &mut s,
            &mut d,
            Message::Typed(Number::UndoDelay, "100".into()),
        );
        update(&mut s, &mut d, Message::Commit(Number::UndoDelay));
        assert_eq!(s.undo_delay_secs, 10);

        // Units: minutes and days, committed when the user leaves.
        update(
            &mut s,
            &mut d,
            Message::Typed(Number::RetryCap, "30".into()),
        );
        update(&mut s, &mut d, Message::Typed(Number::Lifetime, "7".into()));
        assert!(commit_all(&mut s, &mut d).save);
        assert_eq!(s.retry_cap_secs, 1800);
        assert_eq!(s.retry_lifetime_days, 7);
        assert!(!commit_all(&mut s, &mut d).save, "nothing left to commit");

        assert!(update(&mut s, &mut d, Message::Language(Language::Arabic)).language);
        update(&mut s, &mut d, Message::KeepSent(KeepSent::Days));
        update(&mut s, &mut d, Message::KeepSentNumber("90".into()));
        assert_eq!(s.sent_retention, Retention::Days(90));
        update(&mut s, &mut d, Message::KeepSentNumber("".into()));
        assert_eq!(s.sent_retention, Retention::Days(1), "never zero");
        update(&mut s, &mut d, Message::KeepSent(KeepSent::Messages));
        update(&mut s, &mut d, Message::KeepSentNumber("5000".into()));
        assert_eq!(s.sent_retention, Retention::Messages(5000));
        update(&mut s, &mut d, Message::KeepSent(KeepSent::Forever));
        update(&mut s, &mut d, Message::KeepSentNumber("7".into()));
        assert_eq!(s.sent_retention, Retention::Forever);
        update(&mut s, &mut d, Message::CompressAfter("30".into()));
        assert_eq!(s.sent_compress_after_days, 30);
        assert_eq!(s.language.as_deref(), Some("ar"));
    }
}
