//! The app's own words, in the site's language, and dates as the site's readers write
//! them, on the site's clock (`crate::zone`).

mod en;
mod zh_hans;
mod zh_hant;

pub use en::EN;
pub use zh_hans::ZH;
pub use zh_hant::ZH_HANT;

use crate::zone::wall_clock;

/// UI strings for one language.
#[derive(Debug, PartialEq, Eq)]
pub struct Strings {
    pub lang: &'static str,
    /// Chinese counts large numbers in 万 (10⁴) and 亿 (10⁸); `None`: thousands separators.
    pub large_units: Option<(&'static str, &'static str)>,
    pub skip_to_content: &'static str,
    pub home: &'static str,
    pub sections: &'static str,
    pub you_are_here: &'static str,
    pub latest: &'static str,
    pub lead_story: &'static str,
    pub more_in: &'static str,
    /// A tag page's title: `{}` is the tag (`标签：AI`, `Tag: AI`).
    pub tag: &'static str,
    pub published: &'static str,
    pub updated: &'static str,
    pub views: &'static str,
    pub reading_time: &'static str,
    pub writers: &'static str,
    pub photographers: &'static str,
    pub editors: &'static str,
    pub tags: &'static str,
    pub previous_article: &'static str,
    pub next_article: &'static str,
    pub related: &'static str,
    pub pagination: &'static str,
    pub newer: &'static str,
    pub older: &'static str,
    /// A numbered listing page: `{}` is its number, counted from the oldest.
    pub page_number: &'static str,
    /// From the first date to the last (a numbered listing page's articles).
    pub date_range: &'static str,
    pub articles_count: &'static str,
    /// An author page's title: `{}` is the name.
    pub author: &'static str,
    /// The site map's months.
    pub archive: &'static str,
    /// The site map's writers and photographers.
    pub people: &'static str,
    pub site_map: &'static str,
    pub rss_feed: &'static str,
    pub address: &'static str,
    pub contact: &'static str,
    pub no_articles: &'static str,
    pub loading: &'static str,
    /// Said after a navigation; `{}` is the new page's title.
    pub loaded: &'static str,
    pub retry: &'static str,
    /// The retry button while the server asks us to wait; `{}` is the seconds left.
    pub retry_in: &'static str,
    pub back_home: &'static str,
    pub not_found_title: &'static str,
    pub not_found_text: &'static str,
    pub offline_title: &'static str,
    pub timeout_title: &'static str,
    pub timeout_text: &'static str,
    pub offline_text: &'static str,
    pub server_title: &'static str,
    pub server_text: &'static str,
    pub bad_data_title: &'static str,
    pub bad_data_text: &'static str,
    pub search: &'static str,
    pub search_label: &'static str,
    pub search_placeholder: &'static str,
    pub search_title: &'static str,
    pub search_prompt: &'static str,
    pub search_results: &'static str,
    pub search_none: &'static str,
    pub search_needs_js: &'static str,
    pub search_more: &'static str,
    pub search_all_sections: &'static str,
    pub search_all_languages: &'static str,
    pub search_section: &'static str,
    pub search_language: &'static str,
    pub search_not_found: &'static str,
    pub feeds: &'static str,
    /// The RSS map: the page listing every feed.
    pub feed_map: &'static str,
    pub feed_map_intro: &'static str,
    pub feed_site: &'static str,
    pub new_version: &'static str,
    pub reload: &'static str,
    pub not_now: &'static str,
    pub save_offline: &'static str,
    pub saved_offline: &'static str,
    pub unsaved_offline: &'static str,
    pub save_failed: &'static str,
    pub saved_full: &'static str,
    pub remove: &'static str,
    pub saved_title: &'static str,
    pub saved_intro: &'static str,
    pub saved_empty: &'static str,
    pub saved_needs_js: &'static str,
    pub offline_badge: &'static str,
    pub offline_page_title: &'static str,
    pub offline_page_text: &'static str,
}

/// The strings for a BCP 47 language tag: Chinese for any `zh` tag, English otherwise.
pub fn strings_for(language: &str) -> &'static Strings {
    let tag = language.to_ascii_lowercase();
    let parts: Vec<&str> = tag.split(['-', '_']).collect();
    if parts.first() != Some(&"zh") {
        return &EN;
    }
    // The script when the tag names it (zh-Hans-HK, zh-Hant), else the region's usual one.
    let has = |p: &str| parts.contains(&p);
    let traditional = has("hant") || (!has("hans") && ["tw", "hk", "mo"].into_iter().any(has));
    if traditional {
        &ZH_HANT
    } else {
        &ZH
    }
}

