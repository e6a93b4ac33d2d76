//! The search benchmark's queries, cut deterministically (seeded) from the titles and bodies
//! of the real articles of the corpus (`realdata.rs`) as the built site shows them:
//!
//! - `zh-title-2`: two Han characters that stand next to each other in a title; each its own
//!   target article. Only pairs that no synthetic text contains and that at most
//!   [`MAX_TITLES`] titles share, so that a top-10 hit is possible for any engine;
//! - `zh-word`: two to four consecutive Han characters of a title or body (no dictionary:
//!   what a reader types is a substring of the text, and the bench cannot know words);
//! - `en-word`: an English word of four letters or more from a title or body, lower case,
//!   not one of a few function words;
//! - `phrase`: two or three consecutive English words, or three to five Han characters, in
//!   double quotes.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use anyhow::{Context, Result};
use serde_json::{json, Value};

use super::corpus::ZH_PHRASES;
use super::realdata::{imported_files, is_han};
use super::rng::Rng;

/// Titles that may share a `zh-title-2` pair: more could not all be in a top 10.
pub const MAX_TITLES: usize = 10;
pub const KINDS: [&str; 4] = ["zh-title-2", "zh-word", "en-word", "phrase"];
/// Function words too common to be a reader's query.
const STOP: &[&str] = &[
    "that", "with", "this", "from", "have", "were", "said", "they", "their", "there", "been",
    "will", "would", "about", "which", "when", "what", "more", "than", "into", "also", "some",
    "them", "then", "only", "your", "just", "like", "over",
];

/// A real article as built: where it is, its title and the plain text of its body.
pub struct RealArticle {
    pub path: String,
    pub title: String,
    pub body: String,
}

impl RealArticle {
    fn is_zh(&self) -> bool {
        self.title.chars().any(is_han)
    }
}

/// One query and the article it was cut from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Query {
    pub kind: &'static str,
    pub q: String,
    /// `section/slug/`, below the site's root.
    pub target: String,
}

/// The real articles of `corpus` as built into `site` (titles and bodies from the API).
pub fn articles(corpus: &Path, site: &Path) -> Result<Vec<RealArticle>> {
    let mut out = Vec::new();
    for file in imported_files(corpus)? {
        let slug = file.file_stem().and_then(|s| s.to_str()).unwrap_or("");
        let json = site.join(format!("api/v1/articles/{slug}.json"));
        let text = std::fs::read_to_string(&json)
            .with_context(|| format!("reading {}", json.display()))?;
        let doc: Value = serde_json::from_str(&text)?;
        let field = |k: &str| doc[k].as_str().unwrap_or("").to_string();
        out.push(RealArticle {
            path: format!("{}/{}/", field("section"), field("slug")),
            title: field("title"),
            body: plain_text(&field("body_html")),
        });
    }
    Ok(out)
}

/// Up to `per_kind` queries of every kind, the same for the same articles and seed.
pub fn cut(articles: &[RealArticle], per_kind: usize, seed: u64) -> Vec<Query> {
    let mut rng = Rng::new(seed);
    let zh: Vec<&RealArticle> = articles.iter().filter(|a| a.is_zh()).collect();
    let en: Vec<&RealArticle> = articles.iter().filter(|a| !a.is_zh()).collect();
    let mut out = title_pairs(&zh, per_kind, &mut rng);
    out.extend(sample(per_kind, &mut rng, |rng| {
        let a = *pick(&zh, rng)?;
        let run = pick(&han_runs(text_of(a, rng)), rng)?.clone();
        Some(query("zh-word", substring(&run, 2, 4, rng), a))
    }));
    out.extend(sample(per_kind, &mut rng, |rng| {
        let a = *pick(&en, rng)?;
        let words: Vec<String> = words(text_of(a, rng))
            .into_iter()
            .map(|w| w.to_lowercase())
            .filter(|w| w.len() >= 4 && !STOP.contains(&w.as_str()))
            .collect();
        Some(query("en-word", pick(&words, rng)?.clone(), a))
    }));
    out.extend(sample(per_kind, &mut rng, |rng| {
        let phrase = if rng.chance(50) {
            let a = *pick(&en, rng)?;
            let ws = words_in_sentences(text_of(a, rng));
            let at = rng.range(0, ws.len().checked_sub(2)?);
            let n = (2 + rng.range(0, 1)).min(ws.len() - at);
            let run: Vec<String> = ws.get(at..at + n)?.iter().flatten().cloned().collect();
            (run.len() == n).then(|| (run.join(" "), a))?
        } else {
            let a = *pick(&zh, rng)?;
            let runs: Vec<String> = han_runs(text_of(a, rng))
                .into_iter()
                .filter(|r| r.chars().count() >= 3)
                .collect();
            (substring(pick(&runs, rng)?, 3, 5, rng), a)
        };
        Some(query("phrase", format!("\"{}\"", phrase.0), phrase.1))
    }));
    out
}

