import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  randomBytes,
  sign,
  X509Certificate,
} from 'node:crypto';
import type { Clock } from '@csms/app/deps';
import type {
  CertificateIssue,
  ChargingStationCa,
  IssuedChain,
} from '@csms/app/stations/security/charging-station-ca';
import {
  buildCertificate,
  buildName,
  type CertificateSigner,
  CLIENT_AUTH,
  certificateSubjectDer,
  ECDSA_WITH_SHA256,
  KeyUsageFlags,
  keyIdentifier,
  pemBlocks,
} from '@csms/app/stations/security/x509';
import { NotConfiguredError } from '@csms/core';
import type { CertificatesRepository, ChargingStationCaRecord, EncryptedPrivateKey } from '@csms/db';

/**
 * Each tenant's charging-station CA with its key kept by the runtime: an EC P-256 key pair and a self-signed CA
 * certificate, made on first need and stored in the table with the private key encrypted (AES-256-GCM under
 * `CA_KEY_ENCRYPTION_KEY`, the tenant and the CA certificate bound in as associated data, so a ciphertext
 * copied to another tenant's item does not decrypt). The key never leaves this module: not in plain text to
 * the table, not to any use case, not in any response. Signing happens here, in memory.
 *
 * This is the local CA, and the default on AWS; a managed CA (AWS Private CA, or a KMS asymmetric key signing
 * the TBSCertificate that `buildCertificate` hands to a `CertificateSigner`) replaces this adapter, not the use
 * cases (docs/ocpp201.md, "Certificates").
 */
export const CA_NOT_CONFIGURED =
  'The charging station CA is not configured: set CA_KEY_ENCRYPTION_KEY (32 random bytes, base64) to let the CSMS keep a CA key per tenant';

/** Long enough to outlive every certificate it signs (a year each); rotating a CA is an operator's decision. */
const CA_VALIDITY_MS = 10 * 365 * 24 * 3600 * 1000;

export type CaKeyStore = Pick<CertificatesRepository, 'getChargingStationCa' | 'createChargingStationCa'>;

interface LoadedCa {
  readonly certificatePem: string;
  readonly subjectDer: Buffer;
  readonly keyId: Buffer;
  readonly notAfter: Date;
  readonly signer: CertificateSigner;
}

export function createChargingStationCa(
  keyEncryptionKey: string | undefined,
  store: CaKeyStore,
  clock: Clock,
): () => ChargingStationCa {
  let ca: ChargingStationCa | undefined;
  return () => {
    if (keyEncryptionKey === undefined) throw new NotConfiguredError(CA_NOT_CONFIGURED);
    ca ??= new LocalChargingStationCa(decodeKeyEncryptionKey(keyEncryptionKey), store, clock);
    return ca;
  };
}

/** 32 bytes in base64 or base64url; the configuration schema checks the same at start-up. */
export function decodeKeyEncryptionKey(text: string): Buffer {
  const key = Buffer.from(text, 'base64');
  if (key.length !== 32)
    throw new NotConfiguredError('CA_KEY_ENCRYPTION_KEY must be 32 bytes, base64-encoded');
  return key;
}

class LocalChargingStationCa implements ChargingStationCa {
  /** Decrypted CAs of this container, by tenant: one table read and one decryption per cold start. */
  readonly #loaded = new Map<string, Promise<LoadedCa>>();
  readonly #kekId: string;

  constructor(
    private readonly kek: Buffer,
    private readonly store: CaKeyStore,
    private readonly clock: Clock,
  ) {
    this.#kekId = createHash('sha256').update('csms-ca-kek').update(kek).digest('hex').slice(0, 16);
  }

  async caCertificate(tenantId: string): Promise<string> {
    return (await this.#load(tenantId)).certificatePem;
  }

  async issue(tenantId: string, request: CertificateIssue): Promise<IssuedChain> {
    const ca = await this.#load(tenantId);
    const ec = request.csr.keyType === 'ec';
    const certificatePem = await buildCertificate(
      {
        serialNumber: newSerialNumber(),
        issuerDer: ca.subjectDer,
        subjectDer: request.csr.subjectDer,
        publicKeyDer: request.csr.publicKeyDer,
        notBefore: request.notBefore,
        notAfter: request.notAfter < ca.notAfter ? request.notAfter : ca.notAfter,
        ca: false,
        // TLS client authentication: ECDHE signs with the key; an RSA key may also be used for key transport.
        keyUsage:
          KeyUsageFlags.digitalSignature | (ec ? KeyUsageFlags.keyAgreement : KeyUsageFlags.keyEncipherment),
        extendedKeyUsage: [CLIENT_AUTH],
        authorityKeyIdentifier: ca.keyId,
      },
      ca.signer,
    );
    return { certificatePem, caCertificatesPem: [ca.certificatePem] };
  }

  #load(tenantId: string): Promise<LoadedCa> {
    let loading = this.#loaded.get(tenantId);
    if (!loading) {
      loading = this.#readOrCreate(tenantId);
      // A failure (table unreachable) is not remembered: the next request tries again.
      loading.catch(() => this.#loaded.delete(tenantId));
      this.#loaded.set(tenantId, loading);
    }
    return loading;
  }

  async #readOrCreate(tenantId: string): Promise<LoadedCa> {
    const stored = await this.store.getChargingStationCa(tenantId);
    if (stored) return this.#open(tenantId, stored);
    const created = await this.#create(tenantId);
    if (await this.store.createChargingStationCa(tenantId, created.record)) return created.ca;
    // Another invocation made the tenant's CA first: that one is the CA.
    const winner = await this.store.getChargingStationCa(tenantId);
    if (!winner) throw new Error(`The charging station CA of ${tenantId} was neither created nor found`);
    return this.#open(tenantId, winner);
  }

