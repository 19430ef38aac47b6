// Types of @kinetic/flow (hand-written; index.d.cts is the same text for `require`).
// Wire objects keep their snake_case field names: they are the API's JSON, unchanged.

// ---------------------------------------------------------------------------------------------
// Loading
// ---------------------------------------------------------------------------------------------

/**
 * The entries of the package, one per way of getting the wasm module (package.json `exports`):
 * `node-esm` and `node-cjs` read the `.wasm` beside the package, `node-bundled` has its bytes
 * inlined (bundlers for Node: the `module` condition), `workerd`, `edge-light` (Next.js Edge,
 * Vercel) and `deno` import it as a module, `browser` fetches it in `init()`.
 */
export type Entry = 'node-esm' | 'node-cjs' | 'node-bundled' | 'workerd' | 'edge-light' | 'deno' | 'browser';

/**
 * Which entry of the package loaded, as the runtime or bundler resolved package.json `exports`.
 * @example
 * import { entry } from '@kinetic/flow';
 * console.log(entry); // 'node-esm' under `node`, 'edge-light' in a Next.js Edge route, ...
 */
export declare const entry: Entry;

/**
 * Loads the wasm module. Needed once in browsers and bundlers for browsers (`await init()`
 * before any other call); resolves at once everywhere else, where the module loads at import.
 * Calling it again is harmless.
 * @param input the .wasm as a URL or string, a Response, its bytes, or a compiled
 *   WebAssembly.Module (default: the file beside the package, from `import.meta.url`). Typed
 *   loosely so that the types need neither the DOM nor Node's declarations.
 * @returns a promise that resolves once every function can be called.
 * @throws (rejects) when the module cannot be fetched or compiled.
 * @example
 * import { init, webhooks } from '@kinetic/flow';
 * await init();                        // browsers; a no-op in Node, Deno, Workers
 * const event = webhooks.verify(body, header, secret);
 */
export declare function init(input?: unknown): Promise<void>;

/**
 * The version of the Rust core inside the wasm module.
 * @returns the crate version, e.g. `'0.1.0'`.
 * @throws {ConfigurationError} `not_initialized` in a browser before `await init()`.
 * @example
 * import { coreVersion } from '@kinetic/flow';
 * console.log(`kinetic-flow-core ${coreVersion()}`);
 */
export declare function coreVersion(): string;

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

/** What every error constructor takes besides `code` and `message`. */
export interface FlowErrorOptions {
  /** The error that led to this one (kept as `error.cause`). */
  cause?: unknown;
}

/**
 * Base class of every error the package throws; `code` is a stable string, `name` the class's
 * literal name (minifiers keep it). `instanceof` works across the package's ESM and CommonJS
 * copies (an app that loads both, such as a CJS dependency beside ESM code).
 * @example
 * import { FlowError } from '@kinetic/flow';
 * try {
 *   handle(request);
 * } catch (err) {
 *   if (err instanceof FlowError) console.warn(err.name, err.code, err.message);
 *   else throw err;
 * }
 */
export declare class FlowError extends Error {
  /**
   * @param code the stable code (`signature_mismatch`, `validation_failed`, ...)
   * @param message for the person reading the log
   * @param options `cause`, and the subclass's fields
   * @example
   * throw new FlowError('internal_error', 'something went wrong', { cause: err });
   */
  constructor(code: string, message: string, options?: FlowErrorOptions);
  readonly code: string;
  /** The error that led to this one, when there was one (a thrown getter, a network failure). */
  cause?: unknown;
}

/** The codes of a `WebhookVerificationError` (SPEC section 1). */
export type WebhookErrorCode =
  | 'missing_signature_header'
  | 'malformed_signature_header'
  | 'timestamp_outside_tolerance'
  | 'signature_mismatch'
  | 'invalid_secret'
  | 'payload_not_raw'
  | 'invalid_event'
  | 'payload_too_large';

/** The fields of a `WebhookVerificationError`, and what its constructor takes. */
export interface WebhookVerificationErrorOptions extends FlowErrorOptions {
  timestamp?: number;
  now?: number;
  tolerance?: number;
  secretIndex?: number;
  limit?: number;
}

/**
 * A webhook failed verification: answer the delivery with 400 (the sender retries), or 500 for
 * `invalid_secret` and `payload_not_raw`, which are mistakes in the route, not in the delivery.
 * @example
 * try {
 *   const event = webhooks.verify(rawBody, req.headers['kinetic-signature'], process.env.WEBHOOK_SECRET);
 * } catch (err) {
 *   if (err instanceof WebhookVerificationError) return res.status(400).json({ error: err.code });
 *   throw err;
 * }
 */
export declare class WebhookVerificationError extends FlowError {
  /**
   * @param code one of the webhook codes
   * @param message for the log
   * @param options `timestamp`, `now`, `tolerance`, `secretIndex`, `limit`, `cause`
   * @example
   * new WebhookVerificationError('signature_mismatch', 'no v1 matches', {});
   */
  constructor(code: WebhookErrorCode, message: string, options?: WebhookVerificationErrorOptions);
  readonly code: WebhookErrorCode;
  /** `timestamp_outside_tolerance`: the header's `t` (Unix seconds). */
  readonly timestamp?: number;
  /** `timestamp_outside_tolerance`: the `now` used (Unix seconds). */
  readonly now?: number;
  /** `timestamp_outside_tolerance`: the tolerance in seconds. */
  readonly tolerance?: number;
  /** `invalid_secret`: which secret of the list. */
  readonly secretIndex?: number;
  /** `payload_too_large`: the body-size limit in bytes (`maxBodyBytes`) the body was over. */
  readonly limit?: number;
  /**
   * The HTTP status to answer the delivery with, decided by the core: 400 for a delivery that
   * fails verification, 500 for a configuration error (`invalid_secret`, `payload_not_raw`), 413
   * for a body over the handler's limit (`payload_too_large`).
   */
  readonly status: 400 | 413 | 500;
}

/**
 * One problem with one field: `param` is a dotted path such as `destination.routing_number`.
 * @example
 * { param: 'amount', code: 'amount_too_small', message: 'amount must be at least 1 (minor units: 100 = $1.00).' }
 */
export interface FieldError {
  readonly param: string;
  readonly code: FieldErrorCode;
  readonly message: string;
}

