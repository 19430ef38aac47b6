// Types of @kinetic/flow/sandbox: the local Kinetic Flow served in-process (Node 22+, Bun, Deno).

/** A fault rule: the next matching requests fail the way a real network or server can. */
export type FaultRule = {
  /** `"*"` or a route such as `"POST /v1/payments"`, `"GET /v1/payments/{id}"`. */
  route: string;
  /** How many matching requests it hits (default 1). */
  times?: number;
  /** How many matching requests it lets through first (default 0). */
  skip?: number;
} & (
  | { kind: 'latency'; /** The delay before the answer. */ ms: number }
  | { kind: 'status'; status: number; /** Seconds, sent as `Retry-After`. */ retry_after?: number }
  /** A 500; nothing is stored. */
  | { kind: 'fail_before_commit' }
  /** Stored, then the connection is closed with no response. */
  | { kind: 'drop_after_commit' }
  /** Stored, and never answered (the client's own timeout fires). */
  | { kind: 'timeout' }
);

/** One event's delivery to one endpoint, with its attempts (the newest last). */
export interface Delivery {
  /** `dl_…` */
  id: string;
  /** The event (`evt_…`). */
  event: string;
  /** The endpoint's id. */
  endpoint: string;
  url: string;
  /** `failed` once the retry window (72 hours, divided by `speed`) is over. */
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  /** The last attempts (at most 20). */
  log: Array<{ attempt: number; at: string; status: number | null; error: string | null; ok: boolean }>;
  [field: string]: unknown;
}

/** What `kinetic sandbox --json` logs, one object per request or delivery attempt. */
export type SandboxLogEntry =
  | {
      kind: 'request'; method: string; path: string; route: string; status: number | null;
      request_id: string; ms: number; replayed: boolean; fault: string | null;
    }
  | {
      kind: 'delivery'; event: string; type: string; url: string; attempt: number;
      status: number | null; error: string | null; ms: number;
    };

export interface SandboxOptions {
  /** The port on 127.0.0.1; default 0 (any free port: read `url`). */
  port?: number;
  /** Webhook endpoint URL(s) that every event is POSTed to, signed. */
  forwardTo?: string | string[];
  /** The endpoints' signing secret (`whsec_…`); default: generated (read `secret`). */
  secret?: string;
  /** Fault rules in place from the start. */
  faults?: FaultRule[];
  /** Divides every sandbox delay (settlements, the retry schedule); default 1. */
  speed?: number;
  /** Sends every third event twice (the same bytes): your handler must de-duplicate on the event id. */
  duplicateDeliveries?: boolean;
  /** Called with each request and delivery attempt. */
  log?: (entry: SandboxLogEntry) => void;
}

/** The sandbox clock after `advance`. */
export interface SandboxClock {
  /** The sandbox's time, RFC 3339. */
  now: string;
  offset_seconds: number;
  speed: number;
  [field: string]: unknown;
}

export interface Sandbox {
  /** The base URL, e.g. `http://127.0.0.1:53412`: `new Kinetic({ apiKey, baseUrl: url })`. */
  readonly url: string;
  /** A test API key (any `sk_test_` key works). */
  readonly apiKey: string;
  /** The first endpoint's signing secret, or `undefined` with no `forwardTo`. */
  readonly secret: string | undefined;
  /** Every endpoint given at start, with its secret. */
  readonly endpoints: ReadonlyArray<{ url: string; secret: string }>;
  /** Moves the sandbox clock; resolves once what became due was carried out and delivered. */
  advance(seconds: number): Promise<SandboxClock>;
  /** Adds a fault rule; resolves to the rule as stored. */
  fault(rule: FaultRule): Promise<FaultRule>;
  /** Every delivery so far (after the attempts due now are made). */
  deliveries(): Promise<Delivery[]>;
  /** Forgets every payment, refund, token, event, delivery and fault (endpoints stay). */
  reset(): Promise<void>;
  /** Deliveries neither delivered nor given up. */
  pendingDeliveries(): number;
  /**
   * Stops serving; pending deliveries are dropped. (Where the runtime has
   * `Symbol.asyncDispose`, the sandbox has it too: `await using sandbox = await createSandbox()`.)
   */
  close(): Promise<void>;
}

/** Serves the sandbox on 127.0.0.1; resolves once it listens. */
export function createSandbox(options?: SandboxOptions): Promise<Sandbox>;
export default createSandbox;
