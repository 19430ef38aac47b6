// The AWS Lambda handlers under test: the driver imports this module and invokes `handler` with
// API Gateway proxy (REST v1, HTTP v2) and Function URL events, as the Lambda runtime does.
import { webhooks } from '@kinetic/flow';
import { testOptions, emptySecretOptions, calls } from './options.mjs';

export const handler = webhooks.lambda(testOptions());
export const emptySecretHandler = webhooks.lambda(emptySecretOptions());
export { calls };