/// A language's name in its own words, for labels: `中文`, `English`, else the tag.
pub fn language_name(tag: &str) -> String {
    let primary = tag.split('-').next().unwrap_or("").to_ascii_lowercase();
    match primary.as_str() {
        "zh" => "中文".into(),
        "en" => "English".into(),
        "ja" => "日本語".into(),
        "ko" => "한국어".into(),
        "fr" => "Français".into(),
        "de" => "Deutsch".into(),
        "es" => "Español".into(),
        _ => tag.to_string(),
    }
}

/// Fills each `{}` in `template` with the next argument.
pub fn fill(template: &str, args: &[&dyn std::fmt::Display]) -> String {
    let mut out = String::with_capacity(template.len() + 8);
    let mut args = args.iter();
    let mut rest = template;
    while let Some(i) = rest.find("{}") {
        out.push_str(&rest[..i]);
        if let Some(arg) = args.next() {
            out.push_str(&arg.to_string());
        }
        rest = &rest[i + 2..];
    }
    out.push_str(rest);
    out
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Formats an RFC 3339 timestamp for readers of a site in `zone` (IANA), on its clock:
/// `2026年11月28日 09:30` or `28 November 2026, 09:30`. A time the zone cannot place is
/// shown as written; unparseable input as is.
pub fn format_datetime(timestamp: &str, zone: &str, strings: &Strings) -> String {
    match wall_clock(timestamp, zone) {
        Some(w) if strings.lang.starts_with("zh") => format!(
            "{}年{}月{}日 {:02}:{:02}",
            w.year, w.month, w.day, w.hour, w.minute
        ),
        Some(w) => format!(
            "{} {} {}, {:02}:{:02}",
            w.day,
            month_name(w.month),
            w.year,
            w.hour,
            w.minute
        ),
        None => timestamp.to_string(),
    }
}

/// Just the date part, for listings.
pub fn format_date(timestamp: &str, zone: &str, strings: &Strings) -> String {
    match wall_clock(timestamp, zone) {
        Some(w) if strings.lang.starts_with("zh") => {
            format!("{}年{}月{}日", w.year, w.month, w.day)
        }
        Some(w) => format!("{} {} {}", w.day, month_name(w.month), w.year),
        None => timestamp.to_string(),
    }
}

/// A month of the archive: `2026年3月` or `March 2026`.
pub fn format_month(year: u16, month: u8, strings: &Strings) -> String {
    if strings.lang.starts_with("zh") {
        format!("{year}年{month}月")
    } else {
        format!("{} {year}", month_name(u32::from(month)))
    }
}

/// The English name of month `m` (1–12; `wall_clock` checked the range).
fn month_name(m: u32) -> &'static str {
    MONTHS
        .get(m.wrapping_sub(1) as usize)
        .copied()
        .unwrap_or("")
}

/// A count as the language writes it: `12,345`, or in Chinese `1.2万` from 10,000 on and
/// `3.4亿` from 10⁸ on (one decimal, rounded down so a count is never overstated).
pub fn format_count_in(n: u64, t: &Strings) -> String {
    let Some((wan, yi)) = t.large_units.filter(|_| n >= 10_000) else {
        return format_count(n);
    };
    let (unit, name) = if n >= 100_000_000 {
        (100_000_000, yi)
    } else {
        (10_000, wan)
    };
    let tenths = n / (unit / 10);
    match tenths % 10 {
        0 => format!("{}{name}", tenths / 10),
        d => format!("{}.{d}{name}", tenths / 10),
    }
}

