// A Next.js App Router route handler: the handler is the route's POST export.
import { webhooks } from '@kinetic/flow';
import { testOptions } from '../../../options.mjs';

export const POST = webhooks.handler(testOptions());
