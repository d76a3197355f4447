import type { Deps } from '../../deps.ts';

/**
 * The certificate requests a charger may send (OCPP security profile 3, ISO 15118), answered while the CSMS has
 * no certificate authority and no OCSP client: each is refused the way its message defines, with a reason the
 * charger can log, and logged here (the frame's logger names the tenant and charger) so an operator sees which
 * chargers ask. When the CA lands, these use cases are replaced by ones that sign, fetch and check certificates.
 */
export interface CertificateRefusal {
  /** OCPP 2.0.1 StatusInfo reason code: free text of at most 20 characters. */
  readonly reasonCode: string;
  readonly additionalInfo: string;
}

const REASON = 'NotSupported';

/** SignCertificate: answered `Rejected`; the charger keeps its current certificate and may ask again later. */
export function refuseCertificateSigning(
  deps: Pick<Deps, 'log'>,
  request: { readonly certificateType: 'ChargingStationCertificate' | 'V2GCertificate' },
): CertificateRefusal {
  deps.log.warn('Certificate signing refused: no certificate authority', {
    certificateType: request.certificateType,
  });
  return { reasonCode: REASON, additionalInfo: 'This CSMS has no certificate authority yet' };
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
  return { reasonCode: REASON, additionalInfo: 'This CSMS provisions no ISO 15118 certificates yet' };
}

/** GetCertificateStatus: answered `Failed`, as when the OCSP responder cannot be reached. */
export function refuseCertificateStatus(
  deps: Pick<Deps, 'log'>,
  request: { readonly responderUrl: string },
): CertificateRefusal {
  deps.log.warn('Certificate status refused: no OCSP client', { responderUrl: request.responderUrl });
  return { reasonCode: REASON, additionalInfo: 'This CSMS does not query OCSP responders yet' };
}
