import { generateKeyPairSync, X509Certificate } from 'node:crypto';
import { createCsr, issuerHashes, normalizeSerial, pemBlocks } from '@csms/app/stations/security/x509';
import type { RPCClient } from 'ocpp-rpc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../src/stack.ts';
import { strictCharger } from './support/chargers.ts';
import { apiClient, signUpWithChargePoint, startTestStack } from './support/local-stack.ts';

/**
 * Certificates end to end (OCPP 2.0.1 blocks A and M, the 1.6 security extension): a strict ocpp-rpc charger
 * asks the tenant's CA to sign a real CSR, is answered `Accepted`, and only then receives CertificateSigned,
 * whose chain verifies against the CA certificate the REST API hands out; a CSR naming another charger is
 * refused; the issued certificate's status is confirmed from the CA's records; and an operator installs,
 * lists and deletes a trust anchor on the charger.
 */
let stack: LocalStack;
let tenant: Awaited<ReturnType<typeof signUpWithChargePoint>>;
const open: RPCClient[] = [];

beforeAll(async () => {
  stack = await startTestStack({ environment: { OCPP_CALL_TIMEOUT_MS: '3000' } });
  tenant = await signUpWithChargePoint(stack, 'CP-CERT-201');
});
afterAll(async () => {
  for (const charger of open) await charger.close({ force: true });
  await stack?.stop();
});

async function bootedCharger(ocppUrl: string, password: string, protocol: 'ocpp2.0.1' | 'ocpp1.6') {
  const client = strictCharger(ocppUrl, password, [protocol]);
  await client.connect();
  open.push(client);
  expect(client.protocol).toBe(protocol);
  const boot =
    protocol === 'ocpp2.0.1'
      ? await client.call('BootNotification', {
          reason: 'PowerUp',
          chargingStation: { model: 'Wallbox X', vendorName: 'ACME' },
        })
      : await client.call('BootNotification', { chargePointModel: 'Wallbox X', chargePointVendor: 'ACME' });
  expect((boot as { status: string }).status).toBe('Accepted');
  return client;
}

