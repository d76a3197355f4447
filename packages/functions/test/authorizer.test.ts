import { hashSecret } from '@csms/core';
import type { APIGatewayRequestAuthorizerEvent, Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { fakeDeps } from '../../app/test/support/fake-deps.ts';
import { create } from '../src/ocpp/authorizer.ts';
import { CLIENT_CERT_HEADERS } from '../src/ocpp/client-certificate.ts';

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

describe('the authorizer and the security profile', () => {
  const FINGERPRINT = 'AB:CD:EF:01:23:45:67:89';
  const issued = {
    serialNumber: '1a2b3c',
    chargePointId: 'CP-3',
    certificateType: 'ChargingStationCertificate',
    subject: 'CN=CP-3',
    issuer: 'CN=Tenant CA',
    notBefore: '2026-01-01T00:00:00.000Z',
    notAfter: '2028-01-01T00:00:00.000Z',
    fingerprintSha256: FINGERPRINT,
  };

  function setupProfiles(certificates: Record<string, Record<string, unknown>> = { '1a2b3c': issued }) {
    const chargePoints: Record<string, Record<string, unknown>> = {
      'CP-1': { tenantId: 't_1', id: 'CP-1', passwordHash: hashSecret('right-password'), securityProfile: 1 },
      'CP-2': { tenantId: 't_1', id: 'CP-2', passwordHash: hashSecret('right-password') },
      'CP-3': { tenantId: 't_1', id: 'CP-3', passwordHash: hashSecret('right-password'), securityProfile: 3 },
    };
    const lookups: string[] = [];
    const deps = fakeDeps({
      settings: { ocppOriginSecret: SECRET },
      repositories: {
        chargePoints: {
          getChargePoint: async (_tenantId: string, id: string) =>
            chargePoints[id] ? ({ chargePoint: chargePoints[id], connectors: [] } as never) : undefined,
        },
        certificates: {
          getIssuedCertificate: async (tenantId: string, serial: string) => {
            lookups.push(`${tenantId}/${serial}`);
            return certificates[serial] as never;
          },
        },
      },
    });
    deps.setNow('2027-01-01T00:00:00.000Z');
    return { deps, chargePoints, lookups, authorize: create(deps) };
  }

  /** What the TLS front forwards for a verified client certificate. */
  function withCertificate(
    event: APIGatewayRequestAuthorizerEvent,
    cert: { serial?: string; fingerprint?: string; cn?: string } = {},
    keepBasic = false,
  ): APIGatewayRequestAuthorizerEvent {
    const { Authorization, ...rest } = event.headers ?? {};
    return {
      ...event,
      headers: {
        ...rest,
        ...(keepBasic && Authorization ? { Authorization } : {}),
        [CLIENT_CERT_HEADERS.serial]: cert.serial ?? '001A2B3C',
        [CLIENT_CERT_HEADERS.fingerprint]: cert.fingerprint ?? 'abcdef0123456789',
        [CLIENT_CERT_HEADERS.cn]: cert.cn ?? 'CP-3',
      },
    };
  }

  const reasons = (deps: ReturnType<typeof fakeDeps>) =>
    deps.logged.filter((line) => line.message === 'Refused').map((line) => line.fields.reason);

  it('takes Basic auth on profiles 1 and 2 (2 when unset), as before', async () => {
    const { authorize } = setupProfiles();
    expect((await authorize(handshake('right-password', 'CP-1'), {} as Context)).principalId).toBe(
      't_1/CP-1',
    );
    expect((await authorize(handshake('right-password', 'CP-2'), {} as Context)).principalId).toBe(
      't_1/CP-2',
    );
  });

  it('ignores certificate headers on profiles 1 and 2: Basic auth still decides', async () => {
    const { deps, authorize } = setupProfiles();
    await expect(
      authorize(withCertificate(handshake('x', 'CP-2'), { cn: 'CP-2' }), {} as Context),
    ).rejects.toThrow(/^Unauthorized$/);
    await expect(
      authorize(withCertificate(handshake('guess', 'CP-2'), { cn: 'CP-2' }, true), {} as Context),
    ).rejects.toThrow(/^Unauthorized$/);
    expect(reasons(deps)).toEqual(['no-basic-auth-for-charger', 'wrong-password']);
  });

  it('refuses Basic auth on profile 3, even with the right password', async () => {
    const { deps, authorize } = setupProfiles();
    await expect(authorize(handshake('right-password', 'CP-3'), {} as Context)).rejects.toThrow(
      /^Unauthorized$/,
    );
    expect(reasons(deps)).toEqual(['profile-3-needs-client-certificate']);
  });

  it("accepts on profile 3 the tenant CA's certificate for this charger, serial and fingerprint in any notation", async () => {
    const { authorize, lookups } = setupProfiles();
    const result = await authorize(withCertificate(handshake('', 'CP-3')), {} as Context);
    expect(result.principalId).toBe('t_1/CP-3');
    expect(result.context).toMatchObject({ tenantId: 't_1', chargePointId: 'CP-3' });
    // Looked up in this tenant's records, under the serial as the CA stores it.
    expect(lookups).toEqual(['t_1/1a2b3c']);
    // A Basic header next to a valid certificate does not spoil it.
    const both = withCertificate(handshake('whatever', 'CP-3'), { fingerprint: FINGERPRINT }, true);
    expect((await authorize(both, {} as Context)).principalId).toBe('t_1/CP-3');
  });

  it.each([
    ['a CN that is not the charge point id', { cn: 'CP-1' }, 'certificate-for-other-charger'],
    ['a serial the tenant CA never issued', { serial: 'ff' }, 'certificate-not-issued-by-tenant-ca'],
    ['a serial that is not hex', { serial: 'zz-top' }, 'certificate-not-issued-by-tenant-ca'],
    ['a fingerprint other than the issued one', { fingerprint: 'ab:cd' }, 'certificate-fingerprint-mismatch'],
  ])('refuses on profile 3 %s', async (_what, cert, reason) => {
    const { deps, authorize } = setupProfiles();
    await expect(authorize(withCertificate(handshake('', 'CP-3'), cert), {} as Context)).rejects.toThrow(
      /^Unauthorized$/,
    );
    expect(reasons(deps)).toEqual([reason]);
  });

  it('refuses on profile 3 a certificate issued to another charger, revoked, expired or not a station certificate', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ ...issued, chargePointId: 'CP-1' }, 'certificate-for-other-charger'],
      [{ ...issued, revokedAt: '2026-06-01T00:00:00.000Z' }, 'certificate-revoked'],
      [{ ...issued, notAfter: '2026-12-31T00:00:00.000Z' }, 'certificate-expired'],
      [{ ...issued, certificateType: 'V2GCertificate' }, 'certificate-not-issued-by-tenant-ca'],
    ];
    for (const [record, reason] of cases) {
      const { deps, authorize } = setupProfiles({ '1a2b3c': record });
      await expect(authorize(withCertificate(handshake('', 'CP-3')), {} as Context)).rejects.toThrow(
        /^Unauthorized$/,
      );
      expect(reasons(deps)).toEqual([reason]);
    }
  });

  it('refuses a decommissioned profile-3 charger and certificate headers without the origin secret', async () => {
    const { deps, chargePoints, authorize } = setupProfiles();
    const event = withCertificate(handshake('', 'CP-3'));
    const { 'x-csms-origin-secret': _secret, ...withoutSecret } = event.headers ?? {};
    await expect(authorize({ ...event, headers: withoutSecret }, {} as Context)).rejects.toThrow(
      /^Unauthorized$/,
    );
    chargePoints['CP-3'] = { ...chargePoints['CP-3'], decommissionedAt: '2026-06-01T00:00:00.000Z' };
    await expect(authorize(event, {} as Context)).rejects.toThrow(/^Unauthorized$/);
    expect(reasons(deps)).toEqual(['origin-secret', 'decommissioned']);
  });
});
