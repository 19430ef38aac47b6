//! Text without `core::fmt` ([`cat`]; numbers: `digits::num`), and substring search on `&str` by a plain byte scan: `find`, `contains`, `split_once` and
//! `replace` with a `&str` pattern, the same results as `str`'s methods. `str`'s own link its
//! two-way searcher (`StrSearcher`, 1.6 KB of the full npm module) for texts of a few hundred
//! bytes at most here: headers, messages, URLs. A match of valid UTF-8 in valid UTF-8 starts and
//! ends on character boundaries, so every slice below is one `str` would make.

/// The byte offset of the first `needle` in `hay` (`str::find`).
pub(crate) fn find(hay: &str, needle: &str) -> Option<usize> {
    find_bytes(hay.as_bytes(), needle.as_bytes())
}

/// [`find`] on bytes: the offset of the first `needle` in `hay` (an empty one at 0).
pub(crate) fn find_bytes(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return Some(0);
    }
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Whether `hay` contains `needle` (`str::contains`).
pub(crate) fn contains(hay: &str, needle: &str) -> bool {
    find(hay, needle).is_some()
}

/// `hay` around the first `sep` (`str::split_once`).
pub fn split_once<'a>(hay: &'a str, sep: &str) -> Option<(&'a str, &'a str)> {
    let at = find(hay, sep)?;
    Some((hay.get(..at)?, hay.get(at + sep.len()..)?))
}

/// `hay` with every non-overlapping `from`, left to right, replaced by `to` (`str::replace`,
/// for a non-empty `from`).
pub(crate) fn replace(hay: &str, from: &str, to: &str) -> String {
    let mut out = String::with_capacity(hay.len());
    let mut rest = hay;
    while let Some((before, after)) = split_once(rest, from).filter(|_| !from.is_empty()) {
        out.push_str(before);
        out.push_str(to);
        rest = after;
    }
    out.push_str(rest);
    out
}

/// `parts` end to end: what `format!` writes of text arguments, without `core::fmt` (the full
/// npm module links none on its paths; DESIGN.md, "Module sizes").
pub fn cat(parts: &[&str]) -> String {
    let mut out = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    for p in parts {
        out.push_str(p);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn as_str_does() {
        let texts = [
            "",
            "a",
            "aa",
            "aaa",
            "abcabc",
            "x://y://z",
            "é..é",
            "…redacted…",
            "a, b, c",
        ];
        let needles = [
            "a", "aa", "abc", "://", "..", "é", "…", ", ", "zz", "abcabcd",
        ];
        for hay in texts {
            for needle in needles {
                assert_eq!(find(hay, needle), hay.find(needle), "{hay:?} {needle:?}");
                assert_eq!(contains(hay, needle), hay.contains(needle));
                assert_eq!(split_once(hay, needle), hay.split_once(needle));
                assert_eq!(replace(hay, needle, "<>"), hay.replace(needle, "<>"));
                assert_eq!(replace(hay, needle, ""), hay.replace(needle, ""));
            }
            assert_eq!(find(hay, ""), Some(0));
        }
        assert_eq!(cat(&["a", "", "bc", "é"]), "abcé");
        assert_eq!(cat(&[]), "");
    }
}
