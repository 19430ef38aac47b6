// Writes the CommonJS declarations (index.d.cts) from the ESM ones (index.d.ts), for
// scripts/build-pkg.sh: `require('@kinetic/flow')` is the Kinetic class with every named export as
// a property (entries/node.cjs), so the CommonJS types are `export =` of that value, with the
// package's types in a namespace of the same name (`Kinetic.WebhookEvent`, `import { type
// WebhookEvent } from`). Usage: node scripts/cjs-types.mjs pkg/index.d.ts pkg/index.d.cts
import { readFileSync, writeFileSync } from 'node:fs';

const [from, to] = process.argv.slice(2);
const text = readFileSync(from, 'utf8');
if (!/^export default Kinetic;$/m.test(text)) throw new Error('cjs-types: index.d.ts has no `export default Kinetic;`');

// Every exported name, by what it is: a value (class, const, function) or a type only.
const values = new Set();
const types = new Set();
const classes = new Set();
for (const m of text.matchAll(/^export (declare )?(class|const|function|interface|type) ([A-Za-z_$][\w$]*)/gm)) {
  const [, , kind, name] = m;
  if (kind === 'interface' || kind === 'type') types.add(name);
  else values.add(name);
  if (kind === 'class') classes.add(name);
}
for (const name of values) types.delete(name);

// The ESM text inside an ambient namespace: `declare` is implied there.
const body = text
  .replace(/^export default Kinetic;$/m, '')
  .replace(/^export declare /gm, 'export ')
  .replace(/^/gm, '  ')
  .replace(/^ +$/gm, '');

const out = `// The CommonJS face of index.d.ts (written by scripts/cjs-types.mjs): \`require('@kinetic/flow')\`
// is the Kinetic class, with every named export as a property.
declare namespace KineticFlow {
${body}
}

declare class Kinetic extends KineticFlow.Kinetic {}
declare namespace Kinetic {
${[...values, ...types].sort().map((n) => `  export import ${n} = KineticFlow.${n};`).join('\n')}
}
export = Kinetic;
`;
writeFileSync(to, out);
