import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import {
  actionsOf,
  isOcppVersion,
  type OcppVersion,
  SUPPORTED_OCPP_VERSIONS,
  schemasOf,
} from '../src/index.ts';

const require = createRequire(import.meta.url);

/** Read straight from the source package, independently of the generator, as the yardstick. */
function sourceActions(file: string): { schemaCount: number; actions: string[] } {
  const schemas = JSON.parse(readFileSync(require.resolve(`ocpp-rpc/lib/schemas/${file}`), 'utf8')) as {
    $id: string;
  }[];
  const actions = new Set(
    schemas.map((schema) => schema.$id.replace(/^urn:/, '').replace(/\.(req|conf)$/, '')),
  );
  return { schemaCount: schemas.length, actions: [...actions].sort() };
}

const sources: Record<OcppVersion, { file: string; actionCount: number }> = {
  'ocpp1.6': { file: 'ocpp1_6.json', actionCount: 39 },
  'ocpp2.0.1': { file: 'ocpp2_0_1.json', actionCount: 64 },
};

describe('action schemas', () => {
  it.each(SUPPORTED_OCPP_VERSIONS)(
    '%s has a request and a response schema for every action of the source',
    (version) => {
      const { file, actionCount } = sources[version];
      const source = sourceActions(file);
      expect(source.schemaCount).toBe(2 * actionCount);
      expect(actionsOf(version)).toEqual(source.actions);
      for (const action of actionsOf(version)) {
        const schemas = schemasOf(version, action);
        expect(schemas?.request).toBeInstanceOf(z.ZodType);
        expect(schemas?.response).toBeInstanceOf(z.ZodType);
      }
    },
  );

  it('knows the versions by their WebSocket subprotocol names', () => {
    expect(SUPPORTED_OCPP_VERSIONS).toEqual(['ocpp1.6', 'ocpp2.0.1']);
    expect(isOcppVersion('ocpp2.0.1')).toBe(true);
    expect(isOcppVersion('ocpp2.1')).toBe(false);
    expect(isOcppVersion(undefined)).toBe(false);
  });

  it('does not mistake prototype members for actions', () => {
    expect(schemasOf('ocpp1.6', 'constructor')).toBeUndefined();
  });
});
