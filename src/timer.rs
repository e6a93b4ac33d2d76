//! A timer owned by a component: setting it again replaces the one pending, and the
//! component's end clears it, so no callback of a bar or a view that is gone ever runs.

use leptos::prelude::*;
use std::sync::{Arc, Mutex};
use std::time::Duration;

#[derive(Clone, Default)]
pub struct Timer(Arc<Mutex<Option<TimeoutHandle>>>);

impl Timer {
    /// A timer cleared when the current reactive owner (the component) is cleaned up.
    pub fn owned() -> Timer {
        let timer = Timer::default();
        let held = timer.clone();
        on_cleanup(move || held.clear());
        timer
    }

    /// Runs `callback` after `delay`, instead of what was pending.
    pub fn set(&self, delay: Duration, callback: impl FnOnce() + 'static) {
        self.clear();
        if let Ok(handle) = set_timeout_with_handle(callback, delay) {
            if let Ok(mut slot) = self.0.lock() {
                *slot = Some(handle);
            }
        }
    }

    /// Clears what is pending, if anything.
    pub fn clear(&self) {
        if let Some(handle) = self.0.lock().ok().and_then(|mut slot| slot.take()) {
            handle.clear();
        }
    }
}