/// One `zh-title-2` query per article, as long as articles last.
fn title_pairs(zh: &[&RealArticle], per_kind: usize, rng: &mut Rng) -> Vec<Query> {
    let synthetic: BTreeSet<String> = ZH_PHRASES.iter().flat_map(|p| pairs(p)).collect();
    let mut titles_with: HashMap<String, usize> = HashMap::new();
    for a in zh {
        for pair in pairs(&a.title).into_iter().collect::<BTreeSet<_>>() {
            *titles_with.entry(pair).or_default() += 1;
        }
    }
    let mut order: Vec<&RealArticle> = zh.to_vec();
    rng.shuffle(&mut order);
    let mut out: Vec<Query> = Vec::new();
    for a in order {
        let usable: Vec<String> = pairs(&a.title)
            .into_iter()
            .filter(|p| {
                !synthetic.contains(p) && titles_with.get(p).copied().unwrap_or(0) <= MAX_TITLES
            })
            .filter(|p| !out.iter().any(|q| &q.q == p))
            .collect();
        if let Some(pair) = pick(&usable, rng) {
            out.push(query("zh-title-2", pair.clone(), a));
        }
        if out.len() == per_kind {
            break;
        }
    }
    out
}

/// Draws distinct queries with `draw` until there are `n` (or draws keep failing).
fn sample(n: usize, rng: &mut Rng, mut draw: impl FnMut(&mut Rng) -> Option<Query>) -> Vec<Query> {
    let mut out: Vec<Query> = Vec::new();
    for _ in 0..n * 50 {
        if out.len() == n {
            break;
        }
        if let Some(q) = draw(rng).filter(|q| !out.iter().any(|o| o.q == q.q)) {
            out.push(q);
        }
    }
    out
}

fn query(kind: &'static str, q: String, a: &RealArticle) -> Query {
    Query {
        kind,
        q,
        target: a.path.clone(),
    }
}

fn pick<'a, T>(items: &'a [T], rng: &mut Rng) -> Option<&'a T> {
    (!items.is_empty()).then(|| &items[rng.range(0, items.len() - 1)])
}

/// The title (three times in ten) or the body.
fn text_of<'a>(a: &'a RealArticle, rng: &mut Rng) -> &'a str {
    if rng.chance(30) || a.body.trim().is_empty() {
        &a.title
    } else {
        &a.body
    }
}

/// Adjacent Han pairs of `text`.
fn pairs(text: &str) -> Vec<String> {
    han_runs(text)
        .iter()
        .flat_map(|run| {
            let cs: Vec<char> = run.chars().collect();
            cs.windows(2)
                .map(|w| w.iter().collect())
                .collect::<Vec<String>>()
        })
        .collect()
}

/// Maximal runs of two or more Han characters.
fn han_runs(text: &str) -> Vec<String> {
    text.split(|c: char| !is_han(c))
        .filter(|r| r.chars().count() >= 2)
        .map(String::from)
        .collect()
}

/// `lo..=hi` consecutive characters of `run` at a seeded place (fewer if it is shorter).
fn substring(run: &str, lo: usize, hi: usize, rng: &mut Rng) -> String {
    let cs: Vec<char> = run.chars().collect();
    let len = rng.range(lo, hi).min(cs.len());
    let at = rng.range(0, cs.len() - len);
    cs[at..at + len].iter().collect()
}

