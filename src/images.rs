//! Responsive images: the `srcset` of each format of an [`Image`]'s variants, the `sizes`
//! of each place an image takes in the layout, and the `<picture>` markup made of them.
//! Plain functions writing plain strings: the app's `Picture` and the builder's body
//! HTML write the same markup, and the wasm carries no view code for it.

use html_escape::encode_double_quoted_attribute as attr;

use crate::links::BasePath;
use crate::model::{Image, Variants};

/// The shape (width : height) of a listing card's picture: `.card-thumb img` in
/// style/main.css. The builder cuts lead photos to it (`Image::card`).
pub const CARD_SHAPE: (u32, u32) = (16, 9);

/// Where an image sits in the layout. Each place's `sizes` follows style/main.css
/// (1rem = 16px): `main` is at most 75rem wide with 1rem padding on each side.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    /// The article column (`.article`, 42rem): the lead figure and body images.
    Column,
    /// A card of a `.cards` grid: columns of at least 16rem with 1.5rem gaps, so 1
    /// column below 35.5rem, 2 below 53rem, 3 below 70.5rem, then 4.
    Card,
    /// The home page's lead card: the whole width, or 3/5 of it from 48rem.
    LeadCard,
    /// The site logo in the masthead: 2.4rem high, 1.8rem on phones.
    Logo,
}

impl Place {
    /// The `sizes` attribute for an image of `width` × `height` at this place.
    pub fn sizes(self, width: u32, height: u32) -> String {
        match self {
            Place::Column => "(min-width: 44rem) 42rem, calc(100vw - 2rem)".into(),
            Place::Card => "(min-width: 75rem) 17.125rem, (min-width: 70.5rem) calc(25vw - 1.625rem), \
                 (min-width: 53rem) calc(33.3vw - 1.67rem), (min-width: 35.5rem) calc(50vw - 1.75rem), \
                 calc(100vw - 2rem)"
                .into(),
            Place::LeadCard => {
                "(min-width: 75rem) 42.9rem, (min-width: 48rem) calc(60vw - 2.1rem), calc(100vw - 2rem)"
                    .into()
            }
            Place::Logo => {
                // Integer pixels (float formatting would cost the wasm kilobytes): the
                // width at a height of `tenths_px / 10` CSS pixels, rounded up.
                let at = |tenths_px: u64| {
                    (tenths_px * u64::from(width)).div_ceil(10 * u64::from(height.max(1)))
                };
                format!("(max-width: 47.99rem) {}px, {}px", at(288), at(384))
            }
        }
    }
}

/// When the browser loads an image.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Loading {
    /// When it comes near the screen, decoded off the main thread.
    Lazy,
    /// At once, but without priority: in the first screen, never its largest paint (the logo).
    Eager,
    /// At once and first, decoded with the page: the page's largest paint.
    Main,
}

/// The inside of a `<picture>`: a `<source>` per preferred format of the image's variants,
/// then the `<img>` with its `src`, the fallback's `srcset`, the `sizes` of its `place`,
/// its size (so the page reserves its space), `alt`, `title` when given, and `loading`.
/// Every value is escaped; without variants it is the `<img>` alone.
pub fn picture_inner(
    image: &Image,
    title: &str,
    place: Place,
    loading: Loading,
    base: &BasePath,
) -> String {
    // A card shows the variants cut to its shape, when the image has them.
    let cut = match place {
        Place::Card | Place::LeadCard => image.card.as_ref(),
        Place::Column | Place::Logo => None,
    };
    let card = cut.and_then(|v| Some((srcsets(v, base)?, *v.widths.last()?)));
    let (sets, width, height) = match card {
        Some((sets, w)) => (Some(sets), w, card_height(w)),
        None => {
            let sets = image.variants.as_ref().and_then(|v| srcsets(v, base));
            (sets, image.width, image.height)
        }
    };
    let sizes = place.sizes(width, height);
    let mut html = String::new();
    let sources = sets.as_ref().map_or(&[][..], |s| &s.sources[..]);
    for (kind, srcset) in sources {
        html.push_str("<source");
        push_attr(&mut html, "type", kind);
        push_attr(&mut html, "srcset", srcset);
        push_attr(&mut html, "sizes", &sizes);
        html.push('>');
    }
    html.push_str("<img");
    push_attr(&mut html, "src", &base.asset(&image.src));
    if let Some(sets) = &sets {
        push_attr(&mut html, "srcset", &sets.fallback);
        push_attr(&mut html, "sizes", &sizes);
    }
    push_attr(&mut html, "width", &width.to_string());
    push_attr(&mut html, "height", &height.to_string());
    push_attr(&mut html, "alt", &image.alt);
    if !title.is_empty() {
        push_attr(&mut html, "title", title);
    }
    html.push_str(match loading {
        Loading::Lazy => " loading=\"lazy\" decoding=\"async\">",
        Loading::Eager => ">",
        Loading::Main => " fetchpriority=\"high\">",
    });
    html
}

