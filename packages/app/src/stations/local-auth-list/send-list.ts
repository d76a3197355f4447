import type { Deps } from '@csms/app/deps';
import { chunkEntries, type LocalListEntry } from '@csms/core';
import type { LocalListLimits } from '@csms/db';
import { encodeCall, type Ocpp201, type OcppVersion } from '@csms/ocpp';
import type { CallOptions } from '../commands/call-charge-point.ts';
import { call16, call201 } from '../commands/call-ocpp16.ts';
import { toAuthorizationData16, toAuthorizationData201 } from './build-entries.ts';

/**
 * One SendLocalList in the charger's version: 1.6 `listVersion` + `AuthorizationData` with an idTag, 2.0.1
 * `versionNumber` + `AuthorizationData` with a typed idToken. Both answer Accepted, Failed or VersionMismatch
 * (1.6 also NotSupported), which the sync records as they are.
 */
export interface LocalListMessage {
  readonly listVersion: number;
  readonly updateType: 'Full' | 'Differential';
  readonly entries: readonly LocalListEntry[];
}

export type SendListStatus = 'Accepted' | 'Failed' | 'NotSupported' | 'VersionMismatch';

export async function sendLocalListMessage(
  deps: Deps,
  tenantId: string,
  chargePointId: string,
  version: OcppVersion,
  message: LocalListMessage,
  options?: CallOptions,
): Promise<SendListStatus> {
  const { listVersion, updateType, entries } = message;
  if (version === 'ocpp1.6') {
    const answer = await call16(
      deps,
      tenantId,
      chargePointId,
      'SendLocalList',
      { listVersion, updateType, localAuthorizationList: entries.map(toAuthorizationData16) },
      options,
    );
    return answer.status;
  }
  const answer = await call201(
    deps,
    tenantId,
    chargePointId,
    'SendLocalList',
    payload201(listVersion, updateType, entries),
    options,
  );
  return answer.status;
}

/**
 * 2.0.1 allows no empty `localAuthorizationList`: a full list with no entries (nobody may charge) leaves it
 * out, which empties the charger's list.
 */
function payload201(
  versionNumber: number,
  updateType: 'Full' | 'Differential',
  entries: readonly LocalListEntry[],
): Ocpp201.SendLocalListRequest {
  return {
    versionNumber,
    updateType,
    ...(entries.length === 0 ? {} : { localAuthorizationList: entries.map(toAuthorizationData201) }),
  };
}

/**
 * The messages a list is sent in: at most the charger's entries per message (1.6 SendLocalListMaxLength,
 * 2.0.1 ItemsPerMessage) and, on 2.0.1, at most its BytesPerMessage. The first message of a full list
 * replaces the charger's list; the rest add to it.
 */
export function splitLocalList(
  entries: readonly LocalListEntry[],
  limits: LocalListLimits | undefined,
  version: OcppVersion,
): LocalListEntry[][] {
  const byCount = chunkEntries(entries, limits?.sendLocalListMaxLength);
  const maxBytes = limits?.bytesPerMessage;
  if (version === 'ocpp1.6' || maxBytes === undefined) return byCount;
  return byCount.flatMap((chunk) => splitByBytes(chunk, maxBytes));
}

const bytes = (text: string) => new TextEncoder().encode(text).length;

/**
 * The whole CALL frame counts, as the charger receives it, with room for the longest message id
 * (`callChargePoint` uses UUIDs) and version number. An entry that alone exceeds the limit still goes, alone:
 * the charger's answer then says whether it took it.
 */
const LONGEST_MESSAGE_ID = '00000000-0000-0000-0000-000000000000';
const LONGEST_VERSION = 2 ** 31 - 1;

function splitByBytes(chunk: readonly LocalListEntry[], maxBytes: number): LocalListEntry[][] {
  // The frame of an empty list, then each entry adds its JSON and a comma after the first.
  const frameBytes = bytes(
    encodeCall(LONGEST_MESSAGE_ID, 'SendLocalList', {
      versionNumber: LONGEST_VERSION,
      updateType: 'Differential',
      localAuthorizationList: [],
    }),
  );
  const messages: LocalListEntry[][] = [];
  let current: LocalListEntry[] = [];
  let size = frameBytes;
  for (const entry of chunk) {
    const entryBytes = bytes(JSON.stringify(toAuthorizationData201(entry)));
    const added = current.length === 0 ? entryBytes : entryBytes + 1;
    if (current.length > 0 && size + added > maxBytes) {
      messages.push(current);
      current = [entry];
      size = frameBytes + entryBytes;
      continue;
    }
    current.push(entry);
    size += added;
  }
  messages.push(current);
  return messages;
}
