//! Slugs: the lowercase ASCII `[a-z0-9-]+` names used in URLs. The one rule for what a
//! slug is, shared by the router (which parses URLs) and the builder (which makes them).

/// The longest slug: well below the file systems' 255-byte name limit, since every slug
/// becomes a folder name, and short enough to read in a URL.
pub const MAX_LEN: usize = 80;

/// Lowercase ASCII letters and digits, every other run of characters becomes one `-`;
/// at most [`MAX_LEN`] bytes (a longer one is cut, without a trailing `-`).
/// May return an empty string (e.g. for a purely CJK name).
pub fn slugify(name: &str) -> String {
    let mut out = slugify_whole(name);
    if out.len() > MAX_LEN {
        // Slugs are ASCII, so byte and character boundaries agree.
        out.truncate(MAX_LEN);
        out.truncate(out.trim_end_matches('-').len());
    }
    out
}

fn slugify_whole(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut dash = false;
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c.to_ascii_lowercase());
        } else {
            dash = true;
        }
    }
    out
}

/// Whether `s` is a valid slug: `[a-z0-9-]+` of at most [`MAX_LEN`] bytes, not starting
/// or ending with `-`.
pub fn is_valid(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= MAX_LEN
        && !s.starts_with('-')
        && !s.ends_with('-')
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// The URL slug of a tag name. Names whose letters are all ASCII slug as usual;
/// names with other letters (CJK, accents) get a stable hash of the whole name, so
/// `城市` and `城市交通` never collide: `t-1a2b3c4d`, or `5g-1a2b3c4d` for `5G网络`.
/// A name too long for a slug keeps its first words and the hash of the whole name.
pub fn tag_slug(name: &str) -> String {
    let name = name.trim();
    let whole = slugify_whole(name);
    let ascii = slugify(name);
    if ascii.len() < whole.len() {
        return with_hash(&ascii, name);
    }
    if ascii.is_empty() {
        return format!("t-{:08x}", fnv1a(name));
    }
    if name.is_ascii() {
        return ascii;
    }
    with_hash(&ascii, name)
}

/// The slug `head` (cut to leave room) followed by `-` and the hash of `name`: at most
/// [`MAX_LEN`] bytes, so it stays a valid slug however long the head.
pub fn with_hash(head: &str, name: &str) -> String {
    // Slugs are ASCII, so byte and character boundaries agree.
    let head = head.get(..head.len().min(MAX_LEN - 9)).unwrap_or("");
    format!("{}-{:08x}", head.trim_end_matches('-'), fnv1a(name))
}

/// 32-bit FNV-1a: tiny, stable across versions and platforms (unlike `DefaultHasher`).
pub fn fnv1a(s: &str) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in s.bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugify_lowercases_and_joins_words_with_dashes() {
        assert_eq!(slugify("New Ferry Line!"), "new-ferry-line");
        assert_eq!(slugify("  --a__b--  "), "a-b");
        assert_eq!(slugify("2026 Budget: 5% up"), "2026-budget-5-up");
    }

    #[test]
    fn slugify_of_cjk_only_is_empty() {
        assert_eq!(slugify("城市新闻"), "");
    }

    #[test]
    fn valid_slugs_are_lowercase_ascii_with_inner_dashes() {
        assert!(is_valid("city-news-2"));
        assert!(!is_valid("City"));
        assert!(!is_valid("-city"));
        assert!(!is_valid("city news"));
        assert!(!is_valid(""));
        assert!(!is_valid("城市"));
    }

    #[test]
    fn ascii_tag_names_slug_plainly() {
        assert_eq!(tag_slug("Public Transport"), "public-transport");
    }

    #[test]
    fn cjk_tag_names_get_a_stable_hash_slug() {
        let a = tag_slug("城市");
        assert_eq!(a, tag_slug("城市"));
        assert!(a.starts_with("t-") && a.len() == 10, "{a}");
        assert!(is_valid(&a));
        assert_ne!(a, tag_slug("城市交通"));
    }

    #[test]
    fn mixed_tag_names_keep_their_ascii_and_add_a_hash() {
        let s = tag_slug("5G网络");
        assert!(s.starts_with("5g-"), "{s}");
        assert_ne!(s, tag_slug("5G"));
        assert!(is_valid(&s));
    }

    #[test]
    fn long_names_give_bounded_valid_slugs_and_distinct_tags() {
        let long = "word ".repeat(200);
        let s = slugify(&long);
        assert!(s.len() <= MAX_LEN && is_valid(&s), "{s}");
        let a = tag_slug(&format!("{long} a"));
        let b = tag_slug(&format!("{long} b"));
        assert!(a.len() <= MAX_LEN && is_valid(&a), "{a}");
        assert!(is_valid(&b) && a != b, "{a} {b}");
        // Under the cut, but too long once the hash of the CJK part is added.
        let mixed = tag_slug(&format!("{}城", "a".repeat(75)));
        assert!(mixed.len() <= MAX_LEN && is_valid(&mixed), "{mixed}");
        let html = format!("<div class=\"{}\">x</div>", "a".repeat(5000));
        assert!(is_valid(&tag_slug(&html)));
        assert!(!is_valid(&"a".repeat(MAX_LEN + 1)));
    }

    #[test]
    fn fnv1a_matches_the_reference_value() {
        assert_eq!(fnv1a(""), 0x811c_9dc5);
        assert_eq!(fnv1a("a"), 0xe40c_292c);
    }
}
