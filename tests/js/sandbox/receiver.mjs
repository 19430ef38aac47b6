// A webhook endpoint on 127.0.0.1 for the shared suite: records each delivery, verified with the
// package's webhooks.verify, and answers 500 while told to fail.
import { createServer } from 'node:http';
import { webhooks } from '@kinetic/flow';

export async function startReceiver() {
  const received = [];
  const state = { failing: 0, secret: undefined };
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      if (state.failing > 0) {
        state.failing--;
        res.writeHead(500).end('down');
        received.push({ failed: true, body });
        return;
      }
      let event;
      let error;
      try {
        event = webhooks.verify(body, req.headers['kinetic-signature'], state.secret);
      } catch (e) {
        error = e.code;
      }
      received.push({ event, error, body, headers: req.headers });
      res.writeHead(error ? 400 : 200, { 'Content-Type': 'application/json' }).end('{"received":true}');
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${server.address().port}/webhooks`,
    received,
    state,
    /** The verified events so far, of `type` if given. */
    events(type) {
      return received.filter((r) => r.event && (!type || r.event.type === type)).map((r) => r.event);
    },
    close: () => new Promise((r) => { server.closeAllConnections?.(); server.close(() => r()); }),
  };
}

/** Waits (bounded: 10 s) until `check()` returns a truthy value, and returns it. */
export async function eventually(check, what) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
