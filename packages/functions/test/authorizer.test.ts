import { hashSecret } from '@csms/core';
import type { APIGatewayRequestAuthorizerEvent, Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { fakeDeps } from '../../app/test/support/fake-deps.ts';
import { create } from '../src/ocpp/authorizer.ts';

const SECRET = 'origin-secret';

function setup() {
  const chargePoint = { id: 'CP-1', passwordHash: hashSecret('right-password') };
  const deps = fakeDeps({
    settings: { ocppOriginSecret: SECRET },
    repositories: {
      chargePoints: {
        getChargePoint: async (_tenantId: string, id: string) =>
          id === chargePoint.id ? ({ chargePoint, connectors: [] } as never) : undefined,
      },
    },
  });
  return { deps, authorize: create(deps) };
}

function handshake(password: string, chargePointId = 'CP-1'): APIGatewayRequestAuthorizerEvent {
  const basic = Buffer.from(`${chargePointId}:${password}`).toString('base64');
  return {
    type: 'REQUEST',
    methodArn: 'arn:aws:execute-api:eu-west-1:000000000000:api/$connect',
    headers: { 'x-csms-origin-secret': SECRET, Authorization: `Basic ${basic}` },
    queryStringParameters: { tenantId: 't_1', chargePointId },
    requestContext: { requestId: 'req-1', identity: { sourceIp: '127.0.0.1' } },
  } as unknown as APIGatewayRequestAuthorizerEvent;
}

describe('the OCPP handshake authorizer', () => {
  it('allows the charger with its password', async () => {
    const { authorize } = setup();
    const result = await authorize(handshake('right-password'), {} as Context);
    expect(result.principalId).toBe('t_1/CP-1');
    expect(result.policyDocument.Statement[0]).toMatchObject({ Effect: 'Allow' });
  });

  it('refuses a wrong password with Unauthorized and logs a warning with the reason, not an error', async () => {
    const { deps, authorize } = setup();
    await expect(authorize(handshake('guess'), {} as Context)).rejects.toThrow(/^Unauthorized$/);
    await expect(authorize(handshake('x', 'CP-404'), {} as Context)).rejects.toThrow(/^Unauthorized$/);

    const refusals = deps.logged.filter((line) => line.message === 'Refused');
    expect(refusals.map((line) => [line.level, line.fields.reason, line.fields.chargePointId])).toEqual([
      ['warn', 'wrong-password', 'CP-1'],
      ['warn', 'unknown-charger', 'CP-404'],
    ]);
    expect(deps.logged.filter((line) => line.level === 'error')).toEqual([]);
    // The password tried is never logged.
    expect(JSON.stringify(deps.logged)).not.toContain('guess');
  });
});

describe('the authorizer during a password change', () => {
  it('lets the pending password in as well, and the connection with it settles the change', async () => {
    const settled: unknown[] = [];
    const chargePoint = {
      tenantId: 't_1',
      id: 'CP-1',
      passwordHash: hashSecret('old-password'),
      pendingPasswordHash: hashSecret('new-password'),
    };
    const deps = fakeDeps({
      settings: { ocppOriginSecret: SECRET },
      repositories: {
        chargePoints: {
          getChargePoint: async () => ({ chargePoint, connectors: [] }) as never,
          settlePasswordChange: async (_tenantId, id, pending, outcome) => {
            settled.push({ id, promoted: pending === chargePoint.pendingPasswordHash, outcome });
            return true;
          },
        },
      },
    });
    const authorize = create(deps);
    expect((await authorize(handshake('old-password'), {} as Context)).principalId).toBe('t_1/CP-1');
    expect(settled).toEqual([]);
    expect((await authorize(handshake('new-password'), {} as Context)).principalId).toBe('t_1/CP-1');
    expect(settled).toEqual([{ id: 'CP-1', promoted: true, outcome: { promote: true } }]);
    await expect(authorize(handshake('neither-password'), {} as Context)).rejects.toThrow(/^Unauthorized$/);
  });
});
