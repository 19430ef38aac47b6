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
// The body-size limit (`maxBodyBytes`, SPEC section 10) is the core's too: its default, the check
// of the option and the `payload_too_large` error (413) come from `bodyLimit`, the module's
// `webhookBodyLimit` export (src/webhook/limit.rs). This file only counts bytes as they arrive and
// asks it: a Content-Length is asked before reading, a stream after each chunk (reading stops at
// the first chunk over the limit, which is not kept), a body already in memory (`req.body`, a
// Lambda event's, after base64 decoding) by its length in bytes.
//
// `webhookHandlers(verify, FlowError, bodyLimit, explain)` is called by lib/webhook.js once per wasm module
// (the root entry's and the webhooks-only one), with that module's exports (no import cycle);
// `verify` is its `verifyAsync` (the platform's asynchronous hash where it has no synchronous one).

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

export function webhookHandlers(verify, FlowError, bodyLimit, explain) {
  function configure(options) {
    const o = options !== null && typeof options === 'object' ? options : {};
    // The limit in bytes (the core's default when `maxBodyBytes` is absent). A value the core
    // refuses is kept as the error every delivery is answered with (500, like a bad secret): the
    // factories never throw.
    let limit;
    let limitError;
    try {
      limit = bodyLimit(o.maxBodyBytes, 0);
    } catch (error) {
      limitError = error;
    }
    return {
      secret: o.secret,
      verifyOptions: { tolerance: o.tolerance },
      on: o.on,
      seen: typeof o.seen === 'function' ? o.seen : undefined,
      onError: typeof o.onError === 'function' ? o.onError : undefined,
      /** Throws the core's `payload_too_large` when `length` bytes are over the limit. */
      check(length) {
        if (limitError !== undefined) throw limitError;
        bodyLimit(limit, length);
      },
    };
  }

  /** What answers a failure of the core (its status) or of this server (500 internal_error). */
  async function refuse(config, error, reader) {
    if (error instanceof FlowError) explain(error, reader);
    const flow = error instanceof FlowError;
    const status = flow && typeof error.status === 'number' ? error.status : 500;
    const code = flow ? error.code : 'internal_error';
    await report(config, error, { status, code });
    return errorAnswer(status, code);
  }

  /**
   * One delivery: `readBody(check)` gives the raw body (or what a parser left, which verify
   * refuses with payload_not_raw), calling `check(bytes so far)`, which throws once they are over
   * the limit; `headers` is where Kinetic-Signature is read. Never throws.
   */
  async function deliver(config, readBody, headers, reader) {
    let body;
    try {
      body = await readBody(config.check);
    } catch (error) {
      // The core's status for its errors (413 payload_too_large, 500 for a bad maxBodyBytes);
      // anything else (the body could not be read) is this server's failure.
      return refuse(config, error, reader);
    }
    let event;
    try {
      // `reader` tells the core's messages what this handler did: it read the raw body itself,
      // took a parser's Buffer, or decoded base64.
      event = await verify(body, headers, config.secret, config.verifyOptions, reader);
    } catch (error) {
      // The core's status for its errors (400 for a delivery that fails verification, 500 for
      // configuration).
      return refuse(config, error, reader);
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
      const headers = request !== null && typeof request === 'object' ? request.headers : undefined;
      const r = await deliver(config, (check) => webBody(request, check), headers, 'web-handler');
      return new Response(r.body, { status: r.status, headers: { 'content-type': JSON_TYPE } });
    };
  }

  /** Node `(req, res, next?)` for Express and Connect; Fastify's `(request, reply)` too. */
  function middleware(options) {
    const config = configure(options);
    return async function kineticWebhookMiddleware(req, res) {
      const parsed = req !== null && typeof req === 'object' && req.body !== undefined && req.body !== null;
      const r = await deliver(config, (check) => nodeBody(req, check), req.headers, parsed ? 'middleware-buffer' : 'middleware-stream');
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
      const r = await deliver(config, (check) => lambdaBody(e, check), e.headers ?? e.multiValueHeaders, e.isBase64Encoded === true ? 'lambda-decoded' : 'lambda');
      return { statusCode: r.status, headers: { 'content-type': JSON_TYPE }, body: r.body };
    };
  }

  return { handler, middleware, lambda };
}

function isFastifyReply(res) {
  return res !== null && typeof res === 'object' && typeof res.code === 'function' &&
    typeof res.send === 'function' && res.raw !== undefined;
}

const encoder = new TextEncoder();

/** A Content-Length value as a number of bytes, or undefined (absent, repeated or not digits). */
function declaredLength(value) {
  const v = Array.isArray(value) ? (value.length === 1 ? value[0] : undefined) : value;
  return typeof v === 'string' && /^[0-9]{1,15}$/.test(v) ? Number(v) : undefined;
}

