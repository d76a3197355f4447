import path from 'node:path';
import { useProject } from 'sst/project.js';

/**
 * Files named in the shared catalogs (ASL, CloudFront Function code) are relative to the repository root,
 * which is where sst.config.ts lives; SST knows it, so this does not depend on the process' cwd.
 */
export function fromRoot(relativePath: string): string {
  return path.resolve(useProject().paths.root, relativePath);
}
