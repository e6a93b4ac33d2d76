//! Names that get a page (tags, credited people): which spellings are one name, and a
//! unique, stable slug for each.
//!
//! Spellings equal up to case, full-/half-width form and spacing are one name (`AI`,
//! `ai`, `ＡＩ`). Distinct names whose slugs collide (`C++` and `C`, 张伟 and 章伟) keep
//! distinct pages: the name spelt exactly as the slug, or else the one first used (the
//! oldest article), keeps the plain slug; the others get a hash of their name after it.
//! Adding articles therefore never moves an existing page.

use std::collections::{HashMap, HashSet};

use broadsheet_app::slug;
use rustc_hash::FxHashMap;

/// The form in which spellings of one name are equal: full-width ASCII and the
/// ideographic space made half-width, lowercase, trimmed, spaces collapsed.
pub fn fold(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut space = false;
    for c in name.chars() {
        let c = match u32::from(c) {
            0x3000 => ' ',
            n @ 0xFF01..=0xFF5E => char::from_u32(n - 0xFEE0).unwrap_or(c),
            _ => c,
        };
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.extend(c.to_lowercase());
    }
    out
}

/// The names of every article grouped into one entry per name (see [`fold`]).
pub struct Grouped {
    /// Sorted by slug: each name's slug, its spelling in the newest article that uses it,
    /// and its articles (newest first).
    pub names: Vec<(String, String, Vec<usize>)>,
    /// Per article: its names as indices into `names`, each once, in the article's order.
    pub of_article: Vec<Vec<usize>>,
    by_key: FxHashMap<String, usize>,
}

impl Grouped {
    /// Groups the names of articles `0..n` (newest first), whose slugs `base` makes.
    pub fn new<'a, I>(
        n: usize,
        names_of: impl Fn(usize) -> I,
        base: impl Fn(&str) -> String,
    ) -> Self
    where
        I: IntoIterator<Item = &'a str>,
    {
        let mut by_key: FxHashMap<String, usize> = FxHashMap::default();
        let mut groups: Vec<(String, String, Vec<usize>)> = Vec::new();
        let mut of_article = Vec::with_capacity(n);
        for i in 0..n {
            let mut mine: Vec<usize> = Vec::new();
            for name in names_of(i) {
                let name = name.trim();
                if name.is_empty() {
                    continue;
                }
                let key = fold(name);
                // Most names were seen before: the key is kept only for a new one.
                let g = match by_key.get(&key) {
                    Some(&g) => g,
                    None => {
                        groups.push((key.clone(), name.to_string(), Vec::new()));
                        by_key.insert(key, groups.len() - 1);
                        groups.len() - 1
                    }
                };
                if !mine.contains(&g) {
                    mine.push(g);
                    groups[g].2.push(i);
                }
            }
            of_article.push(mine);
        }
        // Slugs are handed out in order of first use: the oldest article last used comes first.
        let mut first_use: Vec<usize> = (0..groups.len()).collect();
        first_use.sort_by(|&a, &b| {
            groups[b]
                .2
                .last()
                .cmp(&groups[a].2.last())
                .then_with(|| groups[a].0.cmp(&groups[b].0))
        });
        let keys: Vec<&str> = first_use.iter().map(|&g| groups[g].0.as_str()).collect();
        let mut slugs = vec![String::new(); groups.len()];
        for (g, s) in first_use.iter().zip(unique_slugs(&keys, base)) {
            slugs[*g] = s;
        }
        let mut order: Vec<usize> = (0..groups.len()).collect();
        order.sort_by(|&a, &b| slugs[a].cmp(&slugs[b]));
        let mut position = vec![0; groups.len()];
        for (p, &g) in order.iter().enumerate() {
            position[g] = p;
        }
        for g in by_key.values_mut() {
            *g = position[*g];
        }
        for list in &mut of_article {
            for g in list.iter_mut() {
                *g = position[*g];
            }
        }
        let mut groups: Vec<Option<(String, String, Vec<usize>)>> =
            groups.into_iter().map(Some).collect();
        let names = order
            .iter()
            .filter_map(|&g| {
                let (_, name, list) = groups[g].take()?;
                Some((std::mem::take(&mut slugs[g]), name, list))
            })
            .collect();
        Grouped {
            names,
            of_article,
            by_key,
        }
    }

    /// The entry of `name` in any of its spellings.
    pub fn find(&self, name: &str) -> Option<usize> {
        self.by_key.get(&fold(name.trim())).copied()
    }
}

/// Assigns slugs to folded names, given in order of first use (oldest first), with
/// `base` making each one's plain slug. Returns one slug per name, all distinct.
pub fn unique_slugs(keys: &[&str], base: impl Fn(&str) -> String) -> Vec<String> {
    let bases: Vec<String> = keys.iter().map(|k| base(k)).collect();
    let mut claims: HashMap<&str, usize> = HashMap::new();
    for (i, b) in bases.iter().enumerate() {
        let winner = claims.entry(b.as_str()).or_insert(i);
        // A name spelt exactly as the slug takes it from an older, differently spelt one.
        if keys[i] == b.as_str() && keys[*winner] != b.as_str() {
            *winner = i;
        }
    }
    let mut used: HashSet<String> = claims.keys().map(|b| (*b).to_string()).collect();
    bases
        .iter()
        .enumerate()
        .map(|(i, b)| {
            if claims.get(b.as_str()) == Some(&i) {
                return b.clone();
            }
            let hashed = slug::with_hash(b, keys[i]);
            let mut candidate = hashed.clone();
            let mut n = 2;
            while !used.insert(candidate.clone()) {
                candidate = format!("{}-{n}", &hashed[..hashed.len().min(slug::MAX_LEN - 6)]);
                n += 1;
            }
            candidate
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_equal_up_to_case_width_and_spacing_fold_alike() {
        assert_eq!(fold("AI"), "ai");
        assert_eq!(fold("ＡＩ"), "ai");
        assert_eq!(fold("  Hong\u{3000} Kong "), "hong kong");
        assert_eq!(fold("城市"), "城市");
        assert_ne!(fold("C++"), fold("C"));
    }

    #[test]
    fn distinct_names_with_one_slug_get_distinct_slugs() {
        let keys = ["c++", "c"];
        let slugs = unique_slugs(&keys, slug::tag_slug);
        // `c` is spelt as its slug, so it keeps it even though `c++` came first.
        assert_eq!(slugs[1], "c");
        assert!(slugs[0].starts_with("c-") && slugs[0] != "c", "{slugs:?}");
    }

    #[test]
    fn the_oldest_name_keeps_the_plain_slug_and_new_names_never_move_it() {
        let base = |k: &str| crate::content::title_slug(k);
        let before = unique_slugs(&["张伟"], base);
        let after = unique_slugs(&["张伟", "章伟"], base);
        assert_eq!(before, vec!["zhang-wei"]);
        assert_eq!(after[0], "zhang-wei");
        assert_ne!(after[1], "zhang-wei");
        assert!(after[1].starts_with("zhang-wei-"));
    }

    #[test]
    fn hashed_slugs_are_valid_even_for_the_longest_names() {
        let long = "a".repeat(200);
        let other = format!("{long}!");
        let slugs = unique_slugs(&[&long, &other], slug::tag_slug);
        assert_ne!(slugs[0], slugs[1]);
        for s in slugs {
            assert!(slug::is_valid(&s), "{s}");
        }
    }
}
