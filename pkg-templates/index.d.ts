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
  readonly code: 'invalid_api_key' | 'invalid_base_url' | 'not_initialized';
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

export declare const webhooks: {
  /** Verifies a delivery and returns its event; throws WebhookVerificationError. */
  verify(payload: Payload, header: SignatureHeaderSource, secret: Secrets, options?: VerifyOptions): WebhookEvent;
  /** Checks signature and time only (the body is not parsed). */
  verifySignature(payload: Payload, header: SignatureHeaderSource, secret: Secrets, options?: VerifyOptions): SignatureCheck;
  /** The Kinetic-Signature value `t=...,v1=...` for a payload, one `v1` per secret. */
  sign(payload: Payload, secret: Secrets, options?: SignOptions): string;
};

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
  /** `sk_test_...` or `sk_live_...`. */
  apiKey: string;
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

/** Builds ready-to-send requests; throws ConfigurationError for a bad key or base URL. */
export declare class Kinetic {
  constructor(options: KineticOptions);
  readonly mode: 'test' | 'live';
  readonly payments: {
    buildCreate(params: PaymentParams, options?: BuildOptions): HttpRequest;
    buildRetrieve(id: string): HttpRequest;
  };
  readonly refunds: { buildCreate(params: RefundParams, options?: BuildOptions): HttpRequest };
  readonly tokens: { buildCreate(params: TokenParams, options?: BuildOptions): HttpRequest };
  readonly events: { buildRetrieve(id: string): HttpRequest };
  readonly webhooks: typeof webhooks;
  /** The resource of a 2xx response, or throws the decoded ApiError. */
  parseResponse<T = Record<string, unknown>>(status: number, body: ResponseBody, headers?: HeadersSource, options?: ClockOptions): T;
}