  async #create(tenantId: string): Promise<{ record: ChargingStationCaRecord; ca: LoadedCa }> {
    const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const publicKeyDer = publicKey.export({ format: 'der', type: 'spki' });
    const subjectDer = buildName({ commonName: `Charging Station CA ${tenantId}`, organization: 'CSMS' });
    const now = this.clock.now();
    const certificatePem = await buildCertificate(
      {
        serialNumber: newSerialNumber(),
        issuerDer: subjectDer,
        subjectDer,
        publicKeyDer,
        notBefore: now,
        notAfter: new Date(now.getTime() + CA_VALIDITY_MS),
        ca: true,
        keyUsage: KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign,
      },
      signerFor(privateKey),
    );
    const record: ChargingStationCaRecord = {
      certificatePem,
      encryptedKey: this.#encrypt(tenantId, certificatePem, privateKey),
      createdAt: now.toISOString(),
    };
    return { record, ca: loaded(certificatePem, privateKey) };
  }

  #open(tenantId: string, record: ChargingStationCaRecord): LoadedCa {
    const { encryptedKey } = record;
    if (encryptedKey.keyEncryptionKeyId !== this.#kekId) {
      throw new Error(
        `The charging station CA key of ${tenantId} was encrypted under another CA_KEY_ENCRYPTION_KEY (${encryptedKey.keyEncryptionKeyId})`,
      );
    }
    const decipher = createDecipheriv('aes-256-gcm', this.kek, Buffer.from(encryptedKey.iv, 'base64'));
    decipher.setAAD(associatedData(tenantId, record.certificatePem));
    decipher.setAuthTag(Buffer.from(encryptedKey.authTag, 'base64'));
    const pkcs8 = Buffer.concat([
      decipher.update(Buffer.from(encryptedKey.ciphertext, 'base64')),
      decipher.final(),
    ]);
    const privateKey = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' });
    const certificate = new X509Certificate(record.certificatePem);
    // The key must be the certificate's: a swapped item is refused rather than signing under the wrong name.
    if (!certificate.checkPrivateKey(privateKey)) {
      throw new Error(`The charging station CA key of ${tenantId} does not match its certificate`);
    }
    return loaded(record.certificatePem, privateKey);
  }

  #encrypt(tenantId: string, certificatePem: string, privateKey: KeyObject): EncryptedPrivateKey {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.kek, iv);
    cipher.setAAD(associatedData(tenantId, certificatePem));
    const ciphertext = Buffer.concat([
      cipher.update(privateKey.export({ format: 'der', type: 'pkcs8' })),
      cipher.final(),
    ]);
    return {
      algorithm: 'AES-256-GCM',
      keyEncryptionKeyId: this.#kekId,
      iv: iv.toString('base64'),
      ciphertext: ciphertext.toString('base64'),
      authTag: cipher.getAuthTag().toString('base64'),
    };
  }
}

/** Binds a ciphertext to its tenant and CA certificate. */
const associatedData = (tenantId: string, certificatePem: string) =>
  createHash('sha256').update(`csms-charging-station-ca\n${tenantId}\n${certificatePem}`).digest();

function loaded(certificatePem: string, privateKey: KeyObject): LoadedCa {
  const der = pemBlocks(certificatePem, 'CERTIFICATE')[0];
  if (!der) throw new Error('The charging station CA certificate is not PEM');
  const certificate = new X509Certificate(der);
  const publicKeyDer = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  return {
    certificatePem,
    // The issuer of what the CA signs is its subject, byte for byte as in its own certificate.
    subjectDer: certificateSubjectDer(certificatePem),
    keyId: keyIdentifier(publicKeyDer),
    notAfter: new Date(certificate.validTo),
    signer: signerFor(privateKey),
  };
}

function signerFor(privateKey: KeyObject): CertificateSigner {
  // Node signs ECDSA in DER, the form X.509 carries.
  return { signatureAlgorithm: ECDSA_WITH_SHA256, sign: async (tbs) => sign('sha256', tbs, privateKey) };
}

/** 16 random bytes, a positive DER INTEGER with no leading zero byte: 126 bits of entropy (CA/B asks ≥ 64). */
function newSerialNumber(): Buffer {
  const serial = randomBytes(16);
  serial[0] = (serial[0]! & 0x7f) | 0x40;
  return serial;
}
