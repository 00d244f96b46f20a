//! The date arithmetic behind the Send later picker, without a window: the
//! weeks of a month from the language's first weekday, moving a day, a week
//! or a month without going before the earliest day allowed, stepping the
//! time, and what a typed or chosen local time means in a time zone
//! (passed, or skipped by a clock change). Fed the time zone and the clock
//! by the caller, so tests pass a fixed zone and a fixed "now".

use chrono::{
    DateTime, Datelike, Days, Months, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Timelike, Utc,
    Weekday,
};

/// How the field shows a time: the core's one format (`--at` too).
pub const FORMAT: &str = crate::services::time::FORMAT;

/// The minute stepper's step.
pub const MINUTE_STEP: u32 = 5;

/// A month of a year (the page the picker shows).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Month {
    pub year: i32,
    /// 1 to 12.
    pub month: u32,
}

impl Month {
    pub fn of(date: NaiveDate) -> Month {
        Month {
            year: date.year(),
            month: date.month(),
        }
    }

    pub fn first_day(self) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(self.year, self.month, 1)
    }

    pub fn days(self) -> u32 {
        self.first_day()
            .map_or(0, |first| u32::from(first.num_days_in_month()))
    }
}

/// The first column of the week, by interface language (CLDR's week data
/// for the places the language is most used): Sunday for English as in the
/// United States, whose month and date order the English interface uses;
/// Saturday for Arabic, as in Egypt, the Emirates, Kuwait, Qatar, Iraq,
/// Jordan, Algeria and most Arab countries; Monday (ISO 8601) for others.
pub fn first_weekday(language: &str) -> Weekday {
    match language {
        "en" => Weekday::Sun,
        "ar" => Weekday::Sat,
        _ => Weekday::Mon,
    }
}

/// The seven weekdays in column order.
pub fn weekdays(first: Weekday) -> [Weekday; 7] {
    let mut days = [first; 7];
    for i in 1..7 {
        days[i] = days[i - 1].succ();
    }
    days
}

/// The month's days as weeks of seven columns starting on `first`; the
/// columns before the 1st and after the last day are empty. As many weeks
/// as the month needs (four to six).
pub fn weeks(month: Month, first: Weekday) -> Vec<[Option<NaiveDate>; 7]> {
    let Some(start) = month.first_day() else {
        return Vec::new();
    };
    let lead = start.weekday().days_since(first) as usize;
    let days = month.days() as usize;
    let mut out = Vec::new();
    let mut week = [None; 7];
    for n in 0..days {
        let column = (lead + n) % 7;
        week[column] = start.checked_add_days(Days::new(n as u64));
        if column == 6 {
            out.push(week);
            week = [None; 7];
        }
    }
    if week.iter().any(Option::is_some) {
        out.push(week);
    }
    out
}

/// Where a day is in [`weeks`]: (week, column).
pub fn position(date: NaiveDate, first: Weekday) -> (usize, usize) {
    let lead = date
        .with_day(1)
        .map_or(0, |d| d.weekday().days_since(first)) as usize;
    let n = lead + date.day0() as usize;
    (n / 7, n % 7)
}

/// A move of the picker's day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Days(i64),
    /// Whole months; the day is kept, or the month's last when it has no
    /// such day (31 January + 1 month = 28 or 29 February).
    Months(i32),
}

/// `from` moved by `step`, never before `earliest` (today: no message can
/// be sent yesterday). A move past chrono's range stays put.
pub fn step(from: NaiveDate, step: Step, earliest: NaiveDate) -> NaiveDate {
    let moved = match step {
        Step::Days(n) if n >= 0 => from.checked_add_days(Days::new(n.unsigned_abs())),
        Step::Days(n) => from.checked_sub_days(Days::new(n.unsigned_abs())),
        // chrono's month arithmetic clamps the day to the month's last.
        Step::Months(n) if n >= 0 => from.checked_add_months(Months::new(n.unsigned_abs())),
        Step::Months(n) => from.checked_sub_months(Months::new(n.unsigned_abs())),
    };
    moved.unwrap_or(from).max(earliest)
}

