//! The web app manifest (`<base>manifest.webmanifest`): what an installed site is
//! called, where it starts, its colours and icons.

use serde::Serialize;

use super::error::Error;
use super::icons::{ICON_192, ICON_512, ICON_MASKABLE_512};
use crate::content::colour::HexColour;
use broadsheet_app::links::BasePath;

/// The manifest's file name, below the base path.
pub const MANIFEST_FILE: &str = "manifest.webmanifest";

/// The site settings the manifest is made from.
#[derive(Clone, Debug)]
pub struct ManifestParams<'a> {
    /// The site title.
    pub name: &'a str,
    /// Under an icon on a home screen; `None` derives it from `name`.
    pub short_name: Option<&'a str>,
    pub description: &'a str,
    /// BCP 47 tag of the site (`zh-CN`); also decides the text direction.
    pub language: &'a str,
    pub base_path: &'a BasePath,
    /// CSS hex colours, checked here.
    pub theme_color: &'a str,
    pub background_color: &'a str,
    /// Whether the icons were drawn (the site has an SVG icon or logo).
    pub with_icons: bool,
}

#[derive(Serialize)]
struct Manifest<'a> {
    id: &'a str,
    name: &'a str,
    short_name: String,
    description: &'a str,
    lang: &'a str,
    dir: &'static str,
    start_url: &'a str,
    scope: &'a str,
    display: &'static str,
    theme_color: String,
    background_color: String,
    categories: [&'static str; 1],
    icons: Vec<Icon>,
}

#[derive(Serialize)]
struct Icon {
    src: String,
    sizes: &'static str,
    #[serde(rename = "type")]
    mime: &'static str,
    purpose: &'static str,
}

/// The manifest as pretty-printed JSON. Start URL, scope and id are the base path: the
/// installed app is the whole site and nothing else on the origin.
pub fn manifest(params: &ManifestParams) -> Result<String, Error> {
    let theme = HexColour::parse("theme_color", params.theme_color)?;
    let background = HexColour::parse("background_color", params.background_color)?;
    let base = params.base_path.as_str();
    let icon = |file: &str, sizes, purpose| Icon {
        src: params.base_path.join(file),
        sizes,
        mime: "image/png",
        purpose,
    };
    let manifest = Manifest {
        id: base,
        name: params.name,
        short_name: params
            .short_name
            .map_or_else(|| short_name(params.name), str::to_string),
        description: params.description,
        lang: params.language,
        dir: direction(params.language),
        start_url: base,
        scope: base,
        display: "standalone",
        theme_color: theme.to_css(),
        background_color: background.to_css(),
        categories: ["news"],
        icons: if params.with_icons {
            vec![
                icon(ICON_192, "192x192", "any"),
                icon(ICON_512, "512x512", "any"),
                icon(ICON_MASKABLE_512, "512x512", "maskable"),
            ]
        } else {
            Vec::new()
        },
    };
    Ok(serde_json::to_string_pretty(&manifest).expect("plain struct serialises"))
}

/// A home-screen label from a title: the part before a ` · `, ` | `, ` - ` or ` — `
/// separator (`澜港日报 · Lanport Daily` → `澜港日报`), at most 12 characters, cut at a
/// space when there is one.
pub fn short_name(title: &str) -> String {
    let first = [" · ", " | ", " - ", " — "]
        .iter()
        .filter_map(|sep| title.split_once(sep).map(|(head, _)| head.trim()))
        .filter(|head| !head.is_empty())
        .min_by_key(|head| head.len())
        .unwrap_or(title.trim());
    fit(first, 12)
}

fn fit(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    // One character more shows whether a word ends exactly at the limit.
    let cut: String = text.chars().take(max + 1).collect();
    match cut.rfind(' ') {
        Some(space) if space > 0 => cut[..space].trim_end().to_string(),
        _ => text.chars().take(max).collect(),
    }
}

/// `rtl` for the languages written right to left, `ltr` for the rest.
fn direction(language: &str) -> &'static str {
    const RTL: [&str; 10] = ["ar", "arc", "ckb", "dv", "fa", "he", "ps", "sd", "ug", "ur"];
    let primary = language.split(['-', '_']).next().unwrap_or("");
    if RTL.iter().any(|l| l.eq_ignore_ascii_case(primary)) {
        "rtl"
    } else {
        "ltr"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    fn params<'a>(base: &'a BasePath) -> ManifestParams<'a> {
        ManifestParams {
            name: "澜港日报 · Lanport Daily",
            short_name: None,
            description: "News from Lanport",
            language: "zh-CN",
            base_path: base,
            theme_color: "#A3161A",
            background_color: "#fff",
            with_icons: true,
        }
    }

    fn json(p: &ManifestParams) -> Value {
        serde_json::from_str(&manifest(p).unwrap()).unwrap()
    }

    #[test]
    fn a_site_under_a_sub_path_is_scoped_to_it() {
        let base = BasePath::new("/news/");
        let m = json(&params(&base));
        for field in ["id", "start_url", "scope"] {
            assert_eq!(m[field], "/news/", "{field}");
        }
        assert_eq!(m["display"], "standalone");
        assert_eq!(m["name"], "澜港日报 · Lanport Daily");
        assert_eq!(m["short_name"], "澜港日报");
        assert_eq!(m["lang"], "zh-CN");
        assert_eq!(m["dir"], "ltr");
        assert_eq!(m["theme_color"], "#a3161a");
        assert_eq!(m["background_color"], "#ffffff");
        let icons = m["icons"].as_array().unwrap();
        let srcs: Vec<&str> = icons.iter().map(|i| i["src"].as_str().unwrap()).collect();
        assert_eq!(
            srcs,
            [
                "/news/icon-192.png",
                "/news/icon-512.png",
                "/news/icon-maskable-512.png"
            ]
        );
        assert_eq!(icons[2]["purpose"], "maskable");
        assert_eq!(icons[2]["sizes"], "512x512");
        assert!(icons.iter().all(|i| i["type"] == "image/png"));
    }

    #[test]
    fn colours_must_be_css_hex() {
        let base = BasePath::new("/");
        let bad = ManifestParams {
            theme_color: "red",
            ..params(&base)
        };
        assert!(matches!(manifest(&bad), Err(Error::Colour(e)) if e.field == "theme_color"));
        let bad = ManifestParams {
            background_color: "#12",
            ..params(&base)
        };
        assert!(matches!(manifest(&bad), Err(Error::Colour(e)) if e.field == "background_color"));
    }

    #[test]
    fn an_explicit_short_name_wins_and_direction_follows_language() {
        let base = BasePath::new("/");
        let p = ManifestParams {
            short_name: Some("Lanport"),
            language: "ar-EG",
            ..params(&base)
        };
        let m = json(&p);
        assert_eq!(m["short_name"], "Lanport");
        assert_eq!(m["dir"], "rtl");
    }

    #[test]
    fn short_names_come_from_the_first_part_of_a_title() {
        assert_eq!(short_name("Lanport Daily"), "Lanport");
        assert_eq!(short_name("Lanport News"), "Lanport News");
        assert_eq!(short_name("The Daily | News and more"), "The Daily");
        assert_eq!(short_name("Extraordinarily"), "Extraordinar");
        assert_eq!(
            short_name("中华人民共和国新闻出版总署官方网站"),
            "中华人民共和国新闻出版总"
        );
        assert_eq!(short_name(" · x"), "· x");
    }
}
