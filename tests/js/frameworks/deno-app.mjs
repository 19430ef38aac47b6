// Deno.serve on 127.0.0.1 (deno run --allow-net=127.0.0.1 deno-app.mjs PORT).
import { fetchHandler } from './web-app.mjs';

Deno.serve({ hostname: '127.0.0.1', port: Number(Deno.args[0]), onListen() {} }, fetchHandler);