/** The codes of a `FieldError` (SPEC section 3), and `invalid_id`. */
export type FieldErrorCode =
  | 'required'
  | 'invalid_type'
  | 'amount_too_small'
  | 'amount_exceeds_rail_limit'
  | 'invalid_currency'
  | 'unsupported_currency'
  | 'invalid_rail'
  | 'ambiguous_destination'
  | 'invalid_routing_number'
  | 'routing_number_checksum'
  | 'routing_number_prefix'
  | 'invalid_account_number'
  | 'masked_account_number'
  | 'invalid_token'
  | 'invalid_idempotency_key'
  | 'too_many_metadata_keys'
  | 'invalid_metadata_key'
  | 'metadata_value_too_long'
  | 'unknown_field'
  | 'invalid_id'
  | (string & {});

/** The fields of a `ValidationError`, and what its constructor takes. */
export interface ValidationErrorOptions extends FlowErrorOptions {
  errors: readonly FieldError[];
  param?: string;
}

/**
 * Input failed validation. `validation_failed` lists every problem in `errors` (an
 * `idempotencyKey` option that differs from the params' key is one of them); `invalid_id` (a path
 * id) and `invalid_idempotency_key` (a malformed option) name one argument in `param`.
 * @example
 * try {
 *   flow.payments.buildCreate(params);
 * } catch (err) {
 *   if (err instanceof ValidationError) for (const e of err.errors) console.log(e.param, e.code);
 * }
 */
export declare class ValidationError extends FlowError {
  /**
   * @param code `validation_failed`, `invalid_id` or `invalid_idempotency_key`
   * @param message for the log
   * @param options `errors` (every problem), `param`, `cause`
   * @example
   * new ValidationError('validation_failed', 'amount is required', { errors: [{ param: 'amount', code: 'required', message: 'amount is required' }] });
   */
  constructor(code: 'validation_failed' | 'invalid_id' | 'invalid_idempotency_key', message: string, options: ValidationErrorOptions);
  readonly code: 'validation_failed' | 'invalid_id' | 'invalid_idempotency_key';
  readonly errors: readonly FieldError[];
  readonly param?: string;
}

/** The kind of an API error, from the HTTP status (SPEC section 5). */
export type ErrorKind =
  | 'bad_request'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'idempotency_conflict'
  | 'rate_limited'
  | 'server_error'
  | 'unexpected_status';

/** The fields of an `ApiError`, and what its constructor takes. */
export interface ApiErrorOptions extends FlowErrorOptions {
  status: number;
  kind: ErrorKind;
  retryable: boolean;
  retryAfter?: number | null;
  requestId?: string | null;
  param?: string | null;
}

/**
 * An error answer of the Kinetic Flow API (from `decodeError`, thrown by `parseResponse`).
 * @example
 * const error = decodeError(response.status, await response.text(), response.headers);
 * if (error instanceof ApiError && error.retryable) {
 *   const ms = retryDelay(attempt, error);   // null: stop retrying
 * }
 */
export declare class ApiError extends FlowError {
  /**
   * @param code the body's code, or the kind
   * @param message for the log
   * @param options `status`, `kind`, `retryable`, `retryAfter`, `requestId`, `param`, `cause`
   * @example
   * // A stand-in for tests: retryDelay reads `retryable` and `retryAfter`.
   * new ApiError('rate_limited', 'slow down', { status: 429, kind: 'rate_limited', retryable: true, retryAfter: 2 });
   */
  constructor(code: string, message: string, options: ApiErrorOptions);
  /** The body's code, or the kind when the body gives none. */
  readonly code: string;
  readonly status: number;
  readonly kind: ErrorKind;
  readonly retryable: boolean;
  /** Seconds from `Retry-After` (either form), or null. */
  readonly retryAfter: number | null;
  /** From the body or the `Request-Id` header, or null. */
  readonly requestId: string | null;
  readonly param: string | null;
}

/** The codes of a `ConfigurationError`. */
export type ConfigurationErrorCode = 'invalid_api_key' | 'invalid_base_url' | 'invalid_option' | 'not_initialized' | 'wasm_not_found' | (string & {});

/**
 * The package was set up wrongly: a bad or missing API key (`invalid_api_key`) or base URL,
 * `init()` not awaited in a browser (`not_initialized`), or a bundle without the wasm module
 * (`wasm_not_found`, thrown at import; the message names the fix).
 * @example
 * try {
 *   new Kinetic({ apiKey: process.env.KINETIC_API_KEY });
 * } catch (err) {
 *   if (err instanceof ConfigurationError) console.error(`set KINETIC_API_KEY: ${err.message}`);
 * }
 */
export declare class ConfigurationError extends FlowError {
  /**
   * @param code the configuration code
   * @param message what to fix
   * @param options `cause`
   * @example
   * new ConfigurationError('invalid_api_key', 'the API key must start with sk_test_ or sk_live_');
   */
  constructor(code: ConfigurationErrorCode, message: string, options?: FlowErrorOptions);
  readonly code: ConfigurationErrorCode;
}

// ---------------------------------------------------------------------------------------------
// Webhooks and events
// ---------------------------------------------------------------------------------------------

/**
 * The raw body exactly as received (never a parsed object): a string, a `Buffer`, a
 * `Uint8Array`, an `ArrayBuffer` or another view. Express: `express.raw({ type: 'application/json' })`;
 * fetch-style handlers: `await request.text()`.
 */
export type Payload = string | Uint8Array | ArrayBuffer | ArrayBufferView;

/**
 * The `Kinetic-Signature` value, or where to read it, as frameworks hand it over: the value
 * (`req.headers['kinetic-signature']` is `string | string[] | undefined` in Node and Express), a
 * fetch `Headers` (`request.headers`), or a whole Node headers record (`req.headers`). An absent
 * value is `missing_signature_header` at run time; a repeated header (an array of two) is
 * `malformed_signature_header`.
 */
export type SignatureHeaderSource =
  | string
  | readonly string[]
  | { get(name: string): string | null }
  | { readonly [name: string]: string | readonly string[] | undefined }
  | null
  | undefined;

/**
 * The endpoint's signing secret (`whsec_...`), or several during a rotation. `undefined` (an
 * unset environment variable: `process.env.WEBHOOK_SECRET`) type-checks and is `invalid_secret`
 * at run time, with a message that says so.
 */
export type Secrets = string | readonly string[] | undefined;

/** Options of `webhooks.verify` and `webhooks.verifySignature`. */
export interface VerifyOptions {
  /** Seconds allowed between the header's `t` and now (default 300). */
  tolerance?: number;
  /** Unix seconds or a Date (default: the clock). */
  now?: number | Date;
}