/// Words of ASCII letters.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| !w.is_empty())
        .map(String::from)
        .collect()
}

/// The text's whitespace-separated tokens, each a word of two or more ASCII letters or
/// `None` (anything else: a phrase never spans it).
fn words_in_sentences(text: &str) -> Vec<Option<String>> {
    text.split_whitespace()
        .map(|t| {
            (t.len() >= 2 && t.chars().all(|c| c.is_ascii_alphabetic())).then(|| t.to_lowercase())
        })
        .collect()
}

/// The text of sanitised HTML: tags out, character references decoded.
pub fn plain_text(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                text.push(' ');
            }
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    html_escape::decode_html_entities(&text).into_owned()
}

/// The queries as the browser scripts read them.
pub fn to_json(queries: &[Query]) -> String {
    let list: Vec<Value> = queries
        .iter()
        .map(|q| json!({"kind": q.kind, "q": q.q, "target": q.target}))
        .collect();
    Value::Array(list).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(path: &str, title: &str, body: &str) -> RealArticle {
        RealArticle {
            path: path.into(),
            title: title.into(),
            body: body.into(),
        }
    }

    fn fixture() -> Vec<RealArticle> {
        let mut list = Vec::new();
        for i in 0..30 {
            list.push(article(
                &format!("news/zh{i}/"),
                &format!(
                    "第{i}届亚洲电影节在釜山开幕{}",
                    ["甲乙", "丙丁", "戊己"][i % 3]
                ),
                "评审团主席表示，今年的参赛作品数量创下新高。",
            ));
            list.push(article(
                &format!("news/en{i}/"),
                &format!("Harbour authority approves tunnel plan {i}"),
                "The regional council voted late on Tuesday, ending months of debate.",
            ));
        }
        list
    }

    #[test]
    fn the_same_articles_and_seed_give_the_same_queries() {
        let a = cut(&fixture(), 8, 5);
        assert_eq!(a, cut(&fixture(), 8, 5));
        assert_ne!(a, cut(&fixture(), 8, 6));
        for kind in KINDS {
            assert!(a.iter().filter(|q| q.kind == kind).count() >= 5, "{kind}");
        }
    }

    #[test]
    fn title_pairs_are_han_pairs_of_their_targets_title_that_few_titles_share() {
        let articles = fixture();
        for q in cut(&articles, 10, 1)
            .iter()
            .filter(|q| q.kind == "zh-title-2")
        {
            let target = articles.iter().find(|a| a.path == q.target).unwrap();
            assert_eq!(q.q.chars().count(), 2);
            assert!(q.q.chars().all(is_han) && target.title.contains(&q.q));
            let sharing = articles.iter().filter(|a| a.title.contains(&q.q)).count();
            assert!(sharing <= MAX_TITLES, "{} is in {sharing} titles", q.q);
        }
    }

    #[test]
    fn pairs_the_synthetic_corpus_writes_are_never_title_queries() {
        let list = vec![article("news/a/", "市政府今天宣布新闻", "")];
        let qs = cut(&list, 5, 1);
        let pairs: Vec<&str> = qs
            .iter()
            .filter(|q| q.kind == "zh-title-2")
            .map(|q| q.q.as_str())
            .collect();
        assert!(
            pairs.iter().all(|p| ["府今", "布新", "新闻"].contains(p)),
            "{pairs:?}"
        );
    }

    #[test]
    fn phrases_are_quoted_and_words_are_long_lower_case_and_not_function_words() {
        for q in cut(&fixture(), 10, 3) {
            match q.kind {
                "phrase" => assert!(q.q.starts_with('"') && q.q.ends_with('"'), "{}", q.q),
                "en-word" => {
                    assert!(q.q.len() >= 4 && q.q == q.q.to_lowercase());
                    assert!(!STOP.contains(&q.q.as_str()));
                }
                _ => {}
            }
        }
    }

    #[test]
    fn plain_text_drops_tags_and_decodes_references() {
        assert_eq!(
            plain_text("<p>a &amp; b</p><p>c</p>")
                .split_whitespace()
                .collect::<Vec<_>>(),
            ["a", "&", "b", "c"]
        );
    }
}
