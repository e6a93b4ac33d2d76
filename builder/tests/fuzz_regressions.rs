//! Replays every input kept in `fuzz/regressions/<target>/` (crashes the fuzzers found,
//! and seeds) through the fuzz targets' properties, so a fixed crash stays fixed.

#[allow(dead_code)]
#[path = "../../fuzz/props.rs"]
mod props;

use std::path::Path;

fn replay(target: &str, check: fn(&[u8])) -> usize {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../fuzz/regressions")
        .join(target);
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.unwrap().path();
        let data = std::fs::read(&path).unwrap();
        if std::panic::catch_unwind(|| check(&data)).is_err() {
            panic!("fuzz regression {} fails again", path.display());
        }
        n += 1;
    }
    n
}

#[test]
fn front_matter_regressions_still_pass() {
    assert!(replay("frontmatter", props::frontmatter) > 0);
}

#[test]
fn sanitiser_regressions_still_pass() {
    assert!(replay("markdown", props::markdown) > 0);
}

#[test]
fn feed_import_regressions_still_pass() {
    assert!(replay("feed", props::feed) > 0);
}

#[test]
fn model_decoding_regressions_still_pass() {
    assert!(replay("model", props::model) > 0);
}

#[test]
fn the_html_property_catches_what_it_must() {
    for bad in [
        "<script>x</script>",
        "<img src=\"x\" onerror=\"y\">",
        "<a href=\"javascript:x\">a</a>",
        "<a href=\" JaVa\tscript:x\">a</a>",
        "<a href=\"data:text/html,x\">a</a>",
        "<p style=\"x\">",
        "<svg></svg>",
    ] {
        assert!(
            std::panic::catch_unwind(|| props::assert_safe_html(bad)).is_err(),
            "{bad}"
        );
    }
    props::assert_safe_html(
        "<p>a &lt;script&gt; javascript:x</p><a href=\"https://x.org/a:b\" rel=\"noopener\">l</a><a href=\"../rel\">r</a>",
    );
}
