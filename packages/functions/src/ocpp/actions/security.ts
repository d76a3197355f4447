import {
  type CertificateSigningUse,
  certificateStatus,
  refuseEvCertificate,
  signChargerCertificate,
} from '@csms/app/stations/security/certificates';
import { recordSecurityEvent } from '@csms/app/stations/security/security-events';
import type { Ocpp16, Ocpp201 } from '@csms/ocpp';
import type { ActionContext, ActionHandler } from './types.ts';

/**
 * Security: the charger's security log and its certificate requests, in OCPP 2.0.1 and in the OCPP 1.6
 * security extension (same messages, fewer fields). SignCertificate is signed by the tenant's charging-station
 * CA and the certificate delivered with CertificateSigned once the charger has the answer (`afterReply`);
 * see `@csms/app/stations/security/certificates`.
 */

const securityEvent = async (
  context: ActionContext,
  request: { type: string; timestamp: string; techInfo?: string | undefined },
): Promise<void> =>
  recordSecurityEvent(context.deps, {
    tenantId: context.tenantId,
    chargePointId: context.chargePointId,
    type: request.type,
    timestamp: request.timestamp,
    techInfo: request.techInfo,
    receivedAt: context.receivedAt,
  });

export const securityEventNotification201: ActionHandler<
  Ocpp201.SecurityEventNotificationRequest,
  Ocpp201.SecurityEventNotificationResponse
> = async (context, request) => {
  await securityEvent(context, request);
  return {};
};

export const securityEventNotification16: ActionHandler<
  Ocpp16.SecurityEventNotificationRequest,
  Ocpp16.SecurityEventNotificationResponse
> = async (context, request) => {
  await securityEvent(context, request);
  return {};
};

/** Signs (or refuses) and, when signed, schedules the CertificateSigned call for after the answer. */
async function signCertificate(
  context: ActionContext,
  request: { csr: string; certificateType: CertificateSigningUse },
) {
  const outcome = await signChargerCertificate(context.deps, {
    tenantId: context.tenantId,
    chargePointId: context.chargePointId,
    ocppVersion: context.ocppVersion,
    csr: request.csr,
    certificateType: request.certificateType,
  });
  if (outcome.status === 'Accepted') context.afterReply(outcome.deliver);
  return outcome;
}

export const signCertificate201: ActionHandler<
  Ocpp201.SignCertificateRequest,
  Ocpp201.SignCertificateResponse
> = async (context, request) => {
  const outcome = await signCertificate(context, {
    csr: request.csr,
    // OCPP 2.0.1: absent means the charging station certificate.
    certificateType: request.certificateType ?? 'ChargingStationCertificate',
  });
  return outcome.status === 'Accepted'
    ? { status: 'Accepted' }
    : { status: 'Rejected', statusInfo: outcome.refusal };
};

/** 1.6 has no statusInfo and no certificate type (always the charge point's): a refusal's reason is logged. */
export const signCertificate16: ActionHandler<
  Ocpp16.SignCertificateRequest,
  Ocpp16.SignCertificateResponse
> = async (context, request) => {
  const outcome = await signCertificate(context, {
    csr: request.csr,
    certificateType: 'ChargingStationCertificate',
  });
  return { status: outcome.status };
};

export const get15118EVCertificate201: ActionHandler<
  Ocpp201.Get15118EVCertificateRequest,
  Ocpp201.Get15118EVCertificateResponse
> = async (context, request) => {
  const refusal = refuseEvCertificate(context.deps, {
    action: request.action,
    iso15118SchemaVersion: request.iso15118SchemaVersion,
  });
  // `exiResponse` is required even when failing; there is no EXI message to give.
  return { status: 'Failed', statusInfo: refusal, exiResponse: '' };
};

export const getCertificateStatus201: ActionHandler<
  Ocpp201.GetCertificateStatusRequest,
  Ocpp201.GetCertificateStatusResponse
> = async (context, request) => {
  const data = request.ocspRequestData;
  const outcome = await certificateStatus(context.deps, {
    tenantId: context.tenantId,
    hashAlgorithm: data.hashAlgorithm,
    issuerNameHash: data.issuerNameHash,
    issuerKeyHash: data.issuerKeyHash,
    serialNumber: data.serialNumber,
    responderUrl: data.responderURL,
  });
  return outcome.status === 'Accepted'
    ? { status: 'Accepted' }
    : { status: 'Failed', statusInfo: outcome.refusal };
};
