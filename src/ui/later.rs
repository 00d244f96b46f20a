//! "Send later" choices people mean most often — later today, tomorrow
//! morning, Monday morning — as times in the user's time zone, from a
//! clock the caller gives (the window's, or a fixed one in tests); and the
//! picker that chooses a day on a month's page and a time in five-minute
//! steps, writing into the same typed field (the date arithmetic is in
//! [`crate::ui::calendar`]).

use chrono::{
    DateTime, Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Timelike, Utc, Weekday,
};

use crate::fl;

/// When a morning starts.
const MORNING: u32 = 8;
/// "Later today" is at least this many hours away...
const LATER_HOURS: i64 = 3;
/// ...and not after this hour, when it is no longer "today" for most.
const LAST_HOUR_TODAY: u32 = 21;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Preset {
    LaterToday,
    TomorrowMorning,
    MondayMorning,
}

/// The choices that make sense at `now`, each with its time: "later today"
/// only while it is still today, "Monday morning" only when it is not
/// tomorrow morning already (on Sundays).
pub fn presets<Tz: TimeZone>(now: &DateTime<Tz>) -> Vec<(Preset, DateTime<Tz>)> {
    let zone = now.timezone();
    let at = |date: chrono::NaiveDate, hour: u32| {
        let time = NaiveTime::from_hms_opt(hour, 0, 0)?;
        // A time that does not exist that day (a clock change) is skipped.
        zone.from_local_datetime(&date.and_time(time)).earliest()
    };
    let mut out = Vec::new();
    let soon = now.naive_local() + Duration::hours(LATER_HOURS);
    let rounded = if soon.minute() == 0 && soon.second() == 0 {
        soon
    } else {
        soon + Duration::hours(1)
    };
    if rounded.date() == now.date_naive()
        && rounded.hour() <= LAST_HOUR_TODAY
        && let Some(t) = at(rounded.date(), rounded.hour())
    {
        out.push((Preset::LaterToday, t));
    }
    let today = now.date_naive();
    if let Some(t) = today.succ_opt().and_then(|d| at(d, MORNING)) {
        out.push((Preset::TomorrowMorning, t));
    }
    let to_monday = match today.weekday().num_days_from_monday() {
        0 => 7,
        n => 7 - n,
    };
    if to_monday > 1
        && let Some(t) = today
            .checked_add_days(chrono::Days::new(u64::from(to_monday)))
            .and_then(|d| at(d, MORNING))
    {
        out.push((Preset::MondayMorning, t));
    }
    out
}

/// The button's words: the choice and its time, the date too when it is
/// not tomorrow.
pub fn label(preset: Preset, at: DateTime<Utc>) -> String {
    let time = at.with_timezone(&chrono::Local).format("%H:%M").to_string();
    match preset {
        Preset::LaterToday => fl!("ui-later-today", time = time),
        Preset::TomorrowMorning => fl!("ui-later-tomorrow", time = time),
        Preset::MondayMorning => fl!("ui-later-monday", date = crate::ui::outbox::local_time(at)),
    }
}

// --- The picker -----------------------------------------------------------

use iced::widget::{Row, Space, button, column, container, text};
use iced::{Element, Fill, Length};

use crate::ui::calendar::{self, Month, Problem, Step};
use crate::ui::compose::{Compose, Message as ComposeMessage};
use crate::ui::dir;
use crate::ui::icon::{self, Icon};
use crate::ui::theme;
use crate::ui::widget::day_grid::{self, Key};
use crate::ui::widget::focus;

/// A day's cell: wide enough for two digits and the focus ring.
const CELL: f32 = 36.0;
const CELL_SPACING: f32 = 4.0;
const GRID_WIDTH: f32 = 7.0 * CELL + 6.0 * CELL_SPACING;
/// The time, the zone and the hints beside the page: this wide at most,
/// narrower (the hints wrapping) in a small window.
const SIDE_WIDTH: f32 = 250.0;
/// The whole card at its widest: the page, the side and their gaps.
const CARD_WIDTH: f32 = GRID_WIDTH + SIDE_WIDTH + theme::space::L + 2.0 * theme::space::M;

/// The month page open under the Send later field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picker {
    /// The day under the keyboard (Enter picks it); its month is the page.
    pub cursor: NaiveDate,
    /// The field's text when the picker opened: Escape puts it back.
    before: String,
}

