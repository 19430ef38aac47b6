// Bun: the packed package as Bun resolves it (the `node` `import` entries), the shared vectors
// and the webhooks-only entry's checks. `bun bun-run.mjs` prints `bun: N passed, M failed`.
import * as api from '@kinetic/flow';
import * as wh from '@kinetic/flow/webhooks';
import { runVectors } from './runner.mjs';
import { webhooksEntryChecks, webhooksHandlerChecks } from './webhooks-entry.mjs';
import vectors from './vectors.mjs';

await new Promise((r) => setTimeout(r, 20)); // node:crypto is installed after the import
const root = runVectors(api, vectors);
console.log(root.report('bun'));
const w = webhooksEntryChecks(wh, api, vectors, 'node-esm');
const handler = await webhooksHandlerChecks(wh);
for (const f of handler) console.log(`  FAIL ${f}`);
console.log(w.report('bun webhooks'));
process.exit(root.failed + w.failed + handler.length === 0 ? 0 : 1);
