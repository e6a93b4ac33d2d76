//! Pieces the pages are made of.

pub mod card;
pub mod chrome;
pub mod error_view;
pub mod picture;
pub mod search_form;
