//! Fetching API documents: the only place the app touches the network.

use crate::store::LoadError;

/// How long a request may take, headers and body, before the reader is told.
pub const TIMEOUT_MS: u64 = 12_000;

/// The URL of an API document under the site's base path.
pub fn api_url(base_path: &str, api_path: &str) -> String {
    format!("{}/api/v1/{api_path}", base_path.trim_end_matches('/'))
}

/// Reads the HTTP answer: the body of a success, or the error a reader should see.
/// Whether the body is the JSON the page needs is the store's question.
pub fn classify(status: u16, body: Result<String, String>) -> Result<String, LoadError> {
    match status {
        200..=299 => body.map_err(LoadError::Network),
        404 | 410 => Err(LoadError::NotFound),
        _ => Err(LoadError::Server(status)),
    }
}

/// Fetches `url` as text. `controller` (a new one when `None`) aborts it when the
/// reader has moved on; after [`TIMEOUT_MS`] it is aborted and reported as a timeout.
#[cfg(target_arch = "wasm32")]
pub async fn fetch_text(
    url: &str,
    controller: Option<web_sys::AbortController>,
) -> Result<String, LoadError> {
    use std::cell::Cell;
    use std::rc::Rc;
    let controller = controller.or_else(|| web_sys::AbortController::new().ok());
    let timed_out = Rc::new(Cell::new(false));
    let timer = controller.clone().and_then(|c| {
        let flag = timed_out.clone();
        leptos::prelude::set_timeout_with_handle(
            move || {
                flag.set(true);
                c.abort();
            },
            std::time::Duration::from_millis(TIMEOUT_MS),
        )
        .ok()
    });
    let signal = controller.as_ref().map(|c| c.signal());
    let result = request(url, signal.as_ref()).await;
    if let Some(timer) = timer {
        timer.clear();
    }
    match result {
        Err(LoadError::Network(_)) if timed_out.get() => Err(LoadError::Timeout),
        other => other,
    }
}

#[cfg(target_arch = "wasm32")]
async fn request(url: &str, signal: Option<&web_sys::AbortSignal>) -> Result<String, LoadError> {
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
        assert_eq!(classify(410, Ok(String::new())), Err(LoadError::NotFound));
        assert_eq!(
            classify(503, Ok(String::new())),
            Err(LoadError::Server(503))
        );
        assert_eq!(classify(500, Ok("{}".into())), Err(LoadError::Server(500)));
        assert!(matches!(
            classify(200, Err("reset".into())),
            Err(LoadError::Network(_))
        ));
        assert_eq!(classify(200, Ok("[1]".into())), Ok("[1]".into()));
    }
}
