import { webhooks } from '@kinetic/flow';
import { smallLimitOptions } from '../../../../options.mjs';

export const POST = webhooks.handler(smallLimitOptions());
