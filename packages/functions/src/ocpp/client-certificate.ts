import { normalizeSerial } from '@csms/app/stations/security/x509';
import type { Deps } from '../deps.ts';
import { header } from './event-headers.ts';

/**
 * The contract between a TLS front that terminates OCPP security profile 3 (TLS with client certificates) and
 * the authorizer. API Gateway WebSocket APIs have no mutual TLS, so a front in between verifies the client's
 * certificate chain during the TLS handshake and forwards the upgrade with these headers, plus the origin secret.
 * The authorizer trusts them only with the origin secret: CloudFront forwards an allow-list of viewer headers
 * (`stacks/lib/ocpp-edge.ts`) that does not hold these, so a charger cannot forge them through the normal edge,
 * and a front must drop whatever a client sent under these names before adding its own.
 *
 * - serial: the certificate's serial number, hex (any case, leading zeros allowed);
 * - fingerprint: SHA-256 of the certificate's DER, hex pairs with or without colons;
 * - cn: the subject's common name, which must be the charge point id.
 */
export const CLIENT_CERT_HEADERS = {
  serial: 'x-csms-client-cert-serial',
  fingerprint: 'x-csms-client-cert-sha256',
  cn: 'x-csms-client-cert-cn',
} as const;

export interface PresentedCertificate {
  readonly serialNumber: string;
  readonly fingerprintSha256: string;
  readonly commonName: string;
}

/** What the front forwarded; undefined when any of the three is missing (no verified client certificate). */
export function presentedCertificate(
  headers: Record<string, string | undefined> | null,
): PresentedCertificate | undefined {
  const serialNumber = header(headers, CLIENT_CERT_HEADERS.serial)?.trim();
  const fingerprintSha256 = header(headers, CLIENT_CERT_HEADERS.fingerprint)?.trim();
  const commonName = header(headers, CLIENT_CERT_HEADERS.cn)?.trim();
  if (!serialNumber || !fingerprintSha256 || !commonName) return undefined;
  return { serialNumber, fingerprintSha256, commonName };
}

/** Why a presented certificate does not open a connection; undefined when it does. */
export type CertificateRefusal =
  | 'certificate-for-other-charger'
  | 'certificate-not-issued-by-tenant-ca'
  | 'certificate-fingerprint-mismatch'
  | 'certificate-revoked'
  | 'certificate-expired';

/**
 * The front checked the chain; this checks that the certificate is one the tenant's CA issued to this charger
 * and still trusts. Looking it up by serial in the tenant's own records (and matching the fingerprint, so a
 * certificate from another CA that happens to carry the same serial is not taken for it) also ties it to the
 * tenant: another tenant's CA, or any CA the front happens to trust, does not pass.
 */
export async function checkPresentedCertificate(
  deps: Pick<Deps, 'certificates' | 'clock'>,
  tenantId: string,
  chargePointId: string,
  presented: PresentedCertificate,
): Promise<CertificateRefusal | undefined> {
  if (presented.commonName !== chargePointId) return 'certificate-for-other-charger';
  const serial = normalizeSerial(presented.serialNumber);
  if (!/^[0-9a-f]+$/.test(serial)) return 'certificate-not-issued-by-tenant-ca';
  const issued = await deps.certificates.getIssuedCertificate(tenantId, serial);
  if (issued?.certificateType !== 'ChargingStationCertificate') return 'certificate-not-issued-by-tenant-ca';
  if (issued.chargePointId !== chargePointId) return 'certificate-for-other-charger';
  if (fingerprintHex(issued.fingerprintSha256) !== fingerprintHex(presented.fingerprintSha256))
    return 'certificate-fingerprint-mismatch';
  if (issued.revokedAt !== undefined) return 'certificate-revoked';
  const now = deps.clock.now().getTime();
  if (now >= Date.parse(issued.notAfter) || now < Date.parse(issued.notBefore)) return 'certificate-expired';
  return undefined;
}

/** Node and OpenSSL print `AB:CD:…`; a front may send plain hex: both compare as lower-case hex. */
function fingerprintHex(fingerprint: string): string {
  return fingerprint.replace(/:/g, '').trim().toLowerCase();
}
