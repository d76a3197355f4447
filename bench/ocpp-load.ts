/**
 * `npm run bench`: N concurrent chargers (default 200) connect through the local gateway and send
 * BootNotification, Heartbeats and StatusNotifications; then the very same load runs against a bare ocpp-rpc
 * RPCServer on the same machine. Prints throughput, round-trip percentiles, DynamoDB write units per message
 * type, and the ratio of the two runs. Machines here are shared and noisy: read the ratio, not absolutes.
 *
 * Each server first gets one unmeasured round of the same load (JIT warm-up of Node and of DynamoDB Local's
 * JVM), then the measured round.
 *
 * Settings: BENCH_CHARGERS (200), BENCH_HEARTBEATS per charger (5), BENCH_STATUS per charger (2).
 */
import { performance } from 'node:perf_hooks';
import { capacityTotals, resetCapacityTotals } from '@csms/db';
import { RPCClient, RPCServer } from 'ocpp-rpc';
import type { RPC_ClientOptions } from 'ocpp-rpc/lib/client';
import { startLocalStack } from '../packages/local/src/stack.ts';

const CHARGERS = Number(process.env.BENCH_CHARGERS ?? 200);
const HEARTBEATS = Number(process.env.BENCH_HEARTBEATS ?? 5);
const STATUSES = Number(process.env.BENCH_STATUS ?? 2);

interface Charger {
  readonly endpoint: string;
  readonly identity: string;
  readonly password: string;
}

interface RunResult {
  readonly label: string;
  readonly messages: number;
  readonly seconds: number;
  readonly connectSeconds: number;
  readonly rtt: Map<string, number[]>;
}

