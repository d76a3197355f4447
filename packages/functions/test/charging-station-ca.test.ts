import { createPrivateKey, generateKeyPairSync, randomBytes, X509Certificate } from 'node:crypto';
import { createCsr, parseCsr, pemBlocks } from '@csms/app/stations/security/x509';
import { NotConfiguredError } from '@csms/core';
import type { ChargingStationCaRecord } from '@csms/db';
import { describe, expect, it } from 'vitest';
import { type CaKeyStore, createChargingStationCa } from '../src/adapters/charging-station-ca.ts';

/**
 * The local charging-station CA: a key pair and a self-signed certificate per tenant, made on first need, the
 * private key stored only encrypted; certificates for CSRs made here with Node's crypto, checked with Node's
 * `X509Certificate.verify` against the CA certificate.
 */
const NOW = new Date('2026-03-15T12:00:00.000Z');
const clock = { now: () => NOW };
const kek = () => randomBytes(32).toString('base64');

/** The table's two CA methods over a Map, with the same first-writer-wins rule. */
function memoryStore() {
  const records = new Map<string, ChargingStationCaRecord>();
  let creations = 0;
  const store: CaKeyStore = {
    getChargingStationCa: async (tenantId) => records.get(tenantId),
    createChargingStationCa: async (tenantId, record) => {
      creations++;
      if (records.has(tenantId)) return false;
      records.set(tenantId, record);
      return true;
    },
  };
  return { store, records, creations: () => creations };
}

function csrFor(commonName: string, type: 'ec' | 'rsa' = 'ec') {
  const keys =
    type === 'ec'
      ? generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
      : generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = createCsr({ commonName, organization: 'Volt Parking' }, keys);
  const checked = parseCsr(pem);
  if (!checked.ok) throw new Error(checked.problem);
  return { pem, csr: checked.csr, keys };
}

const oneYearLater = new Date(NOW.getTime() + 365 * 86_400_000);

