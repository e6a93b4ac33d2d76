//! Related articles: up to four articles published before an article and sharing tags
//! with it, most shared tags first, then newest. Only earlier ones, so a new article
//! changes no older article's page.
//!
//! Found for every article in one pass from the oldest, which keeps, for each set of
//! tags, the four newest articles so far that carry all of them. An article `j` among
//! article `i`'s related shares the tags `S` with it, and fewer than four articles
//! between them carry all of `S` (they would share at least as many tags and be newer).
//! So `j` is among the four kept for `S`, and `i`'s related are the best of the four kept
//! for each subset of its tags: a few lookups per article, where walking the tags' lists
//! until four articles share every tag took most of a publish's CPU on a corpus whose
//! articles have four tags that seldom meet (60 % of a publish into 100,000).
//!
//! Subsets are counted in powers of two, so an article with many tags takes the slow
//! ways: one with more than [`LOOKED_UP`] tags walks its tags' lists, and one with more
//! than [`KEPT`] is not kept by subsets but is a candidate of every newer article.

use rustc_hash::FxHashMap;

/// How many related articles an article has at most.
pub const RELATED: usize = 4;
/// An article with at most this many tags finds its related by looking up its subsets.
const LOOKED_UP: usize = 6;
/// An article with at most this many tags is kept under each of its subsets of up to
/// [`LOOKED_UP`] tags (at most 847 of them).
const KEPT: usize = 10;

/// Each article's related articles (indices), for articles `0..n` newest first, whose
/// tags are `of_article` (indices, each once) and each tag's articles `lists` (newest
/// first).
pub fn all(of_article: &[Vec<usize>], lists: &[&[usize]]) -> Vec<Vec<usize>> {
    let n = of_article.len();
    let mut related = vec![Vec::new(); n];
    // Per set of tags (sorted), the newest articles so far that carry all of them.
    let mut newest: FxHashMap<Vec<usize>, Vec<usize>> = FxHashMap::default();
    // Articles with more than `KEPT` tags, newest last.
    let mut many: Vec<usize> = Vec::new();
    let mut subset = Vec::with_capacity(LOOKED_UP);
    for i in (0..n).rev() {
        let mut tags = of_article[i].clone();
        tags.sort_unstable();
        related[i] = match tags.len() {
            0 => Vec::new(),
            m if m > LOOKED_UP => walk(i, &of_article[i], lists),
            _ => {
                let mut candidates: Vec<usize> = many.clone();
                for_subsets(&tags, LOOKED_UP, &mut subset, |s| {
                    if let Some(kept) = newest.get(s) {
                        candidates.extend(kept);
                    }
                });
                best(&tags, candidates, of_article)
            }
        };
        if tags.len() > KEPT {
            many.push(i);
        } else {
            for_subsets(&tags, LOOKED_UP, &mut subset, |s| match newest.get_mut(s) {
                Some(kept) => {
                    kept.insert(0, i);
                    kept.truncate(RELATED);
                }
                None => {
                    newest.insert(s.to_vec(), vec![i]);
                }
            });
        }
    }
    related
}

/// The best [`RELATED`] of `candidates` for an article with `tags` (sorted): most shared
/// tags first, then newest (lowest index); none sharing no tag.
fn best(tags: &[usize], mut candidates: Vec<usize>, of_article: &[Vec<usize>]) -> Vec<usize> {
    candidates.sort_unstable();
    candidates.dedup();
    let mut scored: Vec<(usize, usize)> = (candidates.into_iter())
        .map(|j| {
            let shared = of_article[j]
                .iter()
                .filter(|t| tags.binary_search(t).is_ok())
                .count();
            (shared, j)
        })
        .filter(|&(shared, _)| shared > 0)
        .collect();
    scored.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    scored.into_iter().take(RELATED).map(|(_, j)| j).collect()
}

/// Calls `each` with every non-empty subset of `tags` of at most `most` tags, built in
/// `buffer` (in `tags`' order).
fn for_subsets(
    tags: &[usize],
    most: usize,
    buffer: &mut Vec<usize>,
    mut each: impl FnMut(&[usize]),
) {
    fn go(tags: &[usize], most: usize, buffer: &mut Vec<usize>, each: &mut impl FnMut(&[usize])) {
        for (k, &t) in tags.iter().enumerate() {
            buffer.push(t);
            each(buffer);
            if buffer.len() < most {
                go(&tags[k + 1..], most, buffer, each);
            }
            buffer.pop();
        }
    }
    buffer.clear();
    go(tags, most, buffer, &mut each);
}

/// Article `i`'s related found by walking its tags' lists of older articles together,
/// one article at a time, until no article left can beat the fourth found.
fn walk(i: usize, tags: &[usize], lists: &[&[usize]]) -> Vec<usize> {
    let mut lists: Vec<&[usize]> = (tags.iter())
        .map(|&t| {
            let list = lists[t];
            &list[list.partition_point(|&j| j <= i)..]
        })
        .filter(|l| !l.is_empty())
        .collect();
    // (shared tags, article), best first.
    let mut best: Vec<(usize, usize)> = Vec::with_capacity(RELATED + 1);
    // An article still to come shares at most one tag per list left, and is older
    // than all in `best`: once the fourth shares as many, none can beat it.
    while best.len() < RELATED || best[RELATED - 1].0 < lists.len() {
        let Some(j) = lists.iter().map(|l| l[0]).min() else {
            break;
        };
        let mut shared = 0;
        for list in &mut lists {
            if list[0] == j {
                *list = &list[1..];
                shared += 1;
            }
        }
        lists.retain(|l| !l.is_empty());
        // Newer articles came first: this one goes after those sharing as many.
        let at = best.iter().position(|b| shared > b.0).unwrap_or(best.len());
        if at < RELATED {
            best.insert(at, (shared, j));
            best.truncate(RELATED);
        }
    }
    best.into_iter().map(|(_, j)| j).collect()
}