/// The height of a card-shaped image `width` pixels wide, rounded as the image stage
/// rounds it.
fn card_height(width: u32) -> u32 {
    let (w, h) = CARD_SHAPE;
    ((u64::from(width) * u64::from(h) + u64::from(w / 2)) / u64::from(w)) as u32
}

/// ` name="value"`, the value escaped.
fn push_attr(html: &mut String, name: &str, value: &str) {
    html.push(' ');
    html.push_str(name);
    html.push_str("=\"");
    html.push_str(&attr(value));
    html.push('"');
}

/// The `srcset` of an image's variants: one `<source>` per preferred format, then the
/// fallback format for the `<img>` itself.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Srcsets {
    /// `(MIME type, srcset)` for each `<source>`, most preferred first.
    pub sources: Vec<(&'static str, String)>,
    /// The srcset of the `<img>`: the last format, which every browser reads.
    pub fallback: String,
}

/// The srcsets of the variants `v` with their files under `base`, or `None` when they
/// are not well formed (an unknown format, a path that is not a plain site-relative
/// one): then the `<img>` keeps its `src` alone.
pub fn srcsets(v: &Variants, base: &BasePath) -> Option<Srcsets> {
    let safe_path = !v.path.is_empty()
        && v.path
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_./".contains(&b))
        && !v.path.starts_with('/')
        && !v.path.split('/').any(|seg| seg.is_empty() || seg == "..");
    let sane_widths = !v.widths.is_empty() && v.widths.iter().all(|w| (1..=16_384).contains(w));
    if !safe_path || !sane_widths {
        return None;
    }
    let prefix = base.asset(&v.path);
    let list = |ext: &str| {
        let mut out = String::new();
        for w in &v.widths {
            if !out.is_empty() {
                out.push_str(", ");
            }
            out.push_str(&format!("{prefix}-{w}.{ext} {w}w"));
        }
        out
    };
    let mut sets = Vec::with_capacity(v.formats.len());
    for ext in &v.formats {
        sets.push((mime_type(ext)?, list(ext)));
    }
    let (_, fallback) = sets.pop()?;
    Some(Srcsets {
        sources: sets,
        fallback,
    })
}