impl Picker {
    /// The month on the page: the cursor's, which every move carries.
    pub fn shown(&self) -> Month {
        Month::of(self.cursor)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    /// The Calendar button: opens or closes the picker.
    Toggle,
    /// A key in the grid.
    Key(Key),
    /// A day clicked.
    Pick(NaiveDate),
    /// The hour or the minute one step up (true) or down.
    Hour(bool),
    Minute(bool),
    /// Closes, keeping what was chosen.
    Done,
    /// Escape: closes and puts the field back as it was.
    Cancel,
}

impl Compose {
    /// The time in the Send later field, if it is one after the clock's.
    /// Counted from the compose clock, not the wall clock, so a fixed
    /// clock gives the same answers at any time.
    pub(crate) fn send_at_time(&self) -> Option<DateTime<Utc>> {
        self.send_at_checked().ok()
    }

    /// The Send later field's time, or why it cannot be one.
    pub(crate) fn send_at_checked(&self) -> Result<DateTime<Utc>, Problem> {
        calendar::check(&self.send_at, &(self.clock)())
    }

    /// The picker's part of `update`.
    pub(crate) fn later(&mut self, message: Message) {
        let today = (self.clock)().date_naive();
        let Some(picker) = self.calendar.as_mut() else {
            if message == Message::Toggle {
                let day = calendar::parse(&self.send_at)
                    .map_or(today, |t| t.date())
                    .max(today);
                self.calendar = Some(Picker {
                    cursor: day,
                    before: self.send_at.clone(),
                });
            }
            return;
        };
        let step = match message {
            Message::Key(Key::Months(by)) => Step::Months(by),
            Message::Key(Key::Days(n)) => Step::Days(n),
            Message::Toggle | Message::Done => {
                self.calendar = None;
                return;
            }
            Message::Cancel => {
                self.send_at = picker.before.clone();
                self.send_at_error = None;
                self.calendar = None;
                return;
            }
            Message::Key(Key::Pick) => {
                let day = picker.cursor;
                return self.pick(day);
            }
            Message::Pick(day) if day >= today => return self.pick(day),
            Message::Pick(_) => return,
            Message::Hour(up) => {
                let (day, hour, minute) = self.chosen();
                return self.write(day, calendar::step_hour(hour, up), minute);
            }
            Message::Minute(up) => {
                let (day, hour, minute) = self.chosen();
                return self.write(day, hour, calendar::step_minute(minute, up));
            }
        };
        picker.cursor = calendar::step(picker.cursor, step, today);
    }

    /// After the field changed by typing or a preset: the page follows.
    pub(crate) fn follow_field(&mut self) {
        let today = (self.clock)().date_naive();
        if let (Some(picker), Some(at)) = (self.calendar.as_mut(), calendar::parse(&self.send_at)) {
            picker.cursor = at.date().max(today);
        }
    }

    /// The day and time in the field, or the picker's day at an hour from
    /// now when the field holds no time.
    fn chosen(&self) -> (NaiveDate, u32, u32) {
        match calendar::parse(&self.send_at) {
            Some(at) => (at.date(), at.hour(), at.minute()),
            None => {
                let soon = (self.clock)() + Duration::hours(1);
                let day = self
                    .calendar
                    .as_ref()
                    .map_or(soon.date_naive(), |p| p.cursor);
                (day, soon.hour(), soon.minute())
            }
        }
    }

    fn pick(&mut self, day: NaiveDate) {
        let (_, hour, minute) = self.chosen();
        if let Some(picker) = self.calendar.as_mut() {
            picker.cursor = day;
        }
        self.write(day, hour, minute);
    }

