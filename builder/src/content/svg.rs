//! SVG files read as XML (roxmltree), not searched as text: whether one could run code,
//! and its size. Entities are expanded, namespaces resolved and prefixes ignored, so
//! `<svg:script>` and `&#106;avascript:` are what the browser will see.

use roxmltree::{Document, Node, NodeType, ParsingOptions};

/// Why an SVG could run code when opened on its own (it is served as a file, and a host
/// without the site's CSP would run its scripts), with the line that says so; `None` when
/// it is plain drawing. Conservative: a script, embedded HTML or frame in any namespace,
/// an event-handler attribute, a script-like URL in any attribute (`<animate to=…>`
/// included) or a style sheet processing instruction is refused, and so is a file that
/// is not well-formed XML (nothing can tell what a browser would make of it).
pub fn hazard(text: &str) -> Option<(u32, String)> {
    let doc = match parse(text) {
        Ok(doc) => doc,
        Err(e) => return Some((e.pos().row, format!("XML that does not parse ({e})"))),
    };
    doc.descendants()
        .find_map(node_hazard)
        .map(|(at, why)| (doc.text_pos_at(at).row, why))
}

/// What in `node` could run code, and the byte where it is.
fn node_hazard(node: Node) -> Option<(usize, String)> {
    let at = node.range().start;
    element_hazard(node).map(|why| (at, why)).or_else(|| {
        node.attributes()
            .find_map(|a| attribute_hazard(a.name(), a.value()).map(|why| (a.range().start, why)))
    })
}

fn element_hazard(node: Node) -> Option<String> {
    if node.node_type() == NodeType::PI {
        let target = node.pi().map_or("", |pi| pi.target);
        return target
            .eq_ignore_ascii_case("xml-stylesheet")
            .then(|| "an <?xml-stylesheet?> instruction".to_string());
    }
    if !node.is_element() {
        return None;
    }
    let name = node.tag_name().name().to_ascii_lowercase();
    let why = match name.as_str() {
        "script" => Some("a <script> element"),
        "foreignobject" => Some("a <foreignObject> (embedded HTML)"),
        "iframe" | "embed" | "object" | "frame" | "html" | "body" => Some("an embedded document"),
        "handler" | "listener" => Some("an event handler element"),
        _ => None,
    };
    why.map(str::to_string)
}

fn attribute_hazard(name: &str, value: &str) -> Option<String> {
    if name.to_ascii_lowercase().starts_with("on") {
        return Some(format!("an event-handler attribute ({name}=)"));
    }
    let value: String = value
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .flat_map(char::to_lowercase)
        .collect();
    [
        "javascript:",
        "vbscript:",
        "data:text/html",
        "data:application/xhtml",
    ]
    .iter()
    .find(|s| value.contains(*s))
    .map(|s| format!("a {s} URL (in {name}=)"))
}

/// Size of an SVG from its root element: `width`/`height` in px (or unitless), else
/// `viewBox`. `None` when neither gives one, or the file is not an SVG.
pub fn size(text: &str) -> Option<(u32, u32)> {
    let doc = parse(text).ok()?;
    let svg = doc.root_element();
    if !svg.has_tag_name("svg") {
        return None;
    }
    let px = |name| {
        svg.attribute(name)
            .and_then(|v: &str| number(v.trim().trim_end_matches("px")))
    };
    if let (Some(w), Some(h)) = (px("width"), px("height")) {
        return Some((w, h));
    }
    let nums: Vec<f64> = svg
        .attribute("viewBox")?
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|s| !s.is_empty())
        .filter_map(|s| s.parse().ok())
        .collect();
    match nums.as_slice() {
        [_, _, w, h] => Some((round(*w)?, round(*h)?)),
        _ => None,
    }
}

/// DTDs are allowed (editors' exports carry them), their entities expanded within
/// roxmltree's limits.
fn parse(text: &str) -> Result<Document<'_>, roxmltree::Error> {
    let options = ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    Document::parse_with_options(text, options)
}

fn number(s: &str) -> Option<u32> {
    round(s.parse::<f64>().ok()?)
}

fn round(v: f64) -> Option<u32> {
    (v.is_finite() && v > 0.0 && v < 1e7).then(|| v.round() as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    const NS: &str = r#"xmlns="http://www.w3.org/2000/svg""#;

    #[test]
    fn size_prefers_width_and_height() {
        let svg = format!(
            r#"<?xml version="1.0"?><svg {NS} stroke-width="3" width="640px" height='360' viewBox="0 0 10 10"/>"#
        );
        assert_eq!(size(&svg), Some((640, 360)));
    }

    #[test]
    fn size_falls_back_to_the_view_box() {
        let svg = format!(r#"<svg {NS} viewBox="0,0 1200.4 675" width="100%"/>"#);
        assert_eq!(size(&svg), Some((1200, 675)));
        assert_eq!(size("<svg/>"), None);
        assert_eq!(size("not svg"), None);
        assert_eq!(size(r#"<html width="3" height="4"/>"#), None);
    }

    #[test]
    fn plain_drawings_are_not_hazards() {
        let plain = format!(
            r##"<svg {NS} width="10" height="10"><defs><linearGradient id="g"/></defs><rect font="x" width="5" fill="url(#g)"/><text>on = off, javascript: is a word here</text><a href="https://example.org/"><circle r="1"/></a></svg>"##
        );
        assert_eq!(hazard(&plain), None);
    }

    #[test]
    fn code_in_any_spelling_is_named_with_its_line() {
        for bad in [
            "<svg><script>alert(1)</script></svg>".to_string(),
            r#"<svg><SCRIPT href="x.js"/></svg>"#.to_string(),
            r#"<svg:svg xmlns:svg="http://www.w3.org/2000/svg"><svg:script>alert(1)</svg:script></svg:svg>"#.to_string(),
            r#"<svg onload="alert(1)"></svg>"#.to_string(),
            r#"<svg><rect onclick = "x"/></svg>"#.to_string(),
            r#"<svg xmlns:e="urn:x"><rect e:onclick="x"/></svg>"#.to_string(),
            r#"<svg><a href="javascript:alert(1)"><rect/></a></svg>"#.to_string(),
            r#"<svg><a href="&#106;ava&#x73;cript:alert(1)"><rect/></a></svg>"#.to_string(),
            "<svg><a href=\"java&#9;script:alert(1)\"><rect/></a></svg>".to_string(),
            r#"<svg xmlns:xlink="http://www.w3.org/1999/xlink"><a xlink:href=" JavaScript:x"/></svg>"#.to_string(),
            r#"<svg><a><animate attributeName="href" to="javascript:alert(1)"/></a></svg>"#.to_string(),
            r#"<!DOCTYPE svg [<!ENTITY j "javascript">]><svg><a href="&j;:alert(1)"/></svg>"#.to_string(),
            "<svg><foreignObject><div>x</div></foreignObject></svg>".to_string(),
            r#"<?xml-stylesheet type="text/xsl" href="x.xsl"?><svg/>"#.to_string(),
            r#"<svg><iframe src="https://example.org"/></svg>"#.to_string(),
            "<svg><rect></svg>".to_string(),
        ] {
            assert!(hazard(&bad).is_some(), "{bad}");
        }
        let (line, why) = hazard("<svg>\n<g>\n<script/>\n</g></svg>").unwrap();
        assert_eq!((line, why.as_str()), (3, "a <script> element"));
    }
}
