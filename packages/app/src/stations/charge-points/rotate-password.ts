import {
  CHARGER_PASSWORD_LENGTH,
  ConflictError,
  DomainError,
  generateSecret,
  hashChosenSecret,
  hashSecret,
  UpstreamError,
  UpstreamTimeoutError,
  ValidationError,
} from '@csms/core';
import type { ChargePointWithConnectors, StoredChargePoint } from '@csms/db';
import { isOcppVersion, type OcppVersion } from '@csms/ocpp';
import type { Deps } from '../../deps.ts';
import { call16, call201 } from '../commands/call-ocpp16.ts';
import { requireActiveChargePoint, requireChargePoint } from '../commands/charger-lookup.ts';
import { DISCONNECTED } from '../commands/fail-pending-call.ts';
import { type ChargerCredentials, ocppUrlOf } from './charger-credentials.ts';
import { settleUpdate } from './registration-outcomes.ts';

/** What a rotation answers: the credentials, shown once, and how they reached the charger. */
export interface RotatedCredentials extends ChargerCredentials {
  /** True when the charger accepted the password over OCPP; false when it is to be configured by hand. */
  readonly setOnCharger: boolean;
  /** The charger's answer when it was sent over OCPP. */
  readonly chargerStatus?: 'Accepted' | 'RebootRequired';
}

/** Length of generated passwords: 2.0.1 allows 40 characters; the 1.6 whitepaper 16–20 bytes. */
const GENERATED_BYTES: Record<OcppVersion, number> = {
  // 32 base64url characters, 192 bits.
  'ocpp2.0.1': 24,
  // 20 characters, 120 bits: the most AuthorizationKey holds.
  'ocpp1.6': 15,
};

/**
 * A new Basic-auth password for an active charge point, generated or chosen by the operator, stored hashed.
 *
 * A connected charger is told first, over OCPP (2.0.1 SetVariables SecurityCtrlr.BasicAuthPassword, 1.6
 * ChangeConfiguration AuthorizationKey), and the new password replaces the old one only once it accepted.
 * The order of writes is what keeps a charger from being locked out:
 *
 * 1. Before the CALL goes out, the new hash is stored as *pending* next to the current one. From then on the
 *    authorizer lets either password in: a charger that applies the password and reconnects at once (OCPP
 *    tells it to) may do so before this request has read its answer.
 * 2. Accepted: the pending hash becomes the password; the old one stops working. RebootRequired: the charger
 *    uses the new password only after a restart, so both stay valid until it connects with the new one.
 * 3. A refusal (any status but those two, or a CALLERROR): the pending hash is dropped (what was pending before
 *    is put back) and the old password stays: 502 with the charger's status as `code`.
 * 4. No answer (timeout, or the charger left the connection mid-call): nobody knows whether it applied the
 *    password, so both stay valid and the error is passed on (504 / 502). The first connection with the new
 *    one settles it (the authorizer promotes it, `promotePendingPassword`); a later rotation replaces it.
 *
 * An offline charger keeps the old behaviour: the new password replaces the old one at once, for the operator
 * to configure by hand; an open connection stays open.
 */
export async function rotateChargePointPassword(
  deps: Deps,
  tenantId: string,
  id: string,
  chosen?: string,
): Promise<RotatedCredentials> {
  const found = await requireActiveChargePoint(deps, tenantId, id);
  const { chargePoint } = found;
  const online = await onlineVersion(deps, chargePoint);
  const version = online ?? knownVersion(chargePoint);
  if (chosen !== undefined) checkChosenLength(chosen, version);
  const password = chosen ?? generateSecret(GENERATED_BYTES[version ?? 'ocpp2.0.1']);
  // A chosen password may come from a person: the slow hash. A generated one has the entropy for the fast one.
  const hash = chosen === undefined ? hashSecret(password) : hashChosenSecret(password);
  const credentials = { id: chargePoint.id, password, ocppUrl: ocppUrlOf(deps.settings, tenantId, id) };

  if (!online) {
    settleUpdate(
      await deps.chargePoints.setChargePointPassword(chargePoint, hash, deps.clock.now().toISOString()),
      id,
    );
    return { ...credentials, setOnCharger: false };
  }
  const chargerStatus = await changeOnCharger(deps, found, online, password, hash);
  return { ...credentials, setOnCharger: true, chargerStatus };
}

/** The version of a charger that can be told now: a connection the gateway still knows, a known version. */
async function onlineVersion(
  deps: Pick<Deps, 'chargers'>,
  chargePoint: StoredChargePoint,
): Promise<OcppVersion | undefined> {
  const { connectionId, ocppVersion } = chargePoint;
  if (!connectionId || !ocppVersion || !isOcppVersion(ocppVersion)) return undefined;
  // A connection left behind by a missed $disconnect would turn the change into a 409 the operator cannot fix.
  return (await deps.chargers.describe(connectionId)) ? ocppVersion : undefined;
}

