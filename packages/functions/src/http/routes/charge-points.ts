import { ConflictError, chargePointIdSchema, generateSecret, hashSecret, NotFoundError } from '@csms/core';
import { getChargePoint, registerChargePoint } from '@csms/db';
import * as z from 'zod';
import { config } from '../../config.ts';
import { describeConnection } from '../../connections.ts';
import { jsonBody, parseWith } from '../request.ts';
import { json, type Route } from '../router.ts';

const registerChargePointSchema = z.strictObject({ id: chargePointIdSchema });

export const chargePointRoutes: Route[] = [
  {
    method: 'POST',
    path: '/v1/charge-points',
    handle: async ({ event, principal }) => {
      const { id } = parseWith(registerChargePointSchema, jsonBody(event));
      // The password is generated, shown once, and only its hash is kept (OCPP security profile 1/2).
      const password = generateSecret(24);
      const registered = await registerChargePoint({
        tenantId: principal.tenantId,
        id,
        passwordHash: hashSecret(password),
        createdAt: new Date().toISOString(),
      });
      if (!registered) throw new ConflictError(`Charge point ${id} already exists`);
      const ocppUrl = `${config.ocppPublicUrl()}/${principal.tenantId}/${encodeURIComponent(id)}`;
      return json(201, { id, password, ocppUrl });
    },
  },
  {
    method: 'GET',
    path: '/v1/charge-points/{id}',
    handle: async ({ params, principal }) => {
      const id = params.id ?? '';
      const found = await getChargePoint(principal.tenantId, id);
      if (!found) throw new NotFoundError(`Charge point ${id}`);
      const { chargePoint, connectors } = found;
      // Liveness comes from the gateway, which sees every frame; a vanished connection reads as disconnected.
      const live = chargePoint.connectionId ? await describeConnection(chargePoint.connectionId) : undefined;
      const boot = chargePoint.boot;
      return json(200, {
        id: chargePoint.id,
        ocppVersion: chargePoint.ocppVersion ?? null,
        connected: live !== undefined,
        lastSeenAt:
          (live?.lastActiveAt?.toISOString() ?? chargePoint.disconnectedAt ?? chargePoint.connectedAt) ||
          null,
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
  },
];
