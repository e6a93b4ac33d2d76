//! What a reader sees for a timestamp on a site in a zone: one table, checked natively
//! (jiff, as pre-rendered) and in Chromium (Intl, as the app renders), so the two agree.

/// A timestamp, the site's zone and the text shown in Chinese and in English.
pub struct Case {
    pub timestamp: &'static str,
    pub zone: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
}

const fn case(
    timestamp: &'static str,
    zone: &'static str,
    zh: &'static str,
    en: &'static str,
) -> Case {
    Case {
        timestamp,
        zone,
        zh,
        en,
    }
}

#[rustfmt::skip]
pub const CASES: &[Case] = &[
    // UTC in China.
    case("2026-11-30T01:30:00Z", "Asia/Shanghai", "2026年11月30日 09:30", "30 November 2026, 09:30"),
    case("2026-11-30T01:30:00+00:00", "Asia/Shanghai", "2026年11月30日 09:30", "30 November 2026, 09:30"),
    // Already in the site's offset: as written.
    case("2026-11-28T09:30:00+08:00", "Asia/Shanghai", "2026年11月28日 09:30", "28 November 2026, 09:30"),
    // New York springs forward at 07:00 UTC on 8 March 2026 (02:00 EST becomes 03:00 EDT).
    case("2026-03-08T06:59:00Z", "America/New_York", "2026年3月8日 01:59", "8 March 2026, 01:59"),
    case("2026-03-08T07:00:00Z", "America/New_York", "2026年3月8日 03:00", "8 March 2026, 03:00"),
    // Tokyo's offset, shown in Taipei.
    case("2026-11-28T10:30:00+09:00", "Asia/Taipei", "2026年11月28日 09:30", "28 November 2026, 09:30"),
    // London falls back at 01:00 UTC on 25 October 2026: 01:59 BST, then 01:00 GMT.
    case("2026-10-25T00:59:00Z", "Europe/London", "2026年10月25日 01:59", "25 October 2026, 01:59"),
    case("2026-10-25T01:00:00Z", "Europe/London", "2026年10月25日 01:00", "25 October 2026, 01:00"),
    case("2026-07-01T12:00:00+02:00", "Europe/London", "2026年7月1日 11:00", "1 July 2026, 11:00"),
    // Crossing midnight changes the day, the month and the year.
    case("2026-12-31T20:00:00-05:00", "Asia/Shanghai", "2027年1月1日 09:00", "1 January 2027, 09:00"),
    case("2026-11-28T02:00:00+08:00", "America/New_York", "2026年11月27日 13:00", "27 November 2026, 13:00"),
    case("2028-03-01T06:00:00+08:00", "Europe/London", "2028年2月29日 22:00", "29 February 2028, 22:00"),
    // Midnight is 00:00, never 24:00.
    case("2026-11-27T16:00:00Z", "Asia/Shanghai", "2026年11月28日 00:00", "28 November 2026, 00:00"),
    // Offsets of half and three quarters of an hour; seconds and fractions are cut off.
    case("2026-11-30T01:30:59.999Z", "Asia/Kathmandu", "2026年11月30日 07:15", "30 November 2026, 07:15"),
    case("2026-11-30T01:30:00Z", "Asia/Kolkata", "2026年11月30日 07:00", "30 November 2026, 07:00"),
    case("2026-11-30T01:30:00+08:00", "UTC", "2026年11月29日 17:30", "29 November 2026, 17:30"),
    // A zone nobody knows, an empty one or an offset for a zone: as written.
    case("2026-11-30T01:30:00Z", "Mars/Olympus", "2026年11月30日 01:30", "30 November 2026, 01:30"),
    case("2026-11-30T01:30:00Z", "", "2026年11月30日 01:30", "30 November 2026, 01:30"),
    case("2026-11-30T01:30:00Z", "+08:00", "2026年11月30日 01:30", "30 November 2026, 01:30"),
    // Not an instant (no offset, no such day, before 1970): as written.
    case("2026-11-28T09:30:00", "America/New_York", "2026年11月28日 09:30", "28 November 2026, 09:30"),
    case("2026-02-31T09:30:00Z", "Asia/Shanghai", "2026年2月31日 09:30", "31 February 2026, 09:30"),
    case("1969-07-20T20:17:00Z", "Asia/Shanghai", "1969年7月20日 20:17", "20 July 1969, 20:17"),
    // Not a date: the text itself.
    case("yesterday", "Asia/Shanghai", "yesterday", "yesterday"),
    case("", "Asia/Shanghai", "", ""),
    case("2026-11-28T2", "Asia/Shanghai", "2026-11-28T2", "2026-11-28T2"),
];
