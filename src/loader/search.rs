//! The search page's data: from the request in the URL to the results, fetching only
//! what the query needs — the index root, then in each segment (base and recent) the
//! shards its terms hash to, the position shards of quoted phrases and a filter, and the
//! summaries of the results shown.
//! Fetched files are kept (bounded), so the next query asks for less. Browser only:
//! a pre-rendered search page has no query to answer.

use crate::api::{fetch_bytes, fetch_text, LoadError};
use crate::links::BasePath;
use crate::model::ArticleSummary;
use crate::route::{Route, SEARCH_DIR};
use crate::search::request::{Found, SearchOutcome, SearchRequest};
use crate::search::{
    doc_chunk_path, parse_query, search, Filter, Query, Root, Segment, SegmentFiles, Shard,
};
use crate::store::Store;
use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::Poll;

/// Index files kept between queries (shards are about 8 KiB each).
const KEPT_FILES: usize = 96;

/// Forgets the kept index files (a retry after damaged or stale files).
pub fn forget_files() {
    FILES.with_borrow_mut(Files::clear);
}

/// The outcome of `request`, or why it could not be found.
pub async fn answer(
    base: &BasePath,
    store: &Store,
    site_language: &str,
    request: &SearchRequest,
) -> Result<SearchOutcome, LoadError> {
    if request.q.trim().is_empty() {
        warm_root(base, store);
        return Ok(SearchOutcome::Prompt);
    }
    let root = root(base, store).await?;
    let nothing = Found {
        languages: root.languages(),
        ..Found::default()
    };
    let query = parse_query(&request.q);
    if query.is_empty() {
        // Only punctuation, symbols or emoji: nothing any article could match.
        return Ok(SearchOutcome::Found(nothing));
    }
    let (wanted, mut files) = wanted(&root, &query, request, site_language);
    let paths: Vec<String> = wanted.iter().map(|(_, _, p)| p.clone()).collect();
    let fetched = fetch_all(base, &paths).await?;
    read_files(&root, &wanted, &fetched, &mut files)?;
    let results = search(&root, &query, &files);
    let shown: Vec<u32> = results
        .hits
        .iter()
        .take(request.shown as usize)
        .map(|(doc, _)| *doc)
        .collect();
    Ok(SearchOutcome::Found(Found {
        total: results.total,
        hits: summaries(base, &root, &shown).await?,
        ..nothing
    }))
}

/// Every segment's files the query needs, as `(segment, kind, path)`, and the segments'
/// files to fill: a segment left out by a filter has `filters: None`.
fn wanted(
    root: &Root,
    query: &Query,
    request: &SearchRequest,
    site_language: &str,
) -> (Vec<(usize, Kind, String)>, Vec<SegmentFiles>) {
    let mut wanted: Vec<(usize, Kind, String)> = Vec::new();
    let mut files: Vec<SegmentFiles> = (root.segments.iter())
        .map(|_| SegmentFiles::default())
        .collect();
    for ((i, segment), files) in root.segments.iter().enumerate().zip(&mut files) {
        let Some(filters) = filter_paths(segment, request, site_language) else {
            continue; // a section or language none of this segment's articles has
        };
        if !segment.has_files() {
            continue;
        }
        files.filters = Some(Vec::with_capacity(filters.len()));
        let needs = segment.shards_for(query);
        for n in needs.terms {
            wanted.push((i, Kind::Terms, segment.term_shard_path(n)));
        }
        for n in needs.positions {
            wanted.push((i, Kind::Positions, segment.position_shard_path(n)));
        }
        for path in filters {
            wanted.push((i, Kind::Filter, path));
        }
    }
    (wanted, files)
}

