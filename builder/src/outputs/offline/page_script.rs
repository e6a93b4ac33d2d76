//! The page script (`offline-<hash>.js`) every page names: registers the worker,
//! offers a new version, marks `<html>` while offline, runs "save for offline" and
//! the saved list. A file rather than an inline script, so a reader's browser keeps one
//! copy for all pages; named by its content, so it is cached for good.

use broadsheet_app::i18n::Strings;
use broadsheet_app::links::BasePath;
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::js_literal::fill;
use super::minify::Template;
use super::worker::WORKER_FILE;

static TEMPLATE: Template = Template::new(include_str!("page.js"));

/// The words the script shows, in the site's language (from the app's strings).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct UiStrings {
    /// The new-version notice and its two buttons.
    pub available: String,
    pub reload: String,
    pub dismiss: String,
    /// What the save button's status line says after saving, removing, failing.
    pub saved: String,
    pub unsaved: String,
    pub failed: String,
    pub full: String,
    /// The saved list: a remove button, and the words when it is empty.
    pub remove: String,
    pub empty: String,
}

impl UiStrings {
    pub fn from_app(t: &Strings) -> UiStrings {
        UiStrings {
            available: t.new_version.into(),
            reload: t.reload.into(),
            dismiss: t.not_now.into(),
            saved: t.saved_offline.into(),
            unsaved: t.unsaved_offline.into(),
            failed: t.save_failed.into(),
            full: t.saved_full.into(),
            remove: t.remove.into(),
            empty: t.saved_empty.into(),
        }
    }
}

#[derive(Clone, Debug)]
pub struct PageScriptParams {
    pub base_path: BasePath,
    pub strings: UiStrings,
}

#[derive(Serialize)]
struct Config<'a> {
    base: &'a str,
    worker: String,
    text: &'a UiStrings,
}

/// The script: its file name (`offline-<16 hex>.js`, from its content) and its text.
pub fn page_script(params: &PageScriptParams) -> (String, String) {
    let config = Config {
        base: params.base_path.as_str(),
        worker: params.base_path.join(WORKER_FILE),
        text: &params.strings,
    };
    let text = fill(TEMPLATE.minified(), &config);
    let digest = Sha256::digest(text.as_bytes());
    let hex: String = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
    (format!("offline-{hex}.js"), text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outputs::offline::test_support::node_check;

    fn english() -> UiStrings {
        UiStrings::from_app(&broadsheet_app::i18n::EN)
    }

    fn script(base: &str, strings: UiStrings) -> String {
        page_script(&PageScriptParams {
            base_path: BasePath::new(base),
            strings,
        })
        .1
    }

    #[test]
    fn registers_the_worker_of_the_base_path_with_that_scope() {
        let js = script("/news/", english());
        assert!(
            js.contains(r#""base":"/news/","worker":"/news/sw.js""#),
            "{js}"
        );
    }

    #[test]
    fn is_the_same_for_the_same_site_and_comment_free() {
        let zh = || UiStrings::from_app(&broadsheet_app::i18n::ZH);
        let a = script("/", zh());
        assert_eq!(a, script("/", zh()));
        assert!(a.contains("本站有新版本。"));
        assert!(!a.lines().any(|l| l.trim_start().starts_with("//")), "{a}");
        assert!(!a.contains("__CONFIG__"));
    }

    #[test]
    fn words_are_escaped_for_an_inline_script() {
        let hostile = UiStrings {
            available: "</script><script>alert(1)</script>".into(),
            reload: "\"'`${x}".into(),
            dismiss: "\u{2028}".into(),
            ..english()
        };
        let js = script("/", hostile);
        assert!(!js.to_ascii_lowercase().contains("</script"), "{js}");
        assert!(!js.contains('\u{2028}'));
    }

    #[test]
    fn uses_no_eval_inline_handlers_or_inner_html() {
        let js = script("/", english());
        for banned in [
            "eval(",
            "innerHTML",
            "outerHTML",
            "insertAdjacentHTML",
            "onclick",
            "new Function",
            "setAttribute('style'",
            "document.write",
        ] {
            assert!(!js.contains(banned), "{banned}");
        }
    }

    #[test]
    fn the_name_follows_the_content() {
        let params = |base: &str| PageScriptParams {
            base_path: BasePath::new(base),
            strings: english(),
        };
        let (a, _) = page_script(&params("/"));
        let (b, _) = page_script(&params("/news/"));
        assert!(crate::outputs::files::is_hashed(&a), "{a}");
        assert_ne!(a, b);
        assert_eq!(a, page_script(&params("/")).0);
    }

    #[test]
    fn is_valid_javascript() {
        node_check("page.js", &script("/news/", english()));
    }
}
