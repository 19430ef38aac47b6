// The error classes of @kinetic/flow, shared by the root entry (lib/api.js) and the
// webhooks-only entry (lib/webhooks-api.js), so an error thrown by either is `instanceof` the same
// classes. Translation only: the core words every error; this turns its plain error objects
// `{ flowClass, code, message, ...fields }` into FlowError subclasses.

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

// `instanceof` must hold across the package's copies: the ESM files and the CommonJS copy
// (lib/core.cjs) each define these classes, and an app can load both (a CJS dependency next to
// ESM code, Node 22+ `require()` of ESM, a bundle beside node_modules). Every error carries, under
// a registry symbol (`Symbol.for`, the same in every copy and realm), the literal names of its
// classes; `Symbol.hasInstance` checks that brand, then the ordinary prototype chain (for a
// caller's own subclasses). Names are literals, so a minifier cannot turn them into `e`.
const BRAND = Symbol.for('@kinetic/flow/error');
const NAME = Symbol('class name'); // the literal name a class checks for (own static property)

function branded(Class, name, parent) {
  Object.defineProperty(Class, NAME, { value: name });
  Object.defineProperty(Class.prototype, 'name', { value: name, writable: true, configurable: true });
  Object.defineProperty(Class.prototype, BRAND, { value: parent === undefined ? [name] : [...parent.prototype[BRAND], name] });
  return Class;
}

/**
 * Base class of every error the package throws. `code` is stable (SPEC); `cause`, when set, is
 * the error that led to this one.
 */
export class FlowError extends Error {
  constructor(code, message, options) {
    const o = options !== null && typeof options === 'object' ? options : {};
    super(message, 'cause' in o ? { cause: o.cause } : undefined);
    this.code = code;
    for (const k of Object.keys(o)) if (k !== 'cause') this[k] = o[k];
  }

  static [Symbol.hasInstance](value) {
    if (Object.prototype.hasOwnProperty.call(this, NAME) && value !== null && (typeof value === 'object' || typeof value === 'function')) {
      const brand = value[BRAND];
      if (Array.isArray(brand) && brand.includes(this[NAME])) return true;
    }
    return Function.prototype[Symbol.hasInstance].call(this, value);
  }
}
branded(FlowError, 'FlowError');

/** A webhook failed verification (`signature_mismatch`, `timestamp_outside_tolerance`, ...). */
export class WebhookVerificationError extends FlowError {}
branded(WebhookVerificationError, 'WebhookVerificationError', FlowError);

/** Input failed validation: `code` is `validation_failed`, the problems are in `errors`. */
export class ValidationError extends FlowError {}
branded(ValidationError, 'ValidationError', FlowError);

/** An error answer of the Kinetic Flow API (decoded by `decodeError`, thrown by `parseResponse`). */
export class ApiError extends FlowError {
  constructor(code, message, options) {
    // The optional fields read `null` when a caller's own ApiError (a test stand-in) omits them.
    super(code, message, { retryAfter: null, requestId: null, param: null, ...options });
  }
}
branded(ApiError, 'ApiError', FlowError);

/**
 * The package was set up wrongly: a bad API key (`invalid_api_key`), `init()` not awaited
 * (`not_initialized`), the wasm module not found where the runtime looked (`wasm_not_found`).
 */
export class ConfigurationError extends FlowError {}
branded(ConfigurationError, 'ConfigurationError', FlowError);

/**
 * A call got no response: `connection_failed`, `timeout`, or `aborted` (the caller's signal),
 * with the underlying error as `cause`, and `attempts` and `idempotencyKey` to retry it later.
 */
export class ConnectionError extends FlowError {}
branded(ConnectionError, 'ConnectionError', FlowError);

const CLASSES = {
  webhook: WebhookVerificationError,
  validation: ValidationError,
  api: ApiError,
  connection: ConnectionError,
  configuration: ConfigurationError,
};

export function isCoreError(e) {
  return e !== null && typeof e === 'object' && !(e instanceof Error) && typeof e.flowClass === 'string';
}

/** Turns a core error object into its FlowError subclass. */
export function fromCore(e) {
  const Class = CLASSES[e.flowClass] || FlowError;
  const { flowClass, code, message, ...fields } = e;
  return new Class(code, message, fields);
}

