import { ValidationError } from '@csms/core';
import type { Ocpp16, Ocpp201, OcppVersion } from '@csms/ocpp';
import type { Deps } from '../../deps.ts';
import { call16, call201 } from '../commands/call-ocpp16.ts';
import { requireChargePoint, requireConnected } from '../commands/charger-lookup.ts';
import { certificateFacts, pemBlocks } from './x509.ts';

/**
 * The certificates a charger holds as trust anchors (OCPP 2.0.1 block M, the 1.6 security extension):
 * InstallCertificate, GetInstalledCertificateIds and DeleteCertificate, sent on an operator's request. The
 * routes speak OCPP 2.0.1's certificate types; for a 1.6 charger `CSMSRootCertificate` is sent as the
 * extension's `CentralSystemRootCertificate`, and the V2G and MO types, which 1.6 lacks, are refused (422).
 */
export type InstallCertificateUse = Ocpp201.InstallCertificateUseEnumType;
export type InstalledCertificateUse = Ocpp201.GetCertificateIdUseEnumType;

export interface CertificateHashData {
  readonly hashAlgorithm: 'SHA256' | 'SHA384' | 'SHA512';
  readonly issuerNameHash: string;
  readonly issuerKeyHash: string;
  readonly serialNumber: string;
}

export interface InstalledCertificate extends CertificateHashData {
  readonly certificateType: InstalledCertificateUse;
  /** A V2G certificate chain's sub-CA certificates (OCPP 2.0.1). */
  readonly childCertificates: readonly CertificateHashData[];
}

export interface ChargerAnswer<Status extends string> {
  readonly status: Status;
  /** OCPP 2.0.1 only: why, when the charger said. */
  readonly statusInfo: { readonly reasonCode: string; readonly additionalInfo: string | null } | null;
}

const OCPP16_NAMES: Partial<Record<InstalledCertificateUse, Ocpp16.CertificateUseEnumType>> = {
  CSMSRootCertificate: 'CentralSystemRootCertificate',
  ManufacturerRootCertificate: 'ManufacturerRootCertificate',
};
const FROM_OCPP16: Record<Ocpp16.CertificateUseEnumType, InstalledCertificateUse> = {
  CentralSystemRootCertificate: 'CSMSRootCertificate',
  ManufacturerRootCertificate: 'ManufacturerRootCertificate',
};

function in16(
  type: InstalledCertificateUse,
  field: string,
  where: 'body' | 'query',
): Ocpp16.CertificateUseEnumType {
  const name = OCPP16_NAMES[type];
  if (!name) {
    throw new ValidationError([
      {
        field,
        in: where,
        message: `${type} does not exist in OCPP 1.6: use CSMSRootCertificate or ManufacturerRootCertificate`,
      },
    ]);
  }
  return name;
}

const statusInfoOf = (answer: { statusInfo?: Ocpp201.StatusInfoType | undefined }) =>
  answer.statusInfo
    ? { reasonCode: answer.statusInfo.reasonCode, additionalInfo: answer.statusInfo.additionalInfo ?? null }
    : null;

const hashData = (
  data: Ocpp201.CertificateHashDataType | Ocpp16.CertificateHashDataType,
): CertificateHashData => ({
  hashAlgorithm: data.hashAlgorithm,
  issuerNameHash: data.issuerNameHash,
  issuerKeyHash: data.issuerKeyHash,
  serialNumber: data.serialNumber,
});

/** The charger, checked (404 unknown, 409 offline), and the version to speak to it. */
async function connectedCharger(
  deps: Deps,
  tenantId: string,
  chargePointId: string,
): Promise<{ id: string; version: OcppVersion }> {
  const found = await requireChargePoint(deps, tenantId, chargePointId);
  return { id: found.chargePoint.id, version: requireConnected(found) };
}

