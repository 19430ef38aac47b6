// Rewrites a Node ESM entry of the built package (pkg/entries/...) as one file: the entry, the
// lib/*.js modules it reaches, lib/mac.js and the wasm glue (kinetic_flow_core.js,
// kinetic_flow_webhooks.js) are bundled in (esbuild); only lib/errors.js stays a file of its own,
// imported by its path relative to the entry, so an error of either entry is `instanceof` the
// other's classes. Each entry thus has its own glue, wasm instance and MAC state (lib/mac.js), as
// the CommonJS copies (lib/core.cjs, lib/webhooks.cjs) have. Run by scripts/build-pkg.sh.
//   node scripts/bundle-esm-entry.mjs pkg/entries/node.mjs
// Why: a fresh Node process spent most of an import resolving (realpath) and reading each module
// file (BENCHMARKS.md, issue 14, "Start-up"); two files fewer per entry (the glue and mac.js)
// is about 1 ms less (issue 23).
import { createRequire } from 'node:module';
import { dirname, relative, resolve, basename } from 'node:path';
import { renameSync } from 'node:fs';

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
