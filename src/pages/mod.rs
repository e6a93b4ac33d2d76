//! One file per page. Each page is a plain function of its data.

pub mod article;
pub mod feeds;
pub mod home;
pub mod listing;
pub mod offline;
#[cfg(feature = "search")]
pub mod search;
pub mod sitemap;
