//! The documents the app has: embedded in the page, prefetched, or fetched.
//!
//! Keyed by API path relative to `api/v1/`, kept as JSON text and decoded when a page
//! reads it. Bounded, so a long reading session does not grow without end.

use crate::api::LoadError;
use serde::de::DeserializeOwned;
use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};

/// How many documents the store keeps before forgetting the oldest.
const CAPACITY: usize = 64;

#[derive(Clone, Default)]
pub struct Store {
    inner: Arc<Mutex<Inner>>,
}

#[derive(Default)]
struct Inner {
    docs: HashMap<String, Arc<str>>,
    order: VecDeque<String>,
}

impl Store {
    pub fn insert(&self, path: &str, json: impl Into<Arc<str>>) {
        let Ok(mut inner) = self.inner.lock() else {
            return;
        };
        if inner.docs.insert(path.to_string(), json.into()).is_none() {
            inner.order.push_back(path.to_string());
        }
        while inner.order.len() > CAPACITY {
            if let Some(old) = inner.order.pop_front() {
                inner.docs.remove(&old);
            }
        }
    }

    pub fn contains(&self, path: &str) -> bool {
        self.inner
            .lock()
            .map(|i| i.docs.contains_key(path))
            .unwrap_or(false)
    }

    pub fn len(&self) -> usize {
        self.inner.lock().map(|i| i.docs.len()).unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The document at `path` as `T`, if the store has it. A document that is not JSON,
    /// or not of the expected shape, is dropped from the store (so a retry fetches it
    /// again) and reported as bad data.
    pub fn get<T: DeserializeOwned>(&self, path: &str) -> Option<Result<T, LoadError>> {
        self.get_with(path, |json| {
            serde_json::from_str(json).map_err(|e| e.to_string())
        })
    }

    /// Like [`Store::get`], with the decoding given (its error says what is wrong): one
    /// path for every document type.
    pub fn get_with<T>(
        &self,
        path: &str,
        decode: impl FnOnce(&str) -> Result<T, String>,
    ) -> Option<Result<T, LoadError>> {
        let json = self.inner.lock().ok()?.docs.get(path)?.clone();
        match decode(&json) {
            Ok(value) => Some(Ok(value)),
            Err(e) => {
                if let Ok(mut inner) = self.inner.lock() {
                    inner.docs.remove(path);
                    inner.order.retain(|p| p != path);
                }
                Some(Err(LoadError::BadData(e)))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::SiteMap;

    #[test]
    fn a_stored_document_reads_back_as_its_type() {
        let store = Store::default();
        store.insert("sitemap.json", r#"{"sections": [], "tags": []}"#);
        let map: SiteMap = store.get("sitemap.json").unwrap().unwrap();
        assert!(map.sections.is_empty());
    }

    #[test]
    fn a_wrong_shaped_document_is_an_error_and_is_forgotten() {
        let store = Store::default();
        store.insert("sitemap.json", r#"{"sections": "nope"}"#);
        let got = store.get::<SiteMap>("sitemap.json").unwrap();
        assert!(matches!(got, Err(LoadError::BadData(_))));
        assert!(!store.contains("sitemap.json"));
    }

    #[test]
    fn broken_json_empty_bodies_and_html_are_bad_data() {
        let store = Store::default();
        for body in ["{\"sections\":", "", "<!DOCTYPE html><p>hi</p>"] {
            store.insert("sitemap.json", body);
            let got = store.get::<SiteMap>("sitemap.json").unwrap();
            assert!(matches!(got, Err(LoadError::BadData(_))), "{body:?}");
        }
    }

    #[test]
    fn the_store_forgets_the_oldest_beyond_its_capacity() {
        let store = Store::default();
        for i in 0..CAPACITY + 10 {
            store.insert(&format!("articles/{i}.json"), i.to_string());
        }
        assert_eq!(store.len(), CAPACITY);
        assert!(!store.contains("articles/0.json"));
        assert!(store.contains(&format!("articles/{}.json", CAPACITY + 9)));
    }
}