/** Resolves with the params of the next call of `action` the charger receives, and answers it `answer`. */
function nextCall<T>(client: RPCClient, action: string, answer: Record<string, unknown>) {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${action} within 5 s`)), 5_000);
    client.handle(action, async ({ params }) => {
      clearTimeout(timer);
      resolve(params as T);
      return answer;
    });
  });
}

const ecKeys = () => generateKeyPairSync('ec', { namedCurve: 'prime256v1' });

interface IssuedView {
  serialNumber: string;
  certificateType: string;
  subject: string;
  notBefore: string;
  notAfter: string;
  fingerprintSha256: string;
  certificate: string;
  delivery: { status: string; at: string | null; reason: string | null };
}

async function issuedTo(chargePointId: string, settled = true): Promise<IssuedView[]> {
  for (let i = 0; ; i++) {
    const res = await tenant.api<{ items: IssuedView[] }>(
      'GET',
      `/v1/charge-points/${chargePointId}/certificates`,
    );
    expect(res.status).toBe(200);
    // The charger's answer to CertificateSigned is recorded just after it is sent.
    if (!settled || res.body.items.every((c) => c.delivery.status !== 'pending') || i >= 50)
      return res.body.items;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('SignCertificate (OCPP 2.0.1)', () => {
  it('signs a CSR naming the charger, answers first, then delivers a chain that verifies against the tenant CA', async () => {
    const cp = await bootedCharger(tenant.ocppUrl, tenant.password, 'ocpp2.0.1');
    const keys = ecKeys();
    const csr = createCsr({ commonName: 'CP-CERT-201', organization: 'Volt Parking GmbH' }, keys);

    let answered = false;
    const signed = new Promise<{
      params: { certificateChain: string; certificateType?: string };
      afterAnswer: boolean;
    }>((resolve) => {
      cp.handle('CertificateSigned', async ({ params }) => {
        resolve({ params: params as { certificateChain: string }, afterAnswer: answered });
        return { status: 'Accepted' };
      });
    });
    expect(await cp.call('SignCertificate', { csr, certificateType: 'ChargingStationCertificate' })).toEqual({
      status: 'Accepted',
    });
    answered = true;
    const delivered = await signed;
    // The CSMS's call came only once the charger had its answer.
    expect(delivered.afterAnswer).toBe(true);
    expect(delivered.params.certificateType).toBe('ChargingStationCertificate');

    const ca = await tenant.api<{ certificate: string; subject: string; fingerprintSha256: string }>(
      'GET',
      '/v1/tenant/charging-station-ca',
    );
    expect(ca.status).toBe(200);
    expect(JSON.stringify(ca.body)).not.toMatch(/PRIVATE KEY/);
    const caCertificate = new X509Certificate(ca.body.certificate);
    expect(caCertificate.ca).toBe(true);

    const [leafDer, ...rest] = pemBlocks(delivered.params.certificateChain, 'CERTIFICATE');
    const leaf = new X509Certificate(leafDer!);
    expect(leaf.verify(caCertificate.publicKey)).toBe(true);
    expect(leaf.checkIssued(caCertificate)).toBe(true);
    expect(leaf.subject).toBe('O=Volt Parking GmbH\nCN=CP-CERT-201');
    expect(leaf.publicKey.export({ format: 'der', type: 'spki' })).toEqual(
      keys.publicKey.export({ format: 'der', type: 'spki' }),
    );
    // The rest of the chain is the tenant's CA.
    expect(rest.map((der) => new X509Certificate(der).fingerprint256)).toEqual([
      caCertificate.fingerprint256,
    ]);

    const issued = await issuedTo('CP-CERT-201');
    expect(issued).toEqual([
      {
        serialNumber: normalizeSerial(leaf.serialNumber),
        certificateType: 'ChargingStationCertificate',
        subject: 'O=Volt Parking GmbH, CN=CP-CERT-201',
        issuer: ca.body.subject,
        notBefore: new Date(leaf.validFrom).toISOString(),
        notAfter: new Date(leaf.validTo).toISOString(),
        fingerprintSha256: leaf.fingerprint256,
        issuedAt: expect.any(String),
        certificate: leaf.toString(),
        delivery: { status: 'Accepted', at: expect.any(String), reason: null },
        revokedAt: null,
      },
    ]);

    // GetCertificateStatus: a certificate of this tenant's CA is confirmed from its records.
    const ocspRequestData = {
      hashAlgorithm: 'SHA256',
      ...issuerHashes(ca.body.certificate, 'SHA256'),
      serialNumber: leaf.serialNumber,
      responderURL: 'http://ocsp.example',
    };
    expect(await cp.call('GetCertificateStatus', { ocspRequestData })).toEqual({ status: 'Accepted' });
    expect(
      await cp.call('GetCertificateStatus', {
        ocspRequestData: { ...ocspRequestData, serialNumber: '0badc0de' },
      }),
    ).toEqual({
      status: 'Failed',
      statusInfo: { reasonCode: 'NotSupported', additionalInfo: expect.any(String) },
    });
  });

  it('refuses a CSR whose common name is another charger, and sends nothing', async () => {
    const cp = await bootedCharger(tenant.ocppUrl, tenant.password, 'ocpp2.0.1');
    let called = false;
    cp.handle('CertificateSigned', async () => {
      called = true;
      return { status: 'Accepted' };
    });
    const csr = createCsr({ commonName: 'CP-SOMEONE-ELSE' }, ecKeys());
    expect(await cp.call('SignCertificate', { csr })).toEqual({
      status: 'Rejected',
      statusInfo: { reasonCode: 'InvalidCSR', additionalInfo: expect.stringContaining('CP-CERT-201') },
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(called).toBe(false);
    expect(await issuedTo('CP-CERT-201', false)).toHaveLength(1);
  });

  it('gives each tenant its own CA, and its CA certificate only to that tenant', async () => {
    const other = await signUpWithChargePoint(stack, 'CP-CERT-OTHER');
    const mine = await tenant.api<{ fingerprintSha256: string }>('GET', '/v1/tenant/charging-station-ca');
    const theirs = await other.api<{ fingerprintSha256: string }>('GET', '/v1/tenant/charging-station-ca');
    expect(theirs.status).toBe(200);
    expect(theirs.body.fingerprintSha256).not.toBe(mine.body.fingerprintSha256);
    expect((await other.api('GET', '/v1/charge-points/CP-CERT-201/certificates')).status).toBe(404);
    expect((await apiClient(stack)('GET', '/v1/tenant/charging-station-ca')).status).toBe(401);
  });
});

describe('SignCertificate (OCPP 1.6 security extension)', () => {
  it('signs and delivers with CertificateSigned { certificateChain }', async () => {
    const registered = await tenant.api<{ password: string; ocppUrl: string }>('POST', '/v1/charge-points', {
      id: 'CP-CERT-16',
    });
    expect(registered.status).toBe(201);
    const cp = await bootedCharger(registered.body.ocppUrl, registered.body.password, 'ocpp1.6');
    const delivered = nextCall<{ certificateChain: string }>(cp, 'CertificateSigned', { status: 'Accepted' });
    const csr = createCsr({ commonName: 'CP-CERT-16' }, generateKeyPairSync('rsa', { modulusLength: 2048 }));
    expect(await cp.call('SignCertificate', { csr })).toEqual({ status: 'Accepted' });
    const { certificateChain } = await delivered;
    const ca = await tenant.api<{ certificate: string }>('GET', '/v1/tenant/charging-station-ca');
    const leaf = new X509Certificate(pemBlocks(certificateChain, 'CERTIFICATE')[0]!);
    expect(leaf.verify(new X509Certificate(ca.body.certificate).publicKey)).toBe(true);
    expect((await issuedTo('CP-CERT-16'))[0]?.delivery.status).toBe('Accepted');

    // 1.6 has no statusInfo: a refusal is just Rejected.
    expect(await cp.call('SignCertificate', { csr: createCsr({ commonName: 'CP-X' }, ecKeys()) })).toEqual({
      status: 'Rejected',
    });
  });
});

interface HashData {
  hashAlgorithm: 'SHA256' | 'SHA384' | 'SHA512';
  issuerNameHash: string;
  issuerKeyHash: string;
  serialNumber: string;
}

/** A self-signed root's hash data, as a charger computes it for GetInstalledCertificateIds. */
function hashDataOf(pem: string): HashData {
  return {
    hashAlgorithm: 'SHA256',
    ...issuerHashes(pem, 'SHA256'),
    serialNumber: normalizeSerial(new X509Certificate(pem).serialNumber),
  };
}

describe('installed certificates', () => {
  it('installs, lists and deletes a trust anchor on a 2.0.1 charger', async () => {
    const cp = await bootedCharger(tenant.ocppUrl, tenant.password, 'ocpp2.0.1');
    const held: { certificateType: string; pem: string }[] = [];
    cp.handle('InstallCertificate', async ({ params }) => {
      const { certificateType, certificate } = params as { certificateType: string; certificate: string };
      held.push({ certificateType, pem: certificate });
      return { status: 'Accepted' };
    });
    cp.handle('GetInstalledCertificateIds', async ({ params }) => {
      const wanted = (params as { certificateType?: string[] }).certificateType;
      const chain = held
        .filter((c) => !wanted || wanted.includes(c.certificateType))
        .map((c) => ({ certificateType: c.certificateType, certificateHashData: hashDataOf(c.pem) }));
      return chain.length > 0
        ? { status: 'Accepted', certificateHashDataChain: chain }
        : { status: 'NotFound' };
    });
    cp.handle('DeleteCertificate', async ({ params }) => {
      const { certificateHashData } = params as { certificateHashData: HashData };
      const index = held.findIndex(
        (c) => hashDataOf(c.pem).serialNumber === certificateHashData.serialNumber,
      );
      if (index < 0) return { status: 'NotFound' };
      held.splice(index, 1);
      return { status: 'Accepted' };
    });

    const root = (await tenant.api<{ certificate: string }>('GET', '/v1/tenant/charging-station-ca')).body
      .certificate;
    const installed = await tenant.api('POST', '/v1/charge-points/CP-CERT-201/certificates/install', {
      certificateType: 'CSMSRootCertificate',
      certificate: root,
    });
    expect(installed).toMatchObject({ status: 200, body: { status: 'Accepted', statusInfo: null } });
    expect(held).toEqual([{ certificateType: 'CSMSRootCertificate', pem: root }]);

    const listed = await tenant.api<{ status: string; certificates: unknown[] }>(
      'GET',
      '/v1/charge-points/CP-CERT-201/certificates/installed?certificateType=CSMSRootCertificate,V2GRootCertificate',
    );
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual({
      status: 'Accepted',
      statusInfo: null,
      certificates: [{ certificateType: 'CSMSRootCertificate', ...hashDataOf(root), childCertificates: [] }],
    });

    const deleted = await tenant.api('DELETE', '/v1/charge-points/CP-CERT-201/certificates/installed', {
      certificateHashData: hashDataOf(root),
    });
    expect(deleted).toMatchObject({ status: 200, body: { status: 'Accepted', statusInfo: null } });
    const after = await tenant.api('GET', '/v1/charge-points/CP-CERT-201/certificates/installed');
    expect(after.body).toEqual({ status: 'NotFound', statusInfo: null, certificates: [] });
    const again = await tenant.api('DELETE', '/v1/charge-points/CP-CERT-201/certificates/installed', {
      certificateHashData: hashDataOf(root),
    });
    expect(again.body).toMatchObject({ status: 'NotFound' });
  });

  it('refuses what is no certificate, an unknown type, and an unknown charger, before asking any charger', async () => {
    const notACertificate = await tenant.api('POST', '/v1/charge-points/CP-CERT-201/certificates/install', {
      certificateType: 'CSMSRootCertificate',
      certificate: '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n',
    });
    expect(notACertificate.status).toBe(422);
    const badType = await tenant.api(
      'GET',
      '/v1/charge-points/CP-CERT-201/certificates/installed?certificateType=Nonsense',
    );
    expect(badType.status).toBe(422);
    expect((await tenant.api('GET', '/v1/charge-points/CP-NOBODY/certificates/installed')).status).toBe(404);
  });

  it('speaks the 1.6 security extension’s names to a 1.6 charger', async () => {
    const registered = await tenant.api<{ password: string; ocppUrl: string }>('POST', '/v1/charge-points', {
      id: 'CP-CERT-16-INST',
    });
    const cp = await bootedCharger(registered.body.ocppUrl, registered.body.password, 'ocpp1.6');
    const root = (await tenant.api<{ certificate: string }>('GET', '/v1/tenant/charging-station-ca')).body
      .certificate;
    const asked = nextCall<{ certificateType: string }>(cp, 'InstallCertificate', { status: 'Accepted' });
    const installed = await tenant.api('POST', '/v1/charge-points/CP-CERT-16-INST/certificates/install', {
      certificateType: 'CSMSRootCertificate',
      certificate: root,
    });
    expect(installed.body).toEqual({ status: 'Accepted', statusInfo: null });
    expect((await asked).certificateType).toBe('CentralSystemRootCertificate');

    const types: string[] = [];
    cp.handle('GetInstalledCertificateIds', async ({ params }) => {
      const { certificateType } = params as { certificateType: string };
      types.push(certificateType);
      return certificateType === 'CentralSystemRootCertificate'
        ? { status: 'Accepted', certificateHashData: [hashDataOf(root)] }
        : { status: 'NotFound' };
    });
    const listed = await tenant.api('GET', '/v1/charge-points/CP-CERT-16-INST/certificates/installed');
    expect(types).toEqual(['CentralSystemRootCertificate', 'ManufacturerRootCertificate']);
    expect(listed.body).toEqual({
      status: 'Accepted',
      statusInfo: null,
      certificates: [{ certificateType: 'CSMSRootCertificate', ...hashDataOf(root), childCertificates: [] }],
    });

    const v2g = await tenant.api('POST', '/v1/charge-points/CP-CERT-16-INST/certificates/install', {
      certificateType: 'V2GRootCertificate',
      certificate: root,
    });
    expect(v2g.status).toBe(422);
  });
});
