/**
 * `npm run bench`: concurrent OCPP 1.6 chargers through the local gateway and the real handlers, then the very
 * same load against a bare ocpp-rpc RPCServer on the same machine. Two parts:
 *
 * 1. Connection: BENCH_CHARGERS (200) chargers send BootNotification, BENCH_STATUS (2) StatusNotifications
 *    and BENCH_HEARTBEATS (5) Heartbeats each.
 * 2. Charging: the first BENCH_TX_CHARGERS (100) of them each run one session: Authorize → StartTransaction →
 *    BENCH_METER_VALUES (5) MeterValues → StopTransaction. The tenant has published Terms, a customer who
 *    accepted them and a token per charger, all created through the REST API, so authorization runs in full.
 *
 * Prints throughput, round-trip percentiles, DynamoDB write AND read units per message type (from
 * ReturnConsumedCapacity, attributed per OCPP action by the dispatcher), and the CSMS / bare-server ratio per
 * part. Each server first gets one unmeasured round of the same load (JIT warm-up of Node and of DynamoDB
 * Local's JVM). Machines here are shared and noisy: read the ratios and capacity units, not absolutes.
 */
import { capacityTotals, recordConsumedCapacity, resetCapacityTotals } from '@csms/db';
import { ephemeralSettings } from '../packages/local/src/settings.ts';
import { startLocalStack } from '../packages/local/src/stack.ts';
import { startBareServer } from './bare-server.ts';
import { type Charger, printRatio, printRun, type RunResult, runScenario, type Scenario } from './measure.ts';
import { bootStatusHeartbeat, chargingSession } from './scenarios.ts';
import { setUpTenant } from './tenant-setup.ts';

const setting = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number`);
  return value;
};

const CHARGERS = setting('BENCH_CHARGERS', 200);
const HEARTBEATS = setting('BENCH_HEARTBEATS', 5);
const STATUSES = setting('BENCH_STATUS', 2);
// Sessions write several items each; 100 chargers keep the whole run around a minute on 2 cores.
const TX_CHARGERS = Math.min(setting('BENCH_TX_CHARGERS', 100), CHARGERS);
const METER_VALUES = setting('BENCH_METER_VALUES', 5);

const TX_ACTIONS = ['Authorize', 'StartTransaction', 'MeterValues', 'StopTransaction'];

interface Parts {
  readonly connection: RunResult;
  readonly charging: RunResult;
}

const connectionLoad = bootStatusHeartbeat(STATUSES, HEARTBEATS);

/** A warm-up round, then the measured one; the capacity counters only see the measured round. */
async function measured(label: string, chargers: readonly Charger[], scenario: Scenario) {
  await runScenario('warm-up', chargers, scenario);
  resetCapacityTotals();
  const result = await runScenario(label, chargers, scenario);
  printRun(result);
  return result;
}

function printCapacity(result: RunResult, actions: readonly string[]): void {
  console.log('  DynamoDB consumed capacity per message (ReturnConsumedCapacity):');
  for (const action of actions) {
    const count = result.rtt.get(action)?.length ?? 0;
    const used = capacityTotals().get(action);
    if (count === 0) continue;
    const wcu = (used?.writeCapacityUnits ?? 0) / count;
    const rcu = (used?.readCapacityUnits ?? 0) / count;
    console.log(`  ${action.padEnd(20)} ${wcu.toFixed(2)} WCU/msg  ${rcu.toFixed(2)} RCU/msg`);
  }
}

function printSessionCost(): void {
  const total = (kind: 'writeCapacityUnits' | 'readCapacityUnits') =>
    TX_ACTIONS.reduce((sum, action) => sum + (capacityTotals().get(action)?.[kind] ?? 0), 0) / TX_CHARGERS;
  console.log(
    `  one charging session (1 Authorize + 1 Start + ${METER_VALUES} MeterValues + 1 Stop): ` +
      `${total('writeCapacityUnits').toFixed(2)} WCU, ${total('readCapacityUnits').toFixed(2)} RCU`,
  );
}

async function benchCsms(): Promise<Parts> {
  // Every DynamoDB call reports what it consumed, attributed to the OCPP action the dispatcher is handling.
  const stack = await startLocalStack(ephemeralSettings(), {
    // One log line per OCPP frame is what support wants on AWS; on a terminal it would measure the terminal.
    environment: { LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn', SIGNUP_RATE_LIMIT_PER_HOUR: '10000' },
    onConsumedCapacity: recordConsumedCapacity,
  });
  try {
    const tenant = await setUpTenant(stack.apiUrl, CHARGERS, TX_CHARGERS);
    const label = 'CSMS: local gateway → Lambda handlers → DynamoDB Local';
    const connection = await measured(`${label} — connection`, tenant.chargers, connectionLoad);
    printCapacity(connection, ['BootNotification', 'StatusNotification', 'Heartbeat']);

    const charging = await measured(
      `${label} — charging`,
      tenant.chargers.slice(0, TX_CHARGERS),
      chargingSession(METER_VALUES, tenant.idTagOf),
    );
    printCapacity(charging, TX_ACTIONS);
    printSessionCost();
    return { connection, charging };
  } finally {
    await stack.stop();
  }
}

async function benchBareServer(): Promise<Parts> {
  const server = await startBareServer();
  try {
    const chargers = Array.from({ length: CHARGERS }, (_, i) => ({
      endpoint: server.endpoint,
      identity: `BARE-${i}`,
      password: 'unused-password',
    }));
    const label = 'Bare ocpp-rpc RPCServer (no auth, no storage)';
    const connection = await measured(`${label} — connection`, chargers, connectionLoad);
    const charging = await measured(
      `${label} — charging`,
      chargers.slice(0, TX_CHARGERS),
      chargingSession(METER_VALUES, (i) => `BARE-TAG-${i}`),
    );
    return { connection, charging };
  } finally {
    await server.close();
  }
}

console.log(`OCPP 1.6 load, Node ${process.version}`);
console.log(`  connection: ${CHARGERS} chargers × (1 Boot + ${STATUSES} Status + ${HEARTBEATS} Heartbeat)`);
console.log(
  `  charging:   ${TX_CHARGERS} chargers × (1 Authorize + 1 StartTransaction + ${METER_VALUES} MeterValues + 1 StopTransaction)`,
);
console.log(
  '  settings:   BENCH_CHARGERS, BENCH_STATUS, BENCH_HEARTBEATS, BENCH_TX_CHARGERS, BENCH_METER_VALUES',
);
const csms = await benchCsms();
const bare = await benchBareServer();
printRatio('connection', csms.connection, bare.connection);
printRatio('charging', csms.charging, bare.charging);
(await import('./pricing.ts')).printPricingBench();
process.exit(0);