/** Options of `webhooks.sign`. */
export interface SignOptions {
  /** Unix seconds or a Date (default: the clock). */
  timestamp?: number | Date;
}

/** What `webhooks.verifySignature` returns. */
export interface SignatureCheck {
  /** Which of the configured secrets matched (its index). */
  secretIndex: number;
  /** The header's `t` (Unix seconds). */
  timestamp: number;
}

/**
 * `webhooks`: verify and sign here; `handler`, `middleware` and `lambda` in "Webhook handlers".
 * @example
 * import { webhooks } from '@kinetic/flow';
 * const event = webhooks.verify(await request.text(), request.headers, env.KINETIC_WEBHOOK_SECRET);
 */
export interface Webhooks {
  /**
   * Verifies a delivery (signature first, then the time, then the event shape) and returns its
   * event: the body's JSON, unknown fields kept.
   * @param payload the raw body exactly as received
   * @param header the `Kinetic-Signature` value, a fetch `Headers`, or a Node headers record
   * @param secret the endpoint's secret, or a list during a rotation
   * @param options `tolerance` in seconds (default 300), `now` (default the clock)
   * @returns the verified event, a discriminated union on `type`
   * @throws {WebhookVerificationError} `missing_signature_header`, `malformed_signature_header`,
   *   `signature_mismatch`, `timestamp_outside_tolerance`, `invalid_secret`, `payload_not_raw`,
   *   `invalid_event`
   * @example
   * app.post('/webhooks/kinetic', express.raw({ type: 'application/json' }), (req, res) => {
   *   const event = webhooks.verify(req.body, req.headers['kinetic-signature'], process.env.WEBHOOK_SECRET);
   *   if (event.type === 'payment.completed') fulfil(event.data.object.id);
   *   res.json({ received: true });
   * });
   */
  verify(payload: Payload, header: SignatureHeaderSource, secret: Secrets, options?: VerifyOptions): WebhookEvent;
  /**
   * `verify` for code that can await: the same checks and answers, with the platform's
   * asynchronous SubtleCrypto hash where it has no synchronous native one (Cloudflare Workers
   * without `nodejs_compat`, browsers). Elsewhere it is `verify`.
   * @example
   * const event = await webhooks.verifyAsync(await request.text(), request.headers, env.KINETIC_WEBHOOK_SECRET);
   */
  verifyAsync(payload: Payload, header: SignatureHeaderSource, secret: Secrets, options?: VerifyOptions): Promise<WebhookEvent>;
  /**
   * Checks signature and time only; the body is not parsed.
   * @param payload the raw body exactly as received
   * @param header the `Kinetic-Signature` value, a fetch `Headers`, or a Node headers record
   * @param secret the endpoint's secret, or a list during a rotation
   * @param options `tolerance`, `now`
   * @returns which secret matched (`secretIndex`) and the header's `timestamp`
   * @throws {WebhookVerificationError} as `verify`, without `invalid_event`
   * @example
   * const { secretIndex } = webhooks.verifySignature(body, header, [oldSecret, newSecret]);
   * if (secretIndex === 0) console.log('the old secret is still in use');
   */
  verifySignature(payload: Payload, header: SignatureHeaderSource, secret: Secrets, options?: VerifyOptions): SignatureCheck;
  /**
   * Signs a payload (tests, and servers that send webhooks).
   * @param payload the exact body that will be sent
   * @param secret one secret, or several (one `v1` each)
   * @param options `timestamp` (default the clock)
   * @returns the header value `t=...,v1=...`
   * @throws {WebhookVerificationError} `invalid_secret`, `payload_not_raw`
   * @example
   * const header = webhooks.sign(body, 'whsec_test_secret');
   * await fetch(url, { method: 'POST', body, headers: { 'kinetic-signature': header } });
   */
  sign(payload: Payload, secret: Secrets, options?: SignOptions): string;
}

export declare const webhooks: Webhooks & TestDeliveries;

/** A partial of `T`, for overrides: any field, at any depth, may be given or left out. */
export type DeepPartial<T> = T extends readonly unknown[] ? T : T extends object ? { [K in keyof T]?: DeepPartial<T[K]> } : T;

/** Options of `webhooks.testDelivery`. */
export interface TestDeliveryOptions<T extends EventType = EventType> {
  /** The secret the handler under test verifies with (or several: one `v1` each). */
  secret: string | readonly string[];
  /**
   * A partial event merged into the example: objects key by key, anything else replaces
   * (`{ data: { object: { amount: 500 } } }`, or `{ id: 'evt_same1' }` to test de-duplication).
   * The `type` stays the one asked for.
   */
  overrides?: DeepPartial<Omit<WebhookEventOf<T>, 'type'>>;
  /** When it was signed: Unix seconds or a Date (default: the clock). */
  timestamp?: number | Date;
}

/** A signed test delivery: POST `body` with `headers` to the handler under test. */
export interface TestDelivery<T extends EventType = EventType> {
  /** The body, compact JSON, exactly as signed. */
  body: string;
  /** `content-type` and `kinetic-signature`, as a sender writes them (a plain object). */
  headers: { 'content-type': 'application/json'; 'kinetic-signature': string };
  /** The event the body holds, as `webhooks.verify` returns it. */
  event: WebhookEventOf<T>;
}

/** `webhooks.testDelivery` (root entry only: its examples live in the full module). */
export interface TestDeliveries {
  /**
   * A realistic, signed delivery of a known event type, to test one's own handler with. Built by
   * the core from its table of example objects (the one the sandbox and the Rust crate use).
   * @param type a known event type
   * @param options `secret`, `overrides`, `timestamp`
   * @returns `{ body, headers, event }`
   * @throws {ValidationError} `unknown_event_type`, `invalid_overrides`;
   *   {WebhookVerificationError} `invalid_secret`, `invalid_event` (overrides that break the event)
   * @example
   * const { body, headers, event } = webhooks.testDelivery('payment.completed', { secret: 'whsec_test_secret' });
   * const res = await app.request('/webhooks', { method: 'POST', body, headers });
   */
  testDelivery<T extends EventType>(type: T, options: TestDeliveryOptions<T>): TestDelivery<T>;
}

/** A payment rail; `auto` lets the API pick. */
export type Rail = 'auto' | 'fednow' | 'rtp' | 'same_day_ach' | 'ach' | 'wire';

