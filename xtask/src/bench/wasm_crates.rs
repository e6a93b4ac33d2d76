//! What the app's bytes are, crate by crate: the release wasm through wasm-bindgen and
//! `wasm-opt -Oz -g` (Trunk's optimisation with the function names kept), then twiggy's
//! rows summed by the crate (for the app, the module) that names them. The shipped module
//! goes through more (the post-link step of `tools/shrink.mjs`), so the total is a little
//! above its raw size; the shares are what to steer by.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;

use anyhow::{bail, Context, Result};

use super::report::Report;
use crate::cmd;

/// Rows shown; the rest are summed in one.
const SHOWN: usize = 20;

/// wasm-opt's features for the app's module (those rustc enables for wasm32 today).
const FEATURES: &[&str] = &[
    "--enable-bulk-memory",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-mutable-globals",
    "--enable-reference-types",
    "--enable-multivalue",
];

/// Adds the breakdown to the report's extras, or says why it could not be made.
pub fn breakdown(root: &Path, work: &Path, report: &mut Report) {
    if let Err(err) = try_breakdown(root, work, report) {
        report.missing(format!("the wasm by crate (twiggy): {err:#}"));
    }
}

fn try_breakdown(root: &Path, work: &Path, report: &mut Report) -> Result<()> {
    let wasm = root.join("target/wasm32-unknown-unknown/release/broadsheet-app.wasm");
    if !wasm.is_file() {
        bail!("{} not found", wasm.display());
    }
    let tool = |name: &str| {
        cmd::find_tool(root, name).with_context(|| format!("{name} not found (cargo xtask setup)"))
    };
    let (bindgen, opt, twiggy) = (tool("wasm-bindgen")?, tool("wasm-opt")?, tool("twiggy")?);
    let dir = work.join("wasm-by-crate");
    cmd::fresh(&dir)?;
    let mut bind = Command::new(bindgen);
    bind.args(["--target", "web", "--out-dir"])
        .arg(&dir)
        .arg(&wasm);
    report.command(&bind);
    cmd::run(&mut bind)?;
    let named = dir.join("named.wasm");
    let mut optimise = Command::new(opt);
    optimise
        .args(["-Oz", "-g"])
        .args(FEATURES)
        .arg(dir.join("broadsheet-app_bg.wasm"))
        .arg("-o")
        .arg(&named);
    report.command(&optimise);
    cmd::run(&mut optimise)?;
    let mut top = Command::new(twiggy);
    top.args(["top", "-n", "1000000", "-f", "csv"]).arg(&named);
    report.command(&top);
    let csv = cmd::output(&mut top).context("twiggy top failed")?;
    let rows = parse_csv(&csv);
    if rows.is_empty() {
        bail!("twiggy listed nothing");
    }
    report.extras.push((
        "What the app's bytes are, by crate (twiggy)".into(),
        table(&by_crate(&rows)),
    ));
    Ok(())
}

/// `(name, shallow bytes)` of each row of `twiggy top -f csv`. Only the name can hold a
/// comma (then it is quoted, with its quotes doubled), so the numbers are read from the
/// right.
fn parse_csv(text: &str) -> Vec<(String, u64)> {
    text.lines()
        .skip(1)
        .filter_map(|line| {
            let mut fields = line.rsplitn(5, ',');
            let _ = (fields.next()?, fields.next()?, fields.next()?);
            let bytes = fields.next()?.parse().ok()?;
            let name = fields.next()?;
            let name = match name.strip_prefix('"').and_then(|n| n.strip_suffix('"')) {
                Some(quoted) => quoted.replace("\"\"", "\""),
                None => name.to_string(),
            };
            Some((name, bytes))
        })
        .collect()
}

/// What twiggy calls the module's own items (`code[12]`, `elem[0]`, `export "main"`).
const MODULE_ITEMS: &[&str] = &[
    "code", "elem", "table", "type", "global", "memory", "func", "import", "export", "start",
];
const PRIMITIVES: &[&str] = &[
    "bool", "char", "str", "u8", "u16", "u32", "u64", "u128", "usize", "i8", "i16", "i32", "i64",
    "i128", "isize", "f32", "f64",
];

/// Whom a row's bytes belong to; `None` for what is not shipped (the names section that
/// `-g` kept).
fn owner(name: &str) -> Option<String> {
    if name.contains("\"function names\" subsection") || name.starts_with("custom section") {
        return None;
    }
    if name.starts_with("data segment") {
        return Some("data: strings, UI tables, panic locations".into());
    }
    // `<tachys::html::element::HtmlElement<…> as tachys::view::Render>::build`: the type's
    // crate; `<T as …>` and `<[T] as …>`: a generic or primitive type.
    let path = name.strip_prefix('<').unwrap_or(name);
    let first = path.split([':', '<', ' ', '[']).next().unwrap_or("");
    let after = path.get(first.len()..).unwrap_or("");
    let module_item = MODULE_ITEMS.contains(&first)
        && (after.starts_with(' ')
            || after.starts_with("[") && after[1..].starts_with(|c: char| c.is_ascii_digit()));
    let is_crate = first.len() > 1
        && first.starts_with(|c: char| c.is_ascii_lowercase())
        && first.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !PRIMITIVES.contains(&first)
        && !module_item
        && first != "main";
    if !is_crate {
        return Some(match name.starts_with('<') {
            true => "generic impls (`<T as …>`), primitives".into(),
            false => "module tables, imports, exports, unnamed".into(),
        });
    }
    Some(match first {
        // The app by module: `broadsheet_app::loader`, `broadsheet_app::search`, …
        "broadsheet_app" => {
            let module = path.split("::").nth(1).unwrap_or("");
            let module = module.split(['<', '{', ' ']).next().unwrap_or("");
            match module.starts_with(|c: char| c.is_ascii_lowercase()) {
                true => format!("broadsheet_app::{module}"),
                false => "broadsheet_app".into(),
            }
        }
        "std" | "alloc" | "dlmalloc" | "talc" => "std, alloc, the allocator".into(),
        crate_name => crate_name.into(),
    })
}

