// Webhook handlers (SPEC section 10): thin I/O shells around `webhooks.verify`.
//
// They only move bytes: read the raw body (a fetch Request, a Node request or a parser's
// Buffer, a Lambda event), call `verify`, call the user's function for the event type, and write
// the answer. Every webhook decision is the core's: whether a delivery is authentic, and the
// HTTP status each failure gets (`error.status`, set by the wasm binding from
// `WebhookError::http_status`). The rest is the handler contract itself: 200 `{"received":true}`
// once the user's function resolved, 500 when it throws (so the sender retries). No response
// holds more than a code; log lines hold the core's messages, which never contain a secret or the
// payload.
//
// `webhookHandlers(verify, FlowError)` is called by lib/webhook.js once per wasm module (the root
// entry's and the webhooks-only one), with that module's verify (no import cycle).

const JSON_TYPE = 'application/json';
const RECEIVED = Object.freeze({ status: 200, body: '{"received":true}' });

/** The answer to a failed delivery: `{"error":{"code"}}`, nothing else. */
function errorAnswer(status, code) {
  return { status, body: JSON.stringify({ error: { code } }) };
}

const hasOwn = (o, k) => Object.prototype.hasOwnProperty.call(o, k);

/** The function `on` gives for an event type, `'*'` for the rest, or undefined (acknowledged). */
function pick(on, type) {
  if (on === null || typeof on !== 'object') return undefined;
  const fn = typeof type === 'string' && hasOwn(on, type) ? on[type] : on['*'];
  return typeof fn === 'function' ? fn : undefined;
}

/** Logs one line per refused delivery, unless `onError` is given (then it is called instead). */
async function report(config, error, info) {
  if (config.onError !== undefined) {
    try {
      await config.onError(error, info);
    } catch {
      // onError is for reporting; a failure there must not change the answer.
    }
    return;
  }
  const where = info.event === undefined ? '' : ` (${info.event.type} ${info.event.id})`;
  if (info.code === 'handler_failed') {
    // The user's own error, as thrown, so it can be debugged.
    console.error(`[kinetic webhook] ${info.status} handler_failed${where}: the handler threw; answered ${info.status} so the delivery is retried.`, error);
  } else {
    const message = error instanceof Error ? error.message : String(error);
    const log = info.status >= 500 ? console.error : console.warn;
    log(`[kinetic webhook] ${info.status} ${info.code}${where}: ${message}`);
  }
}

export function webhookHandlers(verify, FlowError) {
  function configure(options) {
    const o = options !== null && typeof options === 'object' ? options : {};
    return {
      secret: o.secret,
      verifyOptions: { tolerance: o.tolerance },
      on: o.on,
      seen: typeof o.seen === 'function' ? o.seen : undefined,
      onError: typeof o.onError === 'function' ? o.onError : undefined,
    };
  }

  /**
   * One delivery: `readBody()` gives the raw body (or what a parser left, which verify refuses
   * with payload_not_raw), `headers` is where Kinetic-Signature is read. Never throws.
   */
  async function deliver(config, readBody, headers) {
    let event;
    try {
      event = verify(await readBody(), headers, config.secret, config.verifyOptions);
    } catch (error) {
      // The core's status for its errors (400 for a delivery that fails verification, 500 for
      // configuration); anything else (the body could not be read) is this server's failure.
      const flow = error instanceof FlowError;
      const status = flow && typeof error.status === 'number' ? error.status : 500;
      const code = flow ? error.code : 'internal_error';
      await report(config, error, { status, code });
      return errorAnswer(status, code);
    }
    try {
      if (config.seen !== undefined && (await config.seen(event.id))) return RECEIVED;
      const fn = pick(config.on, event.type);
      if (fn !== undefined) await fn(event);
      return RECEIVED;
    } catch (error) {
      const info = { status: 500, code: 'handler_failed', event: { id: event.id, type: event.type } };
      await report(config, error, info);
      return errorAnswer(info.status, info.code);
    }
  }

  /** Web standard: `(request) => Promise<Response>` (Workers, Deno, Bun, Next.js, Hono). */
  function handler(options) {
    const config = configure(options);
    return async function kineticWebhookHandler(request) {
      const r = await deliver(config, async () => new Uint8Array(await request.arrayBuffer()), request.headers);
      return new Response(r.body, { status: r.status, headers: { 'content-type': JSON_TYPE } });
    };
  }

  /** Node `(req, res, next?)` for Express and Connect; Fastify's `(request, reply)` too. */
  function middleware(options) {
    const config = configure(options);
    return async function kineticWebhookMiddleware(req, res) {
      const r = await deliver(config, () => nodeBody(req), req.headers);
      if (isFastifyReply(res)) {
        res.code(r.status).header('content-type', JSON_TYPE).send(r.body);
        return;
      }
      res.statusCode = r.status;
      res.setHeader('content-type', JSON_TYPE);
      res.end(r.body);
    };
  }

  /** AWS Lambda: API Gateway proxy (REST v1, HTTP v2) and Function URL events. */
  function lambda(options) {
    const config = configure(options);
    return async function kineticWebhookLambda(event) {
      const e = event !== null && typeof event === 'object' ? event : {};
      const r = await deliver(config, () => lambdaBody(e), e.headers ?? e.multiValueHeaders);
      return { statusCode: r.status, headers: { 'content-type': JSON_TYPE }, body: r.body };
    };
  }

  return { handler, middleware, lambda };
}

function isFastifyReply(res) {
  return res !== null && typeof res === 'object' && typeof res.code === 'function' &&
    typeof res.send === 'function' && res.raw !== undefined;
}

/**
 * The body a Node request carries: what a body parser left in `req.body` (a Buffer or string
 * from `express.raw`/`express.text`/Fastify's buffer parser is the raw body; a parsed object is
 * passed on for the core to refuse as `payload_not_raw`), else the stream, read here.
 */
function nodeBody(req) {
  const b = req.body;
  if (b !== undefined && b !== null) return b;
  return readStream(typeof req[Symbol.asyncIterator] === 'function' ? req : req.raw);
}

async function readStream(stream) {
  const chunks = [];
  let length = 0;
  if (stream !== null && stream !== undefined && typeof stream[Symbol.asyncIterator] === 'function') {
    for await (const chunk of stream) {
      const bytes = typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk;
      chunks.push(bytes);
      length += bytes.byteLength;
    }
  }
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(length);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/**
 * A Lambda event's body: base64-decoded when `isBase64Encoded` (API Gateway and Function URLs
 * encode bodies they take for binary). A body that does not decode is verified as sent, so the
 * core answers with its reasons.
 */
function lambdaBody(e) {
  const body = e.body === undefined || e.body === null ? '' : e.body;
  if (e.isBase64Encoded !== true || typeof body !== 'string') return body;
  let text;
  try {
    text = atob(body);
  } catch {
    return body;
  }
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}
