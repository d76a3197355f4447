import { NotConfiguredError } from '@csms/core';
import type { CertificateDelivery, IssuedCertificate, Page, PageRequest } from '@csms/db';
import type { OcppVersion } from '@csms/ocpp';
import type { Deps } from '../../deps.ts';
import { callAs } from '../commands/call-ocpp16.ts';
import { requireChargePoint } from '../commands/charger-lookup.ts';
import type { ChargingStationCa } from './charging-station-ca.ts';
import {
  type CertificateFacts,
  certificateFacts,
  type HashAlgorithm,
  issuerHashes,
  normalizeSerial,
  parseCsr,
} from './x509.ts';

/**
 * The certificate requests a charger sends (OCPP 2.0.1 blocks A and M, and the 1.6 security extension), and
 * the tenant's charging-station CA behind them. SignCertificate is signed by that CA when the CSR is sound and
 * names the charger; GetCertificateStatus is answered from the CA's own records; ISO 15118 contract
 * certificates are refused (they need a V2G root and a mobility operator, which this CSMS does not have).
 */
export interface CertificateRefusal {
  /** OCPP 2.0.1 StatusInfo reason code: free text of at most 20 characters. */
  readonly reasonCode: string;
  /** At most 512 characters. */
  readonly additionalInfo: string;
}

export type CertificateSigningUse = 'ChargingStationCertificate' | 'V2GCertificate';

export interface SigningRequest {
  readonly tenantId: string;
  readonly chargePointId: string;
  /** The version the charger speaks, for the CertificateSigned call that delivers the certificate. */
  readonly ocppVersion: OcppVersion;
  readonly csr: string;
  readonly certificateType: CertificateSigningUse;
}

export type SigningOutcome =
  | {
      readonly status: 'Accepted';
      readonly certificate: IssuedCertificate;
      /**
       * Sends CertificateSigned with the chain and records the charger's answer. It must run only once the
       * charger has the `Accepted` answer: a charger waiting for that answer would not take the call.
       */
      readonly deliver: () => Promise<CertificateDelivery>;
    }
  | { readonly status: 'Rejected'; readonly refusal: CertificateRefusal };

/** A charging station certificate lasts a year; the charger renews it (A03/A04) before it ends. */
const VALIDITY_MS = 365 * 24 * 3600 * 1000;
/** Chargers' clocks drift: valid from an hour ago, a charger running a little behind still accepts it. */
const BACKDATE_MS = 3600 * 1000;

const info = (text: string) => text.slice(0, 512);

/**
 * SignCertificate. Refused (`Rejected` with a reason) when the CSR is not one PEM PKCS#10 request with a valid
 * signature and a strong enough key, when its subject's common name is not the charge point id (the identity
 * the charger authenticated with), or for a V2G certificate (an SECC certificate must chain to a V2G root that
 * EVs trust, which this CA is not). Otherwise the certificate is signed and recorded now, before the answer, so
 * `Accepted` means it exists; delivering it is `deliver`, for after the answer.
 */
