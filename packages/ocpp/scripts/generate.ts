/**
 * Regenerates `packages/ocpp/src/generated/` from the OCA JSON schemas: `npm run generate:ocpp`.
 * The output is committed (so runtime code needs no schema files or code generation at cold start) and a
 * test fails when it is stale.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { generateFiles } from './codegen/generate-files.ts';
import { GENERATED_DIR, REPO_ROOT } from './codegen/paths.ts';

mkdirSync(GENERATED_DIR, { recursive: true });
for (const file of generateFiles()) {
  writeFileSync(file.path, file.content);
  console.log(`wrote ${relative(REPO_ROOT, file.path)} (${Math.round(file.content.length / 1024)} KiB)`);
}