    fn write(&mut self, day: NaiveDate, hour: u32, minute: u32) {
        if let Some(at) = calendar::at(day, hour, minute) {
            self.send_at = calendar::format(at);
            self.send_at_error = None;
        }
    }
}

/// What is wrong with a Send later time, in words, with what to do;
/// `zone` is the name of `now`'s zone where it is known.
pub fn explain<Tz: TimeZone>(problem: &Problem, now: &DateTime<Tz>, zone: Option<&str>) -> String {
    let zone_word = |at| match zone {
        Some(name) => name.to_owned(),
        None => format!("UTC{}", calendar::offset(&now.timezone(), at)),
    };
    match problem {
        Problem::Unreadable => fl!("ui-send-later-invalid"),
        Problem::Passed { at } => fl!(
            "later-passed",
            time = when(*at),
            now = when(now.naive_local())
        ),
        Problem::Skipped { at, next } => match next {
            Some(next) => fl!(
                "later-skipped",
                time = when(*at),
                zone = zone_word(*at),
                next = next.format("%H:%M").to_string()
            ),
            None => fl!(
                "later-skipped-plain",
                time = when(*at),
                zone = zone_word(*at)
            ),
        },
    }
}

/// "February 6, 2027, 08:00" in the interface language, digits as
/// everywhere else in the window.
fn when(at: chrono::NaiveDateTime) -> String {
    crate::ui::outbox::date_time(at, month_name)
}

pub fn month_name(month: u32) -> String {
    match month {
        1 => fl!("later-month-1"),
        2 => fl!("later-month-2"),
        3 => fl!("later-month-3"),
        4 => fl!("later-month-4"),
        5 => fl!("later-month-5"),
        6 => fl!("later-month-6"),
        7 => fl!("later-month-7"),
        8 => fl!("later-month-8"),
        9 => fl!("later-month-9"),
        10 => fl!("later-month-10"),
        11 => fl!("later-month-11"),
        _ => fl!("later-month-12"),
    }
}

/// The column header's short name.
pub fn weekday_name(day: Weekday) -> String {
    match day {
        Weekday::Sun => fl!("later-weekday-sun"),
        Weekday::Mon => fl!("later-weekday-mon"),
        Weekday::Tue => fl!("later-weekday-tue"),
        Weekday::Wed => fl!("later-weekday-wed"),
        Weekday::Thu => fl!("later-weekday-thu"),
        Weekday::Fri => fl!("later-weekday-fri"),
        Weekday::Sat => fl!("later-weekday-sat"),
    }
}

/// The zone's name where the system says it, and its offset at `at`:
/// "Time zone: Asia/Riyadh (UTC+03:00)".
fn zone_label<Tz: TimeZone>(zone: &Tz, at: chrono::NaiveDateTime) -> String {
    // One argument, so that it stays "UTC+03:00" in an Arabic sentence.
    let offset = format!("UTC{}", calendar::offset(zone, at));
    match zone_name() {
        Some(name) => fl!("later-zone", zone = name, offset = offset),
        None => fl!("later-zone-offset", offset = offset),
    }
}

/// The IANA name of the local zone: TZ as chrono's `Local` reads it, else
/// the system's; None for UTC, which the offset already says.
pub fn zone_name() -> Option<String> {
    let from_env = std::env::var("TZ").ok().map(|tz| {
        let tz = tz.trim_start_matches(':');
        tz.split_once("zoneinfo/")
            .map_or(tz, |(_, name)| name)
            .to_owned()
    });
    let name = from_env
        .filter(|n| !n.is_empty())
        .or_else(|| iana_time_zone::get_timezone().ok())?;
    let utc = [
        "UTC",
        "Etc/UTC",
        "Etc/Universal",
        "Universal",
        "Zulu",
        "Etc/Zulu",
        "GMT",
        "Etc/GMT",
    ];
    (!utc.contains(&name.as_str())).then_some(name)
}

/// The Send later part of compose: the quick choices, and the typed field
/// with the Calendar button beside it (the picker floats over compose, see
/// [`over`]).
pub fn area(compose: &Compose) -> Element<'_, ComposeMessage> {
    let now = (compose.clock)();
    let mut presets: Vec<Element<'_, ComposeMessage>> = Vec::new();
    for (preset, at) in self::presets(&now) {
        let at = at.with_timezone(&Utc);
        presets.push(
            button(text(label(preset, at)).size(theme::size::SMALL))
                .style(theme::secondary_button)
                .padding([3, 10])
                .on_press(ComposeMessage::LaterAt(at))
                .into(),
        );
    }
    let open = compose.calendar.is_some();
    let mut line = vec![
        text(fl!("ui-send-at")).into(),
        dir::ltr_input("YYYY-MM-DD HH:MM", &compose.send_at)
            .on_input(ComposeMessage::SendAt)
            .width(Length::Fixed(180.0))
            .into(),
        container(focus::button(
            // Filled while the picker is open, like Preview while it shows.
            if open {
                button(icon::labelled(Icon::Calendar, fl!("later-calendar"), |c| {
                    c.on_accent
                }))
                .style(theme::primary_button)
            } else {
                button(icon::labelled(Icon::Calendar, fl!("later-calendar"), |c| {
                    c.text
                }))
                .style(theme::secondary_button)
            },
            ComposeMessage::Later(Message::Toggle),
        ))
        .id("later-calendar")
        .into(),
        focus::button_maybe(
            button(text(fl!("ui-schedule"))).style(theme::primary_button),
            compose.can_send().then_some(ComposeMessage::SendLater),
        ),
    ];
    if let Some(error) = &compose.send_at_error {
        line.push(text(error.clone()).style(theme::danger).into());
    }
    column![dir::row(presets), dir::row(line)]
        .spacing(theme::space::S)
        .align_x(dir::start())
        .into()
}

