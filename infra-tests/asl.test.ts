import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadAsl } from '../stacks/lib/asl.js';

const dir = mkdtempSync(path.join(tmpdir(), 'csms-asl-'));
function aslFile(name: string, body: unknown): string {
  const file = path.join(dir, name);
  writeFileSync(file, typeof body === 'string' ? body : JSON.stringify(body));
  return file;
}
const task = (placeholder: string) => ({
  StartAt: 'A',
  States: {
    A: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { FunctionName: `\${${placeholder}}` },
      End: true,
    },
  },
});

describe('loadAsl', () => {
  it('returns the file when every placeholder has a substitution and every substitution is used', () => {
    const file = aslFile('ok.json', task('AFunctionArn'));
    expect(JSON.parse(loadAsl(file, { AFunctionArn: 'arn' }))).toEqual(task('AFunctionArn'));
  });

  it('refuses a placeholder no task provides (it would be deployed literally)', () => {
    const file = aslFile('unknown.json', task('TypoFunctionArn'));
    expect(() => loadAsl(file, {})).toThrow(/\$\{TypoFunctionArn\}/);
  });

  it('refuses a task the ASL never references', () => {
    const file = aslFile('unused.json', task('AFunctionArn'));
    expect(() => loadAsl(file, { AFunctionArn: 'arn', BFunctionArn: 'arn' })).toThrow(/\$\{BFunctionArn\}/);
  });

  it('names the file when it is missing or not JSON', () => {
    expect(() => loadAsl(path.join(dir, 'missing.json'), {})).toThrow(/missing\.json cannot be read/);
    expect(() => loadAsl(aslFile('broken.json', '{'), {})).toThrow(/not valid JSON/);
  });
});
