import { defineConfig } from 'vitest/config';

// The AWS SDK warns on every process start that future versions need Node 22; Lambda runs nodejs22.x, this
// machine Node 20. The warning repeats per test worker and buries real output, so it is silenced here.
process.env.NODE_OPTIONS = [process.env.NODE_OPTIONS, '--disable-warning=NodeVersionSupportWarning']
  .filter(Boolean)
  .join(' ');

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
