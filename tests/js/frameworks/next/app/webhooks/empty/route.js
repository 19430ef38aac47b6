import { webhooks } from '@kinetic/flow-core';
import { emptySecretOptions } from '../../../../options.mjs';

export const POST = webhooks.handler(emptySecretOptions());
