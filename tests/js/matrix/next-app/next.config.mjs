import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// The app lives in tests/js/matrix/scratch/next-app: next and react are installed two folders
// up (tests/js/matrix/node_modules), the packed package one folder up (scratch/node_modules).
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** @type {import('next').NextConfig} */
export default {
  turbopack: { root },
  outputFileTracingRoot: root,
};