/**
 * A payment as the API sends it. Fields the API adds later are present at run time but not
 * typed (no index signature, so a misspelt field does not type-check).
 */
/** A payment's status: `pending` and `processing` until it settles (`completed`) or fails. */
export type PaymentStatus = 'pending' | 'processing' | 'completed' | 'failed' | 'refunded';

export interface Payment {
  id: string;
  object: 'payment';
  status: PaymentStatus;
  amount: number;
  currency: string;
  rail?: Rail;
  destination?: { routing_number?: string; account_number?: string; token?: string };
  metadata?: Record<string, string>;
  failure_code?: string | null;
  failure_message?: string | null;
  settled_at?: string | null;
  created_at?: string;
}

/** A refund (`re_...`) of a payment. */
/** A refund's status: `pending`, then `completed` (or `failed`). */
export type RefundStatus = 'pending' | 'completed' | 'failed';

export interface Refund {
  id: string;
  object: 'refund';
  payment: string;
  amount: number;
  currency: string;
  status: RefundStatus;
  created_at?: string;
}

/** A token (`tok_...`) standing for bank details. */
export interface Token {
  id: string;
  object: 'token';
  type: 'bank_account';
  bank_account?: { routing_number?: string; last4?: string };
  created_at?: string;
}

/** A payout (`po_...`). */
/** A payout's status: `pending`, `in_transit`, then `completed` (or `failed`). */
export type PayoutStatus = 'pending' | 'in_transit' | 'completed' | 'failed';

export interface Payout {
  id: string;
  object: 'payout';
  amount: number;
  currency: string;
  status: PayoutStatus;
  arrival_date?: string;
}

/** The object each known event type carries in `data.object`: the one table of event types. */
export interface EventObjects {
  'payment.created': Payment;
  'payment.processing': Payment;
  'payment.completed': Payment;
  'payment.failed': Payment;
  'payment.refunded': Payment;
  'refund.created': Refund;
  'refund.completed': Refund;
  'token.created': Token;
  'token.updated': Token;
  'payout.completed': Payout;
}

/** A known event type: `'payment.completed'`, ... */
export type EventType = keyof EventObjects;

/**
 * One event as the core guarantees it: `id` and `type` are strings and `data.object` is a JSON
 * object (checked after the signature; anything else is `invalid_event`), so `data.object` is
 * always there and typed by `type` (`event.data.object.amount` compiles under `strict` once
 * `type` is narrowed). Unknown fields are kept; a field the API adds later is there at run time.
 */
export interface EventOf<T extends string, O> {
  /** `evt_...`: de-duplicate on it (deliveries are retried for up to 72 hours). */
  id: string;
  type: T;
  object?: 'event';
  api_version?: string;
  created_at?: string;
  livemode?: boolean;
  /** The event's object, as sent. */
  data: { object: O };
}

/**
 * The event of one known type, or a union for several:
 * `WebhookEventOf<'payment.completed'>` is the payment-completed event.
 * @example
 * function fulfil(event: WebhookEventOf<'payment.completed'>) {
 *   return event.data.object.amount;   // number
 * }
 */
export type WebhookEventOf<T extends EventType> = T extends EventType ? EventOf<T, EventObjects[T]> : never;

/** The events with a payment object. */
export type PaymentEvent = WebhookEventOf<'payment.created' | 'payment.processing' | 'payment.completed' | 'payment.failed' | 'payment.refunded'>;
/** The events with a refund object. */
export type RefundEvent = WebhookEventOf<'refund.created' | 'refund.completed'>;
/** The events with a token object. */
export type TokenEvent = WebhookEventOf<'token.created' | 'token.updated'>;
/** The events with a payout object. */
export type PayoutEvent = WebhookEventOf<'payout.completed'>;

/**
 * A verified webhook event: a discriminated union on `type`, one member per known type, so
 * `Extract<WebhookEvent, { type: 'payment.completed' }>` and `switch (event.type)` narrow to
 * one. An event of a newer type still verifies at run time and reaches the `default` branch.
 * @example
 * switch (event.type) {
 *   case 'payment.completed': return fulfil(event.data.object.id);
 *   case 'refund.created':    return note(event.data.object.payment);
 *   default:                  return; // acknowledge the rest
 * }
 */
export type WebhookEvent = { [T in EventType]: EventOf<T, EventObjects[T]> }[EventType];

// ---------------------------------------------------------------------------------------------
// Payments and idempotency
// ---------------------------------------------------------------------------------------------

/** Bank details as a payment destination: a 9-digit ABA routing number and an account number. */
export interface BankDestination {
  routing_number: string;
  account_number: string;
}

/** A token (`tok_...`, from `flow.tokens.buildCreate`) as a payment destination. */
export interface TokenDestination {
  token: string;
}

/** Params of `POST /v1/payments` (snake_case, as on the wire). */
export interface PaymentParams {
  /** Minor units (cents), a safe integer >= 1. */
  amount: number;
  /** `usd` (any case). */
  currency: string;
  rail?: Rail;
  destination: BankDestination | TokenDestination;
  idempotency_key?: string;
  metadata?: Record<string, string>;
}

/** The normalized wire body: currency lowercased, rail defaulted. */
export interface ValidPayment {
  amount: number;
  currency: 'usd';
  rail: Rail;
  destination: BankDestination | TokenDestination;
  idempotency_key?: string;
  metadata?: Record<string, string>;
}

/** Per-rail limits in cents, over the built-in table. */
export type RailLimits = Partial<Record<Rail, number>>;

/** Options of `validatePayment`. */
export interface ValidateOptions {
  /** Per-rail limits in cents that replace the built-in ones, e.g. `{ fednow: 5_000_000 }`. */
  limits?: RailLimits;
}

/** What `validatePayment` returns: the normalized body, or every problem. */
export type ValidationResult =
  | { ok: true; value: ValidPayment }
  | { ok: false; errors: FieldError[] };

/**
 * Validates payment params before they are sent, reporting every problem at once, in field
 * order. An `amount` that is not a safe integer (a float, a string, beyond 2^53 - 1) is
 * `invalid_type`.
 * @param params any value (form data, a parsed body): wrong types are reported, never thrown
 * @param options `limits` per rail, in cents
 * @returns `{ ok: true, value }` (currency lowercased, rail defaulted) or `{ ok: false, errors }`
 * @throws never for bad params; `ConfigurationError` `not_initialized` before `init()` in browsers
 * @example
 * const check = validatePayment({ amount: 25000, currency: 'USD', destination: { token: 'tok_1a2b' } });
 * if (!check.ok) return res.status(400).json({ errors: check.errors });
 * check.value.currency; // 'usd'
 */
