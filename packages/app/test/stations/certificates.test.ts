import { generateKeyPairSync, type KeyObject, sign, X509Certificate } from 'node:crypto';
import { NotConfiguredError } from '@csms/core';
import type { CertificateDelivery, IssuedCertificate } from '@csms/db';
import { describe, expect, it } from 'vitest';
import {
  certificateStatus,
  type SigningRequest,
  signChargerCertificate,
} from '../../src/stations/security/certificates.ts';
import type { CertificateIssue, ChargingStationCa } from '../../src/stations/security/charging-station-ca.ts';
import {
  buildCertificate,
  buildName,
  createCsr,
  ECDSA_WITH_SHA256,
  issuerHashes,
  KeyUsageFlags,
  keyIdentifier,
  parseCsr,
  pemBlocks,
} from '../../src/stations/security/x509.ts';
import { chargerWorld, result, TENANT } from './charger-world.ts';

const NOW = '2026-03-15T12:00:00.000Z';

const ecKeys = () => generateKeyPairSync('ec', { namedCurve: 'prime256v1' });

/** A CA in memory, built with the same X.509 helpers as the real one, remembering what it was asked. */
function testCa() {
  const keys = ecKeys();
  const name = buildName({ commonName: 'Test Charging Station CA', organization: 'Test' });
  const spki = keys.publicKey.export({ format: 'der', type: 'spki' });
  const signer = {
    signatureAlgorithm: ECDSA_WITH_SHA256,
    sign: async (tbs: Buffer) => sign('sha256', tbs, keys.privateKey),
  };
  const certificatePem = buildCertificate(
    {
      serialNumber: Buffer.from([0x01]),
      issuerDer: name,
      subjectDer: name,
      publicKeyDer: spki,
      notBefore: new Date('2026-01-01T00:00:00Z'),
      notAfter: new Date('2036-01-01T00:00:00Z'),
      ca: true,
      keyUsage: KeyUsageFlags.keyCertSign,
    },
    signer,
  );
  const asked: CertificateIssue[] = [];
  let serial = 0x10;
  const ca: ChargingStationCa = {
    caCertificate: async () => certificatePem,
    issue: async (_tenantId, request) => {
      asked.push(request);
      return {
        certificatePem: await buildCertificate(
          {
            serialNumber: Buffer.from([0x0a, serial++]),
            issuerDer: name,
            subjectDer: request.csr.subjectDer,
            publicKeyDer: request.csr.publicKeyDer,
            notBefore: request.notBefore,
            notAfter: request.notAfter,
            ca: false,
            keyUsage: KeyUsageFlags.digitalSignature,
            authorityKeyIdentifier: keyIdentifier(spki),
          },
          signer,
        ),
        caCertificatesPem: [await certificatePem],
      };
    },
  };
  return { ca, asked, certificatePem };
}

/** The certificates repository in a Map, as the table keeps it: by serial number. */
function certificateStore() {
  const issued = new Map<string, IssuedCertificate>();
  return {
    issued,
    repository: {
      recordIssuedCertificate: async (_tenantId: string, certificate: IssuedCertificate) => {
        if (issued.has(certificate.serialNumber)) throw new Error('serial taken');
        issued.set(certificate.serialNumber, certificate);
      },
      getIssuedCertificate: async (tenantId: string, serialNumber: string) =>
        tenantId === TENANT ? issued.get(serialNumber) : undefined,
      recordCertificateDelivery: async (
        _tenantId: string,
        serialNumber: string,
        delivery: CertificateDelivery,
      ) => {
        const found = issued.get(serialNumber);
        if (!found) throw new Error('unknown serial');
        issued.set(serialNumber, { ...found, delivery });
      },
    },
  };
}

function world(
  options: {
    ocppVersion?: 'ocpp1.6' | 'ocpp2.0.1';
    ca?: ChargingStationCa | 'none';
    answer?: string;
    delivered?: boolean;
  } = {},
) {
  const ca = testCa();
  const store = certificateStore();
  const w = chargerWorld({
    now: NOW,
    chargePoints: [{ id: 'CP-1', ocppVersion: options.ocppVersion ?? 'ocpp2.0.1' }],
    answer: (call) =>
      call.action === 'CertificateSigned' ? result({ status: options.answer ?? 'Accepted' }) : undefined,
    ...(options.delivered === undefined ? {} : { delivered: options.delivered }),
    repositories: { certificates: store.repository },
  });
  const chosen = options.ca ?? ca.ca;
  const deps = {
    ...w.deps,
    chargingStationCa: () => {
      if (chosen === 'none') throw new NotConfiguredError('no CA');
      return chosen;
    },
  };
  return { ...w, deps, ca, store };
}

const request = (csr: string, overrides: Partial<SigningRequest> = {}): SigningRequest => ({
  tenantId: TENANT,
  chargePointId: 'CP-1',
  ocppVersion: 'ocpp2.0.1',
  csr,
  certificateType: 'ChargingStationCertificate',
  ...overrides,
});

