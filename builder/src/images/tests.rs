//! Image stage tests: which references are processed, and the model's image for a photo.

use super::*;
use std::path::PathBuf;

fn reference(rel: &str, line: usize) -> MediaRef {
    MediaRef {
        rel: rel.into(),
        path: PathBuf::from("articles/a.md"),
        line,
        what: crate::content::media::Naming::Body,
    }
}

#[test]
fn only_raster_images_are_processed_each_once_with_every_place_that_names_it() {
    let refs = [
        reference("media/a.jpg", 3),
        reference("media/map.svg", 4),
        reference("media/b.PNG", 5),
        reference("media/a.jpg", 9),
    ];
    let by_rel = raster_refs(&refs);
    let lines: Vec<(&str, Vec<usize>)> = by_rel
        .iter()
        .map(|(rel, at)| (rel.as_str(), at.iter().map(|r| r.line).collect()))
        .collect();
    assert_eq!(
        lines,
        [("media/a.jpg", vec![3, 9]), ("media/b.PNG", vec![5])]
    );
}

#[test]
fn a_photo_keeps_its_alt_and_takes_the_variants_src_and_upright_size() {
    let mut done = Done::default();
    let photo = Image {
        src: "media/_v/a-12345678-960.jpg".into(),
        alt: String::new(),
        width: 960,
        height: 640,
        variants: None,
        card: None,
    };
    done.images.insert("media/a.jpg".into(), photo.clone());
    let named = Image {
        src: "media/a.jpg".into(),
        alt: "A".into(),
        width: 640,
        height: 960,
        variants: None,
        card: None,
    };
    assert_eq!(
        done.responsive(&named),
        Image {
            alt: "A".into(),
            ..photo
        }
    );
    let svg = Image {
        src: "media/map.svg".into(),
        ..named
    };
    assert_eq!(done.responsive(&svg), svg);
}