export async function signChargerCertificate(deps: Deps, request: SigningRequest): Promise<SigningOutcome> {
  const refuse = (reasonCode: string, additionalInfo: string): SigningOutcome => {
    deps.log.warn('Certificate signing refused', {
      certificateType: request.certificateType,
      reasonCode,
      additionalInfo,
    });
    return { status: 'Rejected', refusal: { reasonCode, additionalInfo: info(additionalInfo) } };
  };
  if (request.certificateType === 'V2GCertificate') {
    return refuse(
      'NotSupported',
      'V2G certificates must chain to a V2G root; this CSMS signs charging station certificates only',
    );
  }
  const checked = parseCsr(request.csr);
  if (!checked.ok) return refuse('InvalidCSR', checked.problem);
  const { csr } = checked;
  if (csr.commonNames.length !== 1 || csr.commonNames[0] !== request.chargePointId) {
    return refuse(
      'InvalidCSR',
      `The subject's common name must be the charge point id ${request.chargePointId}; the CSR names ${
        csr.commonNames.length === 0 ? 'none' : csr.commonNames.join(', ')
      }`,
    );
  }
  const ca = configuredCa(deps);
  if (!ca) return refuse('NotSupported', 'This CSMS has no certificate authority configured');

  const now = deps.clock.now();
  const issued = await ca.issue(request.tenantId, {
    csrPem: request.csr,
    csr,
    notBefore: new Date(now.getTime() - BACKDATE_MS),
    notAfter: new Date(now.getTime() + VALIDITY_MS),
  });
  const facts = certificateFacts(issued.certificatePem);
  if (!facts) throw new Error('The certificate authority returned no PEM certificate');
  const certificate: IssuedCertificate = {
    ...facts,
    chargePointId: request.chargePointId,
    certificateType: 'ChargingStationCertificate',
    issuedAt: now.toISOString(),
    certificatePem: issued.certificatePem,
    delivery: { status: 'pending' },
  };
  await deps.certificates.recordIssuedCertificate(request.tenantId, certificate);
  deps.log.info('Charging station certificate issued', {
    serialNumber: certificate.serialNumber,
    subject: certificate.subject,
    notAfter: certificate.notAfter,
  });
  // Leaf first, then its CA: a charger presenting the chain in TLS hands the verifier the whole path.
  const chain = [issued.certificatePem, ...issued.caCertificatesPem].join('');
  return {
    status: 'Accepted',
    certificate,
    deliver: () => deliverCertificate(deps, request, certificate.serialNumber, chain),
  };
}

async function deliverCertificate(
  deps: Deps,
  request: SigningRequest,
  serialNumber: string,
  certificateChain: string,
): Promise<CertificateDelivery> {
  const { tenantId, chargePointId } = request;
  // Sent from the invocation that answered SignCertificate, which must end within its Lambda's timeout: the
  // short wait of the calls made while handling a charger's frame (as at boot), not the REST commands' one.
  const options = { timeoutMs: deps.settings.timeouts.bootCallMs };
  let delivery: CertificateDelivery;
  try {
    if (request.ocppVersion === 'ocpp2.0.1') {
      const answer = await callAs(
        'ocpp2.0.1',
        deps,
        tenantId,
        chargePointId,
        'CertificateSigned',
        { certificateChain, certificateType: 'ChargingStationCertificate' },
        options,
      );
      const reason = answer.statusInfo
        ? [answer.statusInfo.reasonCode, answer.statusInfo.additionalInfo].filter(Boolean).join(': ')
        : undefined;
      delivery = { status: answer.status, at: deps.clock.now().toISOString(), ...(reason ? { reason } : {}) };
    } else {
      const answer = await callAs(
        'ocpp1.6',
        deps,
        tenantId,
        chargePointId,
        'CertificateSigned',
        {
          certificateChain,
        },
        options,
      );
      delivery = { status: answer.status, at: deps.clock.now().toISOString() };
    }
  } catch (error) {
    // Offline, busy with another call, silent or erring: the certificate stays issued, the charger asks again
    // (SignCertificate is retried by the charger when no CertificateSigned comes).
    delivery = {
      status: 'failed',
      at: deps.clock.now().toISOString(),
      reason: error instanceof Error ? error.message : String(error),
    };
  }
  await deps.certificates.recordCertificateDelivery(tenantId, serialNumber, delivery);
  const level = delivery.status === 'Accepted' ? 'info' : 'warn';
  deps.log[level]('CertificateSigned answered', { serialNumber, ...delivery });
  return delivery;
}

/** The CA, or undefined when the deployment has none; any other failure is a real error. */
function configuredCa(deps: Pick<Deps, 'chargingStationCa'>): ChargingStationCa | undefined {
  try {
    return deps.chargingStationCa();
  } catch (error) {
    if (error instanceof NotConfiguredError) return undefined;
    throw error;
  }
}

/** The tenant's CA certificate with its facts (the CA is created on first need); 501 without a CA. */
export async function chargingStationCaCertificate(
  deps: Pick<Deps, 'chargingStationCa'>,
  tenantId: string,
): Promise<CertificateFacts & { readonly certificatePem: string }> {
  const certificatePem = await deps.chargingStationCa().caCertificate(tenantId);
  const facts = certificateFacts(certificatePem);
  if (!facts) throw new Error('The certificate authority returned no PEM certificate');
  return { ...facts, certificatePem };
}

