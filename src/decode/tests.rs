//! The readers against the model's serde derives, over `serde_json::Value` (the browser's
//! `JsValue` side is checked in `src/browser_tests.rs`).

use super::*;
use crate::fixtures;
use crate::route::Page;
use serde::de::DeserializeOwned;
use serde_json::{json, Value};

/// Reads `doc` with `read` and with serde, and insists both agree.
fn both<T: DeserializeOwned + PartialEq + std::fmt::Debug>(
    doc: &Value,
    read: fn(&Value) -> Read<T>,
) -> Read<T> {
    let ours = read(doc);
    let serde = serde_json::from_value::<T>(doc.clone());
    match (&ours, &serde) {
        (Ok(a), Ok(b)) => assert_eq!(a, b, "{doc}"),
        (Err(_), Err(_)) => {}
        _ => panic!("reader {ours:?} but serde {serde:?} for {doc}"),
    }
    ours
}

fn listing_of(listing: Listing) -> ListingPage {
    ListingPage {
        listing,
        ..fixtures::listing(Page::Number(2))
    }
}

#[test]
fn every_document_the_builder_writes_reads_back_as_serde_reads_it() {
    let mut site = fixtures::site("https://example.org/news/", "zh-CN");
    site.logo = Some(fixtures::photo());
    site.licences.icp = "沪ICP备12345678号-1".into();
    site.labels.views = "点击 {} 次".into();
    both(&serde_json::to_value(&site).unwrap(), site_doc).unwrap();
    both(&serde_json::to_value(fixtures::article()).unwrap(), article).unwrap();
    both(&serde_json::to_value(fixtures::home()).unwrap(), home).unwrap();
    for listing in [
        Listing::Latest,
        fixtures::listing(Page::Newest).listing,
        Listing::Tag {
            slug: "ai".into(),
            name: "AI".into(),
        },
        Listing::Month {
            year: 2026,
            month: 11,
        },
        Listing::Author {
            slug: "lin-wei".into(),
            name: "Lin Wei".into(),
        },
    ] {
        let page = serde_json::to_value(listing_of(listing)).unwrap();
        both(&page, listing_page).unwrap();
    }
    // The own URL's document carries the totals; a numbered page carries its number.
    for page in [Page::Newest, Page::Number(1), Page::Number(3)] {
        let doc = serde_json::to_value(fixtures::listing(page)).unwrap();
        both(&doc, listing_page).unwrap();
    }
    let map = SiteMap {
        sections: vec![SiteMapSection {
            section: site.sections[0].clone(),
            count: 7,
        }],
        months: vec![MonthCount {
            year: 2026,
            month: 1,
            count: 7,
        }],
        tags: fixtures::article().tags,
        people: fixtures::article().people,
    };
    both(&serde_json::to_value(&map).unwrap(), site_map).unwrap();
    let chunk = vec![fixtures::summary("a", "A"), fixtures::summary("b", "B")];
    let with_gap = json!([chunk[0], null, chunk[1]]);
    let read = chunk.into_iter().map(Some).collect::<Vec<_>>();
    assert_eq!(
        summaries(&serde_json::to_value(&read).unwrap()),
        Ok(read.clone())
    );
    let gapped = summaries(&with_gap).unwrap();
    assert_eq!((gapped.len(), &gapped[0], &gapped[1]), (3, &read[0], &None));
    assert!(summaries(&json!([1])).is_err());
}

fn site_doc(node: &Value) -> Read<Site> {
    site(node)
}