/// Formats a count with thousands separators: `12,345`.
pub fn format_count(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traditional_chinese_sites_get_traditional_strings() {
        for tag in ["zh-TW", "zh-HK", "zh-MO", "zh-Hant", "zh-Hant-CN", "zh_tw"] {
            assert_eq!(strings_for(tag).lang, "zh-Hant", "{tag}");
        }
        for tag in ["zh", "zh-CN", "zh-SG", "zh-Hans-HK"] {
            assert_eq!(strings_for(tag).lang, "zh-CN", "{tag}");
        }
        assert_eq!(strings_for("zh-Hans-HK").home, "首页");
        assert_eq!(ZH_HANT.home, "首頁");
    }

    #[test]
    fn chinese_sites_get_chinese_strings() {
        assert_eq!(strings_for("zh-CN").lang, "zh-CN");
        assert_eq!(strings_for("zh-Hans").lang, "zh-CN");
        assert_eq!(strings_for("en-GB").lang, "en");
        assert_eq!(strings_for("").lang, "en");
    }

    #[test]
    fn times_are_shown_on_the_site_zones_clock_whatever_offset_they_carry() {
        for case in crate::zone::cases::CASES {
            let (ts, zone) = (case.timestamp, case.zone);
            assert_eq!(format_datetime(ts, zone, &ZH), case.zh, "{ts} in {zone}");
            assert_eq!(format_datetime(ts, zone, &EN), case.en, "{ts} in {zone}");
        }
    }

    #[test]
    fn dates_are_the_day_on_the_site_zones_clock() {
        let ts = "2026-11-28T02:00:00+08:00";
        assert_eq!(format_date(ts, "Asia/Shanghai", &EN), "28 November 2026");
        assert_eq!(format_date(ts, "America/New_York", &EN), "27 November 2026");
        assert_eq!(
            format_date(ts, "America/New_York", &ZH_HANT),
            "2026年11月27日"
        );
        assert_eq!(format_date("soon", "UTC", &ZH), "soon");
    }

    #[test]
    fn malformed_timestamps_are_shown_as_given_not_panicked_on() {
        for bad in [
            "",
            "2026",
            "2026-13-01T00:00",
            "yesterday",
            "2026-11-28T2",
            "2026-1１-28T00:00Z",
        ] {
            assert_eq!(format_datetime(bad, "Asia/Shanghai", &EN), bad);
        }
    }

    #[test]
    fn the_navigation_announcement_uses_each_languages_punctuation() {
        assert_eq!(fill(ZH.loaded, &[&"渡轮"]), "已打开：渡轮");
        assert_eq!(fill(EN.loaded, &[&"Ferry"]), "Opened: Ferry");
    }

    #[test]
    fn fill_replaces_placeholders_in_order() {
        assert_eq!(
            fill(ZH.date_range, &[&"10月3日", &"10月17日"]),
            "10月3日至10月17日"
        );
        assert_eq!(fill("{} and {}", &[&1]), "1 and ");
    }

    #[test]
    fn chinese_counts_large_numbers_in_wan_and_yi() {
        let zh = |n| format_count_in(n, &ZH);
        assert_eq!(zh(9_999), "9,999");
        assert_eq!(
            (zh(10_000), zh(12_345), zh(19_999)),
            ("1万".into(), "1.2万".into(), "1.9万".into())
        );
        assert_eq!(
            (zh(1_500_000), zh(99_999_999)),
            ("150万".into(), "9999.9万".into())
        );
        assert_eq!(
            (zh(100_000_000), zh(345_000_000)),
            ("1亿".into(), "3.4亿".into())
        );
        assert_eq!(format_count_in(12_345, &ZH_HANT), "1.2萬");
        assert_eq!(format_count_in(12_345, &EN), "12,345");
    }

    #[test]
    fn counts_get_thousands_separators() {
        assert_eq!(format_count(0), "0");
        assert_eq!(format_count(999), "999");
        assert_eq!(format_count(1234567), "1,234,567");
    }

    #[test]
    fn both_languages_have_every_string() {
        // A missing translation would show as an empty string to readers.
        for strings in [&ZH, &ZH_HANT, &EN] {
            let all = format!("{strings:?}");
            assert!(!all.contains("\"\""), "{all}");
        }
        // Each table fills the same placeholders, string for string.
        let holes = |s: &Strings| {
            let units = format!("{:?}", s.large_units);
            let all = format!("{s:?}").replace(&units, "");
            // Debug escapes quotes inside values, so `", ` ends a field.
            all.split("\", ")
                .map(|f| f.matches("{}").count())
                .collect::<Vec<_>>()
        };
        assert_eq!(holes(&ZH), holes(&EN));
        assert_eq!(holes(&ZH_HANT), holes(&EN));
    }
}
