import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Resolved from this file, not the working directory, so the generator and its test run from anywhere. */
const CODEGEN_DIR = dirname(fileURLToPath(import.meta.url));

export const PACKAGE_DIR = resolve(CODEGEN_DIR, '../..');
export const REPO_ROOT = resolve(PACKAGE_DIR, '../..');
export const GENERATED_DIR = resolve(PACKAGE_DIR, 'src/generated');
