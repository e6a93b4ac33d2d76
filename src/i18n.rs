//! The app's own words, in the site's language, and date formatting without a
//! time zone database (timestamps already carry the site's offset).

/// UI strings for one language.
#[derive(Debug, PartialEq, Eq)]
pub struct Strings {
    pub lang: &'static str,
    pub skip_to_content: &'static str,
    pub home: &'static str,
    pub menu: &'static str,
    pub sections: &'static str,
    pub you_are_here: &'static str,
    pub latest: &'static str,
    pub lead_story: &'static str,
    pub more_in: &'static str,
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
    pub page_of: &'static str,
    pub articles_count: &'static str,
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

pub const ZH: Strings = Strings {
    lang: "zh-CN",
    skip_to_content: "跳到正文",
    home: "首页",
    menu: "栏目",
    sections: "栏目导航",
    you_are_here: "当前位置",
    latest: "最新",
    lead_story: "头条",
    more_in: "更多",
    tag: "标签",
    published: "发布",
    updated: "更新",
    views: "浏览",
    reading_time: "阅读约 {} 分钟",
    writers: "文",
    photographers: "摄影",
    editors: "编辑",
    tags: "标签",
    previous_article: "上一篇",
    next_article: "下一篇",
    related: "相关报道",
    pagination: "分页",
    newer: "上一页",
    older: "下一页",
    page_of: "第 {} 页，共 {} 页",
    articles_count: "共 {} 篇",
    site_map: "网站地图",
    rss_feed: "RSS 订阅",
    address: "地址",
    contact: "联系",
    no_articles: "这里还没有文章。",
    loading: "正在加载",
    loaded: "已打开：{}",
    retry: "重试",
    retry_in: "{} 秒后可重试",
    back_home: "返回首页",
    not_found_title: "找不到这个页面",
    not_found_text: "网址可能有误，或者文章已经移除。",
    offline_title: "网络连接中断",
    timeout_title: "网站响应太慢",
    timeout_text: "等了很久仍没有收到内容。请稍后重试。",
    offline_text: "暂时无法连接到网站。请检查网络后重试。",
    server_title: "服务器暂时出了问题",
    server_text: "网站暂时无法提供这部分内容（错误 {}）。请稍后重试。",
    bad_data_title: "内容无法显示",
    bad_data_text: "收到的内容数据有误。请重试；如果问题依旧，请告知我们。",
    search: "搜索",
    search_label: "站内搜索",
    search_placeholder: "搜索新闻",
    search_title: "搜索",
    search_prompt: "输入要查找的字词：中文词语、名称或英文单词均可。",
    search_results: "共找到 {} 篇与“{}”相关的文章",
    search_none: "没有找到与“{}”相关的文章。换个词试试，或者少用几个词。",
    search_needs_js: "搜索需要在浏览器中启用 JavaScript。没有 JavaScript 时，可以通过网站地图或订阅源浏览全部文章：",
    search_more: "更多结果",
    search_all_sections: "全部栏目",
    search_all_languages: "全部语言",
    search_section: "栏目",
    search_language: "语言",
    search_not_found: "要不要搜索一下这个网址里的词？",
    feeds: "订阅源",
    feed_map: "RSS 地图",
    feed_map_intro: "每个订阅源都有最新 20 篇文章的全文。RSS、Atom 和 JSON Feed 三种格式内容相同，选你的阅读器支持的一种。",
    feed_site: "全站最新",
    new_version: "本站有新版本。",
    reload: "重新加载",
    not_now: "稍后",
    save_offline: "离线保存",
    saved_offline: "已保存，没有网络时也能阅读。",
    unsaved_offline: "已从离线保存中移除。",
    save_failed: "没能保存：请联网后重试。",
    saved_full: "保存的文章已满：请先移除几篇。",
    remove: "移除",
    saved_title: "离线保存的文章",
    saved_intro: "这些文章保存在这台设备上，没有网络时也能打开。",
    saved_empty: "还没有保存文章。在文章页点“离线保存”即可。",
    saved_needs_js: "离线保存需要在浏览器中启用 JavaScript。",
    offline_badge: "离线",
    offline_page_title: "现在没有网络",
    offline_page_text: "这个页面还没有保存在这台设备上。联网后再试，或者阅读已保存的文章：",
};

pub const EN: Strings = Strings {
    lang: "en",
    skip_to_content: "Skip to content",
    home: "Home",
    menu: "Sections",
    sections: "Sections",
    you_are_here: "You are here",
    latest: "Latest",
    lead_story: "Top story",
    more_in: "More",
    tag: "Tag",
    published: "Published",
    updated: "Updated",
    views: "Views",
    reading_time: "{} min read",
    writers: "By",
    photographers: "Photos",
    editors: "Editor",
    tags: "Tags",
    previous_article: "Previous",
    next_article: "Next",
    related: "Related",
    pagination: "Pages",
    newer: "Newer",
    older: "Older",
    page_of: "Page {} of {}",
    articles_count: "{} articles",
    site_map: "Site map",
    rss_feed: "RSS feed",
    address: "Address",
    contact: "Contact",
    no_articles: "No articles here yet.",
    loading: "Loading",
    loaded: "Opened: {}",
    retry: "Try again",
    retry_in: "Try again in {} s",
    back_home: "Back to the front page",
    not_found_title: "Page not found",
    not_found_text: "The address may be mistyped, or the article has been removed.",
    offline_title: "You seem to be offline",
    timeout_title: "The site is taking too long",
    timeout_text: "We waited, but the content did not arrive. Please try again shortly.",
    offline_text: "We could not reach the site. Check your connection and try again.",
    server_title: "The server had a problem",
    server_text:
        "The site could not deliver this part right now (error {}). Please try again shortly.",
    bad_data_title: "This content cannot be shown",
    bad_data_text:
        "The data we received was damaged. Try again; if it keeps happening, let us know.",
    search: "Search",
    search_label: "Search this site",
    search_placeholder: "Search the news",
    search_title: "Search",
    search_prompt: "Type the words you are looking for: names, places, or a phrase in quotes.",
    search_results: "{} articles found for “{}”",
    search_none: "No articles found for “{}”. Try other words, or fewer of them.",
    search_needs_js: "Search needs JavaScript in your browser. Without it, you can browse every article through the site map or the feeds:",
    search_more: "More results",
    search_all_sections: "All sections",
    search_all_languages: "All languages",
    search_section: "Section",
    search_language: "Language",
    search_not_found: "Search for the words of this address instead?",
    feeds: "Feeds",
    feed_map: "Feeds",
    feed_map_intro: "Each feed carries the latest 20 articles in full. RSS, Atom and JSON Feed hold the same: pick the one your reader supports.",
    feed_site: "All the latest",
    new_version: "A new version of this site is available.",
    reload: "Reload",
    not_now: "Not now",
    save_offline: "Save for offline",
    saved_offline: "Saved: you can read it without a connection.",
    unsaved_offline: "Removed from your saved articles.",
    save_failed: "Could not save it: try again when you are online.",
    saved_full: "Your saved list is full: remove an article first.",
    remove: "Remove",
    saved_title: "Saved articles",
    saved_intro: "These articles are kept on this device, so they open without a connection.",
    saved_empty: "No saved articles yet. Use “Save for offline” on an article.",
    saved_needs_js: "Saving articles for offline reading needs JavaScript in your browser.",
    offline_badge: "Offline",
    offline_page_title: "You are offline",
    offline_page_text: "This page is not saved on this device. Try again when you are online, or read your saved articles:",
};

/// The strings for a BCP 47 language tag: Chinese for any `zh` tag, English otherwise.
pub fn strings_for(language: &str) -> &'static Strings {
    if language.to_ascii_lowercase().starts_with("zh") {
        &ZH
    } else {
        &EN
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

/// Formats an RFC 3339 timestamp as written (in the site's offset) for readers:
/// `2026年11月28日 09:30` or `28 November 2026, 09:30`. Unparseable input is shown as is.
pub fn format_datetime(timestamp: &str, strings: &Strings) -> String {
    match parse_local(timestamp) {
        Some((y, m, d, hh, mm)) if strings.lang.starts_with("zh") => {
            format!("{y}年{m}月{d}日 {hh:02}:{mm:02}")
        }
        Some((y, m, d, hh, mm)) => format!("{d} {} {y}, {hh:02}:{mm:02}", month_name(m)),
        None => timestamp.to_string(),
    }
}

/// Just the date part, for listings.
pub fn format_date(timestamp: &str, strings: &Strings) -> String {
    match parse_local(timestamp) {
        Some((y, m, d, ..)) if strings.lang.starts_with("zh") => format!("{y}年{m}月{d}日"),
        Some((y, m, d, ..)) => format!("{d} {} {y}", month_name(m)),
        None => timestamp.to_string(),
    }
}

/// The English name of month `m` (1–12; `parse_local` checked the range).
fn month_name(m: u32) -> &'static str {
    MONTHS
        .get(m.wrapping_sub(1) as usize)
        .copied()
        .unwrap_or("")
}

fn parse_local(ts: &str) -> Option<(u32, u32, u32, u32, u32)> {
    let num = |range: std::ops::Range<usize>| ts.get(range)?.parse::<u32>().ok();
    let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (hh, mm) = (num(11..13)?, num(14..16)?);
    let well_formed = ts.get(4..5) == Some("-")
        && ts.get(7..8) == Some("-")
        && matches!(ts.get(10..11), Some("T") | Some(" "))
        && ts.get(13..14) == Some(":");
    (well_formed && (1..=12).contains(&m) && (1..=31).contains(&d) && hh < 24 && mm < 60)
        .then_some((y, m, d, hh, mm))
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
    fn chinese_sites_get_chinese_strings() {
        assert_eq!(strings_for("zh-CN").lang, "zh-CN");
        assert_eq!(strings_for("zh-Hans").lang, "zh-CN");
        assert_eq!(strings_for("en-GB").lang, "en");
        assert_eq!(strings_for("").lang, "en");
    }

    #[test]
    fn datetime_is_shown_in_the_offset_it_was_written_in() {
        let ts = "2026-11-28T09:05:00+08:00";
        assert_eq!(format_datetime(ts, &ZH), "2026年11月28日 09:05");
        assert_eq!(format_datetime(ts, &EN), "28 November 2026, 09:05");
        assert_eq!(format_date(ts, &EN), "28 November 2026");
    }

    #[test]
    fn malformed_timestamps_are_shown_as_given_not_panicked_on() {
        for bad in ["", "2026", "2026-13-01T00:00", "yesterday", "2026-11-28T2"] {
            assert_eq!(format_datetime(bad, &EN), bad);
        }
    }

    #[test]
    fn the_navigation_announcement_uses_each_languages_punctuation() {
        assert_eq!(fill(ZH.loaded, &[&"渡轮"]), "已打开：渡轮");
        assert_eq!(fill(EN.loaded, &[&"Ferry"]), "Opened: Ferry");
    }

    #[test]
    fn fill_replaces_placeholders_in_order() {
        assert_eq!(fill(ZH.page_of, &[&2, &7]), "第 2 页，共 7 页");
        assert_eq!(fill("{} and {}", &[&1]), "1 and ");
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
        let zh = format!("{ZH:?}");
        let en = format!("{EN:?}");
        assert!(!zh.contains("\"\""), "{zh}");
        assert!(!en.contains("\"\""), "{en}");
    }
}
