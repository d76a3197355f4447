import {
  createHash,
  createPublicKey,
  type KeyObject,
  sign as signBytes,
  verify as verifyBytes,
  X509Certificate,
} from 'node:crypto';
import { CertificationRequest, CertificationRequestInfo } from '@peculiar/asn1-csr';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import {
  AlgorithmIdentifier,
  AttributeTypeAndValue,
  AttributeValue,
  AuthorityKeyIdentifier,
  BasicConstraints,
  Certificate,
  ExtendedKeyUsage,
  Extension,
  Extensions,
  id_ce_authorityKeyIdentifier,
  id_ce_basicConstraints,
  id_ce_extKeyUsage,
  id_ce_keyUsage,
  id_ce_subjectKeyIdentifier,
  KeyIdentifier,
  KeyUsage,
  Name,
  RelativeDistinguishedName,
  SubjectKeyIdentifier,
  SubjectPublicKeyInfo,
  TBSCertificate,
  Validity,
  Version,
} from '@peculiar/asn1-x509';

/**
 * The X.509 the charging-station CA needs, on Node's crypto plus the ASN.1 schemas of `@peculiar/asn1-x509` and
 * `@peculiar/asn1-csr` (DER encoding only: every signature is made and checked by Node). Certificates are built
 * as a TBSCertificate whose DER a `CertificateSigner` signs, so the key can live anywhere that signs bytes: a
 * key in this process, KMS `Sign`, an HSM.
 */

export { KeyUsageFlags } from '@peculiar/asn1-x509';

/** ecdsa-with-SHA256: what the tenant CAs sign with (P-256 keys, as OCPP 2.0.1 and ISO 15118 expect). */
export const ECDSA_WITH_SHA256 = '1.2.840.10045.4.3.2';
/** id-kp-clientAuth: a charging station certificate authenticates the station in TLS (security profile 3). */
export const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';

const COMMON_NAME = '2.5.4.3';
const ORGANIZATION = '2.5.4.10';

/** Signature algorithms a CSR may use: RSA PKCS#1 v1.5 or ECDSA with SHA-2 (SHA-1 is refused as broken). */
const CSR_SIGNATURES: Readonly<Record<string, { readonly hash: string; readonly key: 'rsa' | 'ec' }>> = {
  '1.2.840.113549.1.1.11': { hash: 'sha256', key: 'rsa' },
  '1.2.840.113549.1.1.12': { hash: 'sha384', key: 'rsa' },
  '1.2.840.113549.1.1.13': { hash: 'sha512', key: 'rsa' },
  [ECDSA_WITH_SHA256]: { hash: 'sha256', key: 'ec' },
  '1.2.840.10045.4.3.3': { hash: 'sha384', key: 'ec' },
  '1.2.840.10045.4.3.4': { hash: 'sha512', key: 'ec' },
};

/** OCPP 2.0.1 (A00.FR.3xx) asks for RSA of at least 2048 bits or EC of at least 224; these are the EC curves. */
const EC_CURVES = ['prime256v1', 'secp384r1', 'secp521r1'];
const MIN_RSA_BITS = 2048;

const ATTRIBUTE_NAMES: Readonly<Record<string, string>> = {
  [COMMON_NAME]: 'CN',
  [ORGANIZATION]: 'O',
  '2.5.4.11': 'OU',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.5': 'serialNumber',
  '0.9.2342.19200300.100.1.25': 'DC',
};

// --- PEM ---

/** The DER of every PEM block with this label, in order (e.g. the certificates of a chain). */
export function pemBlocks(text: string, label: string): Buffer[] {
  const pattern = new RegExp(`-----BEGIN ${label}-----([A-Za-z0-9+/=\\s]*?)-----END ${label}-----`, 'g');
  return [...text.matchAll(pattern)].map((match) =>
    Buffer.from((match[1] ?? '').replace(/\s+/g, ''), 'base64'),
  );
}