/// Parses the fetched files into their segments', each checked to be of its segment's
/// build.
fn read_files(
    root: &Root,
    wanted: &[(usize, Kind, String)],
    fetched: &[Rc<Vec<u8>>],
    files: &mut [SegmentFiles],
) -> Result<(), LoadError> {
    for ((i, kind, path), bytes) in wanted.iter().zip(fetched) {
        let (Some(segment), Some(files)) = (root.segments.get(*i), files.get_mut(*i)) else {
            continue;
        };
        let build = segment.build;
        match kind {
            Kind::Filter => {
                let filter = Filter::parse(bytes).filter(|f| f.build == build);
                let filter = filter.ok_or_else(|| damaged(path))?;
                files.filters.get_or_insert_with(Vec::new).push(filter);
            }
            Kind::Terms | Kind::Positions => {
                let positions = matches!(kind, Kind::Positions);
                let shard = Shard::parse(bytes)
                    .filter(|s| s.build == build && s.is_positions() == positions)
                    .ok_or_else(|| damaged(path))?;
                match positions {
                    true => files.positions.push(shard),
                    false => files.terms.push(shard),
                }
            }
        }
    }
    Ok(())
}

/// What a fetched index file is.
#[derive(Clone, Copy)]
enum Kind {
    Terms,
    Positions,
    Filter,
}

/// A segment's filter files for the request's section and language; `None` when one
/// names a section or language that none of the segment's articles has.
fn filter_paths(
    segment: &Segment,
    request: &SearchRequest,
    site_language: &str,
) -> Option<Vec<String>> {
    let mut paths = Vec::new();
    if let Some(section) = &request.section {
        paths.push(segment.section_filter_path(section)?);
    }
    if let Some(language) = &request.language {
        let language = if language.eq_ignore_ascii_case(site_language) {
            ""
        } else {
            language.as_str()
        };
        paths.push(segment.language_filter_path(language)?);
    }
    Some(paths)
}

/// Fetches the index root while the reader types, so the first query waits for one round
/// trip less; the pre-rendered search page has already asked for it (`data-app-needs`). A
/// failure is not shown: the query that needs the root fetches it again and says why.
fn warm_root(base: &BasePath, store: &Store) {
    let (base, store) = (base.clone(), store.clone());
    leptos::task::spawn_local(async move {
        let _ = root(&base, &store).await;
    });
}

/// The index root, from the store (a prefetch may have put it there) or fetched.
async fn root(base: &BasePath, store: &Store) -> Result<Root, LoadError> {
    let path = Route::Search.api_path().unwrap_or_default();
    if !store.contains(&path) {
        let text = fetch_text(&base.api_url(&path), None).await?;
        store.insert(&path, text.as_str());
    }
    let parse =
        |text: &str| Root::parse(text).ok_or_else(|| "the search index root is damaged".into());
    store
        .get_with(&path, parse)
        .unwrap_or(Err(LoadError::NotFound))
}

/// The summaries of documents `docs`, in the same order.
async fn summaries(
    base: &BasePath,
    root: &Root,
    docs: &[u32],
) -> Result<Vec<ArticleSummary>, LoadError> {
    let mut chunks: Vec<u32> = Vec::new();
    for k in docs.iter().map(|d| root.doc_chunk(*d)) {
        if !chunks.contains(&k) {
            chunks.push(k);
        }
    }
    let paths: Vec<String> = chunks.iter().map(|k| doc_chunk_path(*k)).collect();
    let files = fetch_all(base, &paths).await?;
    let mut decoded: Vec<Vec<Option<ArticleSummary>>> = Vec::with_capacity(files.len());
    for (bytes, path) in files.iter().zip(&paths) {
        // As text, so the JSON is read like every other document.
        let text = std::str::from_utf8(bytes).map_err(|_| damaged(path))?;
        let chunk = crate::decode::parse(text).and_then(|node| crate::decode::summaries(&node));
        decoded.push(chunk.map_err(|_| damaged(path))?);
    }
    let chunk = root.chunk.max(1);
    docs.iter()
        .map(|d| {
            let k = root.doc_chunk(*d);
            chunks
                .iter()
                .position(|c| *c == k)
                .and_then(|i| decoded.get(i))
                .and_then(|list| list.get((d % chunk) as usize))
                .and_then(Option::clone)
                .ok_or_else(|| LoadError::BadData(format!("no summary for result {d}")))
        })
        .collect()
}

fn damaged(path: &str) -> LoadError {
    FILES.with_borrow_mut(|f| f.forget(path));
    LoadError::BadData(format!(
        "search file {path} is damaged or from another build"
    ))
}

