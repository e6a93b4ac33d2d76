//! What the builder adds for hosts and pages: `_headers` rules for the worker and the
//! manifest, and the `<head>` tags that link them. (The policy's `worker-src` and
//! `manifest-src` are in `outputs/host`, with the rest of it.)

use std::fmt::Write as _;

use super::icons::APPLE_TOUCH_ICON;
use super::manifest::MANIFEST_FILE;
use super::worker::WORKER_FILE;
use broadsheet_app::links::BasePath;

/// Files whose `_headers` rules come from [`header_rules`]: the builder must give them
/// no `Cache-Control` rule of its own (hosts join the values of all matching rules).
pub const OWNED_FILES: [&str; 2] = [WORKER_FILE, MANIFEST_FILE];

/// One `_headers` block: a path and its headers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HeaderRule {
    pub path: String,
    pub headers: Vec<(&'static str, &'static str)>,
}

/// The worker is revalidated on every check, so a deploy reaches readers on their next
/// visit: browsers fetch a worker script past their own HTTP cache, but CDNs and
/// proxies in between go by `Cache-Control`. No
/// `Service-Worker-Allowed`: the worker sits at the top of the scope it registers.
/// The manifest gets its registered media type, which hosts do not all know.
pub fn header_rules(base_path: &BasePath) -> Vec<HeaderRule> {
    vec![
        HeaderRule {
            path: base_path.join(WORKER_FILE),
            headers: vec![("Cache-Control", "no-cache")],
        },
        HeaderRule {
            path: base_path.join(MANIFEST_FILE),
            headers: vec![
                ("Content-Type", "application/manifest+json"),
                ("Cache-Control", "public, max-age=300, must-revalidate"),
            ],
        },
    ]
}

/// [`header_rules`] as `_headers` text (Netlify, Cloudflare Pages), to append.
pub fn headers_block(base_path: &BasePath) -> String {
    let mut out = String::new();
    for rule in header_rules(base_path) {
        let _ = writeln!(out, "\n{}", rule.path);
        for (name, value) in rule.headers {
            let _ = writeln!(out, "  {name}: {value}");
        }
    }
    out
}

/// The tags for every page's `<head>`: the manifest, the Apple touch icon (when the
/// icons were drawn) and the theme colour (a CSS hex colour, so nothing needs escaping).
pub fn head_tags(base_path: &BasePath, theme_color: &str, with_icon: bool) -> String {
    let mut tags = format!(
        "<link rel=\"manifest\" href=\"{}\">",
        base_path.join(MANIFEST_FILE)
    );
    if with_icon {
        tags.push_str(&format!(
            "<link rel=\"apple-touch-icon\" href=\"{}\">",
            base_path.join(APPLE_TOUCH_ICON)
        ));
    }
    tags.push_str(&format!(
        "<meta name=\"theme-color\" content=\"{theme_color}\">"
    ));
    tags
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_cover_the_worker_and_manifest_under_the_base_path() {
        let base = BasePath::new("/news/");
        assert_eq!(
            headers_block(&base),
            "\n/news/sw.js\n  Cache-Control: no-cache\n\n/news/manifest.webmanifest\n  \
             Content-Type: application/manifest+json\n  \
             Cache-Control: public, max-age=300, must-revalidate\n"
        );
        assert!(!headers_block(&base).contains("Service-Worker-Allowed"));
    }

    #[test]
    fn head_tags_link_manifest_icon_and_colour() {
        let base = BasePath::new("/news/");
        assert_eq!(
            head_tags(&base, "#a3161a", true),
            "<link rel=\"manifest\" href=\"/news/manifest.webmanifest\">\
             <link rel=\"apple-touch-icon\" href=\"/news/apple-touch-icon.png\">\
             <meta name=\"theme-color\" content=\"#a3161a\">"
        );
        assert!(!head_tags(&base, "#a3161a", false).contains("apple-touch-icon"));
    }
}
