//! `<picture>`: an image with its size reserved and, when it has variants, the `srcset`
//! and `sizes` that let the browser fetch the width and format the screen needs. The
//! markup is a string from `images::picture_inner`, the same the builder writes into
//! bodies: cheaper in the wasm than a view per attribute.

use crate::context::use_site;
use crate::images::{picture_inner, Loading, Place};
use crate::model::Image;
use leptos::prelude::*;

#[component]
pub fn Picture(image: Image, place: Place, loading: Loading) -> impl IntoView {
    let html = picture_inner(&image, "", place, loading, &use_site().base);
    view! { <picture inner_html=html></picture> }
}
