// The Worker of workerd.mjs: `GET /run?size=&name=&n=` runs one contender n times and answers
// when done (time is taken outside: inside a Worker the clock does not advance during a request).
import * as full from '@kinetic/flow';
import * as small from '@kinetic/flow/webhooks';
import { contenders, run } from './edge-contenders.mjs';

const cache = new Map();

export default {
  async fetch(request) {
    const url = new URL(request.url);
    try {
      const size = Number(url.searchParams.get('size'));
      if (!cache.has(size)) cache.set(size, await contenders(size));
      const { list } = cache.get(size);
      if (url.pathname === '/names') return Response.json(Object.keys(list));
      if (url.pathname === '/mac') return Response.json({ root: full.__macBackend(), webhooks: small.__macBackend() });
      const name = url.searchParams.get('name');
      const n = Number(url.searchParams.get('n'));
      if (name !== '' && list[name] === undefined) return new Response(`no contender ${name}`, { status: 404 });
      if (n > 0) await run(list[name], n);
      return new Response('ok');
    } catch (e) {
      return new Response(`${e && e.name}: ${e && e.message}`, { status: 500 });
    }
  },
};
