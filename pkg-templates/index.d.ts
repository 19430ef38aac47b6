// Types of @kinetic/flow-core (hand-written; index.d.cts is the same text for `require`).
// Wire objects keep their snake_case field names: they are the API's JSON, unchanged.

// ---------------------------------------------------------------------------------------------
// Loading
// ---------------------------------------------------------------------------------------------

/** Which entry of the package loaded (picked by the runtime from package.json `exports`). */
export declare const entry: 'node-esm' | 'node-cjs' | 'workerd' | 'deno' | 'browser';

/**
 * Loads the wasm module. Needed once in browsers and bundlers (`await init()` before any other
 * call); resolves at once in Node, Deno and workerd, which load the module at import.
 * @param input the .wasm as a URL or string, a Response, its bytes, or a compiled
 *   WebAssembly.Module (default: the file beside the package). Typed loosely so that the types
 *   need neither the DOM nor Node's declarations.
 */
export declare function init(input?: unknown): Promise<void>;

/** The version of the Rust core inside the wasm module. */
export declare function coreVersion(): string;

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

/** Base class of every error the package throws; `code` is a stable string. */
export declare class FlowError extends Error {
  readonly code: string;
}

export type WebhookErrorCode =
  | 'missing_signature_header'
  | 'malformed_signature_header'
  | 'timestamp_outside_tolerance'
  | 'signature_mismatch'
  | 'invalid_secret'
  | 'payload_not_raw'
  | 'invalid_event';

/** A webhook failed verification. */
export declare class WebhookVerificationError extends FlowError {
  readonly code: WebhookErrorCode;
  /** `timestamp_outside_tolerance`: the header's `t` (Unix seconds). */
  readonly timestamp?: number;
  /** `timestamp_outside_tolerance`: the `now` used (Unix seconds). */
  readonly now?: number;
  /** `timestamp_outside_tolerance`: the tolerance in seconds. */
  readonly tolerance?: number;
  /** `invalid_secret`: which secret of the list. */
  readonly secretIndex?: number;
  /**
   * The HTTP status to answer the delivery with, decided by the core: 400 for a delivery that
   * fails verification, 500 for a configuration error (`invalid_secret`, `payload_not_raw`).
   */
  readonly status: 400 | 500;
}

/** One problem with one field: `param` is a dotted path such as `destination.routing_number`. */
export interface FieldError {
  readonly param: string;
  readonly code: FieldErrorCode;
  readonly message: string;
}

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

/**
 * Input failed validation. `validation_failed` lists every problem in `errors`; `invalid_id`
 * (a path id) and `invalid_idempotency_key` (the option) name one argument in `param`.
 */
export declare class ValidationError extends FlowError {
  readonly code: 'validation_failed' | 'invalid_id' | 'invalid_idempotency_key';
  readonly errors: readonly FieldError[];
  readonly param?: string;
}

export type ErrorKind =
  | 'bad_request'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'idempotency_conflict'
  | 'rate_limited'
  | 'server_error'
  | 'unexpected_status';

