#!/usr/bin/env node
// `npx @kinetic/flow sandbox`: the in-process sandbox (./server.js) from the command line, with
// the flags of `kinetic sandbox` that apply (state is in memory: --memory is accepted, --data is
// not), printing what it prints: the banner, then one line per request and per delivery attempt
// (colour on a terminal, JSON lines with --json).
import { createSandbox } from './server.js';

const USAGE = `Usage: npx @kinetic/flow sandbox [--port N] [--forward-to URL]... [--secret whsec_...] [--speed N] [--json]

Serve a local, stateful Kinetic Flow on 127.0.0.1: the API, signed webhooks with retries,
a clock and faults for tests. State is in memory. Ctrl-C stops it.

Options:
  --port N            the port on 127.0.0.1 (0: any free port) [default: 4242]
  --forward-to URL    send every event to this URL, signed (repeatable)
  --secret whsec_...  the signing secret of the --forward-to endpoints (default: generated)
  --speed N           divide every sandbox delay (settlements, the retry schedule) by N [default: 1]
  --duplicate-deliveries  send every third event twice (consumers must de-duplicate on the event id)
  --memory            keep the state in memory (always so here)
  --ready-file PATH   once listening, write {url, apiKey, endpoints} as JSON to PATH
  --json              log JSON lines instead of text
  -h, --help          print this help

Exit status: 0 stopped by Ctrl-C or SIGTERM; 2 a bad argument or a port that is taken.

Control routes for tests (JSON): POST /_sandbox/clock/advance {"seconds": N},
POST /_sandbox/faults {"route": "POST /v1/payments", "kind": "drop_after_commit", "times": 1},
GET /_sandbox/deliveries, POST /_sandbox/webhook_endpoints {"url": ...}, DELETE /_sandbox/data.`;

function usage(message) {
  process.stderr.write(`kinetic-flow sandbox: ${message}\n`);
  process.exit(2);
}

export function parse(argv) {
  const opts = { port: 4242, forwardTo: [], speed: 1, json: false };
  for (let i = 0; i < argv.length; i++) {
    let arg = argv[i];
    let value;
    const eq = arg.indexOf('=');
    if (arg.startsWith('--') && eq > 0) { value = arg.slice(eq + 1); arg = arg.slice(0, eq); }
    const take = () => {
      if (value !== undefined) return value;
      if (i + 1 >= argv.length) usage(`${arg} needs a value; see --help`);
      return argv[++i];
    };
    const number = (name, lo, hi) => {
      const text = take();
      const n = Number(text);
      if (!/^\d+$/.test(text) || n < lo || n > hi) usage(`${name} takes a whole number from ${lo} to ${hi}, not ${JSON.stringify(text)}`);
      return n;
    };
    switch (arg) {
      case '-h': case '--help': process.stdout.write(`${USAGE}\n`); process.exit(0); break;
      case '--port': opts.port = number('--port', 0, 65535); break;
      case '--forward-to': opts.forwardTo.push(take()); break;
      case '--secret': opts.secret = take(); break;
      case '--speed': opts.speed = number('--speed', 1, 1_000_000); break;
      case '--ready-file': opts.readyFile = take(); break;
      case '--json': opts.json = true; break;
      case '--duplicate-deliveries': opts.duplicateDeliveries = true; break;
      case '--memory': break;
      case '--data': usage('--data is for the kinetic binary; this sandbox keeps its state in memory (leave --data out)'); break;
      default: usage(`unknown argument ${JSON.stringify(arg)}; see --help`);
    }
  }
  return opts;
}

// JSON lines with their keys sorted, as the binary writes them (serde_json's maps are sorted).
function sortKeys(v) {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys(v[k])]));
  return v;
}
const jsonLine = (v) => JSON.stringify(sortKeys(v));

function logger(json) {
  const colour = !json && process.stdout.isTTY && !process.env.NO_COLOR;
  const paint = (code, text) => (colour ? `\x1b[${code}m${text}\x1b[0m` : text);
  const statusColour = (s) => (s >= 200 && s < 300 ? '32' : s >= 400 && s < 500 ? '33' : '31');
  const line = (text) => process.stdout.write(`${text}\n`);
  return {
    line,
    note(text) { line(json ? jsonLine({ kind: 'note', message: text }) : paint('2', text)); },
    entry(e) {
      if (json) { line(jsonLine(e)); return; }
      if (e.kind === 'request') {
        let text = `${paint(statusColour(e.status), e.status == null ? '---' : String(e.status))} ${e.method} ${e.path} ${e.ms.toFixed(1)} ms ${e.request_id}`;
        if (e.replayed) text += ' (replayed)';
        if (e.fault) text += paint('35', ` fault ${e.fault}`);
        line(text);
      } else {
        const answer = e.status != null ? paint(statusColour(e.status), String(e.status)) : paint('31', e.error ?? 'no answer');
        line(`--> ${e.type} ${e.event} to ${e.url} attempt ${e.attempt}: ${answer} ${e.ms.toFixed(1)} ms`);
      }
    },
  };
}

function banner(log, json, sandbox, speed) {
  if (json) {
    log.line(jsonLine({ kind: 'ready', url: sandbox.url, apiKey: sandbox.apiKey, endpoints: sandbox.endpoints, data: null, speed }));
    return;
  }
  let text = `Kinetic Flow sandbox at ${sandbox.url}\n  API key   ${sandbox.apiKey} (any sk_test_ key works)\n  state     in memory\n`;
  if (speed > 1) text += `  speed     x${speed}\n`;
  if (sandbox.endpoints.length === 0) text += '  webhooks  none (add --forward-to URL, or POST /_sandbox/webhook_endpoints)\n';
  for (const { url, secret } of sandbox.endpoints) text += `  webhooks  ${url}  secret ${secret}\n`;
  text += `  new Kinetic({ apiKey: '${sandbox.apiKey}', baseUrl: '${sandbox.url}' })`;
  log.line(text);
}

export async function main(argv) {
  if (argv[0] !== 'sandbox') {
    if (argv[0] === '-h' || argv[0] === '--help' || argv.length === 0) {
      process.stdout.write(`Usage: npx @kinetic/flow sandbox [options]   (--help for the options)\n`);
      process.exit(argv.length === 0 ? 2 : 0);
    }
    usage(`unknown command ${JSON.stringify(argv[0])}; the command is: npx @kinetic/flow sandbox`);
  }
  const opts = parse(argv.slice(1));
  const log = logger(opts.json);
  let sandbox;
  try {
    sandbox = await createSandbox({ port: opts.port, forwardTo: opts.forwardTo, secret: opts.secret, speed: opts.speed, duplicateDeliveries: opts.duplicateDeliveries, log: (e) => log.entry(e) });
  } catch (e) {
    usage(e?.message ?? String(e));
  }
  banner(log, opts.json, sandbox, opts.speed);
  if (opts.readyFile) {
    const { writeFileSync, renameSync } = await import('node:fs');
    try {
      writeFileSync(`${opts.readyFile}.tmp`, `${jsonLine({ url: sandbox.url, apiKey: sandbox.apiKey, endpoints: sandbox.endpoints })}\n`);
      renameSync(`${opts.readyFile}.tmp`, opts.readyFile);
    } catch (e) {
      usage(`cannot write --ready-file ${opts.readyFile} (${e.code ?? e.message}); pass a writable path`);
    }
  }
  const stop = async () => {
    const pending = sandbox.pendingDeliveries();
    await sandbox.close();
    log.note(`stopped; ${pending} deliveries pending`);
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main(process.argv.slice(2));
