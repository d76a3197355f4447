import { ConflictError, chargePointIdSchema, generateSecret, hashSecret, NotFoundError } from '@csms/core';
import { getChargePoint, registerChargePoint } from '@csms/db';
import * as z from 'zod';
import { config } from '../../config.ts';
import { describeConnection } from '../../connections.ts';
import { ACCESS } from '../roles.ts';
import { created, ok, type Route, route } from '../route.ts';
import { isoTimestamp } from '../schemas.ts';

const connectorView = z.object({
  connectorId: z.number().int(),
  evseConnectorId: z.number().int().optional(),
  status: z.string(),
  errorCode: z.string().optional(),
  updatedAt: isoTimestamp,
});

const chargePointView = z
  .object({
    id: z.string(),
    ocppVersion: z.string().nullable(),
    connected: z.boolean(),
    lastSeenAt: isoTimestamp.nullable(),
    boot: z
      .object({
        vendor: z.string(),
        model: z.string(),
        serialNumber: z.string().optional(),
        firmwareVersion: z.string().optional(),
      })
      .nullable(),
    connectors: z.array(connectorView),
  })
  .meta({ id: 'ChargePoint' });

export const chargePointRoutes: Route[] = [
  route({
    method: 'POST',
    path: '/v1/charge-points',
    operationId: 'registerChargePoint',
    summary: 'Register a charge point',
    description:
      'Returns the OCPP URL to configure and the Basic-auth password, shown once and stored hashed.',
    tag: 'Charge points',
    roles: ACCESS.operate,
    body: z.strictObject({ id: chargePointIdSchema }),
    responses: {
      201: {
        description: 'Registered',
        schema: z.object({ id: z.string(), password: z.string(), ocppUrl: z.string() }),
      },
    },
    handle: async ({ body, principal }) => {
      const password = generateSecret(24);
      const registered = await registerChargePoint({
        tenantId: principal.tenantId,
        id: body.id,
        passwordHash: hashSecret(password),
        createdAt: new Date().toISOString(),
      });
      if (!registered) throw new ConflictError(`Charge point ${body.id} already exists`);
      const ocppUrl = `${config.ocppPublicUrl()}/${principal.tenantId}/${encodeURIComponent(body.id)}`;
      return created({ id: body.id, password, ocppUrl });
    },
  }),
  route({
    method: 'GET',
    path: '/v1/charge-points/{id}',
    operationId: 'getChargePoint',
    summary: 'Read a charge point with its live status',
    tag: 'Charge points',
    roles: ACCESS.read,
    responses: { 200: { description: 'The charge point', schema: chargePointView } },
    handle: async ({ params, principal }) => {
      const found = await getChargePoint(principal.tenantId, params.id);
      if (!found) throw new NotFoundError(`Charge point ${params.id}`);
      const { chargePoint, connectors } = found;
      // Liveness comes from the gateway, which sees every frame; a vanished connection reads as disconnected.
      const live = chargePoint.connectionId ? await describeConnection(chargePoint.connectionId) : undefined;
      const boot = chargePoint.boot;
      return ok({
        id: chargePoint.id,
        ocppVersion: chargePoint.ocppVersion ?? null,
        connected: live !== undefined,
        lastSeenAt:
          live?.lastActiveAt?.toISOString() ?? chargePoint.disconnectedAt ?? chargePoint.connectedAt ?? null,
        boot: boot
          ? {
              vendor: boot.vendor,
              model: boot.model,
              serialNumber: boot.serialNumber,
              firmwareVersion: boot.firmwareVersion,
            }
          : null,
        connectors,
      });
    },
  }),
];