/// Bytes per owner, largest first.
fn by_crate(rows: &[(String, u64)]) -> Vec<(String, u64)> {
    let mut sums: HashMap<String, u64> = HashMap::new();
    for (name, bytes) in rows {
        if let Some(owner) = owner(name) {
            *sums.entry(owner).or_default() += bytes;
        }
    }
    let mut sums: Vec<(String, u64)> = sums.into_iter().collect();
    sums.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    sums
}

fn table(sums: &[(String, u64)]) -> String {
    let kib = |bytes: u64| bytes as f64 / 1024.0;
    let total: u64 = sums.iter().map(|(_, bytes)| bytes).sum();
    let mut text = String::new();
    let _ = writeln!(
        text,
        "{:<52} {:>9} {:>6}",
        "crate (the app: by module)", "KiB raw", "share"
    );
    for (owner, bytes) in sums.iter().take(SHOWN) {
        let share = *bytes as f64 / total as f64 * 100.0;
        let _ = writeln!(text, "{owner:<52} {:>9.1} {share:>5.1}%", kib(*bytes));
    }
    if sums.len() > SHOWN {
        let rest: u64 = sums.iter().skip(SHOWN).map(|(_, bytes)| bytes).sum();
        let label = format!("{} others", sums.len() - SHOWN);
        let share = rest as f64 / total as f64 * 100.0;
        let _ = writeln!(text, "{label:<52} {:>9.1} {share:>5.1}%", kib(rest));
    }
    let _ = writeln!(
        text,
        "{:<52} {:>9.1}",
        "total (the module without names)",
        kib(total)
    );
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_read_from_the_right_and_quoted_names_unquoted() {
        let csv = "Name,ShallowSize,ShallowSizePercent,RetainedSize,RetainedSizePercent\n\
            \"\"\"function names\"\" subsection\",266052,40.6,,\n\
            \"<(A, B) as tachys::view::Render>::build::h1\",120,0.1,,\n\
            core::fmt::Formatter::pad::h2,980,0.15,,\n";
        assert_eq!(
            parse_csv(csv),
            [
                ("\"function names\" subsection".to_string(), 266052),
                (
                    "<(A, B) as tachys::view::Render>::build::h1".to_string(),
                    120
                ),
                ("core::fmt::Formatter::pad::h2".to_string(), 980),
            ]
        );
    }

    #[test]
    fn rows_belong_to_the_crate_the_app_module_or_a_kind() {
        const TABLES: &str = "module tables, imports, exports, unnamed";
        const GENERIC: &str = "generic impls (`<T as …>`), primitives";
        let cases = [
            ("\"function names\" subsection", None),
            (
                "broadsheet_app::loader::client::routed::{{closure}}::h7",
                Some("broadsheet_app::loader"),
            ),
            ("broadsheet_app::main::h6", Some("broadsheet_app::main")),
            (
                "<tachys::html::element::HtmlElement<E,At,Ch> as tachys::view::Render>::build::h8",
                Some("tachys"),
            ),
            (
                "std[a543996e6e7dbf1e]::thread::current::current",
                Some("std, alloc, the allocator"),
            ),
            (
                "core[c5930c85a12de822]::str::slice_error_fail",
                Some("core"),
            ),
            ("<T as core::any::Any>::type_id::h1", Some(GENERIC)),
            ("<char>::escape_debug_ext", Some(GENERIC)),
            (
                "data segment \".rodata.7\"",
                Some("data: strings, UI tables, panic locations"),
            ),
            ("code[1558]", Some(TABLES)),
            ("elem[0]", Some(TABLES)),
            ("export \"main\"", Some(TABLES)),
            ("main", Some(TABLES)),
            ("__wbindgen_start", Some(TABLES)),
        ];
        for (name, expected) in cases {
            assert_eq!(owner(name).as_deref(), expected, "{name}");
        }
    }

    #[test]
    fn the_table_sums_by_owner_largest_first_and_leaves_out_the_names() {
        let rows = [
            ("\"function names\" subsection".to_string(), 1000),
            ("tachys::a::h1".to_string(), 300),
            ("tachys::b::h2".to_string(), 200),
            ("core::c::h3".to_string(), 400),
        ];
        let sums = by_crate(&rows);
        assert_eq!(
            sums,
            [("tachys".to_string(), 500), ("core".to_string(), 400)]
        );
        let text = table(&sums);
        assert!(text.contains("tachys"), "{text}");
        assert!(text.lines().last().unwrap().contains("0.9"), "{text}");
    }
}
