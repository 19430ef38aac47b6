// The chaos test's fault schedule: each request is faulted with probability `rate`, the kind
// drawn from `kinds` (weights). Deterministic for a seed and a request order; tests/api/sandbox.mjs
// turns it into kinetic sandbox's fault rules.
export function chaosSchedule(seed, rate = 1 / 3, kinds = { lost: 2, 500: 1, 503: 1, 429: 1, slow: 1, down: 0.5 }) {
  let state = seed >>> 0 || 1;
  const random = () => {
    // xorshift32
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 2 ** 32;
  };
  const entries = Object.entries(kinds);
  const total = entries.reduce((a, [, w]) => a + w, 0);
  return () => {
    if (random() >= rate) return null;
    let r = random() * total;
    for (const [kind, w] of entries) {
      if ((r -= w) < 0) return kind;
    }
    return entries[entries.length - 1][0];
  };
}