export declare function validatePayment(params: unknown, options?: ValidateOptions): ValidationResult;

/**
 * Idempotency keys and request fingerprints: a retry with the same key never pays twice.
 * @example
 * import { idempotency } from '@kinetic/flow';
 * const key = idempotency.derive('invoice', invoice.id);   // the same key on every retry and restart
 */
export declare const idempotency: {
  /**
   * A random key.
   * @returns `idk_` + 32 hex digits from 16 bytes of `crypto.getRandomValues`
   * @throws {ConfigurationError} `not_initialized` before `init()` in browsers
   * @example
   * const key = idempotency.generate(); // 'idk_4f0c...'
   */
  generate(): string;
  /**
   * The key for "do this once" across retries and restarts.
   * @param scope what kind of reference (`'invoice'`)
   * @param reference which one (`'inv_001'`)
   * @returns `idk_` + 32 hex digits; the same inputs give the same key in every runtime
   * @throws {ValidationError} when an argument is not a string
   * @example
   * idempotency.derive('invoice', 'inv_001'); // always the same key
   */
  derive(scope: string, reference: string): string;
  /**
   * The fingerprint of a payment body: two requests with one fingerprint are the same payment.
   * @param params payment params (validated first; `idempotency_key` is left out)
   * @returns `sha256:` + 64 hex digits over the canonical, normalized body
   * @throws {ValidationError} `validation_failed` with every problem when the params are invalid
   * @example
   * idempotency.fingerprint({ amount: 25000, currency: 'usd', destination: { token: 'tok_1a2b' } });
   */
  fingerprint(params: PaymentParams): string;
};

// ---------------------------------------------------------------------------------------------
// API errors and retries
// ---------------------------------------------------------------------------------------------

/** Response headers: a fetch `Headers`, a record (Node's `res.headers`), or `[name, value]` pairs. */
export type HeadersSource =
  | { forEach(callback: (value: string, name: string) => void): void; get(name: string): string | null }
  | Readonly<Record<string, string | readonly string[] | undefined>>
  | ReadonlyArray<readonly [string, string]>;

/** A response body: text, bytes, or JSON already parsed. */
export type ResponseBody = string | Uint8Array | ArrayBuffer | object | null | undefined;

/** The clock an HTTP-date `Retry-After` is read against. */
export interface ClockOptions {
  /** Unix seconds or a Date, for an HTTP-date Retry-After (default: the clock). */
  now?: number | Date;
}

/**
 * Decodes an API response into its typed error. A body that is empty, HTML or not JSON still
 * decodes, from the status alone.
 * @param status the HTTP status
 * @param body the response text, bytes, or parsed JSON
 * @param headers for `Retry-After` and `Request-Id`
 * @param options `now`, for an HTTP-date `Retry-After`
 * @returns the `ApiError`, or `null` for a 2xx
 * @throws {ValidationError} when `status` is not an HTTP status code
 * @example
 * const response = await fetch(request.url, request);
 * const error = decodeError(response.status, await response.text(), response.headers);
 * if (error) console.warn(error.kind, error.code, error.requestId);
 */
export declare function decodeError(status: number, body?: ResponseBody, headers?: HeadersSource, options?: ClockOptions): ApiError | null;

/** The backoff of `retryDelay`: capped exponential, full jitter. */
export interface RetryOptions {
  /** Default 500. */
  baseMs?: number;
  /** Default 20000. */
  maxMs?: number;
  /** Default 3. */
  maxAttempts?: number;
  /** The jitter, in [0, 1) (default Math.random()). */
  random?: number;
}

/**
 * How long to wait before retry number `attempt`: capped exponential backoff with full jitter,
 * never less than the error's `Retry-After`.
 * @param attempt 1 for the first retry
 * @param error an `ApiError` (from `decodeError`, thrown by `parseResponse`, or constructed)
 * @param options `baseMs`, `maxMs`, `maxAttempts`, `random` (the jitter, default `Math.random()`)
 * @returns milliseconds, or `null`: the error is not retryable, or attempts ran out
 * @throws {ValidationError} for an attempt or option that is not a whole number
 * @example
 * for (let attempt = 1; ; attempt++) {
 *   const error = decodeError(res.status, await res.text(), res.headers);
 *   const ms = error && retryDelay(attempt, error);
 *   if (ms === null || ms === undefined) break;
 *   await new Promise((r) => setTimeout(r, ms));
 *   res = await fetch(request.url, request); // the same request: the same idempotency key
 * }
 */
export declare function retryDelay(attempt: number, error: ApiError, options?: RetryOptions): number | null;

// ---------------------------------------------------------------------------------------------
// Requests
// ---------------------------------------------------------------------------------------------

/** Options of `new Kinetic(...)`. */
export interface KineticOptions {
  /**
   * `sk_test_...` or `sk_live_...`. Absent or `undefined` (an unset
   * `process.env.KINETIC_API_KEY`) is allowed, for a service that only receives webhooks: the
   * first request then fails with `ConfigurationError` `invalid_api_key`, naming `KINETIC_API_KEY`.
   */
  apiKey?: string | undefined;
  /** Default `https://api.kinetic.dev`. */
  baseUrl?: string;
}

/** What `fetch(request.url, request)` and `new Request(request.url, request)` accept. */
export interface HttpRequest {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body?: string;
}

/** Options of the `build*` builders. */
export interface BuildOptions {
  /** Sent as `Idempotency-Key` and in the body; generated when absent. */
  idempotencyKey?: string;
}

/** Params of `POST /v1/refunds`: the payment, and an amount for a partial refund. */
export interface RefundParams {
  payment: string;
  amount?: number;
  idempotency_key?: string;
}

/** Params of `POST /v1/tokens`: bank details to tokenize. */
export interface TokenParams {
  routing_number: string;
  account_number: string;
  idempotency_key?: string;
}