/** An error answer of the Kinetic Flow API. */
export declare class ApiError extends FlowError {
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

/** The package was set up wrongly: a bad API key or base URL, or `init()` not awaited. */
export declare class ConfigurationError extends FlowError {
  readonly code: 'invalid_api_key' | 'invalid_base_url' | 'invalid_option' | 'not_initialized';
}

// ---------------------------------------------------------------------------------------------
// Webhooks and events
// ---------------------------------------------------------------------------------------------

/** The raw body exactly as received (never a parsed object). */
export type Payload = string | Uint8Array | ArrayBuffer | ArrayBufferView;

/** The Kinetic-Signature value, or where to read it: a fetch `Headers` or a Node headers record. */
export type SignatureHeaderSource =
  | string
  | { get(name: string): string | null }
  | Readonly<Record<string, string | readonly string[] | undefined>>
  | null
  | undefined;

/** The endpoint's signing secret (`whsec_...`), or several during a rotation. */
export type Secrets = string | readonly string[];

export interface VerifyOptions {
  /** Seconds allowed between the header's `t` and now (default 300). */
  tolerance?: number;
  /** Unix seconds or a Date (default: the clock). */
  now?: number | Date;
}

export interface SignOptions {
  /** Unix seconds or a Date (default: the clock). */
  timestamp?: number | Date;
}

export interface SignatureCheck {
  /** Which of the configured secrets matched (its index). */
  secretIndex: number;
  /** The header's `t` (Unix seconds). */
  timestamp: number;
}

/** `webhooks`: verify and sign here; `handler`, `middleware` and `lambda` in "Webhook handlers". */
export interface Webhooks {
  /** Verifies a delivery and returns its event; throws WebhookVerificationError. */
  verify(payload: Payload, header: SignatureHeaderSource, secret: Secrets, options?: VerifyOptions): WebhookEvent;
  /** Checks signature and time only (the body is not parsed). */
  verifySignature(payload: Payload, header: SignatureHeaderSource, secret: Secrets, options?: VerifyOptions): SignatureCheck;
  /** The Kinetic-Signature value `t=...,v1=...` for a payload, one `v1` per secret. */
  sign(payload: Payload, secret: Secrets, options?: SignOptions): string;
}

export declare const webhooks: Webhooks;

export type Rail = 'auto' | 'fednow' | 'rtp' | 'same_day_ach' | 'ach' | 'wire';

/** Unknown fields are kept: the index signatures let new API fields through. */
export interface Payment {
  id: string;
  object: 'payment';
  status: string;
  amount: number;
  currency: string;
  rail?: Rail;
  destination?: { routing_number?: string; account_number?: string; token?: string };
  metadata?: Record<string, string>;
  failure_code?: string | null;
  failure_message?: string | null;
  settled_at?: string | null;
  created_at?: string;
  [field: string]: unknown;
}

export interface Refund {
  id: string;
  object: 'refund';
  payment: string;
  amount: number;
  currency: string;
  status: string;
  created_at?: string;
  [field: string]: unknown;
}

export interface Token {
  id: string;
  object: 'token';
  type: 'bank_account';
  bank_account?: { routing_number?: string; last4?: string; [field: string]: unknown };
  created_at?: string;
  [field: string]: unknown;
}

export interface Payout {
  id: string;
  object: 'payout';
  amount: number;
  currency: string;
  status: string;
  arrival_date?: string;
  [field: string]: unknown;
}

interface EventOf<T extends string, O> {
  /** `evt_...`: de-duplicate on it (deliveries are retried for up to 72 hours). */
  id: string;
  object: 'event';
  type: T;
  api_version?: string;
  created_at?: string;
  livemode?: boolean;
  data: { object: O; [field: string]: unknown };
  [field: string]: unknown;
}

export type PaymentEvent = EventOf<
  'payment.created' | 'payment.processing' | 'payment.completed' | 'payment.failed' | 'payment.refunded',
  Payment
>;
export type RefundEvent = EventOf<'refund.created' | 'refund.completed', Refund>;
export type TokenEvent = EventOf<'token.created' | 'token.updated', Token>;
export type PayoutEvent = EventOf<'payout.completed', Payout>;

/**
 * A verified webhook event: a discriminated union on `type`. As in other payment SDKs the union
 * lists the known types; an event of a newer type still verifies and reaches the `default`
 * branch of a `switch` with its JSON intact.
 */
export type WebhookEvent = PaymentEvent | RefundEvent | TokenEvent | PayoutEvent;
export type EventType = WebhookEvent['type'];

// ---------------------------------------------------------------------------------------------
// Payments and idempotency
// ---------------------------------------------------------------------------------------------

export interface BankDestination {
  routing_number: string;
  account_number: string;
}

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

export interface ValidateOptions {
  limits?: RailLimits;
}

export type ValidationResult =
  | { ok: true; value: ValidPayment }
  | { ok: false; errors: FieldError[] };

/** Validates payment params (any value, e.g. form data); never throws on bad params. */
export declare function validatePayment(params: unknown, options?: ValidateOptions): ValidationResult;

export declare const idempotency: {
  /** `idk_` + 32 hex digits from `crypto.getRandomValues`. */
  generate(): string;
  /** Deterministic: the same (scope, reference), the same key, in every runtime. */
  derive(scope: string, reference: string): string;
  /** `sha256:` + 64 hex digits over the canonical validated body; throws ValidationError. */
  fingerprint(params: PaymentParams): string;
};

// ---------------------------------------------------------------------------------------------
// API errors and retries
// ---------------------------------------------------------------------------------------------

/** A fetch `Headers`, a record, or `[name, value]` pairs. */
export type HeadersSource =
  | { forEach(callback: (value: string, name: string) => void): void; get(name: string): string | null }
  | Readonly<Record<string, string | readonly string[] | undefined>>
  | ReadonlyArray<readonly [string, string]>;

/** A response body: text, bytes, or JSON already parsed. */
export type ResponseBody = string | Uint8Array | ArrayBuffer | object | null | undefined;

export interface ClockOptions {
  /** Unix seconds or a Date, for an HTTP-date Retry-After (default: the clock). */
  now?: number | Date;
}

/** The typed error of a response, or null for 2xx. */
export declare function decodeError(status: number, body?: ResponseBody, headers?: HeadersSource, options?: ClockOptions): ApiError | null;

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

/** Milliseconds before retry number `attempt` (1 = first retry), or null: do not retry. */
export declare function retryDelay(attempt: number, error: ApiError, options?: RetryOptions): number | null;

// ---------------------------------------------------------------------------------------------
// Requests
// ---------------------------------------------------------------------------------------------

export interface KineticOptions {
  /**
   * `sk_test_...` or `sk_live_...`. `undefined` (an unset `process.env.KINETIC_API_KEY`) compiles,
   * and throws ConfigurationError `invalid_api_key` saying the key is empty.
   */
  apiKey: string | undefined;
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

export interface BuildOptions {
  /** Sent as `Idempotency-Key` and in the body; generated when absent. */
  idempotencyKey?: string;
}

export interface RefundParams {
  payment: string;
  amount?: number;
  idempotency_key?: string;
}

export interface TokenParams {
  routing_number: string;
  account_number: string;
  idempotency_key?: string;
}

/** Builders of `flow.payments` (the senders are in "Sending", below). */
export interface PaymentsResource {
  buildCreate(params: PaymentParams, options?: BuildOptions): HttpRequest;
  buildRetrieve(id: string): HttpRequest;
}
export interface RefundsResource {
  buildCreate(params: RefundParams, options?: BuildOptions): HttpRequest;
}
export interface TokensResource {
  buildCreate(params: TokenParams, options?: BuildOptions): HttpRequest;
}
export interface EventsResource {
  buildRetrieve(id: string): HttpRequest;
}

/** Sends calls and builds requests; throws ConfigurationError for a bad key, base URL or option. */
export declare class Kinetic {
  constructor(options: KineticOptions);
  readonly mode: 'test' | 'live';
  readonly payments: PaymentsResource;
  readonly refunds: RefundsResource;
  readonly tokens: TokensResource;
  readonly events: EventsResource;
  readonly webhooks: typeof webhooks;
  /** The resource of a 2xx response, or throws the decoded ApiError. */
  parseResponse<T = Record<string, unknown>>(status: number, body: ResponseBody, headers?: HeadersSource, options?: ClockOptions): T;
}

// ---------------------------------------------------------------------------------------------
// Webhook handlers (webhooks.handler, webhooks.middleware, webhooks.lambda)
// ---------------------------------------------------------------------------------------------

/** The known event of type `T`: `WebhookEventOf<'payment.completed'>` is a payment event. */
export type WebhookEventOf<T extends EventType> = WebhookEvent extends infer E
  ? E extends { type: infer U }
    ? T extends U
      ? E & { type: T }
      : never
    : never
  : never;

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
  /** The status answered: 400 (verification failed), 500 (configuration, or the handler threw). */
  status: number;
  /** The code answered in `{"error":{"code"}}`: a WebhookErrorCode, or `handler_failed`. */
  code: WebhookErrorCode | 'handler_failed' | 'internal_error';
  /** The event, when it was verified and its handler (or `seen`) threw. */
  event?: { id: string; type: string };
}

export interface WebhookHandlerOptions {
  /**
   * The endpoint's signing secret(s). `process.env.X` is accepted as it is typed: an unset or
   * empty secret answers every delivery 500 `invalid_secret` (and logs it), so the sender retries
   * once the secret is set.
   */
  secret: Secrets | undefined;
  /** Seconds allowed between the header's `t` and now (default 300). */
  tolerance?: number;
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
   * delivery that fails verification, 500 for a configuration error or a handler that threw.
   */
  handler(options: WebhookHandlerOptions): (request: WebRequest) => Promise<WebResponse>;
  /**
   * A Node `(req, res, next?)` handler for Express and Connect, and a Fastify `(request, reply)`
   * route handler: it reads the raw body itself when no parser ran, uses `req.body` when it is a
   * Buffer or string (`express.raw`), and answers 500 `payload_not_raw` (logging how to fix the
   * route order) when a JSON parser already consumed the body. Same answers as `handler`.
   */
  middleware(options: WebhookHandlerOptions): (req: unknown, res: unknown, next?: unknown) => Promise<void>;
  /**
   * An AWS Lambda handler for API Gateway proxy and Function URL events: a base64 body
   * (`isBase64Encoded`) is decoded before verification. Same answers as `handler`.
   */
  lambda(options: WebhookHandlerOptions): (event: LambdaHttpEvent) => Promise<LambdaHttpResult>;
}

// ---------------------------------------------------------------------------------------------
// Sending (SPEC section 9): `flow.payments.create(...)` and friends
// ---------------------------------------------------------------------------------------------

/** The default export, as in the API docs' quickstart: `import Kinetic from '@kinetic/flow-core'`. */
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
  /** Per attempt, in milliseconds (1 to 600000); default 30000. */
  timeout?: number;
}

