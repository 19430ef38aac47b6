// The error classes of @kinetic/flow-core, shared by the root entry (lib/api.js) and the
// webhooks-only entry (lib/webhooks-api.js), so an error thrown by either is `instanceof` the same
// classes. Translation only: the core words every error; this turns its plain error objects
// `{ flowClass, code, message, ...fields }` into FlowError subclasses.

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

/** Base class of every error the package throws. `code` is stable (SPEC). */
export class FlowError extends Error {
  constructor(code, message, fields) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    if (fields !== undefined) Object.assign(this, fields);
  }
}

/** A webhook failed verification (`signature_mismatch`, `timestamp_outside_tolerance`, ...). */
export class WebhookVerificationError extends FlowError {}

/** Input failed validation: `code` is `validation_failed`, the problems are in `errors`. */
export class ValidationError extends FlowError {}

/** An error answer of the Kinetic Flow API (decoded by `decodeError`, thrown by `parseResponse`). */
export class ApiError extends FlowError {}

/** The package was set up wrongly: a bad API key (`invalid_api_key`), `init()` not awaited, ... */
export class ConfigurationError extends FlowError {}

/**
 * A call got no response: `connection_failed`, `timeout`, or `aborted` (the caller's signal),
 * with the underlying error as `cause`, and `attempts` and `idempotencyKey` to retry it later.
 */
export class ConnectionError extends FlowError {}

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

