//! The search box: in the header of every page, on the search page (with filters)
//! and on the not-found page. A plain GET form to `/search/`, so the address it
//! makes is the shareable one. In the browser the app follows any search form
//! itself, without a page load (one listener for all of them, in `browser/`).
//!
//! Its fields are written as markup (`inner_html`, every value escaped): a form's
//! inputs never change while it is shown, and markup costs the wasm far less than
//! a typed view of the same elements.

use crate::context::{use_site, SiteCtx};
use crate::i18n::language_name;
use crate::route::Route;
use html_escape::{encode_double_quoted_attribute as attr, encode_text as text};
use leptos::prelude::*;

/// Filters the search page offers: sections (from the site) and, when the index
/// holds several, languages (`""`: the site's).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Filters {
    pub section: Option<String>,
    pub language: Option<String>,
    pub languages: Vec<String>,
}

#[component]
pub fn SearchForm(
    /// The input's id: unique on the page, and the target of the `/` shortcut in the header.
    id: &'static str,
    #[prop(optional)] q: String,
    #[prop(optional)] filters: Option<Filters>,
) -> impl IntoView {
    let ctx = use_site();
    let fields = fields(&ctx, id, &q, filters.as_ref());
    view! {
        <form
            class="search-form"
            role="search"
            aria-label=ctx.t.search_label
            action=ctx.href(&Route::Search)
            method="get"
            inner_html=fields
        ></form>
    }
}

/// The form's fields: the labelled search box, its button, and the filters.
fn fields(ctx: &SiteCtx, id: &str, q: &str, filters: Option<&Filters>) -> String {
    let t = ctx.t;
    let mut html = format!(
        r#"<label class="visually-hidden" for="{id}">{label}</label><input id="{id}" type="search" name="q" value="{q}" placeholder="{placeholder}" enterkeyhint="search" autocomplete="off"><button type="submit">{search}</button>"#,
        label = text(t.search_label),
        q = attr(q),
        placeholder = attr(t.search_placeholder),
        search = text(t.search),
    );
    if let Some(f) = filters {
        let sections: Vec<(String, String)> = ctx
            .site
            .sections
            .iter()
            .map(|s| (s.slug.clone(), s.name.clone()))
            .collect();
        html.push_str(&select(
            t.search_section,
            "section",
            t.search_all_sections,
            &sections,
            f.section.as_deref(),
        ));
        if f.languages.len() > 1 {
            let languages: Vec<(String, String)> = f
                .languages
                .iter()
                .map(|l| {
                    if l.is_empty() {
                        ctx.site.language.clone()
                    } else {
                        l.clone()
                    }
                })
                .map(|tag| (tag.clone(), language_name(&tag)))
                .collect();
            html.push_str(&select(
                t.search_language,
                "lang",
                t.search_all_languages,
                &languages,
                f.language.as_deref(),
            ));
        }
    }
    html
}

/// A labelled `<select>` of `(value, name)` options after an "all" option.
fn select(
    label: &str,
    name: &str,
    all: &str,
    options: &[(String, String)],
    chosen: Option<&str>,
) -> String {
    let mut html = format!(
        r#"<label class="search-filter"><span>{}</span><select name="{name}"><option value="">{}</option>"#,
        text(label),
        text(all)
    );
    for (value, shown) in options {
        let selected = if chosen == Some(value.as_str()) {
            " selected"
        } else {
            ""
        };
        html.push_str(&format!(
            r#"<option value="{}"{selected}>{}</option>"#,
            attr(value),
            text(shown)
        ));
    }
    html.push_str("</select></label>");
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_values_stay_values() {
        let ctx = SiteCtx::new(crate::fixtures::site("https://example.org/", "en"));
        let html = fields(&ctx, "q1", r#""><script>alert(1)</script>"#, None);
        assert!(!html.contains("<script>"), "{html}");
        assert!(
            html.contains(r#"value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;""#),
            "{html}"
        );
    }

    #[test]
    fn filters_mark_the_chosen_section() {
        let ctx = SiteCtx::new(crate::fixtures::site("https://example.org/", "en"));
        let filters = Filters {
            section: Some("sports".into()),
            language: None,
            languages: vec!["".into(), "zh-CN".into()],
        };
        let html = fields(&ctx, "q1", "x", Some(&filters));
        assert!(
            html.contains(r#"<option value="sports" selected>Sports</option>"#),
            "{html}"
        );
        assert!(
            html.contains(r#"<option value="zh-CN">中文</option>"#),
            "{html}"
        );
    }
}
