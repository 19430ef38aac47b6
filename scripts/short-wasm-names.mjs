// Shortens the names between the full module and its wasm-bindgen glue (scripts/build-pkg.sh):
//   node scripts/short-wasm-names.mjs <module.wasm> <glue.js> <kept export,...>   (`kf_*`: a prefix)
// rewrites both files in place. Every import (module `./<stem>_bg.js`, fields such as
// `__wbg_instanceof_Uint8Array_4abacf6b27e5fe06`) becomes module `a`, field `a`, `b`, ...; every
// export the glue calls as `wasm.<name>` (`paymentValidate`, `__wbindgen_malloc`, ...) gets a short
// name too, except the kept ones (the plain webhook exports `kf_*` and `memory`, which
// lib/webhook-calls.js and lib/api.js read by name). An export that is neither kept nor named by the
// glue is dropped: wasm-bindgen's `__abort_handler` and `__instance_terminated` (two global
// addresses its glue reads only with flags this build does not pass).
// The names are the only change: the same functions, the same glue code around them. The long
// names were 1.8 KB raw and 1.0 KB gzipped of the module (DESIGN.md, "Module sizes"): the hashes
// in the import names do not compress.
// Fails loudly (exit 1) when the glue does not have the shape this expects.
import fs from 'node:fs';

const [wasmPath, gluePath, keptList] = process.argv.slice(2);
if (!wasmPath || !gluePath || keptList === undefined) {
  console.error('usage: short-wasm-names.mjs <module.wasm> <glue.js> <kept export,...>');
  process.exit(2);
}
// `kf_*`: every export whose name starts with `kf_`.
const keptNames = keptList.split(',').filter(Boolean);
const isKept = (n) => keptNames.some((k) => (k.endsWith('*') ? n.startsWith(k.slice(0, -1)) : n === k));
const fail = (what) => {
  console.error(`short-wasm-names: ${what} (wasm-bindgen output changed? update scripts/short-wasm-names.mjs)`);
  process.exit(1);
};

const bytes = fs.readFileSync(wasmPath);
let glue = fs.readFileSync(gluePath, 'utf8');

let pos = 0;
const u32 = () => {
  let result = 0, shift = 0, byte;
  do {
    byte = bytes[pos++];
    result += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  return result;
};
const name = () => {
  const len = u32();
  const text = bytes.subarray(pos, pos + len).toString('utf8');
  pos += len;
  return text;
};
const leb = (n) => {
  const out = [];
  do {
    let byte = n & 0x7f;
    n = Math.floor(n / 128);
    if (n) byte |= 0x80;
    out.push(byte);
  } while (n);
  return Buffer.from(out);
};
const encodeName = (text) => {
  const b = Buffer.from(text, 'utf8');
  return Buffer.concat([leb(b.length), b]);
};
// a, b, ..., Z, aa, ab, ...: short JS identifiers, none of them a keyword or `__proto__`.
const letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
const short = (i) => {
  let s = '';
  for (i += 1; i > 0; i = Math.floor((i - 1) / letters.length)) s = letters[(i - 1) % letters.length] + s;
  return s;
};
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
// Replaces exactly `count` matches of `re` (a global regex) in the glue, or fails.
const replaceAll = (re, by, what, count) => {
  const n = (glue.match(re) || []).length;
  if (count === undefined ? n === 0 : n !== count) fail(`${what}: ${n} matches in the glue`);
  glue = glue.replace(re, by);
};

if (bytes.readUInt32LE(0) !== 0x6d736100) fail('not a wasm module');
pos = 8;
const sections = [bytes.subarray(0, 8)];
let importModule;
while (pos < bytes.length) {
  const id = bytes[pos++];
  const size = u32();
  const start = pos, end = pos + size;
  if (id === 2) {
    const count = u32();
    const parts = [leb(count)];
    for (let i = 0; i < count; i++) {
      const module = name();
      const field = name();
      const descStart = pos;
      const kind = bytes[pos++];
      if (kind !== 0) fail(`import ${field} is not a function`);
      u32();
      if (importModule === undefined) importModule = module;
      if (module !== importModule) fail(`imports from two modules (${importModule}, ${module})`);
      const to = short(i);
      // `        <field>: function(` in the glue's import object, once.
      replaceAll(new RegExp(`^        ${escape(field)}: function`, 'gm'), `        ${to}: function`, `import ${field}`, 1);
      parts.push(encodeName('a'), encodeName(to), bytes.subarray(descStart, pos));
    }
    if (pos !== end) fail('import section length');
    if (importModule !== undefined) {
      replaceAll(new RegExp(`^        "${escape(importModule)}": import0,$`, 'gm'), '        a: import0,', 'the import module', 1);
    }
    const body = Buffer.concat(parts);
    sections.push(Buffer.from([id]), leb(body.length), body);
  } else if (id === 7) {
    const count = u32();
    const parts = [];
    let written = 0, next = 0;
    for (let i = 0; i < count; i++) {
      const from = name();
      const descStart = pos;
      pos++;
      u32();
      const desc = bytes.subarray(descStart, pos);
      let to = from;
      if (!isKept(from)) {
        const uses = new RegExp(`\\bwasm\\.${escape(from)}\\b`, 'g');
        if (!uses.test(glue)) continue; // dropped: nothing calls it
        // Skip names that are kept or already read as `wasm.<name>` by something else.
        do to = short(next++); while (isKept(to) || new RegExp(`\\bwasm\\.${to}\\b`).test(glue));
        replaceAll(uses, `wasm.${to}`, `export ${from}`);
      }
      parts.push(encodeName(to), desc);
      written++;
    }
    if (pos !== end) fail('export section length');
    for (const k of keptNames) if (!k.endsWith('*') && !parts.some((p) => p.equals(encodeName(k)))) fail(`no export ${k}`);
    const body = Buffer.concat([leb(written), ...parts]);
    sections.push(Buffer.from([id]), leb(body.length), body);
  } else {
    sections.push(bytes.subarray(start - 1 - leb(size).length, end));
  }
  pos = end;
}

const out = Buffer.concat(sections);
new WebAssembly.Module(out); // still a valid module
fs.writeFileSync(wasmPath, out);
fs.writeFileSync(gluePath, glue);
