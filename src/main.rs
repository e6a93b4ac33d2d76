//! The browser entry point that Trunk builds; natively it does nothing.

fn main() {}