export function toPem(der: Uint8Array, label: string): string {
  const base64 = Buffer.from(der).toString('base64');
  const lines = base64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

// --- names, keys, serial numbers ---

/** `CN=CP-1, O=Acme` from a Name's DER, in encoded order (as OpenSSL prints it), for people and logs. */
export function nameText(nameDer: Uint8Array): string {
  const name = AsnConvert.parse(nameDer, Name);
  // Spread first: Name is an Array subclass, whose own map would build Names.
  return [...name]
    .flatMap((rdn) => [...rdn])
    .map((attribute) => `${ATTRIBUTE_NAMES[attribute.type] ?? attribute.type}=${attribute.value.toString()}`)
    .join(', ');
}

function commonNamesOf(name: Name): string[] {
  return [...name]
    .flatMap((rdn) => [...rdn])
    .filter((attribute) => attribute.type === COMMON_NAME)
    .map((attribute) => attribute.value.toString());
}

/** A Name of a common name and, optionally, an organization (UTF8String, as RFC 5280 recommends). */
export function buildName(subject: { readonly commonName: string; readonly organization?: string }): Buffer {
  const attributes: [string, string][] = [[COMMON_NAME, subject.commonName]];
  if (subject.organization !== undefined) attributes.unshift([ORGANIZATION, subject.organization]);
  const name = new Name(
    attributes.map(
      ([type, value]) =>
        new RelativeDistinguishedName([
          new AttributeTypeAndValue({ type, value: new AttributeValue({ utf8String: value }) }),
        ]),
    ),
  );
  return Buffer.from(AsnConvert.serialize(name));
}

/** The subjectPublicKey bits of a SubjectPublicKeyInfo (what key identifiers and OCSP key hashes digest). */
function publicKeyBits(spkiDer: Uint8Array): Buffer {
  return Buffer.from(AsnConvert.parse(spkiDer, SubjectPublicKeyInfo).subjectPublicKey);
}

/** RFC 5280 §4.2.1.2 method 1: SHA-1 of the public key bits (an identifier, not a security function). */
export function keyIdentifier(spkiDer: Uint8Array): Buffer {
  return createHash('sha1').update(publicKeyBits(spkiDer)).digest();
}

/**
 * Serial numbers as OCPP's CertificateHashData carries them: hex without leading zeros, lower case. Chargers
 * differ in case and padding, so every comparison goes through this.
 */
export function normalizeSerial(serial: string): string {
  const hex = serial.trim().toLowerCase().replace(/^0+/, '');
  return hex === '' ? '0' : hex;
}

export type HashAlgorithm = 'SHA256' | 'SHA384' | 'SHA512';

/**
 * The issuer part of OCPP's CertificateHashData / OCSPRequestData for certificates a CA issued: the hashes of
 * its subject name and of its public key bits (as in an OCSP CertID), hex in lower case.
 */
export function issuerHashes(
  caCertificatePem: string,
  algorithm: HashAlgorithm,
): { readonly issuerNameHash: string; readonly issuerKeyHash: string } {
  const der = pemBlocks(caCertificatePem, 'CERTIFICATE')[0];
  if (!der) throw new Error('Not a PEM certificate');
  const { tbsCertificate } = AsnConvert.parse(der, Certificate);
  const hash = (bytes: Uint8Array) => createHash(algorithm.toLowerCase()).update(bytes).digest('hex');
  return {
    issuerNameHash: hash(Buffer.from(AsnConvert.serialize(tbsCertificate.subject))),
    issuerKeyHash: hash(Buffer.from(tbsCertificate.subjectPublicKeyInfo.subjectPublicKey)),
  };
}

// --- certificate signing requests ---

export interface ParsedCsr {
  /** The subject as the charger wrote it, DER, so the certificate names it byte for byte. */
  readonly subjectDer: Buffer;
  /** `nameText` of the subject. */
  readonly subject: string;
  readonly commonNames: readonly string[];
  /** SubjectPublicKeyInfo, DER. */
  readonly publicKeyDer: Buffer;
  readonly keyType: 'rsa' | 'ec';
}

export type CsrCheck =
  | { readonly ok: true; readonly csr: ParsedCsr }
  /** What is wrong, in words a charger's log can show (at most 512 characters, OCPP's additionalInfo). */
  | { readonly ok: false; readonly problem: string };

/**
 * A PKCS#10 request, checked: one PEM block that decodes, signed with a SHA-2 algorithm by the private key of
 * the public key it carries (proof of possession), and that key strong enough to be certified.
 */
export function parseCsr(pem: string): CsrCheck {
  const blocks = [...pemBlocks(pem, 'CERTIFICATE REQUEST'), ...pemBlocks(pem, 'NEW CERTIFICATE REQUEST')];
  if (blocks.length !== 1 || blocks[0]?.length === 0) {
    return { ok: false, problem: 'Expected one PEM block "CERTIFICATE REQUEST"' };
  }
  let request: CertificationRequest;
  try {
    request = AsnConvert.parse(blocks[0]!, CertificationRequest);
  } catch {
    return { ok: false, problem: 'The CSR is not a DER-encoded PKCS#10 request' };
  }
  const info = request.certificationRequestInfo;
  const algorithm = CSR_SIGNATURES[request.signatureAlgorithm.algorithm];
  if (!algorithm) {
    return {
      ok: false,
      problem: `Unsupported CSR signature algorithm ${request.signatureAlgorithm.algorithm}: use RSA or ECDSA with SHA-256/384/512`,
    };
  }
  const publicKeyDer = Buffer.from(AsnConvert.serialize(info.subjectPKInfo));
  let key: KeyObject;
  try {
    key = createPublicKey({ key: publicKeyDer, format: 'der', type: 'spki' });
  } catch {
    return { ok: false, problem: 'The CSR carries a public key that cannot be read' };
  }
  const weak = weakKey(key);
  if (weak) return { ok: false, problem: weak };
  if (key.asymmetricKeyType !== algorithm.key) {
    return { ok: false, problem: 'The CSR signature algorithm does not match its public key' };
  }
  // The signature covers the request info exactly as the charger encoded it.
  const signed = request.certificationRequestInfoRaw
    ? Buffer.from(request.certificationRequestInfoRaw)
    : Buffer.from(AsnConvert.serialize(info));
  let valid = false;
  try {
    valid = verifyBytes(algorithm.hash, signed, key, Buffer.from(request.signature));
  } catch {
    valid = false;
  }
  if (!valid) return { ok: false, problem: 'The CSR signature does not verify with its public key' };
  const subjectDer = Buffer.from(AsnConvert.serialize(info.subject));
  return {
    ok: true,
    csr: {
      subjectDer,
      subject: nameText(subjectDer),
      commonNames: commonNamesOf(info.subject),
      publicKeyDer,
      keyType: algorithm.key,
    },
  };
}

function weakKey(key: KeyObject): string | undefined {
  const details = key.asymmetricKeyDetails ?? {};
  if (key.asymmetricKeyType === 'rsa') {
    return (details.modulusLength ?? 0) < MIN_RSA_BITS
      ? `RSA keys must have at least ${MIN_RSA_BITS} bits`
      : undefined;
  }
  if (key.asymmetricKeyType === 'ec') {
    return EC_CURVES.includes(details.namedCurve ?? '')
      ? undefined
      : `EC keys must be on P-256, P-384 or P-521, not ${details.namedCurve ?? 'an unnamed curve'}`;
  }
  return `Unsupported key type ${key.asymmetricKeyType ?? 'unknown'}: use RSA or EC`;
}

/**
 * A PKCS#10 request for `subject`, signed by `privateKey` (ECDSA with SHA-256 or RSA with SHA-256, after the
 * key's type). The charger's side of the exchange: the tests and the charger simulator make CSRs with it.
 */
export function createCsr(
  subject: { readonly commonName: string; readonly organization?: string },
  keys: { readonly publicKey: KeyObject; readonly privateKey: KeyObject },
): string {
  const info = new CertificationRequestInfo({
    version: 0,
    subject: AsnConvert.parse(buildName(subject), Name),
    subjectPKInfo: AsnConvert.parse(
      keys.publicKey.export({ format: 'der', type: 'spki' }),
      SubjectPublicKeyInfo,
    ),
  });
  const infoDer = Buffer.from(AsnConvert.serialize(info));
  const ec = keys.privateKey.asymmetricKeyType === 'ec';
  const request = new CertificationRequest({
    certificationRequestInfo: info,
    signatureAlgorithm: ec
      ? new AlgorithmIdentifier({ algorithm: ECDSA_WITH_SHA256 })
      : // RSA signature algorithm identifiers carry an explicit NULL parameter.
        new AlgorithmIdentifier({ algorithm: '1.2.840.113549.1.1.11', parameters: null }),
    signature: new Uint8Array(signBytes('sha256', infoDer, keys.privateKey)).buffer,
  });
  return toPem(new Uint8Array(AsnConvert.serialize(request)), 'CERTIFICATE REQUEST');
}

// --- certificates ---

/** Whatever holds a CA's private key: signs the DER of a TBSCertificate. */
export interface CertificateSigner {
  /** The signature algorithm's OID, written into the certificate (e.g. `ECDSA_WITH_SHA256`). */
  readonly signatureAlgorithm: string;
  sign(tbsCertificate: Buffer): Promise<Buffer>;
}

export interface CertificateTemplate {
  /** A positive DER INTEGER's bytes, at most 20 (RFC 5280). */
  readonly serialNumber: Buffer;
  readonly issuerDer: Buffer;
  readonly subjectDer: Buffer;
  /** SubjectPublicKeyInfo of the key certified, DER. */
  readonly publicKeyDer: Buffer;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** A CA certificate (basicConstraints cA, path length 0: it signs end-entity certificates only). */
  readonly ca: boolean;
  /** `KeyUsageFlags` combined. */
  readonly keyUsage: number;
  readonly extendedKeyUsage?: readonly string[];
  /** The issuer's subject key identifier; absent for a self-signed certificate (its own is used). */
  readonly authorityKeyIdentifier?: Buffer;
}

function extension(extnID: string, critical: boolean, value: unknown): Extension {
  return new Extension({ extnID, critical, extnValue: new OctetString(AsnConvert.serialize(value)) });
}

/** An X.509 v3 certificate (PEM) for the template, signed by `signer`. */
export async function buildCertificate(
  template: CertificateTemplate,
  signer: CertificateSigner,
): Promise<string> {
  const subjectKeyId = keyIdentifier(template.publicKeyDer);
  const extensions = [
    extension(
      id_ce_basicConstraints,
      true,
      new BasicConstraints(template.ca ? { cA: true, pathLenConstraint: 0 } : { cA: false }),
    ),
    extension(id_ce_keyUsage, true, new KeyUsage(template.keyUsage)),
    ...(template.extendedKeyUsage
      ? [extension(id_ce_extKeyUsage, false, new ExtendedKeyUsage([...template.extendedKeyUsage]))]
      : []),
    extension(id_ce_subjectKeyIdentifier, false, new SubjectKeyIdentifier(subjectKeyId)),
    extension(
      id_ce_authorityKeyIdentifier,
      false,
      new AuthorityKeyIdentifier({
        keyIdentifier: new KeyIdentifier(template.authorityKeyIdentifier ?? subjectKeyId),
      }),
    ),
  ];
  const signatureAlgorithm = new AlgorithmIdentifier({ algorithm: signer.signatureAlgorithm });
  const tbs = new TBSCertificate({
    version: Version.v3,
    serialNumber: new Uint8Array(template.serialNumber).buffer,
    signature: signatureAlgorithm,
    issuer: AsnConvert.parse(template.issuerDer, Name),
    validity: new Validity({ notBefore: template.notBefore, notAfter: template.notAfter }),
    subject: AsnConvert.parse(template.subjectDer, Name),
    subjectPublicKeyInfo: AsnConvert.parse(template.publicKeyDer, SubjectPublicKeyInfo),
    extensions: new Extensions(extensions),
  });
  const tbsDer = Buffer.from(AsnConvert.serialize(tbs));
  const signature = await signer.sign(tbsDer);
  const certificate = new Certificate({
    tbsCertificate: tbs,
    signatureAlgorithm,
    signatureValue: new Uint8Array(signature).buffer,
  });
  return toPem(new Uint8Array(AsnConvert.serialize(certificate)), 'CERTIFICATE');
}

/** The subject Name of a PEM certificate, DER: the issuer name of whatever that certificate's key signs. */
export function certificateSubjectDer(certificatePem: string): Buffer {
  const der = pemBlocks(certificatePem, 'CERTIFICATE')[0];
  if (!der) throw new Error('Not a PEM certificate');
  return Buffer.from(AsnConvert.serialize(AsnConvert.parse(der, Certificate).tbsCertificate.subject));
}

/** What the API and the store show of a certificate. */
export interface CertificateFacts {
  /** `normalizeSerial` of the serial number. */
  readonly serialNumber: string;
  readonly subject: string;
  readonly issuer: string;
  readonly notBefore: string;
  readonly notAfter: string;
  /** SHA-256 of the DER, hex pairs separated by colons (as Node and OpenSSL print it). */
  readonly fingerprintSha256: string;
}

/** Facts of one PEM certificate; undefined when the text is not one. */
export function certificateFacts(pem: string): CertificateFacts | undefined {
  const der = pemBlocks(pem, 'CERTIFICATE')[0];
  if (!der) return undefined;
  let certificate: X509Certificate;
  let parsed: Certificate;
  try {
    certificate = new X509Certificate(der);
    parsed = AsnConvert.parse(der, Certificate);
  } catch {
    return undefined;
  }
  return {
    serialNumber: normalizeSerial(certificate.serialNumber),
    subject: nameText(Buffer.from(AsnConvert.serialize(parsed.tbsCertificate.subject))),
    issuer: nameText(Buffer.from(AsnConvert.serialize(parsed.tbsCertificate.issuer))),
    notBefore: new Date(certificate.validFrom).toISOString(),
    notAfter: new Date(certificate.validTo).toISOString(),
    fingerprintSha256: certificate.fingerprint256,
  };
}
