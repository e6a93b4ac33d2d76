//! Values written into generated JavaScript. Everything interpolated goes through
//! [`js_literal`], so no site setting can end a string or a `<script>` element early.

use broadsheet_app::script_json::script_safe_json;
use serde::Serialize;

/// The one placeholder each JavaScript template holds, replaced by its configuration.
pub const PLACEHOLDER: &str = "__CONFIG__";

/// `value` as a JavaScript expression: JSON (a subset of JavaScript) in which `<`, `>`,
/// `&`, U+2028 and U+2029 are escaped, so no setting can end a string or a `<script>`.
/// The same escaping as the data every page embeds.
pub fn js_literal<T: Serialize>(value: &T) -> String {
    script_safe_json(value)
}

/// `template` with its [`PLACEHOLDER`] replaced by `config` as a JavaScript literal.
pub fn fill<T: Serialize>(template: &str, config: &T) -> String {
    debug_assert_eq!(template.matches(PLACEHOLDER).count(), 1);
    template.replacen(PLACEHOLDER, &js_literal(config), 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_cannot_break_out_of_a_script_or_a_string() {
        let hostile =
            "</script><script>alert(1)</script><!-- \" ' ` ${x} \\ \u{2028}\u{2029} &amp;";
        let literal = js_literal(&hostile);
        for bad in ["<", ">", "&", "\u{2028}", "\u{2029}"] {
            assert!(!literal.contains(bad), "{literal}");
        }
        let back: String = serde_json::from_str(&literal).expect("still JSON");
        assert_eq!(back, hostile);
    }

    #[test]
    fn fill_replaces_the_placeholder_once() {
        assert_eq!(
            fill("const C = __CONFIG__;", &vec!["a"]),
            "const C = [\"a\"];"
        );
    }
}