/** Builders of `flow.payments` (the senders are in "Sending", below). */
export interface PaymentsResource {
  /**
   * The request that creates a payment (validated first).
   * @param params the payment body
   * @param options `idempotencyKey` (generated when absent)
   * @returns `{ method, url, headers, body }` for `fetch(request.url, request)`
   * @throws {ValidationError} `validation_failed` with every problem (a key given twice, differently,
   *   among them), `invalid_idempotency_key` for a malformed option
   * @example
   * const request = flow.payments.buildCreate({ amount: 25000, currency: 'usd', destination: { token: 'tok_1a2b' } });
   */
  buildCreate(params: PaymentParams, options?: BuildOptions): HttpRequest;
  /**
   * The request that retrieves a payment.
   * @param id `pay_...`
   * @returns a GET request
   * @throws {ValidationError} `invalid_id`
   * @example
   * const request = flow.payments.buildRetrieve('pay_1a2b');
   * const response = await fetch(request.url, request);
   */
  buildRetrieve(id: string): HttpRequest;
}
/** Builders of `flow.refunds` (the sender is in "Sending", below). */
export interface RefundsResource {
  /**
   * The request that refunds a payment, wholly or in part.
   * @param params `{ payment, amount? }`
   * @param options `idempotencyKey`
   * @returns a POST request
   * @throws {ValidationError} `validation_failed`
   * @example
   * flow.refunds.buildCreate({ payment: 'pay_1a2b', amount: 500 }, { idempotencyKey: 'refund-inv_001' });
   */
  buildCreate(params: RefundParams, options?: BuildOptions): HttpRequest;
}
/** Builders of `flow.tokens` (the sender is in "Sending", below). */
export interface TokensResource {
  /**
   * The request that tokenizes bank details.
   * @param params `{ routing_number, account_number }`
   * @param options `idempotencyKey`
   * @returns a POST request
   * @throws {ValidationError} `validation_failed`
   * @example
   * flow.tokens.buildCreate({ routing_number: '021000021', account_number: '000123456789' });
   */
  buildCreate(params: TokenParams, options?: BuildOptions): HttpRequest;
}
/** Builders of `flow.events` (the sender is in "Sending", below). */
export interface EventsResource {
  /**
   * The request that retrieves an event (to re-read a delivery).
   * @param id `evt_...`
   * @returns a GET request
   * @throws {ValidationError} `invalid_id`
   * @example
   * const request = flow.events.buildRetrieve(event.id);
   */
  buildRetrieve(id: string): HttpRequest;
}

/**
 * A client of the Kinetic Flow API: sends calls (see "Sending"), builds ready-to-send requests
 * for callers who send themselves, and reads responses. The key is held privately and never
 * printed. Throws ConfigurationError for a bad key, base URL or option.
 * @example
 * const flow = new Kinetic({ apiKey: process.env.KINETIC_API_KEY });
 * const request = flow.payments.buildCreate(params, { idempotencyKey: 'pay_abc123' });
 * const response = await fetch(request.url, request);
 * const payment = flow.parseResponse<Payment>(response.status, await response.text(), response.headers);
 */
export declare class Kinetic {
  /**
   * @param options `apiKey` (`sk_test_...` or `sk_live_...`; may be absent for a service that only
   *   receives webhooks, and then the first request is `invalid_api_key`), `baseUrl` (default
   *   `https://api.kinetic.dev`), `fetch`, `maxNetworkRetries`, `timeout`, `deadline`
   * @throws {ConfigurationError} `invalid_api_key` (a malformed key), `invalid_base_url`, `invalid_option`
   * @example
   * const flow = new Kinetic({ apiKey: process.env.KINETIC_API_KEY });
   * flow.mode; // 'test' for sk_test_ keys
   */
  constructor(options?: KineticOptions);
  /** `'test'` or `'live'`, from the key; `null` without one (a webhook-only service). */
  readonly mode: 'test' | 'live' | null;
  /** Payments: `POST /v1/payments`, `GET /v1/payments/{id}`. */
  readonly payments: PaymentsResource;
  /** Refunds: `POST /v1/refunds`. */
  readonly refunds: RefundsResource;
  /** Tokens: `POST /v1/tokens`. */
  readonly tokens: TokensResource;
  /** Events: `GET /v1/events/{id}`. */
  readonly events: EventsResource;
  /** The same `webhooks` as the named export. */
  readonly webhooks: typeof webhooks;
  /**
   * Reads a response: the resource of a 2xx, or the decoded error.
   * @param status the HTTP status
   * @param body the response text, bytes, or parsed JSON
   * @param headers for `Retry-After` and `Request-Id`
   * @param options `now`, for an HTTP-date `Retry-After`
   * @returns the parsed resource (typed as `T`)
   * @throws {ApiError} the decoded error; also for a 2xx whose body is not JSON
   *   (`invalid_response`, retryable with the same idempotency key)
   * @example
   * const payment = flow.parseResponse<Payment>(response.status, await response.text(), response.headers);
   */
  parseResponse<T = Record<string, unknown>>(status: number, body: ResponseBody, headers?: HeadersSource, options?: ClockOptions): T;
}

// ---------------------------------------------------------------------------------------------
// Webhook handlers (webhooks.handler, webhooks.middleware, webhooks.lambda)
// ---------------------------------------------------------------------------------------------

// WebhookEventOf<T> (the known event of type `T`) is declared with the events, above.

/** An event of a type this version does not know yet: verified, with its JSON intact. */
export type UnknownWebhookEvent = EventOf<string & {}, Record<string, unknown>>;

/**
 * What to do per event type; each handler gets its own event type. `'*'` gets every event
 * without a handler of its own (also types newer than this package); an event with no handler
 * at all is acknowledged. A handler may be async: the delivery is answered once it resolved.
 */
export type WebhookHandlers = {
  [T in EventType]?: (event: WebhookEventOf<T>) => unknown;
} & {
  '*'?: (event: WebhookEvent | UnknownWebhookEvent) => unknown;
};

/** What `onError` is told about a delivery that was not answered 200. */
export interface WebhookErrorInfo {
  /**
   * The status answered: 400 (verification failed), 413 (the body is over `maxBodyBytes`), 500
   * (configuration, or the handler threw).
   */
  status: number;
  /**
   * The code answered in `{"error":{"code"}}`: a WebhookErrorCode, `handler_failed`, or
   * `validation_failed` (a `maxBodyBytes` that is not a limit).
   */
  code: WebhookErrorCode | 'handler_failed' | 'internal_error' | 'validation_failed';
  /** The event, when it was verified and its handler (or `seen`) threw. */
  event?: { id: string; type: string };
}

