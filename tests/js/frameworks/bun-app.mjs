// Bun.serve on 127.0.0.1 (bun bun-app.mjs PORT).
import { fetchHandler } from './web-app.mjs';

Bun.serve({ hostname: '127.0.0.1', port: Number(process.argv[2]), fetch: fetchHandler });
