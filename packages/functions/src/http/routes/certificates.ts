import {
  chargingStationCaCertificate,
  listIssuedCertificates,
} from '@csms/app/stations/security/certificates';
import {
  type ChargerAnswer,
  deleteInstalledCertificate,
  type InstalledCertificateUse,
  installCertificate,
  installedCertificates,
} from '@csms/app/stations/security/installed-certificates';
import type { IssuedCertificate } from '@csms/db';
import * as z from 'zod';
import { ACCESS } from '../roles.ts';
import { ok, type Route, route } from '../route.ts';
import { isoTimestamp, listQuery, pageOf } from '../schemas.ts';

/**
 * Certificates (OCPP 2.0.1 blocks A and M, the 1.6 security extension): the tenant's charging-station CA, what
 * it issued to chargers (SignCertificate), and the trust anchors a charger holds (InstallCertificate,
 * GetInstalledCertificateIds, DeleteCertificate, in the charger's version).
 */
const TAG = 'Certificates';

const installUses = [
  'V2GRootCertificate',
  'MORootCertificate',
  'CSMSRootCertificate',
  'ManufacturerRootCertificate',
] as const;
const installedUses = [...installUses, 'V2GCertificateChain'] as const;

const statusInfoView = z
  .object({ reasonCode: z.string(), additionalInfo: z.string().nullable() })
  .nullable()
  .describe('OCPP 2.0.1: why, when the charger said; always null for OCPP 1.6');

const answerView = <const T extends readonly [string, ...string[]]>(statuses: T) =>
  z.object({ status: z.enum(statuses).describe("The charger's answer"), statusInfo: statusInfoView });

const toAnswer = <S extends string>(answer: ChargerAnswer<S>) => ({
  status: answer.status,
  statusInfo: answer.statusInfo,
});

const hashDataSchema = z.strictObject({
  hashAlgorithm: z.enum(['SHA256', 'SHA384', 'SHA512']),
  issuerNameHash: z.string().min(1).max(128).describe("Hash of the issuer's distinguished name (hex)"),
  issuerKeyHash: z.string().min(1).max(128).describe("Hash of the issuer's public key (hex)"),
  serialNumber: z.string().min(1).max(40).describe('The serial number (hex)'),
});

const pem = (label: string) => z.string().describe(`PEM (\`-----BEGIN ${label}-----\`)`);

const caView = z
  .object({
    certificate: pem('CERTIFICATE').describe(
      'The CA certificate, PEM: install it as trust anchor where chargers’ TLS client certificates are checked',
    ),
    subject: z.string(),
    serialNumber: z.string(),
    notBefore: isoTimestamp,
    notAfter: isoTimestamp,
    fingerprintSha256: z.string(),
  })
  .meta({ id: 'ChargingStationCa' });

const issuedView = z
  .object({
    serialNumber: z.string().describe('Hex, lower case'),
    certificateType: z.enum(['ChargingStationCertificate', 'V2GCertificate']),
    subject: z.string(),
    issuer: z.string(),
    notBefore: isoTimestamp,
    notAfter: isoTimestamp,
    fingerprintSha256: z.string(),
    issuedAt: isoTimestamp,
    certificate: pem('CERTIFICATE'),
    delivery: z
      .object({
        status: z
          .enum(['pending', 'Accepted', 'Rejected', 'failed'])
          .describe(
            'What the charger answered to CertificateSigned; `failed`: it could not be asked or was silent',
          ),
        at: isoTimestamp.nullable(),
        reason: z.string().nullable(),
      })
      .describe('Delivery of the certificate to the charger (CertificateSigned)'),
    revokedAt: isoTimestamp.nullable(),
  })
  .meta({ id: 'IssuedCertificate' });

const toIssuedView = (certificate: IssuedCertificate): z.infer<typeof issuedView> => ({
  serialNumber: certificate.serialNumber,
  certificateType: certificate.certificateType,
  subject: certificate.subject,
  issuer: certificate.issuer,
  notBefore: certificate.notBefore,
  notAfter: certificate.notAfter,
  fingerprintSha256: certificate.fingerprintSha256,
  issuedAt: certificate.issuedAt,
  certificate: certificate.certificatePem,
  delivery: {
    status: certificate.delivery.status,
    at: certificate.delivery.at ?? null,
    reason: certificate.delivery.reason ?? null,
  },
  revokedAt: certificate.revokedAt ?? null,
});

const installedView = z.object({
  status: z.enum(['Accepted', 'NotFound']),
  statusInfo: statusInfoView,
  certificates: z.array(
    hashDataSchema.extend({
      certificateType: z.enum(installedUses),
      childCertificates: z
        .array(hashDataSchema)
        .describe('OCPP 2.0.1 V2G certificate chains: the sub-CA certificates'),
    }),
  ),
});

