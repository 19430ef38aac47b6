// How the Node entries find their .wasm file, and what they say when they cannot. Translation of
// a setup problem into a ConfigurationError only: no rule of the API lives here.

/**
 * `node:fs` for the ESM entries, without an ESM import of it: that builds fs's ESM facade, which
 * reads every export, the lazy `promises` and stream getters too, and so loads fs/promises, the
 * streams and readline (about 5 ms of a fresh Node 24 start-up, BENCHMARKS.md). From
 * `process.getBuiltinModule` (Node >= 20.16 and 22.3, Bun, Deno); before that, from a `require`
 * made by `createRequire` (node:module, whose facade costs little), at `base` (the entry's URL or
 * path).
 */
export function nodeFs(createRequire, base) {
  const p = globalThis.process;
  if (p !== null && typeof p === 'object' && typeof p.getBuiltinModule === 'function') return p.getBuiltinModule('node:fs');
  return createRequire(base)('node:fs');
}

/**
 * Reads the first of `candidates` (file URLs or paths) that exists, with `readFileSync`; throws
 * `ConfigurationError` `wasm_not_found`, naming the fix (and `file`, the entry's .wasm), when none
 * does. Each entry names its own file, so the webhooks entry's bundle never names the full module.
 */
export function readWasm(readFileSync, candidates, ConfigurationError, file) {
  let first;
  for (const c of candidates) {
    try {
      return readFileSync(c);
    } catch (e) {
      if (first === undefined) first = e;
    }
  }
  const looked = candidates.map((c) => (typeof c === 'string' ? c : c.pathname)).join(', ') || 'nowhere (no module URL or __dirname)';
  throw new ConfigurationError(
    'wasm_not_found',
    `@kinetic/flow could not load its WebAssembly module: ${file} is not where this entry looked (${looked}). ` +
      'The package was bundled without the module\'s bytes. Fix one of: bundle with the `module` condition, which ' +
      'selects the entry with the bytes inlined (esbuild and webpack 5 use it by default; keep it when you set ' +
      '`--conditions`/`resolve.conditionNames`); or leave the package external (esbuild `--external:@kinetic/flow`, ' +
      'webpack `externals`) and ship node_modules; or copy ' +
      `node_modules/@kinetic/flow/${file} next to the bundle.`,
    { cause: first },
  );
}

/**
 * Where a Node entry looks: beside the package first (`up` is the entry's way from its folder to
 * the package root: '../' for entries/, '../../' for entries/webhooks/), then beside a bundle that
 * holds the entry.
 */
export function wasmCandidates(moduleUrl, dirname, file, up) {
  if (typeof moduleUrl === 'string' && moduleUrl.startsWith('file:')) {
    return [new URL(`${up}${file}`, moduleUrl), new URL(file, moduleUrl)];
  }
  if (typeof dirname === 'string') return [`${dirname}/${up}${file}`, `${dirname}/${file}`];
  return [];
}