/// The MIME type of a variant format the app knows.
fn mime_type(ext: &str) -> Option<&'static str> {
    Some(match ext {
        "avif" => "image/avif",
        "webp" => "image/webp",
        "jpg" => "image/jpeg",
        "png" => "image/png",
        "gif" => "image/gif",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::photo;
    use crate::model::Variants;

    #[test]
    fn each_format_lists_every_width_under_the_base_path() {
        let photo = photo();
        let sets = srcsets(photo.variants.as_ref().unwrap(), &BasePath::new("/news/")).unwrap();
        assert_eq!(
            sets.sources,
            [(
                "image/webp",
                "/news/media/_v/quay-1a2b3c4d-320.webp 320w, /news/media/_v/quay-1a2b3c4d-720.webp 720w, /news/media/_v/quay-1a2b3c4d-960.webp 960w".to_string()
            )]
        );
        assert_eq!(
            sets.fallback,
            "/news/media/_v/quay-1a2b3c4d-320.jpg 320w, /news/media/_v/quay-1a2b3c4d-720.jpg 720w, /news/media/_v/quay-1a2b3c4d-960.jpg 960w"
        );
    }

    #[test]
    fn images_without_variants_or_with_odd_ones_keep_their_src_alone() {
        let base = BasePath::new("/");
        let mut image = photo();
        (image.variants, image.card) = (None, None);
        let html = picture_inner(&image, "", Place::Card, Loading::Lazy, &base);
        assert!(!html.contains("srcset"), "{html}");
        for (path, formats, widths) in [
            ("javascript:alert(1)//x", vec!["jpg"], vec![320]),
            ("//evil.example/x", vec!["jpg"], vec![320]),
            ("/abs/x", vec!["jpg"], vec![320]),
            ("media/../x", vec!["jpg"], vec![320]),
            ("media/a b, evil.jpg 9w", vec!["jpg"], vec![320]),
            ("media/x", vec!["exe"], vec![320]),
            ("media/x", vec![], vec![320]),
            ("media/x", vec!["jpg"], vec![]),
            ("media/x", vec!["jpg"], vec![0]),
        ] {
            let odd = Variants {
                path: path.into(),
                widths,
                formats: formats.into_iter().map(String::from).collect(),
            };
            assert_eq!(srcsets(&odd, &base), None, "{path}");
            // Odd card variants: a card shows the whole photo's instead.
            let mut image = photo();
            image.card = Some(odd);
            let html = picture_inner(&image, "", Place::Card, Loading::Lazy, &base);
            assert!(html.contains("quay-1a2b3c4d-320.webp 320w"), "{html}");
            assert!(html.contains("width=\"960\" height=\"640\""), "{html}");
        }
    }

    #[test]
    fn cards_show_the_variants_cut_to_their_shape_and_the_column_the_whole_photo() {
        let base = BasePath::new("/");
        let v = "/media/_v/quay-1a2b3c4d";
        for place in [Place::Card, Place::LeadCard] {
            let html = picture_inner(&photo(), "", place, Loading::Lazy, &base);
            assert!(
                html.contains(&format!("srcset=\"{v}-crop-320.webp 320w, {v}-crop-720.webp 720w, {v}-crop-960.webp 960w\"")),
                "{html}"
            );
            assert!(
                html.contains(&format!("srcset=\"{v}-crop-320.jpg 320w,")),
                "{html}"
            );
            // The size of the widest cut file: 960 × 540, the card's 16:9.
            assert!(html.contains("width=\"960\" height=\"540\""), "{html}");
        }
        let column = picture_inner(&photo(), "", Place::Column, Loading::Lazy, &base);
        assert!(!column.contains("-crop-"), "{column}");
        assert!(column.contains("width=\"960\" height=\"640\""), "{column}");
        // Without cut variants (a photo of the card's shape), cards show the whole one.
        let mut image = photo();
        image.card = None;
        let card = picture_inner(&image, "", Place::Card, Loading::Lazy, &base);
        assert!(card.contains(&format!("{v}-320.webp 320w")) && !card.contains("-crop-"));
    }

    #[test]
    fn the_card_shape_is_the_stylesheets() {
        let css = include_str!("../style/main.css");
        let (w, h) = CARD_SHAPE;
        assert!(
            css.contains(&format!(
                ".card-thumb img {{ width: 100%; aspect-ratio: {w} / {h};"
            )),
            "style/main.css must give .card-thumb img the shape the builder cuts to"
        );
        assert_eq!(card_height(960), 540);
        assert_eq!(card_height(1000), 563);
    }

    #[test]
    fn a_picture_has_a_source_per_preferred_format_and_an_escaped_img() {
        let mut image = photo();
        image.alt = "A \"quay\" <at> dawn & more".into();
        let html = picture_inner(
            &image,
            "T",
            Place::Column,
            Loading::Lazy,
            &BasePath::new("/"),
        );
        let sizes = "(min-width: 44rem) 42rem, calc(100vw - 2rem)";
        let v = "/media/_v/quay-1a2b3c4d";
        assert_eq!(
            html,
            format!(
                "<source type=\"image/webp\" srcset=\"{v}-320.webp 320w, {v}-720.webp 720w, {v}-960.webp 960w\" sizes=\"{sizes}\">\
                 <img src=\"{v}-960.jpg\" srcset=\"{v}-320.jpg 320w, {v}-720.jpg 720w, {v}-960.jpg 960w\" sizes=\"{sizes}\" \
                 width=\"960\" height=\"640\" alt=\"A &quot;quay&quot; &lt;at&gt; dawn &amp; more\" title=\"T\" loading=\"lazy\" decoding=\"async\">"
            )
        );
    }

    #[test]
    fn only_the_main_image_asks_for_priority_and_plain_images_stay_plain() {
        let mut svg = photo();
        svg.src = "media/map.svg".into();
        svg.variants = None;
        let base = BasePath::new("/");
        let main = picture_inner(&svg, "", Place::Column, Loading::Main, &base);
        assert_eq!(
            main,
            "<img src=\"/media/map.svg\" width=\"960\" height=\"640\" alt=\"The quay at dawn\" fetchpriority=\"high\">"
        );
        let logo = picture_inner(&svg, "", Place::Logo, Loading::Eager, &base);
        assert!(logo.ends_with("alt=\"The quay at dawn\">"), "{logo}");
        let mut hostile = photo();
        hostile.src = "javascript:alert(1)".into();
        let html = picture_inner(&hostile, "", Place::Card, Loading::Lazy, &base);
        assert!(html.contains("<img src=\"\""), "{html}");
    }

    #[test]
    fn sizes_follow_the_stylesheet() {
        // A 360px phone: the column and cards are the viewport less 2rem of padding.
        assert!(Place::Column.sizes(1, 1).ends_with("calc(100vw - 2rem)"));
        assert!(Place::Card
            .sizes(1, 1)
            .starts_with("(min-width: 75rem) 17.125rem"));
        // A 4:1 logo is 1.8rem × 4 = 115.2px wide on phones, 2.4rem × 4 = 153.6px above.
        assert_eq!(
            Place::Logo.sizes(400, 100),
            "(max-width: 47.99rem) 116px, 154px"
        );
    }
}
