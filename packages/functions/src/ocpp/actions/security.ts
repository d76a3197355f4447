import {
  refuseCertificateSigning,
  refuseCertificateStatus,
  refuseEvCertificate,
} from '@csms/app/stations/security/certificates';
import { recordSecurityEvent } from '@csms/app/stations/security/security-events';
import type { Ocpp16, Ocpp201 } from '@csms/ocpp';
import type { ActionContext, ActionHandler } from './types.ts';

/**
 * Security: the charger's security log and its certificate requests, in OCPP 2.0.1 and in the OCPP 1.6
 * security extension (same messages, fewer fields). The certificate answers are refusals until the CSMS has a
 * certificate authority (see `@csms/app/stations/security/certificates`).
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

export const signCertificate201: ActionHandler<
  Ocpp201.SignCertificateRequest,
  Ocpp201.SignCertificateResponse
> = async (context, request) => {
  const refusal = refuseCertificateSigning(context.deps, {
    // OCPP 2.0.1: absent means the charging station certificate.
    certificateType: request.certificateType ?? 'ChargingStationCertificate',
  });
  return { status: 'Rejected', statusInfo: refusal };
};

/** 1.6 has no statusInfo: the refusal's reason only reaches the log. */
export const signCertificate16: ActionHandler<
  Ocpp16.SignCertificateRequest,
  Ocpp16.SignCertificateResponse
> = async (context) => {
  refuseCertificateSigning(context.deps, { certificateType: 'ChargingStationCertificate' });
  return { status: 'Rejected' };
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
  const refusal = refuseCertificateStatus(context.deps, {
    responderUrl: request.ocspRequestData.responderURL,
  });
  return { status: 'Failed', statusInfo: refusal };
};