describe('the local charging-station CA', () => {
  it('makes one CA per tenant on first need: a self-signed CA certificate', async () => {
    const { store, records } = memoryStore();
    const ca = createChargingStationCa(kek(), store, clock)();
    const pem = await ca.caCertificate('t_1');
    const certificate = new X509Certificate(pem);
    expect(certificate.ca).toBe(true);
    expect(certificate.subject).toBe('O=CSMS\nCN=Charging Station CA t_1');
    expect(certificate.verify(certificate.publicKey)).toBe(true);
    expect(new Date(certificate.validFrom)).toEqual(NOW);
    expect(await ca.caCertificate('t_1')).toBe(pem);
    expect(await ca.caCertificate('t_2')).not.toBe(pem);
    expect([...records.keys()]).toEqual(['t_1', 't_2']);
  });

  it('signs a CSR into a charging station certificate that verifies against the CA, EC or RSA', async () => {
    const ca = createChargingStationCa(kek(), memoryStore().store, clock)();
    const caCertificate = new X509Certificate(await ca.caCertificate('t_1'));
    for (const type of ['ec', 'rsa'] as const) {
      const { pem, csr, keys } = csrFor('CP-1', type);
      const issued = await ca.issue('t_1', { csrPem: pem, csr, notBefore: NOW, notAfter: oneYearLater });
      const leaf = new X509Certificate(issued.certificatePem);
      expect(leaf.verify(caCertificate.publicKey)).toBe(true);
      expect(leaf.checkIssued(caCertificate)).toBe(true);
      expect(leaf.ca).toBe(false);
      expect(leaf.subject).toBe('O=Volt Parking\nCN=CP-1');
      expect(leaf.issuer).toBe(caCertificate.subject);
      // TLS client authentication (Node lists the extended key usages here).
      expect(leaf.keyUsage).toEqual(['1.3.6.1.5.5.7.3.2']);
      expect(leaf.publicKey.export({ format: 'der', type: 'spki' })).toEqual(
        keys.publicKey.export({ format: 'der', type: 'spki' }),
      );
      expect(new Date(leaf.validTo)).toEqual(oneYearLater);
      expect(issued.caCertificatesPem).toEqual([caCertificate.toString()]);
    }
  });

  it('gives every certificate its own positive serial number', async () => {
    const ca = createChargingStationCa(kek(), memoryStore().store, clock)();
    const { pem, csr } = csrFor('CP-1');
    const serials = new Set<string>();
    for (let i = 0; i < 5; i++) {
      const issued = await ca.issue('t_1', { csrPem: pem, csr, notBefore: NOW, notAfter: oneYearLater });
      const serial = new X509Certificate(issued.certificatePem).serialNumber;
      expect(serial).toMatch(/^[4-7][0-9A-F]{31}$/);
      serials.add(serial);
    }
    expect(serials.size).toBe(5);
  });

  it('never ends a certificate after the CA itself', async () => {
    const ca = createChargingStationCa(kek(), memoryStore().store, clock)();
    const caCertificate = new X509Certificate(await ca.caCertificate('t_1'));
    const { pem, csr } = csrFor('CP-1');
    const issued = await ca.issue('t_1', {
      csrPem: pem,
      csr,
      notBefore: NOW,
      notAfter: new Date('2099-01-01T00:00:00Z'),
    });
    expect(new X509Certificate(issued.certificatePem).validTo).toBe(caCertificate.validTo);
  });

  it('stores the private key only encrypted, and another runtime with the same key signs as the same CA', async () => {
    const key = kek();
    const { store, records } = memoryStore();
    const first = createChargingStationCa(key, store, clock)();
    const caPem = await first.caCertificate('t_1');
    const record = records.get('t_1')!;
    const stored = JSON.stringify(record);
    expect(stored).not.toMatch(/PRIVATE KEY/);
    expect(record.encryptedKey).toMatchObject({ algorithm: 'AES-256-GCM' });
    // Ciphertext, not a DER key: a PKCS#8 key starts with a SEQUENCE tag (0x30) and parses as a key.
    const ciphertext = Buffer.from(record.encryptedKey.ciphertext, 'base64');
    expect(() => createPrivateKey({ key: ciphertext, format: 'der', type: 'pkcs8' })).toThrow();

    // A cold start elsewhere: reads the item, decrypts, signs under the same CA.
    const second = createChargingStationCa(key, store, clock)();
    expect(await second.caCertificate('t_1')).toBe(caPem);
    const { pem, csr } = csrFor('CP-9');
    const issued = await second.issue('t_1', { csrPem: pem, csr, notBefore: NOW, notAfter: oneYearLater });
    expect(new X509Certificate(issued.certificatePem).verify(new X509Certificate(caPem).publicKey)).toBe(
      true,
    );
  });

  it('refuses to open a CA key under another key-encryption key, or moved to another tenant', async () => {
    const { store, records } = memoryStore();
    await createChargingStationCa(kek(), store, clock)().caCertificate('t_1');
    await expect(createChargingStationCa(kek(), store, clock)().caCertificate('t_1')).rejects.toThrow(
      /another CA_KEY_ENCRYPTION_KEY/,
    );

    const key = kek();
    const owner = memoryStore();
    await createChargingStationCa(key, owner.store, clock)().caCertificate('t_1');
    // The item copied into another tenant's place: the tenant is bound into the ciphertext.
    records.clear();
    records.set('t_2', owner.records.get('t_1')!);
    await expect(createChargingStationCa(key, store, clock)().caCertificate('t_2')).rejects.toThrow();
  });

  it('makes exactly one CA when two runtimes need it at once', async () => {
    const key = kek();
    const { store, records, creations } = memoryStore();
    const [a, b] = await Promise.all([
      createChargingStationCa(key, store, clock)().caCertificate('t_1'),
      createChargingStationCa(key, store, clock)().caCertificate('t_1'),
    ]);
    expect(creations()).toBe(2);
    expect(a).toBe(b);
    expect(a).toBe(records.get('t_1')!.certificatePem);
  });

  it('is not configured without a key-encryption key', () => {
    expect(() => createChargingStationCa(undefined, memoryStore().store, clock)()).toThrow(
      NotConfiguredError,
    );
  });

  it('hands out a chain a charger can split into its certificates', async () => {
    const ca = createChargingStationCa(kek(), memoryStore().store, clock)();
    const { pem, csr } = csrFor('CP-1');
    const issued = await ca.issue('t_1', { csrPem: pem, csr, notBefore: NOW, notAfter: oneYearLater });
    const chain = [issued.certificatePem, ...issued.caCertificatesPem].join('');
    expect(pemBlocks(chain, 'CERTIFICATE')).toHaveLength(2);
  });
});
