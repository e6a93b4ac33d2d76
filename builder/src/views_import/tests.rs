//! Page values to articles, and rows added up per article.

use super::*;

fn root() -> BasePath {
    BasePath::new("/")
}

fn news() -> BasePath {
    BasePath::from_url("https://example.org/news/")
}

#[test]
fn every_form_of_an_article_page_names_its_slug() {
    let ferry = Some("ferry".to_string());
    for page in [
        "https://example.org/news/city/ferry/?utm_source=x#top",
        "http://www.example.org/news/city/ferry",
        "/news/city/ferry/",
        "/city/ferry/",
        "city/ferry",
        "/news/city/ferry/index.html",
        "/city/ferry/?from=home",
        "ferry",
        " ferry ",
    ] {
        assert_eq!(article_slug(page, &news()), ferry, "{page}");
    }
    assert_eq!(article_slug("/city/ferry/", &root()), ferry);
    assert_eq!(
        article_slug("https://example.org/city/ferry/", &root()),
        ferry
    );
}

#[test]
fn pages_that_are_no_article_name_no_slug() {
    for page in [
        "/",
        "/news/",
        "https://example.org/news/",
        "/news/city/",
        "/city/page/2/",
        "/news/tag/ferry/",
        "/search/?q=ferry",
        "/feeds/",
        "/media/ferry.jpg",
        "/wp-login.php",
        "(other)",
        "城市首页",
        "/City/Ferry/",
        "",
    ] {
        assert_eq!(article_slug(page, &news()), None, "{page}");
    }
}

#[test]
fn rows_of_one_article_are_added_up_and_the_others_counted() {
    let row = |line, page: &str, count| Row {
        line,
        page: page.into(),
        count,
    };
    let rows = [
        row(2, "/news/city/ferry/", 100),
        row(3, "/news/city/ferry/?utm=mail", 20),
        row(4, "https://example.org/news/city/ferry/", 3),
        row(5, "market", 7),
        row(6, "/news/", 999),
        row(7, "/news/city/gone/", 5),
        row(8, "/news/city/also-gone/", 5),
        row(9, "/news/sport/gone-too/", 5),
        row(10, "/news/sport/and-this/", 5),
    ];
    let articles = HashSet::from(["ferry".to_string(), "market".to_string()]);
    let (counts, report) = tally(&rows, &news(), &articles);
    assert_eq!(
        counts,
        Counts::from([("ferry".to_string(), 123), ("market".to_string(), 7)])
    );
    assert_eq!(
        (report.rows, report.not_articles, report.unknown),
        (9, 1, 4)
    );
    assert_eq!(report.unknown_examples.len(), EXAMPLES);
    let warning = report.warning().unwrap();
    assert!(
        warning.contains("4 row(s)") && warning.contains("/news/city/gone/"),
        "{warning}"
    );
}
