//! English plurals folded to one form, so `ferries` finds `ferry`, `harbours` finds
//! `harbour` and `taxes` finds `tax`: the three rules of Harman's S-stemmer (D. Harman,
//! "How effective is suffixing?", JASIS 42(1), 1991), the first that applies and only that
//! one, then one rule of ours for the plurals that take `-es` after a hissing sound
//! (`-sses`, `-ches`, `-shes`, `-xes`, `-zzes`): Harman's second rule leaves them an `e`
//! (`boxes` → `boxe`), so any word ending in `sse`, `che`, `she`, `xe` or `zze` loses its
//! `e`, singulars too, so that `cache` and `caches` (both `cach`) still meet. Conservative:
//! only these endings go (`crises` → `crise` does not find `crisis`).

/// Words shorter than this keep their plural endings (`is`, `was`, `its`, `bus`, `gas`).
const SHORTEST: u32 = 4;

/// Endings whose `e` goes, on a word longer than the ending (`axe` → `ax`, `she` stays).
const HISSING: [&str; 5] = ["sse", "che", "she", "xe", "zze"];

/// Folds `word`, lower-cased, of `chars` characters, in place.
pub(crate) fn singular(word: &mut String, chars: u32) {
    if chars >= SHORTEST {
        let ends = |suffix: &str| word.ends_with(suffix);
        if ends("ies") && !ends("eies") && !ends("aies") {
            word.truncate(word.len() - 3);
            word.push('y'); // ferries → ferry
        } else if ends("es") && !ends("aes") && !ends("ees") && !ends("oes") {
            word.pop(); // horses → horse, taxes → taxe (→ tax below)
        } else if ends("s") && !ends("us") && !ends("ss") {
            word.pop(); // harbours → harbour, shoes → shoe
        }
    }
    if HISSING
        .iter()
        .any(|end| word.len() > end.len() && word.ends_with(end))
    {
        word.pop(); // taxe → tax, classe → class, cache → cach
    }
}
