import { webhooks } from '@kinetic/flow';
import { emptySecretOptions } from '../../../../options.mjs';

export const POST = webhooks.handler(emptySecretOptions());