/// Index files below `api/v1/search/`, from the kept ones or fetched together. The answer
/// holds its own copies: putting the fetched files may push out kept ones this query also
/// needs (oldest first out), and a query may need more files than are kept.
async fn fetch_all(base: &BasePath, paths: &[String]) -> Result<Vec<Rc<Vec<u8>>>, LoadError> {
    let kept: Vec<Option<Rc<Vec<u8>>>> = paths
        .iter()
        .map(|p| FILES.with_borrow(|f| f.get(p)))
        .collect();
    let missing: Vec<&String> = paths
        .iter()
        .zip(&kept)
        .filter_map(|(p, k)| k.is_none().then_some(p))
        .collect();
    let fetched = together(missing.iter().map(|path| {
        let url = base.api_url(&format!("{SEARCH_DIR}/{path}"));
        Box::pin(async move { fetch_bytes(&url, None).await })
    }))
    .await;
    let mut fetched = missing.iter().zip(fetched).map(|(path, bytes)| {
        let bytes = Rc::new(bytes?);
        FILES.with_borrow_mut(|f| f.put(path, bytes.clone()));
        Ok(bytes)
    });
    kept.into_iter()
        .map(|k| match k {
            Some(bytes) => Ok(bytes),
            None => fetched
                .next()
                .unwrap_or_else(|| Err(LoadError::Network("a search file went missing".into()))),
        })
        .collect()
}

/// Every future's output, in order, the futures run at the same time. A query's few files
/// need no more than polling each unfinished one at every wake. `futures`' `join_all`, with
/// its queue of tasks for long lists, made the wasm 1,579 bytes larger (brotli, 2026-12-02).
async fn together<F: Future>(futures: impl Iterator<Item = Pin<Box<F>>>) -> Vec<F::Output> {
    let mut running: Vec<_> = futures.map(|f| (f, None)).collect();
    std::future::poll_fn(|cx| {
        let mut done = true;
        for (future, output) in &mut running {
            if output.is_none() {
                match future.as_mut().poll(cx) {
                    Poll::Ready(value) => *output = Some(value),
                    Poll::Pending => done = false,
                }
            }
        }
        if done {
            Poll::Ready(())
        } else {
            Poll::Pending
        }
    })
    .await;
    running
        .into_iter()
        .filter_map(|(_, output)| output)
        .collect()
}

/// The kept index files, oldest first out (a short list: searched in order).
#[derive(Default)]
struct Files(Vec<(String, Rc<Vec<u8>>)>);

impl Files {
    fn get(&self, path: &str) -> Option<Rc<Vec<u8>>> {
        self.0
            .iter()
            .find(|(p, _)| p == path)
            .map(|(_, b)| b.clone())
    }

    fn put(&mut self, path: &str, bytes: Rc<Vec<u8>>) {
        self.forget(path);
        self.0.push((path.to_string(), bytes));
        if self.0.len() > KEPT_FILES {
            self.0.remove(0);
        }
    }

    fn forget(&mut self, path: &str) {
        self.0.retain(|(p, _)| p != path);
    }

    fn clear(&mut self) {
        self.0.clear();
    }
}

thread_local! {
    static FILES: RefCell<Files> = RefCell::new(Files::default());
}

#[cfg(test)]
mod tests {
    use super::together;
    use std::cell::Cell;
    use std::rc::Rc;
    use std::task::Poll;
    use wasm_bindgen_test::*;

    #[wasm_bindgen_test]
    async fn together_runs_the_futures_at_the_same_time_and_keeps_their_order() {
        // Each future finishes only once all three have started: run one after another,
        // the first would wait alone, and it gives up after a hundred polls.
        let started = Rc::new(Cell::new(0));
        let futures = (0..3).map(|i| {
            let started = started.clone();
            Box::pin(async move {
                started.set(started.get() + 1);
                let mut polls = 0;
                std::future::poll_fn(|cx| {
                    polls += 1;
                    assert!(polls < 100, "future {i} ran alone");
                    if started.get() == 3 {
                        return Poll::Ready(());
                    }
                    cx.waker().wake_by_ref();
                    Poll::Pending
                })
                .await;
                i * 10
            })
        });
        assert_eq!(together(futures).await, vec![0, 10, 20]);
    }
}
