//! Natively (pre-rendering, tests): the zone's clock from jiff's time zone database.

use super::WallClock;
use jiff::tz::TimeZone;
use jiff::Timestamp;

/// The wall clock in `zone` at `second` (since 1970); `None` for a zone jiff does not know.
pub fn wall_clock(second: i64, zone: &str) -> Option<WallClock> {
    let tz = TimeZone::get(zone).ok()?;
    let dt = tz.to_datetime(Timestamp::from_second(second).ok()?);
    let field = |n: i8| u32::try_from(n).ok();
    Some(WallClock {
        year: u32::try_from(dt.year()).ok()?,
        month: field(dt.month())?,
        day: field(dt.day())?,
        hour: field(dt.hour())?,
        minute: field(dt.minute())?,
    })
}
