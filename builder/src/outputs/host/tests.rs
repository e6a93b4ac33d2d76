//! Host file tests: the CSP and its script hashes, hashed names, cache rules.

use super::*;

const SHELL: &str = "<!DOCTYPE html><html><head>\n<meta charset=\"utf-8\">\n<script type=\"module\">\nimport init from '/app-0123456789abcdef.js';\nawait init();\n</script><script type=\"application/json\" id=\"x\">{}</script><script src=\"/a.js\"></script></head><body></body></html>";

fn hash(text: &str) -> String {
    base64::engine::general_purpose::STANDARD.encode(Sha256::digest(text.as_bytes()))
}

#[test]
fn only_executable_inline_scripts_are_hashed_over_their_exact_text() {
    assert_eq!(
        inline_script_hashes(SHELL),
        [hash(
            "\nimport init from '/app-0123456789abcdef.js';\nawait init();\n"
        )]
    );
    let ld = "<script type=\"application/ld+json\">{}</script><script>go()</script>";
    assert_eq!(inline_script_hashes(ld), [hash("go()")]);
}

#[test]
fn the_header_policy_forbids_framing_and_the_meta_policy_cannot_say_so() {
    let header = csp(SHELL, true);
    assert!(
        header.contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-"),
        "{header}"
    );
    assert!(header.ends_with("frame-ancestors 'none'"), "{header}");
    let meta = csp_meta(SHELL);
    assert!(!meta.contains("frame-ancestors"), "{meta}");
    assert!(meta.contains("object-src 'none'"), "{meta}");
}

#[test]
fn the_meta_policy_goes_right_after_the_charset_before_any_script() {
    let html = with_csp_meta(SHELL);
    let meta = html.find("Content-Security-Policy").unwrap();
    assert!(html.find("<meta charset").unwrap() < meta);
    assert!(meta < html.find("<script").unwrap());
    let bare = with_csp_meta("<html><head><script>x()</script></head></html>");
    assert!(bare.starts_with("<html><head><meta http-equiv"), "{bare}");
}

#[test]
fn trunk_file_names_are_recognised_as_hashed() {
    for name in [
        "broadsheet-app-2869f28d931db448.js",
        "broadsheet-app-2869f28d931db448_bg.wasm",
        "main-fce9aed995aceae0.css",
        "favicon-9a9b6c703e70704d.svg",
        // Trunk drops the hash's leading zeros.
        "broadsheet-app-d8d58d9f9009dd4.js",
        "broadsheet-app-d8d58d9f9009dd4_bg.wasm",
    ] {
        assert!(is_hashed(name), "{name}");
    }
    for name in [
        "index.html",
        "feed.xml",
        "main.css",
        "app-xyz.js",
        "sitemap-1.xml",
        "photo-2026.jpg",
        "logo-cafe.svg",
    ] {
        assert!(!is_hashed(name), "{name}");
    }
}

#[test]
fn each_path_gets_cache_control_from_one_rule_only() {
    let dir = tempfile::tempdir().unwrap();
    let bundle = tempfile::tempdir().unwrap();
    for f in ["app-0123456789abcdef.js", "index.html"] {
        std::fs::write(bundle.path().join(f), "x").unwrap();
        std::fs::write(dir.path().join(f), "x").unwrap();
    }
    for d in ["api", "city", "media", "tag"] {
        std::fs::create_dir(dir.path().join(d)).unwrap();
    }
    std::fs::write(dir.path().join("feed.xml"), "x").unwrap();
    let rules = cache_rules(dir.path(), Some(bundle.path())).unwrap();
    let text = headers_file("/news/", &rules, Some(SHELL));
    assert!(text.contains("\n/news/app-0123456789abcdef.js\n  Cache-Control: public, max-age=31536000, immutable\n"), "{text}");
    for short in [
        "/news/\n",
        "/news/api/*\n",
        "/news/city/*\n",
        "/news/feed.xml\n",
        "/news/index.html\n",
    ] {
        assert!(
            text.contains(&format!("\n{short}  Cache-Control: public, max-age=300")),
            "{short} in {text}"
        );
    }
    assert!(!text.contains("/news/media"), "{text}");
    assert_eq!(text.matches("Content-Security-Policy").count(), 1);
    let block = text.split("\n\n").next().unwrap();
    assert!(
        block.starts_with("# ") && block.contains("/news/*\n") && !block.contains("Cache-Control"),
        "{block}"
    );
}

#[test]
fn image_variants_are_cached_forever_and_other_media_keeps_the_default() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("media/_v")).unwrap();
    let rules = cache_rules(dir.path(), None).unwrap();
    let text = headers_file("/news/", &rules, None);
    assert!(
        text.contains("\n/news/media/_v/*\n  Cache-Control: public, max-age=31536000, immutable\n"),
        "{text}"
    );
    assert_eq!(text.matches("/news/media").count(), 1, "{text}");
}
