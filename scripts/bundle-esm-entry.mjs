// Rewrites a Node ESM entry of the built package (pkg/entries/...) as one file: the entry and the
// lib/*.js modules it reaches are bundled in (esbuild); the modules whose one instance is shared
// between the entries and the wasm glue stay files of their own, imported by their path relative
// to the entry: lib/errors.js (so an error of either entry is `instanceof` the other's classes),
// lib/mac.js (the host SHA-256 the entry installs and the glue calls) and the glue with its wasm
// instance (kinetic_flow_core.js, kinetic_flow_webhooks.js). Run by scripts/build-pkg.sh.
//   node scripts/bundle-esm-entry.mjs pkg/entries/node.mjs
// Why: a fresh Node process spent most of an import resolving (realpath) and reading each module
// file (BENCHMARKS.md, issue 14, "Start-up").
import { createRequire } from 'node:module';
import { dirname, relative, resolve, basename } from 'node:path';
import { renameSync } from 'node:fs';

const esbuild = createRequire(import.meta.url)('../tests/js/node_modules/esbuild');
const SHARED = new Set(['errors.js', 'mac.js', 'kinetic_flow_core.js', 'kinetic_flow_webhooks.js']);

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
await esbuild.build({
  entryPoints: [entry],
  bundle: true,
  format: 'esm',
  platform: 'node',
  logLevel: 'warning',
  outfile: out,
  plugins: [shared],
});
renameSync(out, entry);