/**
 * A body already in memory, checked by its length in bytes: bytes as they are, text as its UTF-8
 * (measured on its JavaScript length first, which is never more than its UTF-8 length, so a huge
 * string is refused before it is encoded). Anything else (a parsed object) is passed on for the
 * core to refuse as payload_not_raw.
 */
function checkedBody(body, check) {
  if (typeof body === 'string') {
    check(body.length);
    const bytes = encoder.encode(body);
    check(bytes.byteLength);
    return bytes;
  }
  if (ArrayBuffer.isView(body) || body instanceof ArrayBuffer) check(body.byteLength);
  return body;
}

function concat(chunks, length) {
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
 * A fetch Request's body: refused before reading when its Content-Length is over the limit, else
 * read chunk by chunk until the chunks are over it (the stream is then cancelled).
 */
async function webBody(request, check) {
  if (request === null || typeof request !== 'object') throw new TypeError('the handler was called without a Request');
  const declared = declaredLength(request.headers?.get?.('content-length') ?? undefined);
  if (declared !== undefined) check(declared);
  const stream = request.body;
  if (stream === null || stream === undefined || typeof stream.getReader !== 'function') {
    return checkedBody(new Uint8Array(await request.arrayBuffer()), check);
  }
  const reader = stream.getReader();
  const chunks = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    const bytes = typeof value === 'string' ? encoder.encode(value) : value;
    length += bytes.byteLength;
    try {
      check(length);
    } catch (error) {
      reader.cancel().catch(() => {});
      throw error;
    }
    chunks.push(bytes);
  }
  return concat(chunks, length);
}

/**
 * The body a Node request carries: what a body parser left in `req.body` (a Buffer or string
 * from `express.raw`/`express.text`/Fastify's buffer parser is the raw body; a parsed object is
 * passed on for the core to refuse as `payload_not_raw`), else the stream, read here: refused
 * before reading when its Content-Length is over the limit, else read until it ends or its chunks
 * are over the limit (the stream is then paused and left: nothing more is read or kept).
 */
function nodeBody(req, check) {
  const b = req.body;
  if (b !== undefined && b !== null) return checkedBody(b, check);
  const stream = typeof req[Symbol.asyncIterator] === 'function' ? req : req.raw;
  const headers = req.headers ?? stream?.headers;
  const declared = declaredLength(headers !== null && typeof headers === 'object' ? headers['content-length'] : undefined);
  if (declared !== undefined) check(declared);
  if (stream !== null && typeof stream === 'object' && typeof stream.on === 'function') return readEvents(stream, check);
  return readIterable(stream, check);
}

/** A Node Readable, by its 'data' events, so that it can be left paused (not destroyed) at the limit. */
function readEvents(stream, check) {
  if (stream.readableEnded === true) return Promise.resolve(new Uint8Array(0));
  return new Promise((resolve, reject) => {
    const chunks = [];
    let length = 0;
    const done = (error, body) => {
      stream.removeListener('data', onData);
      stream.removeListener('end', onEnd);
      stream.removeListener('error', onError);
      stream.removeListener('close', onClose);
      if (error === undefined) resolve(body);
      else reject(error);
    };
    function onData(chunk) {
      const bytes = typeof chunk === 'string' ? encoder.encode(chunk) : chunk;
      length += bytes.byteLength;
      try {
        check(length);
      } catch (error) {
        if (typeof stream.pause === 'function') stream.pause();
        done(error);
        return;
      }
      chunks.push(bytes);
    }
    function onEnd() {
      done(undefined, concat(chunks, length));
    }
    function onError(error) {
      done(error);
    }
    function onClose() {
      done(new Error('the request was closed before its body ended'));
    }
    stream.on('data', onData);
    stream.on('end', onEnd);
    stream.on('error', onError);
    stream.on('close', onClose);
  });
}

/** Any other async iterable of chunks (text or bytes). */
async function readIterable(stream, check) {
  const chunks = [];
  let length = 0;
  if (stream !== null && stream !== undefined && typeof stream[Symbol.asyncIterator] === 'function') {
    for await (const chunk of stream) {
      const bytes = typeof chunk === 'string' ? encoder.encode(chunk) : chunk;
      length += bytes.byteLength;
      check(length);
      chunks.push(bytes);
    }
  }
  return concat(chunks, length);
}

/**
 * A Lambda event's body: base64-decoded when `isBase64Encoded` (API Gateway and Function URLs
 * encode bodies they take for binary), then checked by its length in bytes. A body that does not
 * decode is verified as sent, so the core answers with its reasons.
 */
function lambdaBody(e, check) {
  const body = e.body === undefined || e.body === null ? '' : e.body;
  if (e.isBase64Encoded !== true || typeof body !== 'string') return checkedBody(body, check);
  let text;
  try {
    text = atob(body);
  } catch {
    return checkedBody(body, check);
  }
  check(text.length);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}
