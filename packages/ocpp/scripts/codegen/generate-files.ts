import { join } from 'node:path';
import { formatWithBiome } from './format.ts';
import { GENERATED_DIR } from './paths.ts';
import { renderModule } from './render-module.ts';
import { loadSources } from './sources.ts';

export interface GeneratedFile {
  readonly path: string;
  readonly content: string;
}

/**
 * The contents `src/generated/` must have, computed in memory: the generator script writes them, and a test
 * compares them with the committed files so a hand edit or a forgotten regeneration fails CI.
 */
export function generateFiles(): GeneratedFile[] {
  return loadSources().map((source) => {
    const path = join(GENERATED_DIR, `${source.moduleName}.ts`);
    return { path, content: formatWithBiome(renderModule(source)) };
  });
}
