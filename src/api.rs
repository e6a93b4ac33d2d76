//! Fetching API documents: the only place the app touches the network, and the
//! errors a reader can meet because of it.

/// How long a request may take, headers and body, before the reader is told.
pub const TIMEOUT_MS: u64 = 12_000;

/// The longest wait a server's `Retry-After` can ask of a reader.
pub const MAX_RETRY_AFTER_S: u32 = 60;

/// Why a document could not be shown, in the terms a reader's message needs.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum LoadError {
    #[error("not found")]
    NotFound,
    #[error("network unreachable: {0}")]
    Network(String),
    #[error("no answer in time")]
    Timeout,
    /// The status, and the seconds the server asked us to wait before trying again
    /// (`Retry-After`, at most [`MAX_RETRY_AFTER_S`]; 0 when it said nothing).
    #[error("server answered {0}")]
    Server(u16, u32),
    #[error("malformed data: {0}")]
    BadData(String),
}

impl LoadError {
    /// Whether trying again can help (a missing page stays missing).
    pub fn retryable(&self) -> bool {
        !matches!(self, LoadError::NotFound)
    }

    /// How many seconds to wait before trying again (0: at once).
    pub fn retry_after(&self) -> u32 {
        match self {
            LoadError::Server(_, wait) => *wait,
            _ => 0,
        }
    }
}

/// Reads the HTTP answer: the body of a success, or the error a reader should see
/// (`retry_after`: the seconds [`retry_after`] read from the answer's header).
/// Whether the body is the data the page needs is the reader's question.
pub fn classify<T>(status: u16, retry_after: u32, body: Result<T, String>) -> Result<T, LoadError> {
    match status {
        200..=299 => body.map_err(LoadError::Network),
        404 | 410 => Err(LoadError::NotFound),
        _ => Err(LoadError::Server(status, retry_after)),
    }
}

/// The seconds a `Retry-After` header asks to wait, `now` being the Unix time in seconds:
/// a number of seconds, or an HTTP date (`Sun, 06 Nov 1994 08:49:37 GMT`); at most
/// [`MAX_RETRY_AFTER_S`]. A past date or a value it cannot read asks for no wait.
pub fn retry_after(header: &str, now: i64) -> u32 {
    let header = header.trim();
    let wait = if !header.is_empty() && header.bytes().all(|b| b.is_ascii_digit()) {
        header.parse::<i64>().unwrap_or(i64::MAX)
    } else {
        http_date(header).map_or(0, |at| at.saturating_sub(now))
    };
    wait.clamp(0, i64::from(MAX_RETRY_AFTER_S)) as u32
}

/// An IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`, the form HTTP servers send) as
/// Unix seconds.
fn http_date(text: &str) -> Option<i64> {
    let parts: Vec<&str> = text.split_whitespace().collect();
    let [weekday, day, month, year, time, "GMT"] = parts.as_slice() else {
        return None;
    };
    weekday.strip_suffix(',')?;
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let month = MONTHS.iter().position(|m| m == month)? as i64 + 1;
    let number = |s: &str, max: i64| s.parse::<i64>().ok().filter(|n| (0..=max).contains(n));
    let (day, year) = (number(day, 31).filter(|d| *d > 0)?, number(year, 9999)?);
    let mut hms = time.split(':').map(|t| number(t, 60));
    let (h, m, s) = (hms.next()??, hms.next()??, hms.next()??);
    if hms.next().is_some() || h > 23 || m > 59 {
        return None;
    }
    Some(days_from_civil(year, month, day) * 86_400 + h * 3_600 + m * 60 + s)
}

/// Days from 1970-01-01 to a date of the proleptic Gregorian calendar (counting years
/// from March, so the leap day ends a year).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let day_of_year = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
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
    let wait = match response.headers().get("retry-after") {
        Some(header) if !(200..300).contains(&status) => {
            retry_after(&header, (js_sys::Date::now() / 1000.0) as i64)
        }
        _ => 0,
    };
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
    classify(status, wait, body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_missing_page_is_not_worth_a_retry() {
        assert!(!LoadError::NotFound.retryable());
        assert!(LoadError::Server(503, 0).retryable());
        assert!(LoadError::Timeout.retryable());
        assert!(LoadError::Network("x".into()).retryable());
        assert!(LoadError::BadData("x".into()).retryable());
    }

    #[test]
    fn http_answers_map_to_reader_facing_errors() {
        assert_eq!(
            classify(404, 0, Ok(String::new())),
            Err(LoadError::NotFound)
        );
        assert_eq!(
            classify(410, 0, Ok(String::new())),
            Err(LoadError::NotFound)
        );
        assert_eq!(
            classify(503, 30, Ok(String::new())),
            Err(LoadError::Server(503, 30))
        );
        assert_eq!(
            classify(500, 0, Ok(String::from("{}"))),
            Err(LoadError::Server(500, 0))
        );
        assert!(matches!(
            classify::<String>(200, 0, Err("reset".into())),
            Err(LoadError::Network(_))
        ));
        assert_eq!(
            classify(200, 0, Ok(String::from("[1]"))),
            Ok(String::from("[1]"))
        );
    }

    /// 1994-11-06 08:49:37 UTC, the date of RFC 9110's examples.
    const NOV_1994: i64 = 784_111_777;

    #[test]
    fn retry_after_in_seconds_is_waited_for_at_most_a_minute() {
        assert_eq!(retry_after("5", NOV_1994), 5);
        assert_eq!(retry_after(" 0 ", NOV_1994), 0);
        assert_eq!(retry_after("120", NOV_1994), MAX_RETRY_AFTER_S);
        assert_eq!(retry_after("99999999999999999999999", NOV_1994), 60);
    }

    #[test]
    fn retry_after_as_a_date_is_the_time_left_until_it() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        let date = "Sun, 06 Nov 1994 08:49:37 GMT";
        assert_eq!(http_date(date), Some(NOV_1994));
        assert_eq!(retry_after(date, NOV_1994 - 20), 20);
        assert_eq!(retry_after(date, NOV_1994 - 3_600), MAX_RETRY_AFTER_S);
        assert_eq!(retry_after(date, NOV_1994 + 5), 0, "a date gone by");
        assert_eq!(
            retry_after("Thu, 01 Jan 2026 00:00:10 GMT", 1_767_225_600),
            10
        );
    }

    #[test]
    fn a_retry_after_that_cannot_be_read_asks_for_no_wait() {
        for bad in [
            "",
            "-5",
            "1.5",
            "soon",
            "Sun, 06 Nov 1994 08:49:37 CET",
            "Sun, 32 Nov 1994 08:49:37 GMT",
            "Sun, 06 Nox 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 24:00:00 GMT",
            "Sun, 06 Nov 1994 08:49 GMT",
            "Sunday, 06-Nov-94 08:49:37 GMT",
        ] {
            assert_eq!(retry_after(bad, NOV_1994 - 30), 0, "{bad:?}");
        }
    }
}
