//! The browser entry point that Trunk builds; natively there is nothing to run
//! (the builder pre-renders pages through the library instead).

/// Talc instead of the default dlmalloc: the same job in fewer bytes of wasm (BENCHMARKS.md,
/// "The allocator").
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

fn main() {
    #[cfg(target_arch = "wasm32")]
    broadsheet_app::boot();
}
