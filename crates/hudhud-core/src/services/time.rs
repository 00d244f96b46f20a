//! Times the user types for "send later" (`--at` on the command line, the
//! Send later field in the window): one format, in local time.

use chrono::{DateTime, Local, NaiveDateTime, TimeZone, Utc};

use super::ServiceError;

/// How a time is typed and shown: "2026-12-24 18:30".
pub const FORMAT: &str = "%Y-%m-%d %H:%M";

/// A time in [`FORMAT`], local time. In the hour a clock goes back, the
/// earlier of the two moments; a time the clock skips does not exist.
pub fn parse_local(text: &str) -> Result<DateTime<Utc>, ServiceError> {
    let bad = || ServiceError::BadTime(text.to_owned());
    let naive = NaiveDateTime::parse_from_str(text.trim(), FORMAT).map_err(|_| bad())?;
    Local
        .from_local_datetime(&naive)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
        .ok_or_else(bad)
}

/// Like [`parse_local`], for a time still to come (what "send later" means).
pub fn parse_future(text: &str, now: DateTime<Utc>) -> Result<DateTime<Utc>, ServiceError> {
    let at = parse_local(text)?;
    if at > now {
        Ok(at)
    } else {
        Err(ServiceError::TimePassed(text.trim().to_owned()))
    }
}

/// A time as [`FORMAT`] shows it, in local time.
pub fn format_local(t: DateTime<Utc>) -> String {
    t.with_timezone(&Local).format(FORMAT).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_typed_time_reads_back_as_it_was_typed() {
        let at = parse_local(" 2031-05-01 14:30 ").unwrap();
        assert_eq!(format_local(at), "2031-05-01 14:30");
    }

    #[test]
    fn other_shapes_are_refused_with_what_was_typed() {
        for text in [
            "2031-05-01",
            "14:30",
            "01/05/2031 14:30",
            "2031-13-01 10:00",
            "",
        ] {
            match parse_local(text) {
                Err(ServiceError::BadTime(t)) => assert_eq!(t, text),
                other => panic!("{text:?}: {other:?}"),
            }
        }
    }

    #[test]
    fn send_later_wants_a_time_to_come() {
        let now = parse_local("2031-05-01 14:30").unwrap();
        assert!(parse_future("2031-05-01 14:31", now).is_ok());
        assert!(matches!(
            parse_future("2031-05-01 14:30", now),
            Err(ServiceError::TimePassed(_))
        ));
        assert!(matches!(
            parse_future("tomorrow", now),
            Err(ServiceError::BadTime(_))
        ));
    }
}
