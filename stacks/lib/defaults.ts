import type { FunctionProps } from 'sst/constructs';

/**
 * Applied to every Lambda of the app (sst.config.ts) and by the infra tests that synthesize single stacks.
 * Graviton (arm_64, SST's spelling) is cheaper per ms and the handlers are pure JS, so nothing native to rebuild.
 * ESM matches the workspace (`"type": "module"`); SST's esbuild bundles each handler with its dependencies,
 * the AWS SDK v3 included, so the SDK version is the one in package-lock.json, not whatever the runtime ships.
 */
export const functionDefaults: FunctionProps = {
  runtime: 'nodejs22.x',
  architecture: 'arm_64',
  memorySize: '1024 MB',
  timeout: '10 seconds',
  nodejs: { format: 'esm' },
};