const publicKeyOf = (pem: string): KeyObject => new X509Certificate(pem).publicKey;

describe('parseCsr', () => {
  it('reads the subject and key of a CSR whose signature verifies, EC or RSA', () => {
    for (const keys of [ecKeys(), generateKeyPairSync('rsa', { modulusLength: 2048 })]) {
      const checked = parseCsr(createCsr({ commonName: 'CP-1', organization: 'Volt' }, keys));
      expect(checked).toMatchObject({
        ok: true,
        csr: { subject: 'O=Volt, CN=CP-1', commonNames: ['CP-1'], keyType: keys.publicKey.asymmetricKeyType },
      });
    }
  });

  it('says what is wrong with a CSR it refuses', () => {
    const keys = ecKeys();
    const forged = createCsr(
      { commonName: 'CP-1' },
      { publicKey: keys.publicKey, privateKey: ecKeys().privateKey },
    );
    const weak = createCsr({ commonName: 'CP-1' }, generateKeyPairSync('rsa', { modulusLength: 1024 }));
    const cases: [string, RegExp][] = [
      ['-----BEGIN CERTIFICATE REQUEST-----', /one PEM block/],
      ['-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----', /not a DER/],
      [forged, /signature does not verify/],
      [weak, /at least 2048 bits/],
      [`${createCsr({ commonName: 'A' }, keys)}${createCsr({ commonName: 'B' }, keys)}`, /one PEM block/],
    ];
    for (const [pem, problem] of cases) {
      const checked = parseCsr(pem);
      expect(checked.ok).toBe(false);
      if (!checked.ok) expect(checked.problem).toMatch(problem);
    }
  });
});

describe('signChargerCertificate', () => {
  it('signs a sound CSR naming the charger, records it, and delivers the chain only when asked to', async () => {
    const w = world();
    const keys = ecKeys();
    const outcome = await signChargerCertificate(w.deps, request(createCsr({ commonName: 'CP-1' }, keys)));
    expect(outcome.status).toBe('Accepted');
    if (outcome.status !== 'Accepted') return;
    // Nothing is sent while the charger still waits for the answer.
    expect(w.calls).toEqual([]);
    expect(w.ca.asked[0]).toMatchObject({
      notBefore: new Date('2026-03-15T11:00:00.000Z'),
      notAfter: new Date('2027-03-15T12:00:00.000Z'),
    });
    const stored = w.store.issued.get(outcome.certificate.serialNumber);
    expect(stored).toMatchObject({
      chargePointId: 'CP-1',
      certificateType: 'ChargingStationCertificate',
      subject: 'CN=CP-1',
      issuer: 'O=Test, CN=Test Charging Station CA',
      issuedAt: NOW,
      delivery: { status: 'pending' },
    });

    expect(await outcome.deliver()).toEqual({ status: 'Accepted', at: NOW });
    expect(w.calls.map((call) => call.action)).toEqual(['CertificateSigned']);
    const payload = w.calls[0]!.payload as { certificateChain: string; certificateType: string };
    expect(payload.certificateType).toBe('ChargingStationCertificate');
    const [leaf, issuer] = pemBlocks(payload.certificateChain, 'CERTIFICATE').map(
      (der) => new X509Certificate(der),
    );
    expect(leaf!.publicKey.export({ format: 'der', type: 'spki' })).toEqual(
      keys.publicKey.export({ format: 'der', type: 'spki' }),
    );
    expect(leaf!.verify(publicKeyOf(await w.ca.certificatePem))).toBe(true);
    expect(issuer!.fingerprint256).toBe(new X509Certificate(await w.ca.certificatePem).fingerprint256);
    expect(w.store.issued.get(outcome.certificate.serialNumber)?.delivery).toEqual({
      status: 'Accepted',
      at: NOW,
    });
  });

  it('delivers to a 1.6 charger without a certificate type, and records a refusal or a failed delivery', async () => {
    const w16 = world({ ocppVersion: 'ocpp1.6', answer: 'Rejected' });
    const signed = await signChargerCertificate(
      w16.deps,
      request(createCsr({ commonName: 'CP-1' }, ecKeys()), { ocppVersion: 'ocpp1.6' }),
    );
    if (signed.status !== 'Accepted') throw new Error('expected Accepted');
    expect(await signed.deliver()).toEqual({ status: 'Rejected', at: NOW });
    expect(Object.keys(w16.calls[0]!.payload)).toEqual(['certificateChain']);

    const gone = world({ delivered: false });
    const lost = await signChargerCertificate(
      gone.deps,
      request(createCsr({ commonName: 'CP-1' }, ecKeys())),
    );
    if (lost.status !== 'Accepted') throw new Error('expected Accepted');
    expect(await lost.deliver()).toEqual({
      status: 'failed',
      at: NOW,
      reason: expect.stringContaining('not connected'),
    });
    expect(gone.store.issued.get(lost.certificate.serialNumber)?.delivery.status).toBe('failed');
  });

  it('refuses, with a reason and without signing, a CSR for another charger, a bad CSR, V2G, or no CA', async () => {
    const keys = ecKeys();
    const good = createCsr({ commonName: 'CP-1' }, keys);
    const cases: [SigningRequest, 'none' | undefined, string, RegExp][] = [
      [
        request(createCsr({ commonName: 'CP-2' }, keys)),
        undefined,
        'InvalidCSR',
        /must be the charge point id CP-1/,
      ],
      [request('not a csr'), undefined, 'InvalidCSR', /PEM/],
      [request(good, { certificateType: 'V2GCertificate' }), undefined, 'NotSupported', /V2G root/],
      [request(good), 'none', 'NotSupported', /no certificate authority/],
    ];
    for (const [asked, ca, reasonCode, additionalInfo] of cases) {
      const w = world(ca ? { ca } : {});
      const outcome = await signChargerCertificate(w.deps, asked);
      expect(outcome).toEqual({
        status: 'Rejected',
        refusal: { reasonCode, additionalInfo: expect.stringMatching(additionalInfo) },
      });
      if (outcome.status === 'Rejected') {
        // OCPP 2.0.1 StatusInfo limits.
        expect(outcome.refusal.reasonCode.length).toBeLessThanOrEqual(20);
        expect(outcome.refusal.additionalInfo.length).toBeLessThanOrEqual(512);
      }
      expect(w.ca.asked).toEqual([]);
      expect(w.store.issued.size).toBe(0);
      expect(w.calls).toEqual([]);
      expect(
        w.deps.logged.some((line) => line.level === 'warn' && line.fields.reasonCode === reasonCode),
      ).toBe(true);
    }
  });
});

