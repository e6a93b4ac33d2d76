//! The browser entry point that Trunk builds; natively there is nothing to run
//! (the builder pre-renders pages through the library instead).

fn main() {
    #[cfg(target_arch = "wasm32")]
    broadsheet_app::boot();
}
