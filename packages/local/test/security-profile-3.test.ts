import { generateKeyPairSync, randomBytes, sign, X509Certificate } from 'node:crypto';
import {
  buildCertificate,
  buildName,
  createCsr,
  ECDSA_WITH_SHA256,
  KeyUsageFlags,
} from '@csms/app/stations/security/x509';
import type { RPCClient } from 'ocpp-rpc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../src/stack.ts';
import { exchange, HandshakeRefused, rawSocket, strictCharger } from './support/chargers.ts';
import { signUpWithChargePoint, startTestStack } from './support/local-stack.ts';

/**
 * The per-charger OCPP security profile end to end: set with PATCH and shown in the view (2 by default), and
 * enforced by the authorizer at the next handshake. Profile 3 through the local TLS front: a charger gets its
 * certificate from the tenant's CA (SignCertificate / CertificateSigned) and connects over wss with it; without
 * a certificate, with another charger's or a self-made one, or with Basic auth it is refused, and certificate
 * headers a charger sends itself are not believed.
 */
let stack: LocalStack;
let server: { cert: string; fingerprint: string };
const open: RPCClient[] = [];

type KeyPair = ReturnType<typeof ecKeys>;
const ecKeys = () => generateKeyPairSync('ec', { namedCurve: 'prime256v1' });

/** A self-signed certificate made with the product's own x509 helpers (the front's, or a forger's). */
async function selfSigned(commonName: string, keys: KeyPair): Promise<string> {
  const name = buildName({ commonName });
  const serial = randomBytes(16);
  serial[0] = (serial[0] as number) & 0x7f;
  return buildCertificate(
    {
      serialNumber: serial,
      issuerDer: name,
      subjectDer: name,
      publicKeyDer: keys.publicKey.export({ format: 'der', type: 'spki' }),
      notBefore: new Date(Date.now() - 60_000),
      notAfter: new Date(Date.now() + 86_400_000),
      // Self-signed and its own trust anchor on the client: a CA certificate, as `openssl req -x509` makes.
      ca: true,
      keyUsage: KeyUsageFlags.digitalSignature | KeyUsageFlags.keyCertSign,
      extendedKeyUsage: ['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2'],
    },
    { signatureAlgorithm: ECDSA_WITH_SHA256, sign: async (tbs) => sign('sha256', tbs, keys.privateKey) },
  );
}

beforeAll(async () => {
  const keys = ecKeys();
  const cert = await selfSigned('localhost', keys);
  server = { cert, fingerprint: new X509Certificate(cert).fingerprint256 };
  stack = await startTestStack({
    environment: { OCPP_CALL_TIMEOUT_MS: '3000' },
    tlsFront: { cert, key: keys.privateKey.export({ format: 'pem', type: 'pkcs8' }) as string },
  });
});
afterAll(async () => {
  for (const charger of open) await charger.close({ force: true });
  await stack?.stop();
});

async function handshake(url: string, user: string, password: string, headers: Record<string, string> = {}) {
  const ws = await rawSocket(url, { user, password, protocols: ['ocpp2.0.1'], headers });
  ws.close();
}

describe('the security profile setting', () => {
  it('is 2 by default, set with PATCH, validated, and enforced at the next handshake', async () => {
    const { api, ocppUrl, password } = await signUpWithChargePoint(stack, 'CP-SP-1');
    const view = await api('GET', '/v1/charge-points/CP-SP-1');
    expect(view.body).toMatchObject({ securityProfile: 2 });
    await handshake(ocppUrl, 'CP-SP-1', password);

    for (const invalid of [0, 4, '3', null]) {
      const refused = await api('PATCH', '/v1/charge-points/CP-SP-1', { securityProfile: invalid });
      expect(refused.status).toBe(422);
    }

    const three = await api('PATCH', '/v1/charge-points/CP-SP-1', { securityProfile: 3 });
    expect(three.status).toBe(200);
    expect(three.body).toMatchObject({ securityProfile: 3 });
    expect((await api('GET', '/v1/charge-points/CP-SP-1')).body).toMatchObject({ securityProfile: 3 });
    // Basic auth, even with the right password, no longer opens a connection.
    await expect(handshake(ocppUrl, 'CP-SP-1', password)).rejects.toEqual(new HandshakeRefused(401));

    const one = await api('PATCH', '/v1/charge-points/CP-SP-1', { securityProfile: 1 });
    expect(one.body).toMatchObject({ securityProfile: 1 });
    await handshake(ocppUrl, 'CP-SP-1', password);
  });
});

