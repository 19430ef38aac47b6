// What every framework app under test configures: the same handler options, so each framework
// is held to the same answers. State lives on globalThis, so that apps whose bundler copies this
// module per route (Next.js) still count in one place. The secret comes from config.mjs, which
// the driver writes (every runtime can import a module; not every one has process.env).
import { secret } from './config.mjs';

const state = (globalThis.__kineticFrameworkTest ??= { completed: 0, handled: new Set() });

/** The options of the webhook route under test: `seen` skips events already handled. */
export function testOptions() {
  return {
    secret,
    seen: (eventId) => state.handled.has(eventId),
    on: {
      'payment.completed': async (event) => {
        state.completed += 1;
        state.handled.add(event.id);
      },
      'payment.failed': () => {
        throw new Error('the payment.failed handler fails on purpose');
      },
    },
  };
}

/** The body-size limit of the `/webhooks/small` route (`maxBodyBytes`): small, so a test body over it is quick to send. */
export const SMALL_LIMIT = 4096;

/** The options of `/webhooks/small`: those of the route under test, with a body limit of SMALL_LIMIT bytes. */
export function smallLimitOptions() {
  return { ...testOptions(), maxBodyBytes: SMALL_LIMIT };
}

/** A route configured with an empty secret (an unset environment variable): answers 500. */
export function emptySecretOptions() {
  return { secret: '', on: { '*': () => { state.completed += 1000; } } };
}

/** How many times the payment.completed handler ran, as the driver reads it from GET /calls. */
export function calls() {
  return JSON.stringify({ completed: state.completed });
}