describe('certificateStatus', () => {
  async function issued() {
    const w = world();
    const outcome = await signChargerCertificate(
      w.deps,
      request(createCsr({ commonName: 'CP-1' }, ecKeys())),
    );
    if (outcome.status !== 'Accepted') throw new Error('expected Accepted');
    const hashes = issuerHashes(await w.ca.certificatePem, 'SHA256');
    const asked = {
      tenantId: TENANT,
      hashAlgorithm: 'SHA256' as const,
      ...hashes,
      serialNumber: outcome.certificate.serialNumber,
      responderUrl: 'http://ocsp.example',
    };
    return { w, serialNumber: outcome.certificate.serialNumber, asked };
  }

  it('confirms a certificate the CA issued that is valid and not revoked, in any case and padding', async () => {
    const { w, asked } = await issued();
    expect(await certificateStatus(w.deps, asked)).toEqual({ status: 'Accepted' });
    expect(
      await certificateStatus(w.deps, {
        ...asked,
        serialNumber: `00${asked.serialNumber.toUpperCase()}`,
        issuerKeyHash: asked.issuerKeyHash.toUpperCase(),
      }),
    ).toEqual({ status: 'Accepted' });
    const sha384 = issuerHashes(await w.ca.certificatePem, 'SHA384');
    expect(await certificateStatus(w.deps, { ...asked, hashAlgorithm: 'SHA384', ...sha384 })).toEqual({
      status: 'Accepted',
    });
  });

  it('fails what it cannot vouch for: another issuer, an unknown serial, an expired or revoked certificate', async () => {
    const { w, serialNumber, asked } = await issued();
    const failed = (reasonCode: string) => ({
      status: 'Failed',
      refusal: { reasonCode, additionalInfo: expect.any(String) },
    });
    expect(await certificateStatus(w.deps, { ...asked, issuerKeyHash: 'ab'.repeat(32) })).toEqual(
      failed('NotSupported'),
    );
    expect(await certificateStatus(w.deps, { ...asked, serialNumber: '7777' })).toEqual(
      failed('NotSupported'),
    );
    expect(await certificateStatus(w.deps, { ...asked, serialNumber: 'not-hex' })).toEqual(
      failed('NotSupported'),
    );

    w.deps.setNow('2027-03-15T12:00:01.000Z');
    expect(await certificateStatus(w.deps, asked)).toEqual(failed('CertificateExpired'));
    w.deps.setNow(NOW);
    const found = w.store.issued.get(serialNumber)!;
    w.store.issued.set(serialNumber, { ...found, revokedAt: NOW });
    expect(await certificateStatus(w.deps, asked)).toEqual(failed('CertificateRevoked'));
  });

  it('looks a serial up before the CA, so an unknown one never makes a tenant a CA', async () => {
    const store = certificateStore();
    const w = chargerWorld({ now: NOW, repositories: { certificates: store.repository } });
    // fakeDeps throws when the CA is touched.
    expect(
      await certificateStatus(w.deps, {
        tenantId: TENANT,
        hashAlgorithm: 'SHA256',
        issuerNameHash: 'aa',
        issuerKeyHash: 'bb',
        serialNumber: '01',
        responderUrl: 'http://ocsp.example',
      }),
    ).toMatchObject({ status: 'Failed', refusal: { reasonCode: 'NotSupported' } });
  });
});
