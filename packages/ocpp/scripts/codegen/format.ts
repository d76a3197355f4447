import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { REPO_ROOT } from './paths.ts';

const require = createRequire(import.meta.url);

/**
 * The path Biome is told the code comes from. It only selects the language and the config that applies, and
 * it must not be the real target: `src/generated` is excluded in biome.json (its long enum lists are not worth
 * lint rules), and Biome hands the content of an excluded file back unformatted.
 */
const STDIN_FILE_PATH = 'packages/ocpp/scripts/codegen/generated-module.ts';

/**
 * Formats generated code with the repository's own Biome and biome.json, so the output is exactly what
 * `biome format` writes. Runs from the repository root so Biome finds the config; Biome's stderr (config
 * deprecation notes) is not ours to show.
 */
export function formatWithBiome(source: string): string {
  const biome = require.resolve('@biomejs/biome/bin/biome');
  return execFileSync(process.execPath, [biome, 'format', `--stdin-file-path=${STDIN_FILE_PATH}`], {
    cwd: REPO_ROOT,
    input: source,
    encoding: 'utf8',
    stdio: ['pipe', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
}