/** Boots on profile 2 with Basic auth and has the tenant's CA sign a CSR for its id: the key and the leaf. */
async function certifiedCharger(chargePointId: string) {
  const registered = await signUpWithChargePoint(stack, chargePointId);
  const cp = strictCharger(registered.ocppUrl, registered.password, ['ocpp2.0.1']);
  await cp.connect();
  open.push(cp);
  await cp.call('BootNotification', {
    reason: 'PowerUp',
    chargingStation: { model: 'Wallbox X', vendorName: 'ACME' },
  });
  const keys = ecKeys();
  const delivered = new Promise<string>((resolve) => {
    cp.handle('CertificateSigned', async ({ params }) => {
      resolve((params as { certificateChain: string }).certificateChain);
      return { status: 'Accepted' };
    });
  });
  const csr = createCsr({ commonName: chargePointId }, keys);
  expect(await cp.call('SignCertificate', { csr, certificateType: 'ChargingStationCertificate' })).toEqual({
    status: 'Accepted',
  });
  const chain = await delivered;
  await cp.close();
  const leaf = new X509Certificate(chain);
  return {
    ...registered,
    tlsUrl: registered.ocppUrl.replace(stack.ocppUrl, stack.ocppTlsUrl as string),
    key: keys.privateKey.export({ format: 'pem', type: 'pkcs8' }) as string,
    cert: leaf.toString(),
    serial: leaf.serialNumber,
    fingerprint: leaf.fingerprint256,
  };
}

/** The wss handshake through the front: trusts the front's self-signed certificate, pinned by fingerprint. */
function tlsSocket(url: string, client: { cert?: string; key?: string } = {}, basic?: [string, string]) {
  return rawSocket(url, {
    protocols: ['ocpp2.0.1'],
    ...(basic ? { user: basic[0], password: basic[1] } : {}),
    tls: {
      ...client,
      ca: server.cert,
      // The test certificate has no subjectAltName for 127.0.0.1; the chain is verified, the server pinned.
      checkServerIdentity: (_host, peer) =>
        peer.fingerprint256 === server.fingerprint ? undefined : new Error('not the TLS front'),
    },
  });
}

describe('security profile 3 through the TLS front', () => {
  it("accepts the charger's certificate from the tenant CA and refuses everything else", async () => {
    const mine = await certifiedCharger('CP-TLS-1');
    const theirs = await certifiedCharger('CP-TLS-2');
    expect(stack.ocppTlsUrl).toMatch(/^wss:\/\/127\.0\.0\.1:\d+\/ocpp$/);
    expect((await mine.api('PATCH', '/v1/charge-points/CP-TLS-1', { securityProfile: 3 })).status).toBe(200);

    // Its own certificate opens the connection, and OCPP flows over it.
    const ws = await tlsSocket(mine.tlsUrl, { cert: mine.cert, key: mine.key });
    const boot = { reason: 'PowerUp', chargingStation: { model: 'Wallbox X', vendorName: 'ACME' } };
    expect(await exchange(ws, JSON.stringify([2, 'b-1', 'BootNotification', boot]))).toMatchObject([
      3,
      'b-1',
      { status: 'Accepted' },
    ]);
    ws.close();

    const refused = new HandshakeRefused(401);
    // No certificate, even with the right password; Basic auth on the plain endpoint neither.
    await expect(tlsSocket(mine.tlsUrl)).rejects.toEqual(refused);
    await expect(tlsSocket(mine.tlsUrl, {}, ['CP-TLS-1', mine.password])).rejects.toEqual(refused);
    await expect(handshake(mine.ocppUrl, 'CP-TLS-1', mine.password)).rejects.toEqual(refused);
    // Another charger's certificate (CN CP-TLS-2), issued by a CA, just not for this charger.
    await expect(tlsSocket(mine.tlsUrl, { cert: theirs.cert, key: theirs.key })).rejects.toEqual(refused);
    // A self-made certificate with the right CN: not one the tenant's CA issued.
    const forgerKeys = ecKeys();
    const forged = await selfSigned('CP-TLS-1', forgerKeys);
    const forgedKey = forgerKeys.privateKey.export({ format: 'pem', type: 'pkcs8' }) as string;
    await expect(tlsSocket(mine.tlsUrl, { cert: forged, key: forgedKey })).rejects.toEqual(refused);

    // The headers of the real certificate, sent by the charger itself past the front, are not believed.
    const headers = {
      'x-csms-client-cert-serial': mine.serial,
      'x-csms-client-cert-sha256': mine.fingerprint,
      'x-csms-client-cert-cn': 'CP-TLS-1',
    };
    await expect(handshake(mine.ocppUrl, 'CP-TLS-1', 'x', headers)).rejects.toEqual(refused);
    // …nor sent through the front by a client without the certificate.
    const through = rawSocket(mine.tlsUrl, {
      protocols: ['ocpp2.0.1'],
      headers,
      tls: { ca: server.cert, checkServerIdentity: () => undefined },
    });
    await expect(through).rejects.toEqual(refused);

    // Back on profile 2 the charger connects with its password again, through the front too.
    await mine.api('PATCH', '/v1/charge-points/CP-TLS-1', { securityProfile: 2 });
    (await tlsSocket(mine.tlsUrl, {}, ['CP-TLS-1', mine.password])).close();
  });
});
