import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// The app lives in tests/js/matrix/scratch/next-app: next and react are installed three folders
// up (tests/js/node_modules, the JS tools), the packed package one folder up
// (scratch/node_modules). Turbopack's root must hold both.
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** @type {import('next').NextConfig} */
export default {
  turbopack: { root },
  outputFileTracingRoot: root,
};