#[test]
fn older_documents_without_the_optional_fields_still_read() {
    let article_doc = json!({"slug": "a", "section": "s", "title": "t", "summary": "",
        "published": "2026-01-02T03:04:05+08:00", "body_html": "<p>x</p>", "reading_minutes": 1});
    let a = both(&article_doc, article).unwrap();
    assert_eq!((a.views, a.lead, a.people.len()), (None, None, 0));
    let map = both(
        &json!({"sections": [{"section": {"slug": "s", "name": "S"}}], "tags": []}),
        site_map,
    )
    .unwrap();
    assert_eq!((map.sections[0].count, map.months.len()), (0, 0));
    let site_doc_v0 = json!({"title": "T", "description": "", "base_url": "https://e.org/",
        "language": "en", "time_zone": "UTC", "sections": [], "page_size": 10,
        "publisher": {"name": "P", "address": "", "contact": ""}, "copyright": ""});
    let s = both(&site_doc_v0, site_doc).unwrap();
    assert!(s.labels.is_empty() && s.licences.is_empty() && s.logo.is_none());
    // Without the flag, timestamps are converted to the zone's clock.
    assert!(!s.timestamps_in_zone);
    assert_eq!(s.clock_zone(), "UTC");
    let mut flagged = site_doc_v0.clone();
    flagged["timestamps_in_zone"] = json!(true);
    let s = both(&flagged, site_doc).unwrap();
    assert!(s.timestamps_in_zone);
    assert_eq!(s.clock_zone(), "");
    flagged["timestamps_in_zone"] = json!("yes");
    assert_eq!(
        both(&flagged, site_doc),
        Err(Malformed("timestamps_in_zone"))
    );
    let thumb = json!({"src": "m.jpg", "alt": "", "width": 1, "height": 2});
    let item = json!({"slug": "a", "section": "s", "title": "t", "summary": "", "published": "x",
        "thumbnail": thumb});
    assert_eq!(
        summaries(&json!([item])).unwrap()[0]
            .as_ref()
            .unwrap()
            .thumbnail
            .as_ref()
            .unwrap()
            .variants,
        None
    );
}

#[test]
fn unknown_fields_are_ignored_and_null_reads_as_absent() {
    let mut doc = serde_json::to_value(fixtures::article()).unwrap();
    doc["added_in_v9"] = json!({"anything": [1, 2]});
    doc["lead"] = Value::Null;
    let a = both(&doc, article).unwrap();
    assert_eq!(a.lead, None);
}

#[test]
fn a_field_missing_or_of_the_wrong_type_is_malformed_and_named() {
    let good = serde_json::to_value(fixtures::article()).unwrap();
    let cases = [
        ("title", json!(5), "title"),
        ("reading_minutes", json!(1.5), "reading_minutes"),
        ("reading_minutes", json!(-1), "reading_minutes"),
        ("reading_minutes", json!("3"), "reading_minutes"),
        ("views", json!(true), "views"),
        ("tags", json!({"slug": "x"}), "tags"),
        ("tags", json!([{"slug": "x"}]), "name"),
        ("lead", json!("media/x.jpg"), "lead"),
        ("body_html", Value::Null, "body_html"),
    ];
    for (field, value, named) in cases {
        let mut doc = good.clone();
        doc[field] = value;
        assert_eq!(both(&doc, article), Err(Malformed(named)), "{field}");
    }
    let mut doc = good.clone();
    doc.as_object_mut().unwrap().remove("slug");
    assert_eq!(both(&doc, article), Err(Malformed("slug")));
    for doc in [json!([]), json!("x"), json!(1), Value::Null] {
        assert_eq!(both(&doc, article), Err(Malformed("article")), "{doc}");
    }
    let mut page = serde_json::to_value(fixtures::listing(Page::Newest)).unwrap();
    page["listing"]["kind"] = json!("weekly");
    assert_eq!(both(&page, listing_page), Err(Malformed("kind")));
    page["listing"] = json!({"kind": "month", "year": 2026, "month": 300});
    assert_eq!(both(&page, listing_page), Err(Malformed("month")));
}

#[test]
fn a_malformed_error_reads_as_the_field_it_names() {
    assert_eq!(
        Malformed("title").to_string(),
        "`title` is missing or of the wrong type"
    );
}