/** The certificates the tenant's CA issued to a charger, newest first; 404 for an unknown charger. */
export async function listIssuedCertificates(
  deps: Pick<Deps, 'chargePoints' | 'certificates'>,
  tenantId: string,
  chargePointId: string,
  page: PageRequest,
): Promise<Page<IssuedCertificate>> {
  const found = await requireChargePoint(deps, tenantId, chargePointId);
  return deps.certificates.listIssuedCertificates(tenantId, found.chargePoint.id, page);
}

export interface CertificateStatusRequest {
  readonly tenantId: string;
  readonly hashAlgorithm: HashAlgorithm;
  readonly issuerNameHash: string;
  readonly issuerKeyHash: string;
  readonly serialNumber: string;
  readonly responderUrl: string;
}

export type CertificateStatusOutcome =
  | { readonly status: 'Accepted' }
  | { readonly status: 'Failed'; readonly refusal: CertificateRefusal };

/**
 * GetCertificateStatus, answered without an OCSP client: a certificate this tenant's CA issued is checked in
 * its own records — `Accepted` when the serial is known, within its validity and not revoked. Anything else
 * (another issuer, an unknown serial, no CA) is `Failed`, as when an OCSP responder cannot be reached: the
 * charger then falls back to its own policy. No `ocspResult` is sent: the CA signs no OCSP responses.
 */
export async function certificateStatus(
  deps: Pick<Deps, 'certificates' | 'chargingStationCa' | 'clock' | 'log'>,
  request: CertificateStatusRequest,
): Promise<CertificateStatusOutcome> {
  const fail = (reasonCode: string, additionalInfo: string): CertificateStatusOutcome => {
    deps.log.warn('Certificate status not confirmed', {
      serialNumber: request.serialNumber,
      responderUrl: request.responderUrl,
      reasonCode,
    });
    return { status: 'Failed', refusal: { reasonCode, additionalInfo: info(additionalInfo) } };
  };
  const notOurs = () =>
    fail(
      'NotSupported',
      "Only certificates issued by this CSMS's charging station CA can be checked; OCSP responders are not queried",
    );
  const serialNumber = normalizeSerial(request.serialNumber);
  // Looked up first: a tenant whose CA never issued anything gets no CA made by a status request.
  const issued = /^[0-9a-f]+$/.test(serialNumber)
    ? await deps.certificates.getIssuedCertificate(request.tenantId, serialNumber)
    : undefined;
  const ca = issued ? configuredCa(deps) : undefined;
  if (!issued || !ca) return notOurs();
  const expected = issuerHashes(await ca.caCertificate(request.tenantId), request.hashAlgorithm);
  if (
    expected.issuerNameHash !== request.issuerNameHash.toLowerCase() ||
    expected.issuerKeyHash !== request.issuerKeyHash.toLowerCase()
  ) {
    return notOurs();
  }
  const now = deps.clock.now().toISOString();
  if (issued.revokedAt !== undefined) return fail('CertificateRevoked', `Revoked at ${issued.revokedAt}`);
  if (now > issued.notAfter) return fail('CertificateExpired', `Expired at ${issued.notAfter}`);
  if (now < issued.notBefore) return fail('NotYetValid', `Valid from ${issued.notBefore}`);
  deps.log.info('Certificate status confirmed from the CA records', { serialNumber });
  return { status: 'Accepted' };
}

/** Get15118EVCertificate: answered `Failed`, so the EV falls back to another way of authorizing. */
export function refuseEvCertificate(
  deps: Pick<Deps, 'log'>,
  request: { readonly action: 'Install' | 'Update'; readonly iso15118SchemaVersion: string },
): CertificateRefusal {
  deps.log.warn('ISO 15118 EV certificate refused: no contract certificate provisioning', {
    certificateAction: request.action,
    iso15118SchemaVersion: request.iso15118SchemaVersion,
  });
  // A contract certificate is issued by a mobility operator under a V2G root (ISO 15118-2 / Plug & Charge);
  // the charging station CA of this CSMS is neither, so there is nothing it could forward or sign.
  return { reasonCode: 'NotSupported', additionalInfo: 'This CSMS provisions no ISO 15118 certificates yet' };
}
