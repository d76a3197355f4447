import { readFileSync } from 'node:fs';

/**
 * Reads an ASL file and checks its `${...}` placeholders against the substitutions CloudFormation will apply.
 * Done at synth time because a typo'd or missing task would otherwise deploy a literal `${...}` that Step
 * Functions only rejects in the middle of `sst deploy`, and an unreferenced task would be a Lambda nobody calls.
 */
export function loadAsl(file: string, substitutions: Readonly<Record<string, string>>): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`Workflow ASL ${file} cannot be read`, { cause: error });
  }
  try {
    JSON.parse(text);
  } catch (error) {
    throw new Error(`Workflow ASL ${file} is not valid JSON`, { cause: error });
  }
  const placeholders = new Set([...text.matchAll(/\$\{([^}]+)\}/g)].map((match) => match[1] as string));
  const unknown = [...placeholders].filter((name) => !Object.hasOwn(substitutions, name));
  if (unknown.length > 0) {
    throw new Error(
      `Workflow ASL ${file} uses ${list(unknown)}, which no task of the workflow catalog provides`,
    );
  }
  const unused = Object.keys(substitutions).filter((name) => !placeholders.has(name));
  if (unused.length > 0) {
    throw new Error(`Workflow ASL ${file} never references ${list(unused)} (a task of the workflow catalog)`);
  }
  return text;
}

const list = (names: readonly string[]): string => names.map((name) => `\${${name}}`).join(', ');
