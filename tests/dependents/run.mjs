// Loads the two dependent crates that scripts/test-dependents.sh built:
// - edge (wasm32-unknown-unknown, its own allocator and exports): a bare
//   `new WebAssembly.Instance(module, {})`, then only its own exports, then a good, a tampered and a
//   stale delivery;
// - wasi (wasm32-wasip1): under node:wasi with verify_now reading the WASI clock.
// Prints `dependents: N passed, M failed`.
import { readFileSync, mkdtempSync, openSync, closeSync, readFileSync as read } from 'node:fs';
import { createHmac } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WASI } from 'node:wasi';

const [edgePath, wasiPath] = process.argv.slice(2);
let passed = 0;
let failed = 0;
function check(name, ok, detail = '') {
  if (ok) passed++;
  else failed++;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${ok || !detail ? '' : `: ${detail}`}`);
}

const secret = 'whsec_dependent_test_secret';
const body = JSON.stringify({ id: 'evt_dep1', object: 'event', type: 'payment.completed', data: { object: { id: 'pay_1' } } });
function header(t, payload) {
  return `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${payload}`).digest('hex')}`;
}
const now = Math.floor(Date.now() / 1000);

// --- edge: no imports, only its own exports -------------------------------------------------
{
  const module = new WebAssembly.Module(readFileSync(edgePath));
  const imports = WebAssembly.Module.imports(module);
  check('edge: the module imports nothing', imports.length === 0, JSON.stringify(imports));
  const exports = WebAssembly.Module.exports(module).map((e) => e.name).sort();
  // `memory`, `__data_end` and `__heap_base` are what rust-lld exports from every wasm32 cdylib.
  const own = ['edge_alloc', 'edge_allocated', 'edge_free', 'edge_verify'];
  const linker = ['__data_end', '__heap_base', 'memory'];
  check('edge: exports only its own symbols', JSON.stringify(exports) === JSON.stringify([...linker, ...own].sort()), exports.join(','));
  const instance = new WebAssembly.Instance(module, {});
  const x = instance.exports;
  const enc = new TextEncoder();
  function arg(s) {
    const bytes = enc.encode(s);
    const ptr = x.edge_alloc(bytes.length);
    new Uint8Array(x.memory.buffer, ptr, bytes.length).set(bytes);
    return [ptr, bytes.length];
  }
  function verify(payload, h, at) {
    const args = [arg(payload), arg(h), arg(secret)];
    const code = x.edge_verify(...args.flat(), BigInt(at));
    for (const [p, l] of args) x.edge_free(p, l);
    return code;
  }
  const before = x.edge_allocated();
  check('edge: a good delivery verifies', verify(body, header(now, body), now) === 0);
  check("edge: the core allocated through the dependent's allocator", x.edge_allocated() > before);
  check('edge: a tampered body is signature_mismatch', verify(body.replace('pay_1', 'pay_2'), header(now, body), now) === 1);
  check('edge: a stale delivery is timestamp_outside_tolerance', verify(body, header(now - 301, body), now) === 2);
  check('edge: a malformed header is malformed_signature_header', verify(body, 't=1,v1=zz', now) === 3);
}

// --- wasi: verify_now on the WASI clock ----------------------------------------------------------
{
  const module = new WebAssembly.Module(readFileSync(wasiPath));
  const clock = WebAssembly.Module.imports(module).some((i) => i.module === 'wasi_snapshot_preview1' && i.name === 'clock_time_get');
  check('wasi: verify_now reads the WASI clock (clock_time_get import)', clock);
  const dir = mkdtempSync(join(tmpdir(), 'kfc-wasi-'));
  function run(h, payload) {
    const out = join(dir, `out-${Math.random().toString(36).slice(2)}`);
    const fd = openSync(out, 'w');
    const wasi = new WASI({ version: 'preview1', args: ['wasi-dependent', h, secret, payload], env: {}, stdout: fd, returnOnExit: true });
    const instance = new WebAssembly.Instance(module, wasi.getImportObject());
    const status = wasi.start(instance);
    closeSync(fd);
    return { status, out: read(out, 'utf8').trim() };
  }
  const t = Math.floor(Date.now() / 1000);
  const good = run(header(t, body), body);
  check('wasi: a good delivery verifies with verify_now', good.status === 0 && good.out === 'ok evt_dep1', JSON.stringify(good));
  const tampered = run(header(t, body), body.replace('pay_1', 'pay_2'));
  check('wasi: a tampered body is signature_mismatch', tampered.status === 1 && tampered.out === 'signature_mismatch', JSON.stringify(tampered));
  const stale = run(header(t - 3600, body), body);
  check('wasi: an hour-old delivery is timestamp_outside_tolerance (the clock is real)', stale.status === 1 && stale.out === 'timestamp_outside_tolerance', JSON.stringify(stale));
}

console.log(`dependents: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
