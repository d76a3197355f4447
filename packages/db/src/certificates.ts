import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import * as z from 'zod';
import { gsi1, keys } from './keys.ts';
import type { Page, PageRequest } from './pagination.ts';
import { queryPage } from './query-page.ts';
import { bindTable } from './table/bind-table.ts';
import { defineEntity } from './table/entity.ts';
import type { TableClient } from './table/table-client.ts';

/**
 * Certificates (OCPP 2.0.1 blocks A and M, the 1.6 security extension): each tenant's charging-station CA and
 * the certificates it issued to chargers. The CA's private key is only ever stored encrypted by the runtime
 * (AES-256-GCM under the deployment's key-encryption key); this module stores the ciphertext as given and
 * never sees the key in plain text.
 */

/** The private key of a CA, encrypted: PKCS#8 DER under AES-256-GCM, every part base64. */
export interface EncryptedPrivateKey {
  readonly algorithm: 'AES-256-GCM';
  /** Names the key-encryption key (a digest of it), so a wrong key is told apart from a corrupt item. */
  readonly keyEncryptionKeyId: string;
  readonly iv: string;
  readonly ciphertext: string;
  readonly authTag: string;
}

export interface ChargingStationCaRecord {
  /** The self-signed CA certificate, PEM: what operators install as trust anchor. */
  readonly certificatePem: string;
  readonly encryptedKey: EncryptedPrivateKey;
  readonly createdAt: string;
}

export type CertificateDeliveryStatus = 'pending' | 'Accepted' | 'Rejected' | 'failed';

/** What became of sending the certificate to the charger (CertificateSigned). */
export interface CertificateDelivery {
  /** `pending` until the charger answered; `failed` when it could not be asked or did not answer. */
  readonly status: CertificateDeliveryStatus;
  readonly at?: string;
  readonly reason?: string;
}

export interface IssuedCertificate {
  /** Hex, lower case, no leading zeros. */
  readonly serialNumber: string;
  readonly chargePointId: string;
  readonly certificateType: 'ChargingStationCertificate' | 'V2GCertificate';
  readonly subject: string;
  readonly issuer: string;
  readonly notBefore: string;
  readonly notAfter: string;
  readonly fingerprintSha256: string;
  readonly issuedAt: string;
  readonly certificatePem: string;
  readonly delivery: CertificateDelivery;
  /** Set when the certificate is no longer to be trusted; status requests then answer that. */
  readonly revokedAt?: string;
}

const encryptedKeySchema: z.ZodType<EncryptedPrivateKey> = z.object({
  algorithm: z.literal('AES-256-GCM'),
  keyEncryptionKeyId: z.string(),
  iv: z.string(),
  ciphertext: z.string(),
  authTag: z.string(),
});

const caSchema: z.ZodType<ChargingStationCaRecord> = z.object({
  certificatePem: z.string(),
  encryptedKey: encryptedKeySchema,
  createdAt: z.string(),
});

const deliverySchema: z.ZodType<CertificateDelivery> = z.object({
  status: z.enum(['pending', 'Accepted', 'Rejected', 'failed']),
  at: z.string().optional(),
  reason: z.string().optional(),
});

const issuedSchema: z.ZodType<IssuedCertificate> = z.object({
  serialNumber: z.string(),
  chargePointId: z.string(),
  certificateType: z.enum(['ChargingStationCertificate', 'V2GCertificate']),
  subject: z.string(),
  issuer: z.string(),
  notBefore: z.string(),
  notAfter: z.string(),
  fingerprintSha256: z.string(),
  issuedAt: z.string(),
  certificatePem: z.string(),
  delivery: deliverySchema,
  revokedAt: z.string().optional(),
});

const caEntity = (tenantId: string) =>
  defineEntity({
    type: 'ChargingStationCa',
    schema: caSchema,
    key: () => keys.chargingStationCa(tenantId),
  });

const issuedEntity = (tenantId: string) =>
  defineEntity({
    type: 'IssuedCertificate',
    schema: issuedSchema,
    key: (certificate) => keys.issuedCertificate(tenantId, certificate.serialNumber),
    index: (certificate) => ({
      gsi1pk: gsi1.certificatesOfChargePoint(tenantId, certificate.chargePointId),
      gsi1sk: gsi1.certificateSortKey(certificate.issuedAt, certificate.serialNumber),
    }),
  });

export async function getChargingStationCa(
  table: TableClient,
  tenantId: string,
): Promise<ChargingStationCaRecord | undefined> {
  const { Item } = await table.get({ Key: keys.chargingStationCa(tenantId), ConsistentRead: true });
  return caEntity(tenantId).fromOptional(Item);
}

/**
 * Stores the tenant's CA unless it has one: false when another invocation created it first (the caller then
 * reads that one), so two chargers asking at once never leave the tenant with two CAs.
 */
export async function createChargingStationCa(
  table: TableClient,
  tenantId: string,
  record: ChargingStationCaRecord,
): Promise<boolean> {
  try {
    await table.put({
      Item: caEntity(tenantId).toItem(record),
      ConditionExpression: 'attribute_not_exists(pk)',
    });
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

export async function recordIssuedCertificate(
  table: TableClient,
  tenantId: string,
  certificate: IssuedCertificate,
): Promise<void> {
  // Serial numbers are 126 random bits: a clash would be a bug, never to be papered over by an overwrite.
  await table.put({
    Item: issuedEntity(tenantId).toItem(certificate),
    ConditionExpression: 'attribute_not_exists(pk)',
  });
}

/** A certificate the tenant's CA issued, by its serial number (hex, as `IssuedCertificate` stores it). */
export async function getIssuedCertificate(
  table: TableClient,
  tenantId: string,
  serialNumber: string,
): Promise<IssuedCertificate | undefined> {
  const { Item } = await table.get({
    Key: keys.issuedCertificate(tenantId, serialNumber),
    ConsistentRead: true,
  });
  return issuedEntity(tenantId).fromOptional(Item);
}

export async function recordCertificateDelivery(
  table: TableClient,
  tenantId: string,
  serialNumber: string,
  delivery: CertificateDelivery,
): Promise<void> {
  await table.update({
    Key: keys.issuedCertificate(tenantId, serialNumber),
    UpdateExpression: 'SET delivery = :delivery',
    ConditionExpression: 'attribute_exists(pk)',
    ExpressionAttributeValues: { ':delivery': delivery },
  });
}

/** The certificates issued to one charger, newest first. */
export async function listIssuedCertificates(
  table: TableClient,
  tenantId: string,
  chargePointId: string,
  page: PageRequest,
): Promise<Page<IssuedCertificate>> {
  const found = await queryPage(table, {
    tenantId,
    index: 'gsi1',
    partition: gsi1.certificatesOfChargePoint(tenantId, chargePointId),
    skPrefix: 'CERT#',
    forward: false,
    page,
  });
  const entity = issuedEntity(tenantId);
  return { items: found.items.map((item) => entity.fromItem(item)), nextCursor: found.nextCursor };
}

/** The certificates repository: the functions above with the table given. */
export const createCertificatesRepository = (table: TableClient) =>
  bindTable(table, {
    getChargingStationCa,
    createChargingStationCa,
    recordIssuedCertificate,
    getIssuedCertificate,
    recordCertificateDelivery,
    listIssuedCertificates,
  });

export type CertificatesRepository = ReturnType<typeof createCertificatesRepository>;
