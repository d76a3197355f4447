import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/*/test/**/*.test.ts', 'infra-tests/**/*.test.ts'],
    // Nothing in the tests may reach the network: SST telemetry and the SDK's EC2 metadata probe stay off.
    env: {
      SST_TELEMETRY_DISABLED: '1',
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
    },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration suites each start their own local stack on free ports; two cores, so keep it modest.
    maxWorkers: 2,
  },
});
