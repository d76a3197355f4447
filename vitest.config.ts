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
      // For processes the tests spawn (npm start); the workers get it through execArgv below.
      NODE_OPTIONS: '--disable-warning=NodeVersionSupportWarning',
    },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration suites each start their own local stack on free ports; two cores, so keep it modest.
    maxWorkers: 2,
    // The AWS SDK warns in every worker that future versions need Node 22 (Lambda runs nodejs22.x, this machine
    // Node 20); repeated per worker it buries real output.
    execArgv: ['--disable-warning=NodeVersionSupportWarning'],
  },
});
