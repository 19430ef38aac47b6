// Rewrites a Node ESM entry of the built package (pkg/entries/...) as one file: the entry, the
// lib/*.js modules it reaches, lib/mac.js and the wasm glue (kinetic_flow_core.js,
// kinetic_flow_webhooks.js) are bundled in (esbuild); only lib/errors.js stays a file of its own,
// imported by its path relative to the entry, so an error of either entry is `instanceof` the
// other's classes. Each entry thus has its own glue, wasm instance and MAC state (lib/mac.js), as
// the CommonJS copies (lib/core.cjs, lib/webhooks.cjs) have. Run by scripts/build-pkg.sh.
//   node scripts/bundle-esm-entry.mjs pkg/entries/node.mjs [pkg/entries/node-sync.mjs [--minify]]
// Why: a fresh Node process spent most of an import resolving (realpath) and reading each module
// file (BENCHMARKS.md, issue 14, "Start-up"); two files fewer per entry (the glue and mac.js)
// is about 1 ms less (issue 23).
// With a second path, the same bundle is also written there without `node:module`: the entry for
// Node's `module-sync` condition (Node >= 20.19 and 22.12), where process.getBuiltinModule always
// exists, so the createRequire fallback of lib/locate.js `nodeFs` (Node before 20.16) is never
// called; importing node:module loads it and its source-map module, 0.4-0.6 ms of a fresh import
// (DESIGN.md, "Start-up"). `--minify` minifies both (whitespace, syntax and names): for the
// webhooks entry, which defines no class (its error classes are lib/errors.js's), 0.2 ms less to
// compile.
import { createRequire } from 'node:module';
import { dirname, relative, resolve, basename } from 'node:path';
import { readFileSync, renameSync } from 'node:fs';

const esbuild = createRequire(import.meta.url)('../tests/js/node_modules/esbuild');
const SHARED = new Set(['errors.js']);

const entry = resolve(process.argv[2]);
const out = `${entry}.bundle.mjs`;
const shared = {
  name: 'shared-modules',
  setup(b) {
    b.onResolve({ filter: /^\.\.?\// }, (args) => {
      const file = resolve(args.resolveDir, args.path);
      if (file === entry || !SHARED.has(basename(file))) return undefined;
      let path = relative(dirname(entry), file);
      if (!path.startsWith('.')) path = `./${path}`;
      return { path, external: true };
    });
  },
};
const options = {
  entryPoints: [entry],
  bundle: true,
  format: 'esm',
  platform: 'node',
  logLevel: 'warning',
  minify: process.argv.includes('--minify'),
};
const sync = process.argv[3] !== undefined && process.argv[3] !== '--minify' ? resolve(process.argv[3]) : undefined;
if (sync !== undefined) {
  if (dirname(sync) !== dirname(entry)) throw new Error('the module-sync entry must sit beside the entry (same relative paths)');
  // node:module is replaced by a createRequire that says why it cannot be reached.
  const noModule = {
    name: 'no-node-module',
    setup(b) {
      b.onResolve({ filter: /^(node:)?module$/ }, () => ({ path: 'node:module', namespace: 'no-node-module' }));
      b.onLoad({ filter: /.*/, namespace: 'no-node-module' }, () => ({
        contents:
          "export function createRequire() { throw new Error('@kinetic/flow: the module-sync entry needs process.getBuiltinModule (Node >= 20.16)'); }",
        loader: 'js',
      }));
    },
  };
  await esbuild.build({ ...options, outfile: sync, plugins: [shared, noModule] });
  const text = readFileSync(sync, 'utf8');
  if (/from\s*["'](node:)?module["']/.test(text)) throw new Error(`${sync} still imports node:module`);
}
await esbuild.build({ ...options, outfile: out, plugins: [shared] });
renameSync(out, entry);
