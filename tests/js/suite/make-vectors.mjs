// Writes vectors.mjs: every tests/vectors/*.json as one ES module, so each runtime imports the
// same data without file access (Deno runs with no permission flags, workerd and the browser
// have no file system).  Usage: node make-vectors.mjs <vectors dir> <out file>
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [dir, out] = process.argv.slice(2);
const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
const data = Object.fromEntries(files.map((f) => [f, JSON.parse(readFileSync(join(dir, f), 'utf8'))]));
writeFileSync(out, `// Generated from tests/vectors/*.json by make-vectors.mjs.\nexport default ${JSON.stringify(data)};\n`);