/// The hour one step up or down, round the clock (the day stays).
pub fn step_hour(hour: u32, up: bool) -> u32 {
    if up {
        (hour + 1) % 24
    } else {
        (hour + 23) % 24
    }
}

/// The minute to the next or previous multiple of [`MINUTE_STEP`], round
/// the hour: a typed 37 goes to 40 or 35.
pub fn step_minute(minute: u32, up: bool) -> u32 {
    let minute = minute % 60;
    if up {
        (minute / MINUTE_STEP + 1) * MINUTE_STEP % 60
    } else if !minute.is_multiple_of(MINUTE_STEP) {
        minute / MINUTE_STEP * MINUTE_STEP
    } else {
        (minute + 60 - MINUTE_STEP) % 60
    }
}

/// The field's text as a local date and time, if it is one.
pub fn parse(text: &str) -> Option<NaiveDateTime> {
    NaiveDateTime::parse_from_str(text.trim(), FORMAT).ok()
}

pub fn format(at: NaiveDateTime) -> String {
    at.format(FORMAT).to_string()
}

/// `date` at `hour`:`minute`, as the field shows it.
pub fn at(date: NaiveDate, hour: u32, minute: u32) -> Option<NaiveDateTime> {
    NaiveTime::from_hms_opt(hour, minute, 0).map(|t| date.and_time(t))
}

/// Why a time cannot be a Send later time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// Not a date and time in [`FORMAT`].
    Unreadable,
    /// Not after `now`.
    Passed { at: NaiveDateTime },
    /// A local time the clocks skip (the hour they go forward); `next` is
    /// the first time after it that exists.
    Skipped {
        at: NaiveDateTime,
        next: Option<NaiveDateTime>,
    },
}

/// The field's text as a moment still to come in `now`'s zone. In the hour
/// a clock goes back, the earlier of the two moments (as the command line
/// reads `--at`).
pub fn check<Tz: TimeZone>(text: &str, now: &DateTime<Tz>) -> Result<DateTime<Utc>, Problem> {
    let at = parse(text).ok_or(Problem::Unreadable)?;
    let zone = now.timezone();
    let Some(moment) = zone.from_local_datetime(&at).earliest() else {
        return Err(Problem::Skipped {
            at,
            next: first_after_gap(&zone, at),
        });
    };
    let moment = moment.with_timezone(&Utc);
    if moment > now.with_timezone(&Utc) {
        Ok(moment)
    } else {
        Err(Problem::Passed { at })
    }
}

/// The first whole minute after `at` that exists in `zone` (gaps are at
/// most a few hours; looked for within a day).
fn first_after_gap<Tz: TimeZone>(zone: &Tz, at: NaiveDateTime) -> Option<NaiveDateTime> {
    let start = at.with_second(0)?;
    // Checked: `+` panics past chrono's last day (a typed year 262143).
    (1..=24 * 60)
        .map_while(|m| start.checked_add_signed(chrono::Duration::minutes(m)))
        .find(|t| zone.from_local_datetime(t).earliest().is_some())
}