/// The open picker: the month with its arrows, the weekdays, the days, the
/// time, the zone, and what is wrong with the time chosen.
fn page<'a>(
    compose: &'a Compose,
    picker: &'a Picker,
    now: &DateTime<chrono::Local>,
) -> Element<'a, ComposeMessage> {
    let rtl = dir::is_rtl();
    let today = now.date_naive();
    let first = calendar::first_weekday(&crate::i18n::current_language());
    let chosen = calendar::parse(&compose.send_at);
    let msg = ComposeMessage::Later;

    // Back points to where the week starts: left, or right in Arabic.
    let (back, on) = if rtl {
        (Icon::ChevronRight, Icon::ChevronLeft)
    } else {
        (Icon::ChevronLeft, Icon::ChevronRight)
    };
    let shown = picker.shown();
    let can_go_back = shown > Month::of(today);
    let arrow = |which, id: &'static str, by: i32, enabled: bool| -> Element<'a, ComposeMessage> {
        container(focus::button_maybe(
            button(icon::icon(which, 16.0, |c| c.text))
                .style(theme::quiet_button)
                .padding([4, 8]),
            enabled.then_some(msg(Message::Key(Key::Months(by)))),
        ))
        .id(id)
        .into()
    };
    let title = fl!(
        "later-month-title",
        month = month_name(shown.month),
        year = shown.year.to_string()
    );
    let heading = dir::row(vec![
        arrow(back, "later-previous-month", -1, can_go_back),
        container(text(title).size(theme::size::BODY))
            .width(Fill)
            .center_x(Fill)
            .into(),
        arrow(on, "later-next-month", 1, true),
    ]);

    let in_order = |cells| crate::ui::dir::row(cells).spacing(CELL_SPACING);
    let header = in_order(
        calendar::weekdays(first)
            .into_iter()
            .map(|day| {
                container(
                    text(weekday_name(day))
                        .size(theme::size::CAPTION)
                        .style(theme::muted),
                )
                .width(Length::Fixed(CELL))
                .center_x(Length::Fixed(CELL))
                .into()
            })
            .collect(),
    );

    let mut weeks = column![].spacing(CELL_SPACING);
    for week in calendar::weeks(shown, first) {
        let cells = week
            .into_iter()
            .map(|day| match day {
                None => Space::new()
                    .width(Length::Fixed(CELL))
                    .height(Length::Fixed(CELL - 4.0))
                    .into(),
                Some(day) => day_cell(day, today, chosen.map(|c| c.date())),
            })
            .collect();
        weeks = weeks.push(in_order(cells));
    }
    let (week, column) = calendar::position(picker.cursor, first);
    let cursor = (week, if rtl { 6 - column } else { column });
    let grid = day_grid::day_grid(weeks, Some(cursor), rtl, move |key| msg(Message::Key(key)));

    let (_, hour, minute) = compose.chosen();
    let stepper =
        |id: &'static str, which: Icon, message: Message| -> Element<'a, ComposeMessage> {
            container(focus::button(
                button(icon::icon(which, 14.0, |c| c.text))
                    .style(theme::secondary_button)
                    .padding([4, 6]),
                msg(message),
            ))
            .id(id)
            .into()
        };
    let number = |n: u32| -> Element<'a, ComposeMessage> {
        container(text(format!("{n:02}")).size(theme::size::BODY))
            .width(Length::Fixed(28.0))
            .center_x(Length::Fixed(28.0))
            .into()
    };
    // Hours before minutes in both languages, as "08:30" reads in an
    // Arabic sentence too.
    let clock = Row::with_children(vec![
        stepper("later-hour-down", Icon::Minus, Message::Hour(false)),
        number(hour),
        stepper("later-hour-up", Icon::Plus, Message::Hour(true)),
        text(":").into(),
        stepper("later-minute-down", Icon::Minus, Message::Minute(false)),
        number(minute),
        stepper("later-minute-up", Icon::Plus, Message::Minute(true)),
    ])
    .spacing(theme::space::XS)
    .align_y(iced::Alignment::Center);
    // The label above the steppers, so that they fit beside the page in a
    // 640 px window.
    let time = column![text(fl!("later-time")), clock]
        .spacing(theme::space::XS)
        .align_x(dir::start());

    let at = chosen.unwrap_or_else(|| now.naive_local());
    // The page on the start side, the time and what goes with it beside
    // it: low enough to leave the Send later field in view below it.
    let page = column![heading, header, grid]
        .spacing(theme::space::S)
        .width(Length::Fixed(GRID_WIDTH));
    let mut side = column![
        time,
        dir::paragraph(zone_label(&chrono::Local, at))
            .size(theme::size::SMALL)
            .style(theme::muted),
    ]
    .spacing(theme::space::S)
    .width(Fill)
    .max_width(SIDE_WIDTH)
    .align_x(dir::start());
    // Under the time it is about.
    if let Err(problem @ (Problem::Passed { .. } | Problem::Skipped { .. })) =
        compose.send_at_checked()
    {
        side = side.push(
            container(
                dir::paragraph(explain(&problem, now, zone_name().as_deref()))
                    .size(theme::size::SMALL)
                    .style(theme::danger),
            )
            .id("later-problem"),
        );
    }
    side = side.push(
        dir::paragraph(fl!("later-keys"))
            .size(theme::size::CAPTION)
            .style(theme::muted),
    );
    side = side.push(dir::row(vec![
        container(focus::button(
            button(text(fl!("later-done"))).style(theme::secondary_button),
            msg(Message::Done),
        ))
        .id("later-done")
        .into(),
    ]));
    let card = dir::row(vec![page.into(), side.into()])
        .spacing(theme::space::L)
        .align_y(iced::Alignment::Start);
    container(card)
        .id("later-picker")
        .padding(theme::space::M)
        .max_width(CARD_WIDTH)
        .style(theme::card)
        .into()
}

