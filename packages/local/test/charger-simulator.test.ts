import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../src/stack.ts';
import { startTestStack } from './support/local-stack.ts';
import {
  type ChargingTenant,
  chargingTenant,
  createDefaultTariff,
  customerWithToken,
  type SessionDetail,
  sessionsOf,
} from './support/ocpp16.ts';

/**
 * `npm run simulate` as a user runs it: the CLI in its own process against a running stack, for both
 * protocols, then the session it left is read back through the REST API. The simulator is a strict client,
 * so a run that exits 0 also sent and answered only schema-valid frames.
 */
const SIMULATOR = fileURLToPath(new URL('../src/charger-simulator.ts', import.meta.url));

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function simulate(args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', SIMULATOR, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    // A simulator stuck on a call would otherwise outlive the test.
    const timer = setTimeout(() => child.kill('SIGKILL'), 50_000);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** A session test starts a process (tsx compiles the CLI first), then runs a session: above the default. */
const SESSION_TEST_TIMEOUT_MS = 60_000;

let stack: LocalStack;
let tenant: ChargingTenant;
let customerId: string;

async function onlySessionOf(chargePointId: string): Promise<SessionDetail & { cost: CostView | null }> {
  const sessions = await sessionsOf(tenant.api, chargePointId);
  expect(sessions).toHaveLength(1);
  const detail = await tenant.api<SessionDetail & { cost: CostView | null }>(
    'GET',
    `/v1/sessions/${sessions[0]?.id}`,
  );
  expect(detail.status).toBe(200);
  return detail.body;
}

interface CostView {
  currency: string;
  totalGross: number;
  final: boolean;
}

beforeAll(async () => {
  stack = await startTestStack();
  tenant = await chargingTenant(stack, 'SIM-16');
  // 0.30 net per kWh + 20 % VAT.
  await createDefaultTariff(tenant.api);
  customerId = await customerWithToken(tenant, 'SIM-TAG');
});

afterAll(async () => {
  await stack?.stop();
});

describe('npm run simulate', () => {
  it(
    'runs an OCPP 1.6 session by default: the session is recorded with its energy and priced',
    async () => {
      const { ocppUrl, password } = await tenant.credentials('SIM-16');
      const run = await simulate([
        '--url',
        ocppUrl,
        '--password',
        password,
        '--id-tag',
        'SIM-TAG',
        '--kwh',
        '12',
      ]);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('(ocpp1.6)');
      expect(run.stdout).toContain('Authorize → Accepted');
      expect(run.stdout).toContain('StopTransaction → 12 kWh over 45 min');

      const session = await onlySessionOf('SIM-16');
      expect(session).toMatchObject({
        idTag: 'SIM-TAG',
        customerId,
        status: 'completed',
        meterStartWh: 0,
        meterStopWh: 12_000,
        energyWh: 12_000,
        stopReason: 'EVDisconnected',
      });
      // 12 kWh × 0.30 × 1.20.
      expect(session.cost).toMatchObject({ currency: 'EUR', totalGross: 432, final: true });
    },
    SESSION_TEST_TIMEOUT_MS,
  );

  it(
    'runs an OCPP 2.0.1 session with --protocol ocpp2.0.1 and prints the totalCost the CSMS answered',
    async () => {
      const { ocppUrl } = await tenant.credentials('SIM-201');
      // Passwords may start with a dash: the command line still takes it as the value of --password.
      const password = '-dash-first-password-201';
      const set = await tenant.api('PUT', '/v1/charge-points/SIM-201/password', { password });
      expect(set.status).toBe(200);
      const run = await simulate([
        '--url',
        ocppUrl,
        '--password',
        password,
        '--protocol',
        'ocpp2.0.1',
        '--id-tag',
        'SIM-TAG',
        '--kwh',
        '10',
        '--minutes',
        '30',
      ]);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const lines = run.stdout.trim().split('\n');
      const steps = [
        '(ocpp2.0.1)',
        'BootNotification → Accepted',
        'StatusNotification → EVSE 1 connector 1 Available',
        'StatusNotification → EVSE 1 connector 1 Occupied',
        'Authorize SIM-TAG → Accepted',
        'TransactionEvent Started → transaction',
        'TransactionEvent Updated → 2 kWh, Charging',
        'TransactionEvent Updated → 8 kWh, Charging',
        // 10 kWh × 0.30 × 1.20, in euros as OCPP's totalCost is.
        'TransactionEvent Ended (EVDisconnected) → totalCost 3.6',
        'StatusNotification → EVSE 1 connector 1 Available',
      ];
      // Each step is printed, in this order.
      let from = 0;
      for (const step of steps) {
        const index = lines.findIndex((line, i) => i >= from && line.includes(step));
        expect(index, `"${step}" after line ${from} of:\n${run.stdout}`).toBeGreaterThanOrEqual(0);
        from = index + 1;
      }
      const transactionId = /transaction (\S+) \(Accepted\)/.exec(run.stdout)?.[1];

      const session = await onlySessionOf('SIM-201');
      expect(session).toMatchObject({
        transactionId,
        connectorId: 1,
        idTag: 'SIM-TAG',
        customerId,
        status: 'completed',
        meterStartWh: 0,
        meterStopWh: 10_000,
        energyWh: 10_000,
        stopReason: 'EVDisconnected',
        flags: [],
      });
      // The begin reading, four periodic ones and the end reading.
      expect(session.meterValues.map((v) => v.energyWh)).toEqual([0, 2_000, 4_000, 6_000, 8_000, 10_000]);
      expect(session.cost).toMatchObject({ currency: 'EUR', totalGross: 360, final: true });

      const cp = await tenant.api<{
        ocppVersion: string;
        connectors: { connectorId: number; status: string }[];
      }>('GET', '/v1/charge-points/SIM-201');
      expect(cp.body.ocppVersion).toBe('ocpp2.0.1');
      expect(cp.body.connectors).toEqual([expect.objectContaining({ connectorId: 1, status: 'Available' })]);
    },
    SESSION_TEST_TIMEOUT_MS,
  );

  it('refuses an unknown --protocol with a usage error (exit 2) before connecting', async () => {
    const run = await simulate([
      '--url',
      'ws://127.0.0.1:9/ocpp/t/CP',
      '--password',
      'x',
      '--protocol',
      'ocpp2.1',
    ]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('unknown --protocol "ocpp2.1": use ocpp1.6 or ocpp2.0.1');
    expect(run.stderr).toContain('usage: npm run simulate');
  });
});
