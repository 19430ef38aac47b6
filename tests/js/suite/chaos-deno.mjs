// Deno's half of the chaos test (and the call vectors): the packed package (its `deno` entry) and Deno's own fetch,
// against the sandbox that chaos-run.mjs started. Needs only --allow-net for that host.
// Usage: deno run --allow-net=127.0.0.1:PORT chaos-deno.mjs <baseUrl> <apiKey> <calls> <timeout>
import * as api from '@kinetic/flow';
import { chaosClient } from './chaos-client.mjs';
import { runCallVectors } from './send-runner.mjs';
import vectors from './vectors.mjs';

const [baseUrl, apiKey, calls, timeout] = Deno.args;
const { records, counts } = await chaosClient(api, {
  baseUrl, apiKey, calls: Number(calls), concurrency: 12, run: 'chaos-deno', timeout: Number(timeout),
});
// The shared call vectors too, through an injected fetch, on Deno's timers and AbortController.
const v = await runCallVectors(api, vectors);
console.log(JSON.stringify({ entry: api.entry, records, counts, vectors: { passed: v.passed, failures: v.failures } }));
