//! The wall clock a reader sees: a timestamp's instant in the site's time zone.
//!
//! The API's timestamps may carry any offset (docs/json-api.md); readers see them in the
//! site's zone. Natively (pre-rendering, tests) jiff's time zone database converts them; in
//! the browser the browser's own (`Intl.DateTimeFormat`), so the wasm ships none. Both
//! sides read the timestamp with the one parser here, so they agree on what is an
//! instant; what is not (no offset, an impossible day, before 1970, an unknown zone) is
//! shown as written, as the pre-rendered page showed it.

#[cfg(target_arch = "wasm32")]
mod browser;
#[cfg(test)]
pub(crate) mod cases;
#[cfg(not(target_arch = "wasm32"))]
mod native;

#[cfg(target_arch = "wasm32")]
use browser as platform;
#[cfg(not(target_arch = "wasm32"))]
use native as platform;

/// The date and time on a clock: Gregorian, 24-hour, to the minute.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WallClock {
    pub year: u32,
    /// 1–12.
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
}

/// What a reader sees for `timestamp` on a site in `zone` (an IANA name): its instant on
/// the zone's clock, or, when that cannot be known, its fields as written. `None` when
/// the text does not start with a date and time (`2026-11-28T09:30`).
pub fn wall_clock(timestamp: &str, zone: &str) -> Option<WallClock> {
    let written = as_written(timestamp)?;
    let in_zone = is_zone_name(zone)
        .then(|| instant(timestamp, &written))
        .flatten()
        .and_then(|second| platform::wall_clock(second, zone));
    Some(in_zone.unwrap_or(written))
}

/// The fields as written in the text's first 16 characters, whatever follows them.
fn as_written(ts: &str) -> Option<WallClock> {
    let num = |range: std::ops::Range<usize>| digits(ts.get(range)?);
    let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (hour, minute) = (num(11..13)?, num(14..16)?);
    let well_formed = ts.get(4..5) == Some("-")
        && ts.get(7..8) == Some("-")
        && matches!(ts.get(10..11), Some("T" | "t" | " "))
        && ts.get(13..14) == Some(":");
    let in_range = (1..=12).contains(&month) && (1..=31).contains(&day) && hour < 24 && minute < 60;
    (well_formed && in_range).then_some(WallClock {
        year,
        month,
        day,
        hour,
        minute,
    })
}

/// ASCII digits only (`parse` would take a sign).
fn digits(text: &str) -> Option<u32> {
    let all_digits = !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit());
    all_digits.then(|| text.parse().ok()).flatten()
}

/// Seconds since 1970 of an RFC 3339 timestamp whose first fields are `w`: what follows
/// them must be optional seconds (with a fraction) and an offset (`Z`, `+08:00`). `None`
/// for a day the month lacks, and before 1970 or after 9998, where time zone databases
/// part ways (tzdb folds zones' older history together; browsers may not) or end.
fn instant(ts: &str, w: &WallClock) -> Option<i64> {
    let mut rest = ts.get(16..)?;
    let mut second = 0;
    if let Some(after) = rest.strip_prefix(':') {
        // A leap second (`:60`) is the last second of its minute.
        second = digits(after.get(..2)?).filter(|s| *s <= 60)?.min(59);
        rest = after.get(2..)?;
        if let Some(fraction) = rest.strip_prefix('.') {
            let end = fraction.bytes().position(|b| !b.is_ascii_digit())?;
            rest = fraction.get(end..).filter(|_| end > 0)?;
        }
    }
    let offset = match rest {
        "Z" | "z" => 0,
        _ => {
            let sign = match rest.get(..1)? {
                "+" => 1,
                "-" => -1,
                _ => return None,
            };
            let (hh, mm) = (digits(rest.get(1..3)?)?, digits(rest.get(4..6)?)?);
            let shaped = rest.len() == 6 && rest.get(3..4) == Some(":");
            if !shaped || hh > 23 || mm > 59 {
                return None;
            }
            sign * i64::from(hh * 3600 + mm * 60)
        }
    };
    if w.day > days_in_month(w.year, w.month) || !(1970..=9998).contains(&w.year) {
        return None;
    }
    let days = days_from_civil(w.year, w.month, w.day);
    let clock = i64::from(w.hour * 3600 + w.minute * 60 + second);
    Some(days * 86_400 + clock - offset).filter(|s| *s >= 0)
}

fn days_in_month(year: u32, month: u32) -> u32 {
    let leap = year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400));
    match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days from 1970-01-01 to a Gregorian date (Howard Hinnant's `days_from_civil`).
fn days_from_civil(year: u32, month: u32, day: u32) -> i64 {
    let y = i64::from(year) - i64::from(month <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// An IANA name both databases could know (`Asia/Shanghai`, `Etc/GMT+8`, `UTC`); not
/// empty (the browser would take its own zone) nor an offset (`+08:00`, which browsers
/// take and jiff does not).
fn is_zone_name(zone: &str) -> bool {
    zone.bytes().next().is_some_and(|b| b.is_ascii_alphabetic())
        && zone.len() <= 64
        && zone
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'/' | b'_' | b'+' | b'-'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instants_count_seconds_from_1970() {
        let at = |ts: &str| instant(ts, &as_written(ts).unwrap());
        assert_eq!(at("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(at("2026-11-28T09:30:00+08:00"), Some(1_795_829_400));
        assert_eq!(at("2026-11-28T01:30Z"), Some(1_795_829_400));
        assert_eq!(at("2026-11-28t01:30:00.123456z"), Some(1_795_829_400));
        assert_eq!(at("2026-11-27T20:30:00-05:00"), Some(1_795_829_400));
        assert_eq!(at("2028-02-29T00:00:00Z"), Some(1_835_395_200));
    }

    #[test]
    fn only_whole_rfc3339_timestamps_are_instants() {
        for ts in [
            "2026-11-28T09:30:00",
            "2026-11-28T09:30:00+0800",
            "2026-11-28T09:30:00+08:00 ",
            "2026-11-28T09:30:00+24:00",
            "2026-11-28T09:30:00.Z",
            "2026-11-28T09:30:0Z",
            "2026-11-28T09:30:61Z",
            "2026-02-29T09:30:00Z",
            "2026-04-31T09:30:00Z",
            "1969-12-31T23:59:59Z",
            "1970-01-01T00:30:00+01:00",
            "9999-01-01T00:00:00Z",
        ] {
            assert_eq!(instant(ts, &as_written(ts).unwrap()), None, "{ts}");
        }
    }

    #[test]
    fn zone_names_exclude_empty_names_and_offsets() {
        assert!(is_zone_name("America/Argentina/Buenos_Aires"));
        assert!(is_zone_name("Etc/GMT-14") && is_zone_name("UTC"));
        for bad in ["", "+08:00", "-05:00", "Asia/Shanghai\"", "../etc"] {
            assert!(!is_zone_name(bad), "{bad}");
        }
    }
}
