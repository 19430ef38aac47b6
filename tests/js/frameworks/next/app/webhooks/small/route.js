import { webhooks } from '@kinetic/flow-core';
import { smallLimitOptions } from '../../../../options.mjs';

export const POST = webhooks.handler(smallLimitOptions());
