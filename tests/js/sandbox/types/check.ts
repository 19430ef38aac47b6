// The sandbox's types as a strict TypeScript user meets them (run.sh: tsc --noEmit, nodenext).
import { createSandbox, type Sandbox, type FaultRule, type Delivery } from '@kinetic/flow/sandbox';

const rules: FaultRule[] = [
  { route: 'POST /v1/payments', kind: 'drop_after_commit', times: 1 },
  { route: '*', kind: 'latency', ms: 200 },
  { route: 'GET /v1/payments/{id}', kind: 'status', status: 503, retry_after: 2 },
];
// @ts-expect-error a latency fault needs its ms
const bad: FaultRule = { route: '*', kind: 'latency' };

async function main(): Promise<void> {
  const sandbox: Sandbox = await createSandbox({ forwardTo: 'http://127.0.0.1:3000/webhooks', faults: rules, log: (e) => {
    if (e.kind === 'request') console.log(e.status, e.route);
    else console.log(e.attempt, e.url);
  } });
  const url: string = sandbox.url;
  const secret: string | undefined = sandbox.secret;
  const clock = await sandbox.advance(3600);
  const offset: number = clock.offset_seconds;
  await sandbox.fault(rules[0]!);
  const deliveries: Delivery[] = await sandbox.deliveries();
  const status: 'pending' | 'delivered' | 'failed' | undefined = deliveries[0]?.status;
  await sandbox.reset();
  await sandbox.close();
  void [url, secret, offset, status, bad];
}
void main;