/** InstallCertificate: one PEM certificate, as the trust anchor of the given use. */
export async function installCertificate(
  deps: Deps,
  tenantId: string,
  chargePointId: string,
  request: { readonly certificateType: InstallCertificateUse; readonly certificate: string },
): Promise<ChargerAnswer<'Accepted' | 'Rejected' | 'Failed'>> {
  const found = await requireChargePoint(deps, tenantId, chargePointId);
  // Checked before anything is sent: a charger is not the place to find out the text is no certificate.
  // Parsing is enough; whether the charger trusts it is the charger's call.
  const single = pemBlocks(request.certificate, 'CERTIFICATE').length === 1;
  if (!single || certificateFacts(request.certificate) === undefined) {
    throw new ValidationError([
      { field: 'certificate', in: 'body', message: 'Must be exactly one PEM-encoded X.509 certificate' },
    ]);
  }
  const version = requireConnected(found);
  const id = found.chargePoint.id;
  if (version === 'ocpp2.0.1') {
    const answer = await call201(deps, tenantId, id, 'InstallCertificate', {
      certificateType: request.certificateType,
      certificate: request.certificate,
    });
    return { status: answer.status, statusInfo: statusInfoOf(answer) };
  }
  const answer = await call16(deps, tenantId, id, 'InstallCertificate', {
    certificateType: in16(request.certificateType, 'certificateType', 'body'),
    certificate: request.certificate,
  });
  return { status: answer.status, statusInfo: null };
}

/**
 * GetInstalledCertificateIds, of the given uses or all of them. A 1.6 charger is asked once per use (the
 * extension takes one per request); the answer is `Accepted` when any use had certificates.
 */
export async function installedCertificates(
  deps: Deps,
  tenantId: string,
  chargePointId: string,
  types: readonly InstalledCertificateUse[] | undefined,
): Promise<ChargerAnswer<'Accepted' | 'NotFound'> & { readonly certificates: InstalledCertificate[] }> {
  const { id, version } = await connectedCharger(deps, tenantId, chargePointId);
  if (version === 'ocpp2.0.1') {
    const answer = await call201(deps, tenantId, id, 'GetInstalledCertificateIds', {
      ...(types && types.length > 0 ? { certificateType: [...types] } : {}),
    });
    return {
      status: answer.status,
      statusInfo: statusInfoOf(answer),
      certificates: (answer.certificateHashDataChain ?? []).map((chain) => ({
        certificateType: chain.certificateType,
        ...hashData(chain.certificateHashData),
        childCertificates: (chain.childCertificateHashData ?? []).map(hashData),
      })),
    };
  }
  const asked = (
    types && types.length > 0 ? types : ['CSMSRootCertificate', 'ManufacturerRootCertificate']
  ).map((type) => in16(type as InstalledCertificateUse, 'certificateType', 'query'));
  const certificates: InstalledCertificate[] = [];
  let status: 'Accepted' | 'NotFound' = 'NotFound';
  for (const certificateType of new Set(asked)) {
    const answer = await call16(deps, tenantId, id, 'GetInstalledCertificateIds', { certificateType });
    if (answer.status === 'Accepted') status = 'Accepted';
    for (const data of answer.certificateHashData ?? []) {
      certificates.push({
        certificateType: FROM_OCPP16[certificateType],
        ...hashData(data),
        childCertificates: [],
      });
    }
  }
  return { status, statusInfo: null, certificates };
}

/** DeleteCertificate of the certificate these hashes name. */
export async function deleteInstalledCertificate(
  deps: Deps,
  tenantId: string,
  chargePointId: string,
  certificateHashData: CertificateHashData,
): Promise<ChargerAnswer<'Accepted' | 'Failed' | 'NotFound'>> {
  const { id, version } = await connectedCharger(deps, tenantId, chargePointId);
  const payload = { certificateHashData: hashData(certificateHashData) };
  if (version === 'ocpp2.0.1') {
    const answer = await call201(deps, tenantId, id, 'DeleteCertificate', payload);
    return { status: answer.status, statusInfo: statusInfoOf(answer) };
  }
  const answer = await call16(deps, tenantId, id, 'DeleteCertificate', payload);
  return { status: answer.status, statusInfo: null };
}