/// The UTC offset the zone has at `at` (local), as "+03:00"; the earlier
/// one in the hour the clock goes back, the one after in a gap.
pub fn offset<Tz: TimeZone>(zone: &Tz, at: NaiveDateTime) -> String {
    let fixed = zone
        .from_local_datetime(&at)
        .earliest()
        .or_else(|| first_after_gap(zone, at).and_then(|t| zone.from_local_datetime(&t).earliest()))
        .map(|t| t.fixed_offset().offset().local_minus_utc())
        // No moment at all (past chrono's range): the zone's offset there.
        .unwrap_or_else(|| {
            chrono::Offset::fix(&zone.offset_from_utc_datetime(&at)).local_minus_utc()
        });
    let sign = if fixed < 0 { '-' } else { '+' };
    let minutes = fixed.unsigned_abs() / 60;
    format!("{sign}{:02}:{:02}", minutes / 60, minutes % 60)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::FixedOffset;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// The grid as text: days by number, "." for an empty column.
    fn grid(month: Month, first: Weekday) -> Vec<String> {
        weeks(month, first)
            .iter()
            .map(|w| {
                w.iter()
                    .map(|c| c.map_or(".".to_owned(), |d| d.day().to_string()))
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    }

    #[test]
    fn february_2027_from_sunday_saturday_and_monday() {
        let feb = Month {
            year: 2027,
            month: 2,
        };
        // 1 February 2027 is a Monday.
        assert_eq!(
            grid(feb, Weekday::Sun),
            [
                ". 1 2 3 4 5 6",
                "7 8 9 10 11 12 13",
                "14 15 16 17 18 19 20",
                "21 22 23 24 25 26 27",
                "28 . . . . . .",
            ]
        );
        assert_eq!(
            grid(feb, Weekday::Sat),
            [
                ". . 1 2 3 4 5",
                "6 7 8 9 10 11 12",
                "13 14 15 16 17 18 19",
                "20 21 22 23 24 25 26",
                "27 28 . . . . .",
            ]
        );
        // From Monday it fills exactly four weeks.
        assert_eq!(grid(feb, Weekday::Mon).len(), 4);
        assert_eq!(grid(feb, Weekday::Mon)[0], "1 2 3 4 5 6 7");
        // Six weeks when the 1st is on the last column of a long month.
        let may = Month {
            year: 2027,
            month: 5,
        };
        assert_eq!(d(2027, 5, 1).weekday(), Weekday::Sat);
        assert_eq!(grid(may, Weekday::Sun).len(), 6);
        assert_eq!(grid(may, Weekday::Sun)[5], "30 31 . . . . .");
        assert_eq!(position(d(2027, 5, 31), Weekday::Sun), (5, 1));
        assert_eq!(position(d(2027, 2, 5), Weekday::Sat), (0, 6));
        assert_eq!(position(d(2027, 2, 6), Weekday::Sat), (1, 0));
    }

    #[test]
    fn weekday_headers_and_month_lengths() {
        assert_eq!(
            weekdays(Weekday::Sat),
            [
                Weekday::Sat,
                Weekday::Sun,
                Weekday::Mon,
                Weekday::Tue,
                Weekday::Wed,
                Weekday::Thu,
                Weekday::Fri
            ]
        );
        assert_eq!(first_weekday("en"), Weekday::Sun);
        assert_eq!(first_weekday("ar"), Weekday::Sat);
        assert_eq!(first_weekday("de"), Weekday::Mon);
        let days = |year, month| Month { year, month }.days();
        assert_eq!(
            [days(2027, 1), days(2027, 2), days(2028, 2), days(2027, 4)],
            [31, 28, 29, 30]
        );
        assert_eq!(days(2100, 2), 28, "not a leap year");
        assert_eq!(days(262142, 12), 31, "chrono's last month");
    }

    #[test]
    fn moves_keep_to_the_calendar_and_never_go_before_today() {
        let today = d(2027, 2, 5);
        assert_eq!(step(today, Step::Days(1), today), d(2027, 2, 6));
        assert_eq!(step(d(2027, 2, 28), Step::Days(1), today), d(2027, 3, 1));
        assert_eq!(step(d(2027, 2, 26), Step::Days(7), today), d(2027, 3, 5));
        assert_eq!(step(d(2027, 12, 31), Step::Days(1), today), d(2028, 1, 1));
        // Back before today stops at today.
        assert_eq!(step(d(2027, 2, 6), Step::Days(-7), today), today);
        assert_eq!(step(today, Step::Days(-1), today), today);
        // A month on keeps the day, or the month's last day.
        assert_eq!(step(d(2027, 1, 31), Step::Months(1), today), d(2027, 2, 28));
        assert_eq!(step(d(2028, 1, 31), Step::Months(1), today), d(2028, 2, 29));
        assert_eq!(step(d(2027, 3, 31), Step::Months(1), today), d(2027, 4, 30));
        assert_eq!(
            step(d(2027, 3, 20), Step::Months(-1), today),
            d(2027, 2, 20)
        );
        assert_eq!(step(d(2027, 3, 2), Step::Months(-1), today), today);
        // Past the end of chrono's range it stays.
        assert_eq!(step(NaiveDate::MAX, Step::Days(1), today), NaiveDate::MAX);
    }

    #[test]
    fn the_time_steps_round_the_clock_in_five_minutes() {
        assert_eq!(step_hour(23, true), 0);
        assert_eq!(step_hour(0, false), 23);
        assert_eq!(step_hour(14, true), 15);
        assert_eq!(step_minute(30, true), 35);
        assert_eq!(step_minute(55, true), 0);
        assert_eq!(step_minute(0, false), 55);
        assert_eq!(step_minute(37, true), 40);
        assert_eq!(step_minute(37, false), 35);
        assert_eq!(step_minute(35, false), 30);
    }

    fn riyadh(y: i32, m: u32, day: u32, h: u32, min: u32) -> DateTime<FixedOffset> {
        FixedOffset::east_opt(3 * 3600)
            .unwrap()
            .with_ymd_and_hms(y, m, day, h, min, 0)
            .unwrap()
    }

    #[test]
    fn a_time_to_come_in_the_zone_and_one_passed() {
        let now = riyadh(2027, 2, 5, 14, 30);
        assert_eq!(
            check("2027-02-05 14:35", &now),
            Ok(Utc.with_ymd_and_hms(2027, 2, 5, 11, 35, 0).unwrap())
        );
        for passed in ["2027-02-05 14:30", "2027-02-04 18:00"] {
            assert_eq!(
                check(passed, &now),
                Err(Problem::Passed {
                    at: parse(passed).unwrap()
                })
            );
        }
        assert_eq!(check("tomorrow", &now), Err(Problem::Unreadable));
        assert_eq!(check("2027-02-30 10:00", &now), Err(Problem::Unreadable));
        assert_eq!(
            offset(&now.timezone(), parse("2027-02-05 14:35").unwrap()),
            "+03:00"
        );
        let new_york = FixedOffset::west_opt(5 * 3600 + 30 * 60).unwrap();
        assert_eq!(
            offset(&new_york, parse("2027-02-05 14:35").unwrap()),
            "-05:30"
        );
    }

    #[test]
    fn the_last_minute_chrono_can_write_is_refused_without_a_panic() {
        // West of Greenwich chrono's last local minute has no UTC moment:
        // it reads as a gap, and looking past it must not overflow.
        let now = FixedOffset::west_opt(5 * 3600)
            .unwrap()
            .with_ymd_and_hms(2027, 2, 5, 14, 30, 0)
            .unwrap();
        let text = "+262142-12-31 23:59";
        let at = parse(text).expect("chrono reads a signed year");
        assert_eq!(check(text, &now), Err(Problem::Skipped { at, next: None }));
        assert_eq!(offset(&now.timezone(), at), "-05:00");
    }

    #[test]
    fn the_hour_the_clocks_skip_is_no_time_and_the_next_one_is_offered() {
        use chrono_tz::Europe::Berlin;
        let now = Berlin.with_ymd_and_hms(2027, 3, 27, 12, 0, 0).unwrap();
        // On 28 March 2027 Berlin goes from 02:00 to 03:00.
        assert_eq!(
            check("2027-03-28 02:30", &now),
            Err(Problem::Skipped {
                at: parse("2027-03-28 02:30").unwrap(),
                next: parse("2027-03-28 03:00"),
            })
        );
        assert_eq!(
            check("2027-03-28 03:00", &now),
            Ok(Utc.with_ymd_and_hms(2027, 3, 28, 1, 0, 0).unwrap())
        );
        assert_eq!(
            offset(&Berlin, parse("2027-03-28 01:59").unwrap()),
            "+01:00"
        );
        assert_eq!(
            offset(&Berlin, parse("2027-03-28 02:30").unwrap()),
            "+02:00"
        );
        // In the hour the clocks go back, the first of the two.
        assert_eq!(
            check("2027-10-31 02:30", &now),
            Ok(Utc.with_ymd_and_hms(2027, 10, 31, 0, 30, 0).unwrap())
        );
    }
}