/// The open picker floating over `body` (the whole compose area: over the
/// body alone it was cut in a 640×480 window), at the top on the start
/// side, where it leaves the Send later field below it in view; the form
/// stays as it was under it. Clicks on the picker do not reach the form.
pub fn over<'a>(
    compose: &'a Compose,
    body: Element<'a, ComposeMessage>,
) -> Element<'a, ComposeMessage> {
    let Some(picker) = &compose.calendar else {
        return body;
    };
    let now = (compose.clock)();
    let popover = container(iced::widget::opaque(page(compose, picker, &now)))
        .width(Fill)
        .height(Fill)
        .align_x(dir::start())
        .align_y(iced::alignment::Vertical::Top);
    iced::widget::stack![body, popover].into()
}

/// A day on the page: the chosen one filled, today ringed, days gone by
/// shown faded and not choosable.
fn day_cell<'a>(
    day: NaiveDate,
    today: NaiveDate,
    chosen: Option<NaiveDate>,
) -> Element<'a, ComposeMessage> {
    let is_chosen = chosen == Some(day);
    let is_today = day == today;
    let style = move |t: &iced::Theme, status: button::Status| {
        let mut style = if is_chosen {
            theme::primary_button(t, status)
        } else {
            theme::row_button(t, status)
        };
        // Days gone by: faded (row_button keeps the text colour).
        if status == button::Status::Disabled {
            style.text_color = theme::colors(t).muted;
        }
        if is_today && !is_chosen {
            style.border = iced::Border {
                color: theme::colors(t).accent,
                width: 1.0,
                radius: theme::radius::M.into(),
            };
        }
        style
    };
    let label = text(day.day().to_string())
        .size(theme::size::SMALL)
        .width(Fill)
        .align_x(iced::alignment::Horizontal::Center);
    container(
        button(label)
            .style(style)
            .width(Length::Fixed(CELL))
            .height(Length::Fixed(CELL - 4.0))
            .padding([6, 0])
            .on_press_maybe((day >= today).then_some(ComposeMessage::Later(Message::Pick(day)))),
    )
    .id(format!("later-day-{day}"))
    .into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::FixedOffset;

    fn riyadh(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<FixedOffset> {
        FixedOffset::east_opt(3 * 3600)
            .unwrap()
            .with_ymd_and_hms(y, m, d, h, min, 0)
            .unwrap()
    }

    fn times(now: DateTime<FixedOffset>) -> Vec<(Preset, String)> {
        presets(&now)
            .into_iter()
            .map(|(p, t)| (p, t.format("%a %Y-%m-%d %H:%M %z").to_string()))
            .collect()
    }

    #[test]
    fn a_friday_afternoon_offers_all_three_in_the_users_zone() {
        assert_eq!(
            times(riyadh(2026, 11, 27, 14, 30)),
            [
                (Preset::LaterToday, "Fri 2026-11-27 18:00 +0300".into()),
                (Preset::TomorrowMorning, "Sat 2026-11-28 08:00 +0300".into()),
                (Preset::MondayMorning, "Mon 2026-11-30 08:00 +0300".into()),
            ]
        );
        // On the hour, three hours on is already a whole hour.
        assert_eq!(
            times(riyadh(2026, 11, 27, 9, 0))[0].1,
            "Fri 2026-11-27 12:00 +0300"
        );
    }

    #[test]
    fn late_evenings_sundays_and_mondays() {
        // 19:30 + 3 h is after 21:00: no "later today".
        let evening = times(riyadh(2026, 11, 27, 19, 30));
        assert_eq!(evening[0].0, Preset::TomorrowMorning);
        assert_eq!(evening.len(), 2);
        // On Sunday, Monday morning is tomorrow morning: offered once.
        let sunday = times(riyadh(2026, 11, 29, 10, 0));
        assert_eq!(
            sunday.iter().map(|(p, _)| *p).collect::<Vec<_>>(),
            [Preset::LaterToday, Preset::TomorrowMorning]
        );
        assert_eq!(sunday[1].1, "Mon 2026-11-30 08:00 +0300");
        // On Monday, "Monday morning" is next week's.
        let monday = times(riyadh(2026, 11, 30, 7, 0));
        assert_eq!(
            monday[2],
            (Preset::MondayMorning, "Mon 2026-12-07 08:00 +0300".into())
        );
        // Across the end of a year.
        let new_year = times(riyadh(2026, 12, 31, 23, 0));
        assert_eq!(
            new_year[0],
            (Preset::TomorrowMorning, "Fri 2027-01-01 08:00 +0300".into())
        );
    }

    #[test]
    fn a_time_passed_or_skipped_is_said_with_what_to_do() {
        use chrono_tz::Europe::Berlin;
        let now = Berlin.with_ymd_and_hms(2027, 3, 27, 12, 0, 0).unwrap();
        let said = |text: &str, zone| {
            let problem = crate::ui::calendar::check(text, &now).unwrap_err();
            explain(&problem, &now, zone)
        };
        assert_eq!(
            said("2027-03-28 02:30", Some("Europe/Berlin")),
            "March 28, 2027, 02:30 does not exist in Europe/Berlin: the clocks go forward \
             then. Choose another time, such as 03:00."
        );
        // Without a name, the zone's offset after the change.
        assert!(
            said("2027-03-28 02:30", None).contains(" in UTC+02:00: "),
            "{}",
            said("2027-03-28 02:30", None)
        );
        assert_eq!(
            said("2027-03-27 11:55", None),
            "March 27, 2027, 11:55 has already passed (it is March 27, 2027, 12:00 now). \
             Choose a later day or time."
        );
        assert_eq!(
            said("27/03/2027", None),
            "Write a future date and time as YYYY-MM-DD HH:MM."
        );
    }
}