/** Options of `webhooks.handler`, `webhooks.middleware` and `webhooks.lambda`. */
export interface WebhookHandlerOptions {
  /**
   * The endpoint's signing secret(s). `process.env.X` is accepted as it is typed: an unset or
   * empty secret answers every delivery 500 `invalid_secret` (and logs it), so the sender retries
   * once the secret is set.
   */
  secret: Secrets | undefined;
  /** Seconds allowed between the header's `t` and now (default 300). */
  tolerance?: number;
  /**
   * The largest body accepted, in bytes (a whole number >= 1; default 1 MiB, 1048576: a Kinetic
   * Flow event is about 2 KiB). A body over it is answered 413 `payload_too_large` (and logged)
   * without being read further: a Content-Length over it before any byte is read, a streamed body
   * at the first chunk past it; a `req.body` Buffer or string and a Lambda body (after base64
   * decoding) by their length in bytes. Not a string such as `'1mb'`: a value the core refuses
   * answers every delivery 500 `validation_failed` (and logs it), as an unset secret does. A
   * framework's own parser limit applies first (`express.raw()`: 100 kB by default, Fastify's
   * `bodyLimit`: 1 MiB). `webhooks.verify` has no limit: it verifies the bytes it is given.
   */
  maxBodyBytes?: number;
  /** Handlers by event type. */
  on: WebhookHandlers;
  /**
   * Whether this event id was already handled (sync or async): `true` answers 200 without
   * calling a handler again. Record the id in your handler once its work is done (deliveries
   * are retried for up to 72 hours, and a delivery whose handler threw is sent again).
   */
  seen?: (eventId: string) => boolean | Promise<boolean>;
  /**
   * Called for every delivery not answered 200, instead of the default log line
   * (`console.warn` for 400, `console.error` for 500). `error` is the WebhookVerificationError,
   * or what the handler threw. Its own failures are ignored.
   */
  onError?: (error: unknown, info: WebhookErrorInfo) => void | Promise<void>;
}

// The Web `Request`/`Response` of the consumer's own declarations (DOM, @types/node, Deno, Bun,
// workers-types), so no declaration is required of them.
type GlobalOr<K extends string, Fallback> = typeof globalThis extends { [P in K]: { prototype: infer T } } ? T : Fallback;
/** The Web `Request` (only what the handler reads, where no declarations define it). */
export type WebRequest = GlobalOr<'Request', { arrayBuffer(): Promise<ArrayBuffer>; headers: { get(name: string): string | null } }>;
/** The Web `Response`. */
export type WebResponse = GlobalOr<'Response', { status: number; text(): Promise<string> }>;

/** An API Gateway proxy (REST v1, HTTP v2) or Lambda Function URL event: what the handler reads. */
export interface LambdaHttpEvent {
  body?: string | null;
  isBase64Encoded?: boolean;
  headers?: Readonly<Record<string, string | undefined>> | null;
  multiValueHeaders?: Readonly<Record<string, readonly string[] | undefined>> | null;
  [field: string]: unknown;
}

/** The proxy result API Gateway and Function URLs turn into the HTTP answer. */
export interface LambdaHttpResult {
  statusCode: number;
  headers: { 'content-type': 'application/json' };
  body: string;
}

export interface Webhooks {
  /**
   * A Web-standard handler `(request) => Promise<Response>` for Workers, Deno, Bun, Next.js route
   * handlers (`export const POST = webhooks.handler(...)`) and Hono (`(c) => h(c.req.raw)`).
   * Answers 200 `{"received":true}` once the handler resolved, 400 `{"error":{"code"}}` for a
   * delivery that fails verification, 413 for a body over `maxBodyBytes` (1 MiB by default), 500
   * for a configuration error or a handler that threw.
   * @param options `secret`, `on` (handlers by event type), `tolerance`, `maxBodyBytes`, `seen`, `onError`
   * @returns the handler; it never throws: every failure is an answer
   * @throws never when called; a bad `options` object is answered 500 per delivery
   * @example
   * // app/api/webhooks/route.ts (Next.js)
   * export const POST = webhooks.handler({
   *   secret: process.env.WEBHOOK_SECRET,
   *   on: { 'payment.completed': async (event) => fulfil(event.data.object.id) },
   * });
   */
  handler(options: WebhookHandlerOptions): (request: WebRequest) => Promise<WebResponse>;
  /**
   * A Node `(req, res, next?)` handler for Express and Connect, and a Fastify `(request, reply)`
   * route handler: it reads the raw body itself when no parser ran, uses `req.body` when it is a
   * Buffer or string (`express.raw`), and answers 500 `payload_not_raw` (logging how to fix the
   * route order) when a JSON parser already consumed the body. Same answers as `handler`.
   * @param options as `handler`
   * @returns the Node handler
   * @throws never when called; failures are answers
   * @example
   * app.post('/webhooks/kinetic', webhooks.middleware({
   *   secret: process.env.WEBHOOK_SECRET,
   *   on: { 'payment.failed': (event) => notify(event.data.object.failure_code) },
   * }));
   */
  middleware(options: WebhookHandlerOptions): (req: unknown, res: unknown, next?: unknown) => Promise<void>;
  /**
   * An AWS Lambda handler for API Gateway proxy and Function URL events: a base64 body
   * (`isBase64Encoded`) is decoded before verification. Same answers as `handler`.
   * @param options as `handler`
   * @returns the Lambda handler
   * @throws never when called; failures are answers
   * @example
   * export const handler = webhooks.lambda({
   *   secret: process.env.WEBHOOK_SECRET,
   *   on: { '*': (event) => console.log(event.type) },
   * });
   */
  lambda(options: WebhookHandlerOptions): (event: LambdaHttpEvent) => Promise<LambdaHttpResult>;
}

// ---------------------------------------------------------------------------------------------
// Sending (SPEC section 9): `flow.payments.create(...)` and friends
// ---------------------------------------------------------------------------------------------

/** The default export, as in the API docs' quickstart: `import Kinetic from '@kinetic/flow'`. */
export default Kinetic;

