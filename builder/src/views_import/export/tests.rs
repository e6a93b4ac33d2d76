//! The export shapes of common analytics tools, and the rows they must give.

use super::*;

fn rows(text: &str) -> Vec<(String, u64)> {
    rows_of(text.as_bytes())
}

fn rows_of(bytes: &[u8]) -> Vec<(String, u64)> {
    parse(Path::new("export.csv"), bytes)
        .unwrap_or_else(|e| panic!("{e:?}"))
        .into_iter()
        .map(|r| (r.page, r.count))
        .collect()
}

fn problems(text: &str) -> Vec<String> {
    match parse(Path::new("export.csv"), text.as_bytes()) {
        Ok(rows) => panic!("expected problems, got {rows:?}"),
        Err(ps) => ps.iter().map(|p| p.to_string()).collect(),
    }
}

fn pair(page: &str, count: u64) -> (String, u64) {
    (page.to_string(), count)
}

#[test]
fn a_google_analytics_export_skips_its_comments_and_totals_row() {
    let ga4 = "# ----------------------------------------\n\
        # Pages and screens: Page path and screen class\n\
        # Account: Harbour City\n\
        # Start date: 20261101\n\
        # End date: 20261130\n\
        # ----------------------------------------\n\
        \n\
        Page path and screen class,Views,Active users,Views per active user,Average engagement time\n\
        ,\"12,345\",4567,2.7,51.2\n\
        /,\"5,000\",3000,1.6,20.1\n\
        /city/new-ferry-line/,\"1,234\",800,1.5,71.0\n";
    assert_eq!(
        rows(ga4),
        vec![pair("/", 5000), pair("/city/new-ferry-line/", 1234)]
    );
}

#[test]
fn a_plausible_export_takes_pageviews_not_visitors() {
    let plausible = "name,visitors,pageviews,bounce_rate,time_on_page\n\
        /city/new-ferry-line,310,402,48,62\n\
        /sport/dragon-boat,20,21,80,12\n";
    assert_eq!(
        rows(plausible),
        vec![
            pair("/city/new-ferry-line", 402),
            pair("/sport/dragon-boat", 21)
        ]
    );
}

#[test]
fn matomo_and_umami_exports_are_understood() {
    let matomo = "label,nb_visits,nb_hits,sum_time_spent\n/city/new-ferry-line,9,12,300\n";
    assert_eq!(rows(matomo), vec![pair("/city/new-ferry-line", 12)]);
    let umami = "x,y\n/city/new-ferry-line,7\n";
    assert_eq!(rows(umami), vec![pair("/city/new-ferry-line", 7)]);
}

#[test]
fn chinese_headers_and_a_bracketed_note_name_the_columns() {
    let baidu = "受访页面,浏览量(PV),访客数(UV)\nhttps://example.org/city/new-ferry-line/,88,60\n";
    assert_eq!(
        rows(baidu),
        vec![pair("https://example.org/city/new-ferry-line/", 88)]
    );
    let chinese = "页面路径,访问次数,浏览次数\n/city/a/,3,5\n";
    assert_eq!(rows(chinese), vec![pair("/city/a/", 5)]);
    let mixed_case = "URL;PV\n/city/a/;9\n";
    assert_eq!(rows(mixed_case), vec![pair("/city/a/", 9)]);
}

#[test]
fn without_a_header_the_first_column_is_the_page_and_the_second_the_count() {
    assert_eq!(
        rows("/city/a/,12\nb,3\n"),
        vec![pair("/city/a/", 12), pair("b", 3)]
    );
    assert_eq!(rows("a\t1\nb\t2\n"), vec![pair("a", 1), pair("b", 2)]);
}

#[test]
fn counts_may_be_grouped_by_thousands_or_written_with_zero_decimals() {
    let text = "page,views\na,\"1,234\"\nb,1234.0\nc,\"1,234,567.00\"\nd, 7 \ne,1 000\n";
    assert_eq!(
        rows(text),
        vec![
            pair("a", 1234),
            pair("b", 1234),
            pair("c", 1_234_567),
            pair("d", 7),
            pair("e", 1000)
        ]
    );
}

#[test]
fn totals_rows_and_blank_lines_are_skipped() {
    let text = "page,views\n\na,1\nTotal,99\n总计,99\n合计,99\n,99\n\n  \nb,2\n";
    assert_eq!(rows(text), vec![pair("a", 1), pair("b", 2)]);
}

#[test]
fn a_bad_count_is_reported_with_its_line_and_value() {
    let errors = problems("page,views\na,1\nb,12.5\nc,-3\nd,\"12,34\"\ne,lots\nf\n");
    assert_eq!(errors.len(), 5, "{errors:?}");
    assert!(errors[0].starts_with("export.csv:3: `12.5`"), "{errors:?}");
    assert!(errors[1].starts_with("export.csv:4: `-3`"), "{errors:?}");
    assert!(errors[2].starts_with("export.csv:5: `12,34`"), "{errors:?}");
    assert!(errors[3].starts_with("export.csv:6: `lots`"), "{errors:?}");
    assert!(errors[4].starts_with("export.csv:7: ``"), "{errors:?}");
}

#[test]
fn lines_are_counted_in_the_file_comments_included() {
    let errors = problems("# comment\n# another\npage,views\na,x\n");
    assert!(errors[0].starts_with("export.csv:4:"), "{errors:?}");
}

#[test]
fn an_unknown_header_reads_as_a_bad_first_row_with_a_hint() {
    let errors = problems("Seite,Aufrufe\n/a/,1\n");
    assert!(
        errors[0].starts_with("export.csv:1: `Aufrufe`"),
        "{errors:?}"
    );
    assert!(errors[0].contains("name its columns page and views"));
}

#[test]
fn a_header_with_only_one_known_column_says_which_is_missing() {
    let errors = problems("page,visitors\n/a/,1\n");
    assert!(errors[0].starts_with("export.csv:1:"), "{errors:?}");
    assert!(errors[0].contains("no column of view counts"), "{errors:?}");
}

#[test]
fn utf16_with_a_bom_and_a_gbk_spreadsheet_export_are_decoded() {
    let text = "页面,浏览量\n/city/a/,5\n城市首页,7\n";
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    assert_eq!(
        rows_of(&utf16),
        vec![pair("/city/a/", 5), pair("城市首页", 7)]
    );
    let mut bom8 = b"\xEF\xBB\xBF".to_vec();
    bom8.extend(text.as_bytes());
    assert_eq!(rows_of(&bom8).len(), 2);
    let long = format!("{text}港城渡轮新航线周一开通，首班船早上六点半从中环码头出发,9\n");
    let (gbk, _, _) = encoding_rs::GBK.encode(&long);
    assert_eq!(rows_of(&gbk)[1], pair("城市首页", 7));
}
