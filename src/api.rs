//! Fetching API documents: the only place the app touches the network, and the
//! errors a reader can meet because of it.

/// How long a request may take, headers and body, before the reader is told.
pub const TIMEOUT_MS: u64 = 12_000;

/// Why a document could not be shown, in the terms a reader's message needs.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum LoadError {
    #[error("not found")]
    NotFound,
    #[error("network unreachable: {0}")]
    Network(String),
    #[error("no answer in time")]
    Timeout,
    #[error("server answered {0}")]
    Server(u16),
    #[error("malformed data: {0}")]
    BadData(String),
}

impl LoadError {
    /// Whether trying again can help (a missing page stays missing).
    pub fn retryable(&self) -> bool {
        !matches!(self, LoadError::NotFound)
    }
}

/// Reads the HTTP answer: the body of a success, or the error a reader should see.
/// Whether the body is the data the page needs is the reader's question.
pub fn classify<T>(status: u16, body: Result<T, String>) -> Result<T, LoadError> {
    match status {
        200..=299 => body.map_err(LoadError::Network),
        404 | 410 => Err(LoadError::NotFound),
        _ => Err(LoadError::Server(status)),
    }
}

/// What a request reads from its answer.
#[cfg(target_arch = "wasm32")]
enum Body {
    Text(String),
    Bytes(Vec<u8>),
}

/// Fetches `url` as text. `controller` (a new one when `None`) aborts it when the
/// reader has moved on; after [`TIMEOUT_MS`] it is aborted and reported as a timeout.
#[cfg(target_arch = "wasm32")]
pub async fn fetch_text(
    url: &str,
    controller: Option<web_sys::AbortController>,
) -> Result<String, LoadError> {
    match fetch(url, controller, false).await? {
        Body::Text(text) => Ok(text),
        Body::Bytes(_) => Err(LoadError::BadData("expected text".into())),
    }
}

/// Fetches `url` as bytes (the search index's binary shards), like [`fetch_text`].
#[cfg(target_arch = "wasm32")]
pub async fn fetch_bytes(
    url: &str,
    controller: Option<web_sys::AbortController>,
) -> Result<Vec<u8>, LoadError> {
    match fetch(url, controller, true).await? {
        Body::Bytes(bytes) => Ok(bytes),
        Body::Text(_) => Err(LoadError::BadData("expected bytes".into())),
    }
}

/// The one request path (not generic, so the wasm carries it once).
#[cfg(target_arch = "wasm32")]
async fn fetch(
    url: &str,
    controller: Option<web_sys::AbortController>,
    binary: bool,
) -> Result<Body, LoadError> {
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
    let result = request(url, signal.as_ref(), binary).await;
    if let Some(timer) = timer {
        timer.clear();
    }
    match result {
        Err(LoadError::Network(_)) if timed_out.get() => Err(LoadError::Timeout),
        other => other,
    }
}

#[cfg(target_arch = "wasm32")]
async fn request(
    url: &str,
    signal: Option<&web_sys::AbortSignal>,
    binary: bool,
) -> Result<Body, LoadError> {
    let response = gloo_net::http::Request::get(url)
        .abort_signal(signal)
        .send()
        .await
        .map_err(|e| LoadError::Network(e.to_string()))?;
    let status = response.status();
    let body = if !(200..300).contains(&status) {
        Ok(Body::Text(String::new()))
    } else if binary {
        response
            .binary()
            .await
            .map(Body::Bytes)
            .map_err(|e| e.to_string())
    } else {
        response
            .text()
            .await
            .map(Body::Text)
            .map_err(|e| e.to_string())
    };
    classify(status, body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_missing_page_is_not_worth_a_retry() {
        assert!(!LoadError::NotFound.retryable());
        assert!(LoadError::Server(503).retryable());
        assert!(LoadError::Timeout.retryable());
        assert!(LoadError::Network("x".into()).retryable());
        assert!(LoadError::BadData("x".into()).retryable());
    }

    #[test]
    fn http_answers_map_to_reader_facing_errors() {
        assert_eq!(classify(404, Ok(String::new())), Err(LoadError::NotFound));
        assert_eq!(classify(410, Ok(String::new())), Err(LoadError::NotFound));
        assert_eq!(
            classify(503, Ok(String::new())),
            Err(LoadError::Server(503))
        );
        assert_eq!(
            classify(500, Ok(String::from("{}"))),
            Err(LoadError::Server(500))
        );
        assert!(matches!(
            classify::<String>(200, Err("reset".into())),
            Err(LoadError::Network(_))
        ));
        assert_eq!(
            classify(200, Ok(String::from("[1]"))),
            Ok(String::from("[1]"))
        );
    }
}