/** The `AbortSignal` a call takes (a DOM or Node `AbortSignal` fits). */
export interface AbortSignalLike {
  readonly aborted: boolean;
  readonly reason?: unknown;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

/** What the package passes to `fetch` on every attempt (the same request each time). */
export interface FetchInit {
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  signal: AbortSignalLike;
}

/** What the package reads of a `fetch` response (a `Response` fits). */
export interface FetchResponse {
  readonly status: number;
  readonly headers: { forEach(callback: (value: string, name: string) => void): void; get(name: string): string | null };
  arrayBuffer(): Promise<ArrayBuffer>;
}

export interface KineticOptions {
  /** Default `globalThis.fetch`; inject one for tests or proxies. */
  fetch?(url: string, init: FetchInit): Promise<FetchResponse>;
  /** Retries after the first attempt, 0 to 10; default 2. */
  maxNetworkRetries?: number;
  /** Per attempt, in milliseconds (1 to 600000); default 10000. */
  timeout?: number;
  /**
   * The whole call, every attempt and wait included, in milliseconds (1 to 3600000); default
   * 30000. Past it the call rejects with `ConnectionError` `deadline_exceeded`, and no retry starts
   * that would wait past it. With the defaults a call takes at most 30 s, whatever the server does.
   */
  deadline?: number;
}

export interface SendOptions {
  /** Sent as `Idempotency-Key` and in the body; generated once per call when absent. */
  idempotencyKey?: string;
  /** Aborts the call: it rejects with ConnectionError `aborted` and is never retried. */
  signal?: AbortSignalLike;
  /** Per attempt, in milliseconds; default the client's `timeout`. */
  timeout?: number;
  /** The whole call, in milliseconds; default the client's `deadline`. */
  deadline?: number;
}

/** The request id and attempts of the response a resource came from (`resource.lastResponse`). */
export interface LastResponse {
  readonly statusCode: number;
  readonly requestId: string | null;
  readonly idempotencyKey: string | null;
  readonly attempts: number;
}

/** A resource as a call returns it: the API's JSON plus a non-enumerable `lastResponse`. */
export type Sent<T> = T & { readonly lastResponse: LastResponse };

/** `idempotencyKey` may also be given in the params, as the API docs' quickstart does. */
export type WithIdempotencyKey<P> = P & { idempotencyKey?: string };

export interface PaymentsResource {
  /**
   * `POST /v1/payments`, retried safely (one key, the same bytes every attempt).
   * @param params the payment body; `idempotencyKey` may be given here, as the API docs do
   * @param options `idempotencyKey`, `signal`, `timeout`
   * @returns the payment, with `lastResponse`
   * @throws {ValidationError} before anything is sent; {ApiError} the API's answer; {ConnectionError} no answer
   * @example
   * const payment = await flow.payments.create({
   *   amount: 25000, currency: 'usd', rail: 'auto',
   *   destination: { routing_number: '021000021', account_number: '000123457890' },
   *   idempotencyKey: 'pay_abc123',
   * });
   */
  create(params: WithIdempotencyKey<PaymentParams>, options?: SendOptions): Promise<Sent<Payment>>;
  /**
   * `GET /v1/payments/{id}`.
   * @param id `pay_...`
   * @param options `signal`, `timeout`
   * @returns the payment, with `lastResponse`
   * @throws {ValidationError} `invalid_id`; {ApiError}; {ConnectionError}
   * @example
   * const payment = await flow.payments.retrieve('pay_1a2b3c4d');
   */
  retrieve(id: string, options?: Omit<SendOptions, 'idempotencyKey'>): Promise<Sent<Payment>>;
}
export interface RefundsResource {
  /**
   * `POST /v1/refunds`, retried safely.
   * @param params `{ payment, amount? }`
   * @param options `idempotencyKey`, `signal`, `timeout`
   * @returns the refund, with `lastResponse`
   * @throws {ValidationError}; {ApiError}; {ConnectionError}
   * @example
   * const refund = await flow.refunds.create({ payment: 'pay_1a2b3c4d', amount: 500 });
   */
  create(params: WithIdempotencyKey<RefundParams>, options?: SendOptions): Promise<Sent<Refund>>;
}
export interface TokensResource {
  /**
   * `POST /v1/tokens`, retried safely.
   * @param params `{ routing_number, account_number }`
   * @param options `idempotencyKey`, `signal`, `timeout`
   * @returns the token, with `lastResponse`
   * @throws {ValidationError}; {ApiError}; {ConnectionError}
   * @example
   * const token = await flow.tokens.create({ routing_number: '021000021', account_number: '000123457890' });
   */
  create(params: WithIdempotencyKey<TokenParams>, options?: SendOptions): Promise<Sent<Token>>;
}
export interface EventsResource {
  /**
   * `GET /v1/events/{id}`.
   * @param id `evt_...`
   * @param options `signal`, `timeout`
   * @returns the event, with `lastResponse`
   * @throws {ValidationError} `invalid_id`; {ApiError}; {ConnectionError}
   * @example
   * const event = await flow.events.retrieve('evt_1a2b3c4d');
   */
  retrieve(id: string, options?: Omit<SendOptions, 'idempotencyKey'>): Promise<Sent<WebhookEvent>>;
}

/** What a failed call adds to its error: retry it later with `idempotencyKey`, without risk. */
interface CallFailure {
  /** Attempts made (0 when the signal was already aborted). */
  readonly attempts?: number;
  /** The key the call used (null for a GET). */
  readonly idempotencyKey?: string | null;
}
export interface ApiError extends CallFailure {}

/** The fields of a `ConnectionError`, and what its constructor takes. */
export interface ConnectionErrorOptions extends FlowErrorOptions {
  attempts?: number;
  idempotencyKey?: string | null;
  requestId?: string | null;
}

/**
 * A call got no response: the last attempt failed (`connection_failed`), timed out, or was aborted.
 * @example
 * try {
 *   await flow.payments.create(params);
 * } catch (err) {
 *   if (err instanceof ConnectionError) queueRetry(err.idempotencyKey); // the same key: never pays twice
 * }
 */
export declare class ConnectionError extends FlowError {
  /**
   * @param code `connection_failed`, `timeout`, `deadline_exceeded` or `aborted`
   * @param message for the log
   * @param options `cause`, `attempts`, `idempotencyKey`, `requestId`
   * @example
   * new ConnectionError('timeout', 'no answer within 30000 ms', { attempts: 3, idempotencyKey: 'pay_abc123' });
   */
  constructor(code: 'connection_failed' | 'timeout' | 'deadline_exceeded' | 'aborted', message: string, options?: ConnectionErrorOptions);
  readonly code: 'connection_failed' | 'timeout' | 'deadline_exceeded' | 'aborted';
  /** The error `fetch` threw (or the timeout or abort reason). */
  readonly cause: unknown;
  readonly attempts: number;
  readonly idempotencyKey: string | null;
  /** The `Request-Id` of the last response received, if any attempt got one. */
  readonly requestId: string | null;
}
