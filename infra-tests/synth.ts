import { App, getStack } from 'sst/constructs';
import { initProject, useProject } from 'sst/project.js';

/**
 * Synthesizes SST stacks offline, the way `sst deploy` does (mode "deploy"), minus the AWS calls: SST skips the
 * bootstrap lookup and the sourcemap upload when NODE_ENV is "test", which vitest sets.
 *
 * Bundling: in "deploy" mode every Function is built by esbuild (plus an `npm install` of force-external
 * packages into its artifact folder) during `app.finish()`. That makes these tests depend on the handlers
 * compiling, which is the business of `tsc` and the functions' own tests, so by default the stacks are
 * synthesized as SST's inactive stacks — what `sst deploy <filter>` does for the stacks it skips, and `sst
 * remove` for all: same resources, placeholder inline code. `CSMS_INFRA_BUNDLE=1` builds the real bundles.
 */
export const bundling = process.env.CSMS_INFRA_BUNDLE === '1';

export async function synthesize(configure: (app: App) => void | Promise<void>): Promise<App> {
  await initProject({ stage: 'test' });
  const { config } = useProject();
  const app = new App({
    mode: 'deploy',
    name: config.name,
    stage: config.stage,
    region: config.region,
    ...(bundling ? {} : { isActiveStack: () => false }),
  });
  await configure(app);
  await app.finish();
  return app;
}

export { getStack };
