import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateFiles } from '../scripts/codegen/generate-files.ts';
import { PACKAGE_DIR } from '../scripts/codegen/paths.ts';

describe('generated schemas', () => {
  it('are what the generator produces from the installed schemas (edit the generator, then npm run generate:ocpp)', () => {
    for (const file of generateFiles()) {
      const committed = readFileSync(file.path, 'utf8');
      expect(committed, `${relative(PACKAGE_DIR, file.path)} is stale`).toBe(file.content);
    }
  });
});