const typesQuery = z.object({
  certificateType: z
    .string()
    .superRefine((value, ctx) => {
      const unknown = value
        .split(',')
        .filter((s) => !(installedUses as readonly string[]).includes(s.trim()));
      if (unknown.length > 0) {
        ctx.addIssue({
          code: 'custom',
          message: `Unknown certificate type ${unknown.join(', ')}; one or more of ${installedUses.join(', ')}`,
        });
      }
    })
    .transform((value) => value.split(',').map((s) => s.trim() as InstalledCertificateUse))
    .optional()
    .describe('Comma-separated uses to list; all when absent'),
});

export const certificateRoutes: Route[] = [
  route({
    method: 'GET',
    path: '/v1/tenant/charging-station-ca',
    operationId: 'getChargingStationCa',
    summary: "The tenant's charging-station CA certificate",
    description:
      'The CA that signs the certificates chargers ask for with SignCertificate (created on first need). The ' +
      'private key never leaves the CSMS. 501 when the deployment keeps no CA (`CA_KEY_ENCRYPTION_KEY` unset).',
    tag: TAG,
    roles: ACCESS.read,
    responses: { 200: { description: 'The CA certificate and its facts', schema: caView } },
    handle: async ({ principal, deps }) => {
      const ca = await chargingStationCaCertificate(deps, principal.tenantId);
      return ok({
        certificate: ca.certificatePem,
        subject: ca.subject,
        serialNumber: ca.serialNumber,
        notBefore: ca.notBefore,
        notAfter: ca.notAfter,
        fingerprintSha256: ca.fingerprintSha256,
      });
    },
  }),
  route({
    method: 'GET',
    path: '/v1/charge-points/{id}/certificates',
    operationId: 'listIssuedCertificates',
    summary: 'Certificates the tenant’s CA issued to a charger, newest first',
    description:
      'One per accepted SignCertificate, with what the charger answered to the CertificateSigned that delivered it.',
    tag: TAG,
    roles: ACCESS.read,
    query: listQuery,
    responses: { 200: { description: 'A page of issued certificates', schema: pageOf(issuedView) } },
    handle: async ({ principal, params, query, deps }) => {
      const page = await listIssuedCertificates(deps, principal.tenantId, params.id, query);
      return ok({ items: page.items.map(toIssuedView), nextCursor: page.nextCursor });
    },
  }),
  route({
    method: 'POST',
    path: '/v1/charge-points/{id}/certificates/install',
    operationId: 'installCertificate',
    summary: 'Install a trust anchor on a charger',
    description:
      'InstallCertificate. OCPP 1.6 (security extension) knows only `CSMSRootCertificate` (sent as ' +
      '`CentralSystemRootCertificate`) and `ManufacturerRootCertificate`; other types are a 422 there.',
    tag: TAG,
    roles: ACCESS.operate,
    body: z.strictObject({
      certificateType: z.enum(installUses),
      certificate: pem('CERTIFICATE')
        .max(5500)
        .regex(/-----BEGIN CERTIFICATE-----/, 'Must be a PEM certificate'),
    }),
    responses: {
      200: { description: "The charger's answer", schema: answerView(['Accepted', 'Rejected', 'Failed']) },
    },
    handle: async ({ principal, params, body, deps }) =>
      ok(toAnswer(await installCertificate(deps, principal.tenantId, params.id, body))),
  }),
  route({
    method: 'GET',
    path: '/v1/charge-points/{id}/certificates/installed',
    operationId: 'getInstalledCertificateIds',
    summary: 'The certificates a charger holds, by their hash data',
    description:
      'GetInstalledCertificateIds, asked of the charger now. A 1.6 charger is asked once per type. The hash ' +
      'data is what `DELETE …/certificates/installed` takes.',
    tag: TAG,
    roles: ACCESS.operate,
    query: typesQuery,
    responses: { 200: { description: "The charger's answer", schema: installedView } },
    handle: async ({ principal, params, query, deps }) => {
      const answer = await installedCertificates(deps, principal.tenantId, params.id, query.certificateType);
      return ok({ ...toAnswer(answer), certificates: answer.certificates });
    },
  }),
  route({
    method: 'DELETE',
    path: '/v1/charge-points/{id}/certificates/installed',
    operationId: 'deleteInstalledCertificate',
    summary: 'Remove a certificate from a charger',
    description: 'DeleteCertificate of the certificate that `certificateHashData` names.',
    tag: TAG,
    roles: ACCESS.operate,
    body: z.strictObject({ certificateHashData: hashDataSchema }),
    responses: {
      200: { description: "The charger's answer", schema: answerView(['Accepted', 'Failed', 'NotFound']) },
    },
    handle: async ({ principal, params, body, deps }) =>
      ok(
        toAnswer(
          await deleteInstalledCertificate(deps, principal.tenantId, params.id, body.certificateHashData),
        ),
      ),
  }),
];