function knownVersion(chargePoint: StoredChargePoint): OcppVersion | undefined {
  const version = chargePoint.ocppVersion ?? chargePoint.preferredOcppVersion;
  return version && isOcppVersion(version) ? version : undefined;
}

function checkChosenLength(password: string, version: OcppVersion | undefined): void {
  if (version === 'ocpp1.6' && Buffer.byteLength(password) > CHARGER_PASSWORD_LENGTH.maxOcpp16) {
    throw new ValidationError([
      {
        field: 'password',
        in: 'body',
        message: `At most ${CHARGER_PASSWORD_LENGTH.maxOcpp16} characters for an OCPP 1.6 charger (AuthorizationKey holds 16–20 bytes)`,
      },
    ]);
  }
}

type Answer = { readonly status: string; readonly statusInfo?: unknown };

async function changeOnCharger(
  deps: Deps,
  found: ChargePointWithConnectors,
  version: OcppVersion,
  password: string,
  hash: string,
): Promise<'Accepted' | 'RebootRequired'> {
  const { chargePoint } = found;
  const { tenantId, id } = chargePoint;
  const now = () => deps.clock.now().toISOString();
  const previous = chargePoint.pendingPasswordHash
    ? { hash: chargePoint.pendingPasswordHash, since: chargePoint.pendingPasswordSince ?? now() }
    : undefined;
  settleUpdate(await deps.chargePoints.beginPasswordChange(chargePoint, hash, now()), id);
  const drop = () => deps.chargePoints.settlePasswordChange(tenantId, id, hash, { restore: previous }, now());

  let answer: Answer;
  try {
    answer = await sendPassword(deps, tenantId, id, version, password);
  } catch (error) {
    if (outcomeUnknown(error)) {
      deps.log.warn('Password change unanswered: both passwords stay valid until the charger connects', {
        chargePointId: id,
        error: String(error),
      });
    } else {
      await drop();
    }
    throw error;
  }

  if (answer.status === 'RebootRequired') return 'RebootRequired';
  if (answer.status !== 'Accepted') {
    await drop();
    throw new UpstreamError(
      `${id} refused the new password (${answer.status}); the old password stays`,
      answer.status,
      { chargerStatus: answer.status, ...(answer.statusInfo ? { statusInfo: answer.statusInfo } : {}) },
    );
  }
  if (!(await deps.chargePoints.settlePasswordChange(tenantId, id, hash, { promote: true }, now()))) {
    // Already promoted by the charger reconnecting with it (fine), or replaced by a rotation that overlapped
    // this one: that one settles the pending password, and the charger's next connection the rest.
    const after = await requireChargePoint(deps, tenantId, id);
    if (after.chargePoint.passwordHash !== hash) {
      throw new ConflictError(`The password of ${id} changed meanwhile; read it and retry`);
    }
  }
  return 'Accepted';
}

/** The password on the charger: as it is for 2.0.1, hex-encoded for 1.6 (see below). */
async function sendPassword(
  deps: Deps,
  tenantId: string,
  id: string,
  version: OcppVersion,
  password: string,
): Promise<Answer> {
  if (version === 'ocpp2.0.1') {
    const component = { name: 'SecurityCtrlr' };
    const variable = { name: 'BasicAuthPassword' };
    const { setVariableResult } = await call201(deps, tenantId, id, 'SetVariables', {
      setVariableData: [{ component, variable, attributeValue: password }],
    });
    const result =
      setVariableResult.find(
        (r) =>
          r.component.name.toLowerCase() === 'securityctrlr' &&
          r.variable.name.toLowerCase() === 'basicauthpassword',
      ) ?? setVariableResult[0];
    return {
      status: result?.attributeStatus ?? 'Rejected',
      ...(result?.attributeStatusInfo ? { statusInfo: result.attributeStatusInfo } : {}),
    };
  }
  // The OCPP 1.6 security whitepaper (and the 1.6 test tool, TC_073) carries the password in AuthorizationKey
  // hex-encoded; the charger decodes it and presents the decoded bytes at the handshake.
  const { status } = await call16(deps, tenantId, id, 'ChangeConfiguration', {
    key: 'AuthorizationKey',
    value: Buffer.from(password, 'utf8').toString('hex').toUpperCase(),
  });
  return { status };
}

/** The CALL may have reached the charger and been applied, but no answer says so. */
function outcomeUnknown(error: unknown): boolean {
  if (error instanceof UpstreamTimeoutError) return true;
  if (error instanceof UpstreamError && error.code === DISCONNECTED) return true;
  // Anything else that is not ours (a table failure after sending) is unknown too; domain errors before the
  // CALL left (busy charger, undelivered, invalid) and CALLERRORs are known: nothing was applied.
  return !(error instanceof DomainError);
}