export interface SendOptions {
  /** Sent as `Idempotency-Key` and in the body; generated once per call when absent. */
  idempotencyKey?: string;
  /** Aborts the call: it rejects with ConnectionError `aborted` and is never retried. */
  signal?: AbortSignalLike;
  /** Per attempt, in milliseconds; default the client's `timeout`. */
  timeout?: number;
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
  /** `POST /v1/payments`, retried safely (one key, the same bytes every attempt). */
  create(params: WithIdempotencyKey<PaymentParams>, options?: SendOptions): Promise<Sent<Payment>>;
  /** `GET /v1/payments/{id}`. */
  retrieve(id: string, options?: Omit<SendOptions, 'idempotencyKey'>): Promise<Sent<Payment>>;
}
export interface RefundsResource {
  create(params: WithIdempotencyKey<RefundParams>, options?: SendOptions): Promise<Sent<Refund>>;
}
export interface TokensResource {
  create(params: WithIdempotencyKey<TokenParams>, options?: SendOptions): Promise<Sent<Token>>;
}
export interface EventsResource {
  /** `GET /v1/events/{id}`. */
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

/** A call got no response: the last attempt failed (`connection_failed`), timed out, or was aborted. */
export declare class ConnectionError extends FlowError {
  readonly code: 'connection_failed' | 'timeout' | 'aborted';
  /** The error `fetch` threw (or the timeout or abort reason). */
  readonly cause: unknown;
  readonly attempts: number;
  readonly idempotencyKey: string | null;
  /** The `Request-Id` of the last response received, if any attempt got one. */
  readonly requestId: string | null;
}
