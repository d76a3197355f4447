import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort } from '../src/free-port.ts';

const portOpen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

describe('npm start (the local runtime as a user runs it)', () => {
  it('prints its endpoints and "CSMS ready", persists under CSMS_DATA_DIR, and stops cleanly on SIGTERM', async () => {
    const ports = {
      CSMS_OCPP_PORT: await freePort(),
      CSMS_API_PORT: await freePort(),
      CSMS_MANAGEMENT_PORT: await freePort(),
      CSMS_STEPFUNCTIONS_PORT: await freePort(),
      CSMS_DYNAMODB_PORT: await freePort(),
    };
    const dataDir = mkdtempSync(join(tmpdir(), 'csms-start-'));
    const child = spawn(process.execPath, ['--import', 'tsx', 'packages/local/src/main.ts'], {
      env: {
        ...process.env,
        ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])),
        CSMS_DATA_DIR: dataDir,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

    await expect.poll(() => output, { timeout: 45_000, interval: 200 }).toContain('CSMS ready');
    expect(output).toContain(`ws://127.0.0.1:${ports.CSMS_OCPP_PORT}/ocpp/{tenantId}/{chargePointId}`);
    expect(output).toContain(`http://127.0.0.1:${ports.CSMS_API_PORT}/v1`);
    expect(output).toContain(dataDir);

    const signup = await fetch(`http://127.0.0.1:${ports.CSMS_API_PORT}/v1/tenants`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'Start Test',
        email: 'start@example.com',
        country: 'FR',
        currency: 'EUR',
      }),
    });
    expect(signup.status).toBe(201);

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    // No orphan: DynamoDB Local (a Java child process) is gone with its parent.
    expect(await portOpen(ports.CSMS_DYNAMODB_PORT)).toBe(false);
    expect(await portOpen(ports.CSMS_OCPP_PORT)).toBe(false);
  }, 90_000);
});
