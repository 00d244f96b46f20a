//! "Send later" choices people mean most often — later today, tomorrow
//! morning, Monday morning — as times in the user's time zone, from a
//! clock the caller gives (the window's, or a fixed one in tests).

use chrono::{DateTime, Datelike, Duration, NaiveTime, TimeZone, Timelike, Utc};

use crate::fl;

/// When a morning starts.
const MORNING: u32 = 8;
/// "Later today" is at least this many hours away...
const LATER_HOURS: i64 = 3;
/// ...and not after this hour, when it is no longer "today" for most.
const LAST_HOUR_TODAY: u32 = 21;

/// How a time is typed in the Send later field (as compose shows it).
const FIELD_FORMAT: &str = "%Y-%m-%d %H:%M";

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

impl crate::ui::compose::Compose {
    /// The time in the Send later field, if it is one after the clock's.
    /// Counted from the compose clock, not the wall clock, so a fixed
    /// clock gives the same answers at any time.
    pub(crate) fn send_at_time(&self) -> Option<DateTime<Utc>> {
        let naive =
            chrono::NaiveDateTime::parse_from_str(self.send_at.trim(), FIELD_FORMAT).ok()?;
        let utc = chrono::Local
            .from_local_datetime(&naive)
            .earliest()?
            .with_timezone(&Utc);
        (utc > (self.clock)().with_timezone(&Utc)).then_some(utc)
    }
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
}
