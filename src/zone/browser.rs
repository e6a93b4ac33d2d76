//! In the browser: the zone's clock from the browser's own time zone database, through
//! `Intl.DateTimeFormat(…).formatToParts`, so the wasm carries none.

use super::WallClock;
use js_sys::{Array, Date, Object, Reflect};
use std::cell::RefCell;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = Intl, js_name = DateTimeFormat)]
    type Format;

    /// Throws a `RangeError` for a zone the browser does not know.
    #[wasm_bindgen(catch, constructor, js_namespace = Intl, js_class = "DateTimeFormat")]
    fn new(locale: &str, options: &Object) -> Result<Format, JsValue>;

    #[wasm_bindgen(method, js_name = formatToParts)]
    fn format_to_parts(this: &Format, date: &Date) -> Array;

    type Part;

    #[wasm_bindgen(method, getter = type)]
    fn kind(this: &Part) -> String;

    #[wasm_bindgen(method, getter)]
    fn value(this: &Part) -> String;
}

thread_local! {
    /// The last zone's format (`None`: the browser does not know the zone). A site has
    /// one zone, and making a format is slow.
    static FORMAT: RefCell<Option<(String, Option<Format>)>> = const { RefCell::new(None) };
}

/// The wall clock in `zone` at `second` (since 1970); `None` for a zone the browser does
/// not know.
pub fn wall_clock(second: i64, zone: &str) -> Option<WallClock> {
    FORMAT.with(|cell| {
        let mut cached = cell.borrow_mut();
        if cached.as_ref().is_none_or(|(z, _)| z != zone) {
            *cached = Some((zone.to_owned(), format_for(zone)));
        }
        let format = cached.as_ref()?.1.as_ref()?;
        // Integer seconds below 9999 years: exact as an f64 of milliseconds.
        #[allow(clippy::cast_precision_loss)]
        let date = Date::new(&JsValue::from_f64(second as f64 * 1000.0));
        fields(&format.format_to_parts(&date))
    })
}

/// Numeric Gregorian fields in Latin digits, 24 hours from 00 (`h23`: some engines
/// would say 24 at midnight).
fn format_for(zone: &str) -> Option<Format> {
    let options = Object::new();
    for (key, value) in [
        ("timeZone", zone),
        ("calendar", "gregory"),
        ("numberingSystem", "latn"),
        ("year", "numeric"),
        ("month", "numeric"),
        ("day", "numeric"),
        ("hour", "2-digit"),
        ("minute", "2-digit"),
        ("hourCycle", "h23"),
    ] {
        Reflect::set(&options, &key.into(), &value.into()).ok()?;
    }
    Format::new("en-US", &options).ok()
}

fn fields(parts: &Array) -> Option<WallClock> {
    let (mut year, mut month, mut day, mut hour, mut minute) = (None, None, None, None, None);
    for part in parts.iter() {
        let part: Part = part.unchecked_into();
        let slot = match part.kind().as_str() {
            "year" => &mut year,
            "month" => &mut month,
            "day" => &mut day,
            "hour" => &mut hour,
            "minute" => &mut minute,
            _ => continue,
        };
        *slot = part.value().parse::<u32>().ok();
    }
    Some(WallClock {
        year: year?,
        month: month?,
        day: day?,
        // An engine that ignores `h23` says 24 for the first hour of the day.
        hour: hour? % 24,
        minute: minute?,
    })
}
