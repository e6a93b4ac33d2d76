//! The page script and the worker as every reader downloads them: minified by oxc
//! (names shortened, dead code, comments and spaces gone), so their comments and
//! readable names stay in the source. Templates are minified before their
//! configuration is filled in, so the escaped literal goes in as it is.

use std::sync::OnceLock;

use oxc_allocator::Allocator;
use oxc_codegen::{Codegen, CodegenOptions};
use oxc_compat::EngineTargets;
use oxc_minifier::{CompressOptions, MangleOptions, Minifier, MinifierOptions};
use oxc_parser::Parser;
use oxc_span::SourceType;

/// The newest syntax the output may use: every page loads the page script, also in
/// browsers too old for the app, where it must still parse.
const TARGET: &str = "es2020";

/// A script template and its minified text, made once per process on first use.
pub struct Template {
    source: &'static str,
    minified: OnceLock<String>,
}

impl Template {
    pub const fn new(source: &'static str) -> Template {
        Template {
            source,
            minified: OnceLock::new(),
        }
    }

    /// The text readers download, its placeholder still to be filled.
    pub fn minified(&self) -> &str {
        self.minified.get_or_init(|| minify(self.source))
    }
}

/// `template` (a classic script) minified. Its top-level names are shortened too: a
/// worker's and an IIFE's globals are read by nothing else. A template that does not
/// parse is a bug of the builder, caught by every test that renders one.
pub fn minify(template: &str) -> String {
    let allocator = Allocator::default();
    let parsed = Parser::new(&allocator, template, SourceType::script()).parse();
    assert!(
        parsed.diagnostics.is_empty() && !parsed.panicked,
        "a script template does not parse: {:?}",
        parsed.diagnostics
    );
    let mut program = parsed.program;
    let options = MinifierOptions {
        mangle: Some(MangleOptions {
            top_level: Some(true),
            ..MangleOptions::default()
        }),
        compress: Some(CompressOptions {
            target: EngineTargets::from_target(TARGET).expect("a known target"),
            ..CompressOptions::smallest()
        }),
        ..MinifierOptions::default()
    };
    let minified = Minifier::new(options).minify(&allocator, &mut program);
    Codegen::new()
        .with_options(CodegenOptions::minify())
        .with_scoping(minified.scoping)
        .build(&program)
        .code
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_comments_and_spaces_go_behaviour_and_globals_stay() {
        let js = "// a comment\nconst longName = __CONFIG__;\nfunction helper(value) {\n  return value + 1;\n}\nself.addEventListener('message', () => helper(longName.count));\n";
        let out = minify(js);
        assert!(out.len() < js.len() * 2 / 3, "{out}");
        for gone in ["comment", "longName", "helper", "value", "\n"] {
            assert!(!out.contains(gone), "{gone} in {out}");
        }
        for kept in ["__CONFIG__", "self.addEventListener", "message", ".count"] {
            assert!(out.contains(kept), "{kept} not in {out}");
        }
    }

    #[test]
    fn writes_nothing_newer_than_its_target() {
        // Compressed for ES2021+, `a = a || b` would become `a ||= b`.
        let out = minify("let a = self.x;\na = a || 1;\nself.y = a;\n");
        assert!(!out.contains("||="), "{out}");
    }
}
