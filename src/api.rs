//! Fetching API documents: the only place the app touches the network.

use crate::store::LoadError;
use serde_json::Value;

/// The URL of an API document under the site's base path.
pub fn api_url(base_path: &str, api_path: &str) -> String {
    format!("{}/api/v1/{api_path}", base_path.trim_end_matches('/'))
}

/// Reads the HTTP answer into a document or the error a reader should see.
pub fn classify(status: u16, body: Result<String, String>) -> Result<Value, LoadError> {
    match status {
        200..=299 => {}
        404 | 410 => return Err(LoadError::NotFound),
        _ => return Err(LoadError::Server(status)),
    }
    let text = body.map_err(LoadError::Network)?;
    serde_json::from_str(&text).map_err(|e| LoadError::BadData(e.to_string()))
}

/// Fetches `url`; `signal` aborts it when the reader has moved on.
#[cfg(target_arch = "wasm32")]
pub async fn fetch_json(
    url: &str,
    signal: Option<&web_sys::AbortSignal>,
) -> Result<Value, LoadError> {
    let response = gloo_net::http::Request::get(url)
        .abort_signal(signal)
        .send()
        .await
        .map_err(|e| LoadError::Network(e.to_string()))?;
    let status = response.status();
    let body = if (200..300).contains(&status) {
        response.text().await.map_err(|e| e.to_string())
    } else {
        Ok(String::new())
    };
    classify(status, body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_urls_sit_below_the_base_path() {
        assert_eq!(api_url("/", "home.json"), "/api/v1/home.json");
        assert_eq!(
            api_url("/news/", "articles/a.json"),
            "/news/api/v1/articles/a.json"
        );
    }

    #[test]
    fn http_answers_map_to_reader_facing_errors() {
        assert_eq!(classify(404, Ok(String::new())), Err(LoadError::NotFound));
        assert_eq!(
            classify(503, Ok(String::new())),
            Err(LoadError::Server(503))
        );
        assert!(matches!(
            classify(200, Ok("{\"a\":".into())),
            Err(LoadError::BadData(_))
        ));
        assert!(matches!(
            classify(200, Ok(String::new())),
            Err(LoadError::BadData(_))
        ));
        assert!(matches!(
            classify(200, Ok("<!DOCTYPE html>".into())),
            Err(LoadError::BadData(_))
        ));
        assert!(matches!(
            classify(200, Err("reset".into())),
            Err(LoadError::Network(_))
        ));
        assert_eq!(classify(200, Ok("[1]".into())), Ok(serde_json::json!([1])));
    }
}