async function runLoad(label: string, chargers: readonly Charger[]): Promise<RunResult> {
  const rtt = new Map<string, number[]>();
  const timed = async (client: RPCClient, action: string, payload: Record<string, unknown>) => {
    const started = performance.now();
    await client.call(action, payload);
    const list = rtt.get(action) ?? [];
    list.push(performance.now() - started);
    rtt.set(action, list);
  };

  const connectStart = performance.now();
  const clients = await Promise.all(
    chargers.map(async (c) => {
      const client = new RPCClient({
        endpoint: c.endpoint,
        identity: c.identity,
        password: c.password,
        protocols: ['ocpp1.6'],
        strictMode: false,
        reconnect: false,
      } as Partial<RPC_ClientOptions> as RPC_ClientOptions);
      await client.connect();
      return client;
    }),
  );
  const connectSeconds = (performance.now() - connectStart) / 1000;

  const start = performance.now();
  await Promise.all(
    clients.map(async (client, i) => {
      await timed(client, 'BootNotification', {
        chargePointVendor: 'BenchVendor',
        chargePointModel: 'BenchModel',
        chargePointSerialNumber: `SN-${i}`,
      });
      for (let s = 0; s < STATUSES; s++) {
        await timed(client, 'StatusNotification', {
          connectorId: (s % 2) + 1,
          errorCode: 'NoError',
          status: s % 2 ? 'Preparing' : 'Available',
          timestamp: new Date().toISOString(),
        });
      }
      for (let h = 0; h < HEARTBEATS; h++) await timed(client, 'Heartbeat', {});
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  await Promise.all(clients.map((c) => c.close({ force: true })));
  const messages = [...rtt.values()].reduce((n, list) => n + list.length, 0);
  return { label, messages, seconds, connectSeconds, rtt };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

function summarize(result: RunResult) {
  const all = [...result.rtt.values()].flat().sort((a, b) => a - b);
  return {
    rate: result.messages / result.seconds,
    p50: percentile(all, 50),
    p99: percentile(all, 99),
  };
}

function printRun(result: RunResult): void {
  const s = summarize(result);
  console.log(`\n== ${result.label} ==`);
  console.log(`connect ${CHARGERS} chargers: ${result.connectSeconds.toFixed(2)} s`);
  console.log(
    `${result.messages} calls in ${result.seconds.toFixed(2)} s → ${s.rate.toFixed(0)} msg/s; ` +
      `round trip p50 ${s.p50.toFixed(1)} ms, p99 ${s.p99.toFixed(1)} ms`,
  );
  for (const [action, list] of result.rtt) {
    const sorted = [...list].sort((a, b) => a - b);
    console.log(
      `  ${action.padEnd(20)} n=${String(list.length).padStart(5)}  p50 ${percentile(sorted, 50).toFixed(1)} ms  p99 ${percentile(sorted, 99).toFixed(1)} ms`,
    );
  }
}

async function benchCsms(): Promise<RunResult> {
  const stack = await startLocalStack({
    host: '127.0.0.1',
    ocppPort: 0,
    apiPort: 0,
    managementPort: 0,
    stepFunctionsPort: 0,
    dynamoDbPort: 0,
    dataDir: undefined,
    idleTimeoutSeconds: 600,
    maxConnectionSeconds: 7200,
  });
  try {
    const signup = await fetch(`${stack.apiUrl}/v1/tenants`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Bench CPO', email: 'bench@example.com', country: 'DE', currency: 'EUR' }),
    });
    const { apiKey } = (await signup.json()) as { apiKey: string };
    const chargers: Charger[] = [];
    for (let i = 0; i < CHARGERS; i++) {
      const res = await fetch(`${stack.apiUrl}/v1/charge-points`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
        body: JSON.stringify({ id: `BENCH-${i}` }),
      });
      const { ocppUrl, password } = (await res.json()) as { ocppUrl: string; password: string };
      chargers.push({
        endpoint: ocppUrl.slice(0, ocppUrl.lastIndexOf('/')),
        identity: `BENCH-${i}`,
        password,
      });
    }
    await runLoad('warm-up', chargers);
    resetCapacityTotals();
    const result = await runLoad('CSMS: local gateway → Lambda handlers → DynamoDB Local', chargers);
    printRun(result);
    console.log('  DynamoDB consumed capacity per message (ReturnConsumedCapacity):');
    for (const [action, list] of result.rtt) {
      const used = capacityTotals().get(action);
      const wcu = (used?.writeCapacityUnits ?? 0) / list.length;
      const rcu = (used?.readCapacityUnits ?? 0) / list.length;
      console.log(`  ${action.padEnd(20)} ${wcu.toFixed(2)} WCU/msg  ${rcu.toFixed(2)} RCU/msg`);
    }
    return result;
  } finally {
    await stack.stop();
  }
}

async function benchBareServer(): Promise<RunResult> {
  const server = new RPCServer({ protocols: ['ocpp1.6'], strictMode: false });
  server.auth((accept) => accept());
  server.on('client', (client) => {
    client.handle('BootNotification', async () => ({
      status: 'Accepted',
      currentTime: new Date().toISOString(),
      interval: 300,
    }));
    client.handle('Heartbeat', async () => ({ currentTime: new Date().toISOString() }));
    client.handle('StatusNotification', async () => ({}));
  });
  const http = await server.listen(0, '127.0.0.1');
  const address = http.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  try {
    const chargers = Array.from({ length: CHARGERS }, (_, i) => ({
      endpoint: `ws://127.0.0.1:${port}`,
      identity: `BARE-${i}`,
      password: 'unused-password',
    }));
    await runLoad('warm-up', chargers);
    const result = await runLoad('Bare ocpp-rpc RPCServer (no auth, no storage)', chargers);
    printRun(result);
    return result;
  } finally {
    await server.close({ force: true });
  }
}

console.log(
  `OCPP load: ${CHARGERS} chargers × (1 Boot + ${STATUSES} Status + ${HEARTBEATS} Heartbeat), Node ${process.version}`,
);
const csms = await benchCsms();
const bare = await benchBareServer();
const a = summarize(csms);
const b = summarize(bare);
console.log('\n== Ratio CSMS / bare server (same run) ==');
console.log(
  `throughput ${(a.rate / b.rate).toFixed(2)}×, p50 latency ${(a.p50 / b.p50).toFixed(1)}×, p99 latency ${(a.p99 / b.p99).toFixed(1)}×`,
);
process.exit(0);
