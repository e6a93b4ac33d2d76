//! English plurals folded to one form, so `ferries` finds `ferry` and `harbours` finds
//! `harbour`: the three rules of Harman's S-stemmer (D. Harman, "How effective is
//! suffixing?", JASIS 42(1), 1991), the first that applies and only that one. They are
//! conservative by design: only plural endings go, and a few plurals keep a letter
//! (`boxes` → `boxe`), which costs a match but never joins two unrelated words that the
//! rules did not already make equal in the index and the query alike.

/// Words shorter than this are left as they are (`is`, `was`, `its`, `bus`, `gas`).
const SHORTEST: u32 = 4;

/// Folds `word`, lower-cased, of `chars` characters, in place.
pub(crate) fn singular(word: &mut String, chars: u32) {
    if chars < SHORTEST {
        return;
    }
    let ends = |suffix: &str| word.ends_with(suffix);
    if ends("ies") && !ends("eies") && !ends("aies") {
        word.truncate(word.len() - 3);
        word.push('y'); // ferries → ferry
    } else if ends("es") && !ends("aes") && !ends("ees") && !ends("oes") {
        word.pop(); // horses → horse
    } else if ends("s") && !ends("us") && !ends("ss") {
        word.pop(); // harbours → harbour, shoes → shoe
    }
}
