//! "Did you mean" for unknown fields: camelCase and case mistakes, prefixes, and typos.

/// Longest key for which a suggestion is computed (the distance is quadratic).
const MAX_KEY_LEN: usize = 64;

/// The known field that `key` most likely meant, if any.
///
/// Tried in order: the key in snake_case (`idempotencyKey`, `Routing-Number`), the key as a
/// prefix of a field (`routing` -> `routing_number`, at least 4 characters), then the
/// optimal-string-alignment (Damerau-Levenshtein) distance: at most 1 for fields of up to 4
/// characters, at most 2 for longer ones. Ties go to the first field in `known`.
pub(crate) fn suggest(key: &str, known: &[&'static str]) -> Option<&'static str> {
    if key.is_empty() || key.len() > MAX_KEY_LEN || !key.is_ascii() {
        return None;
    }
    let snake = to_snake(key);
    if let Some(k) = known.iter().find(|k| **k == snake) {
        return Some(k);
    }
    if snake.len() >= 4 {
        if let Some(k) = known.iter().find(|k| k.starts_with(snake.as_str())) {
            return Some(k);
        }
    }
    let mut best: Option<(usize, &'static str)> = None;
    for k in known {
        let d = osa_distance(snake.as_bytes(), k.as_bytes());
        let max = if k.len() <= 4 { 1 } else { 2 };
        let better = match best {
            None => true,
            Some((bd, _)) => d < bd,
        };
        if d <= max && better {
            best = Some((d, k));
        }
    }
    best.map(|(_, k)| k)
}

/// `idempotencyKey` -> `idempotency_key`, `Routing-Number` -> `routing_number`.
fn to_snake(key: &str) -> String {
    let mut out = String::with_capacity(key.len() + 4);
    for (i, c) in key.chars().enumerate() {
        match c {
            '-' | ' ' | '.' => out.push('_'),
            c if c.is_ascii_uppercase() => {
                if i > 0 && !out.ends_with('_') {
                    out.push('_');
                }
                out.push(c.to_ascii_lowercase());
            }
            c => out.push(c),
        }
    }
    out
}

/// Optimal string alignment distance: insertions, deletions, substitutions and adjacent
/// transpositions, each costing 1.
fn osa_distance(a: &[u8], b: &[u8]) -> usize {
    let w = b.len() + 1;
    // Three rolling rows: i-2, i-1, i.
    let mut prev2 = vec![0usize; w];
    let mut prev: Vec<usize> = (0..w).collect();
    let mut cur = vec![0usize; w];
    for (i, &ca) in a.iter().enumerate() {
        cur.fill(0);
        if let Some(c0) = cur.first_mut() {
            *c0 = i + 1;
        }
        for (j, &cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            let del = prev.get(j + 1).copied().unwrap_or(usize::MAX) + 1;
            let ins = cur.get(j).copied().unwrap_or(usize::MAX).saturating_add(1);
            let sub = prev
                .get(j)
                .copied()
                .unwrap_or(usize::MAX)
                .saturating_add(cost);
            let mut d = del.min(ins).min(sub);
            if i > 0 && j > 0 && a.get(i - 1) == Some(&cb) && b.get(j - 1) == Some(&ca) {
                if let Some(t) = prev2.get(j - 1) {
                    d = d.min(t + 1);
                }
            }
            if let Some(slot) = cur.get_mut(j + 1) {
                *slot = d;
            }
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev.last().copied().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The real table of top-level fields, so the tests follow it.
    const TOP: &[&str] = crate::payment::validate::FIELDS;

    #[test]
    fn distances() {
        assert_eq!(osa_distance(b"", b"abc"), 3);
        assert_eq!(osa_distance(b"abc", b""), 3);
        assert_eq!(osa_distance(b"ammount", b"amount"), 1);
        assert_eq!(osa_distance(b"ca", b"ac"), 1);
        assert_eq!(osa_distance(b"kitten", b"sitting"), 3);
        assert_eq!(osa_distance(b"ca", b"abc"), 3); // OSA, not full Damerau
    }

    #[test]
    fn suggestions() {
        assert_eq!(suggest("ammount", TOP), Some("amount"));
        assert_eq!(suggest("curency", TOP), Some("currency"));
        assert_eq!(suggest("idempotencyKey", TOP), Some("idempotency_key"));
        assert_eq!(suggest("IdempotencyKey", TOP), Some("idempotency_key"));
        assert_eq!(suggest("idempotency-key", TOP), Some("idempotency_key"));
        assert_eq!(suggest("Amount", TOP), Some("amount"));
        assert_eq!(suggest("rial", TOP), Some("rail"));
        assert_eq!(suggest("meta", TOP), Some("metadata"));
        assert_eq!(suggest("dest", TOP), Some("destination"));
        assert_eq!(suggest("foo", TOP), None);
        assert_eq!(suggest("description", TOP), None);
        assert_eq!(suggest("", TOP), None);
    }
}
