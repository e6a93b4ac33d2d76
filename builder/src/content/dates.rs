//! Dates: front matter times re-expressed in the site's time zone, as RFC 3339.

use jiff::civil;
use jiff::tz::TimeZone;
use jiff::{Timestamp, ZonedDateTime};
use serde::{Deserialize, Serialize};

/// A publication time: the instant (for ordering) and its RFC 3339 text in the site's
/// time zone offset (for the API), e.g. `2026-11-28T09:30:00+08:00`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "Remembered", try_from = "Remembered")]
pub struct Published {
    pub instant: Timestamp,
    pub rfc3339: String,
}

/// A [`Published`] as the articles' cache keeps it: the instant to the nanosecond.
#[derive(Serialize, Deserialize)]
struct Remembered(i64, i32, String);

impl From<Published> for Remembered {
    fn from(p: Published) -> Remembered {
        Remembered(
            p.instant.as_second(),
            p.instant.subsec_nanosecond(),
            p.rfc3339,
        )
    }
}

impl TryFrom<Remembered> for Published {
    type Error = jiff::Error;
    fn try_from(Remembered(second, nanosecond, rfc3339): Remembered) -> Result<Self, Self::Error> {
        Ok(Published {
            instant: Timestamp::new(second, nanosecond)?,
            rfc3339,
        })
    }
}

/// Reads `text` (RFC 3339 with an offset, a local date-time, or a bare date) and
/// expresses it in `tz`. Local times are read in `tz`.
pub fn parse_in(text: &str, tz: &TimeZone) -> Result<Published, String> {
    let text = text.trim();
    let zoned = if let Ok(ts) = text.parse::<Timestamp>() {
        ts.to_zoned_datetime(tz.clone())
    } else if let Ok(dt) = text.parse::<civil::DateTime>() {
        dt.to_zoned_datetime(tz.clone())
            .map_err(|e| format!("`{text}` does not exist in the site's time zone ({e})"))?
    } else if let Ok(d) = text.parse::<civil::Date>() {
        d.to_datetime(civil::Time::midnight())
            .to_zoned_datetime(tz.clone())
            .map_err(|e| format!("`{text}` does not exist in the site's time zone ({e})"))?
    } else if let Some(Err(e)) = date_shaped(text).map(str::parse::<civil::Date>) {
        // Shaped like a date but not a day of the calendar (2026-02-31, 2026-13-01).
        return Err(format!("`{text}` is not a real date ({e})"));
    } else {
        return Err(format!(
            "`{text}` is not a date: write 2026-11-28T09:30:00+08:00, 2026-11-28T09:30:00 or 2026-11-28"
        ));
    };
    Ok(published(&zoned))
}

/// The `YYYY-MM-DD` that `text` starts with, by its shape alone.
fn date_shaped(text: &str) -> Option<&str> {
    let head = text.get(..10)?;
    let shaped = head.bytes().enumerate().all(|(i, b)| match i {
        4 | 7 => b == b'-',
        _ => b.is_ascii_digit(),
    });
    shaped.then_some(head)
}

fn published(zoned: &ZonedDateTime) -> Published {
    Published {
        instant: zoned.timestamp(),
        rfc3339: zoned.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string(),
    }
}

/// Now, in `tz`, to the minute: `2026-11-28T09:30:00+08:00`.
pub fn now_in(tz: &TimeZone) -> String {
    let now = Timestamp::now().to_zoned_datetime(tz.clone());
    now.strftime("%Y-%m-%dT%H:%M:00%:z").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shanghai() -> TimeZone {
        TimeZone::get("Asia/Shanghai").expect("bundled tzdb")
    }

    #[test]
    fn dates_with_an_offset_are_re_expressed_in_the_site_offset() {
        let p = parse_in("2026-11-28T01:30:00Z", &shanghai()).unwrap();
        assert_eq!(p.rfc3339, "2026-11-28T09:30:00+08:00");
        let p = parse_in("2026-11-28T09:30:00+08:00", &shanghai()).unwrap();
        assert_eq!(p.rfc3339, "2026-11-28T09:30:00+08:00");
    }

    #[test]
    fn local_dates_are_read_in_the_site_time_zone() {
        let p = parse_in("2026-11-28T09:30:00", &shanghai()).unwrap();
        assert_eq!(p.rfc3339, "2026-11-28T09:30:00+08:00");
        assert_eq!(p.instant.as_second(), 1_795_829_400);
    }

    #[test]
    fn bare_dates_mean_midnight_in_the_site_time_zone() {
        let p = parse_in("2026-11-28", &shanghai()).unwrap();
        assert_eq!(p.rfc3339, "2026-11-28T00:00:00+08:00");
    }

    /// The site document says `timestamps_in_zone`, so the app shows what the builder
    /// writes without converting it: on either side of every transition, what is written
    /// must read as the instant on the zone's clock.
    #[test]
    fn what_is_written_is_the_instant_on_the_zone_clock() {
        use broadsheet_app::i18n::{format_datetime, EN};
        let zones = [
            "Asia/Shanghai",
            "America/New_York",
            "Europe/London",
            "Australia/Lord_Howe",
            "Asia/Kathmandu",
            "UTC",
        ];
        let from: Timestamp = "2024-01-01T00:00:00Z".parse().unwrap();
        for zone in zones {
            let tz = TimeZone::get(zone).unwrap();
            let transitions: Vec<Timestamp> =
                tz.following(from).take(8).map(|t| t.timestamp()).collect();
            if !matches!(zone, "Asia/Shanghai" | "Asia/Kathmandu" | "UTC") {
                assert_eq!(
                    transitions.len(),
                    8,
                    "{zone} changes its clocks twice a year"
                );
            }
            for at in transitions.into_iter().chain([from]) {
                for minutes in [-61, -1, 0, 1, 59, 61] {
                    let instant = at.checked_add(jiff::SignedDuration::from_mins(minutes));
                    let utc = instant.unwrap().to_string();
                    let written = parse_in(&utc, &tz).unwrap().rfc3339;
                    let converted = format_datetime(&utc, zone, &EN);
                    assert_eq!(
                        format_datetime(&written, "", &EN),
                        converted,
                        "{utc} in {zone}"
                    );
                }
            }
        }
    }

    #[test]
    fn daylight_saving_offsets_follow_the_date() {
        let ny = TimeZone::get("America/New_York").unwrap();
        assert_eq!(
            parse_in("2026-07-01T12:00:00", &ny).unwrap().rfc3339,
            "2026-07-01T12:00:00-04:00"
        );
        assert_eq!(
            parse_in("2026-01-01T12:00:00", &ny).unwrap().rfc3339,
            "2026-01-01T12:00:00-05:00"
        );
    }

    #[test]
    fn impossible_days_are_errors_that_say_so() {
        for text in [
            "2026-02-31",
            "2026-02-29T09:00:00",
            "2026-04-31T09:00:00+08:00",
        ] {
            let e = parse_in(text, &shanghai()).unwrap_err();
            assert!(
                e.contains("is not a real date") && e.contains("day"),
                "{text}: {e}"
            );
        }
        assert!(
            parse_in("2028-02-29", &shanghai()).is_ok(),
            "a leap day is a day"
        );
    }

    #[test]
    fn nonsense_is_an_error_that_shows_the_accepted_forms() {
        let e = parse_in("last tuesday", &shanghai()).unwrap_err();
        assert!(e.contains("2026-11-28T09:30:00+08:00"), "{e}");
    }
}
