import { allRoutes } from '@csms/functions/http/routes/index';
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../src/stack.ts';
import { startTestStack } from './support/local-stack.ts';

let stack: LocalStack;
let document: {
  openapi: string;
  paths: Record<string, Record<string, { security: unknown[]; operationId: string }>>;
};
beforeAll(async () => {
  stack = await startTestStack();
  document = (await (await fetch(`${stack.apiUrl}/v1/openapi.json`)).json()) as typeof document;
});
afterAll(async () => {
  await stack?.stop();
});

const operations = () =>
  Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ path, method: method.toUpperCase(), op })),
  );

describe('the OpenAPI document', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    expect(document.openapi).toBe('3.1.0');
    const validator = new Validator();
    const result = await validator.validate(document as unknown as Parameters<Validator['validate']>[0]);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('lists exactly the routes the router serves', () => {
    const documented = operations()
      .map(({ path, method }) => `${method} ${path}`)
      .sort();
    const served = allRoutes.map((r) => `${r.method} ${r.path}`).sort();
    expect(documented).toEqual(served);
    expect(new Set(operations().map(({ op }) => op.operationId)).size).toBe(served.length);
  });

  it('matches the live API: every documented operation exists and asks for a key unless public', async () => {
    for (const { path, method, op } of operations()) {
      const url = `${stack.apiUrl}${path.replace(/\{(\w+)\}/g, 'probe-$1')}`;
      const res = await fetch(url, {
        method,
        headers: { 'content-type': 'application/json' },
        body: method === 'GET' || method === 'DELETE' ? undefined : '{}',
      });
      expect.soft([404, 405].includes(res.status) && op.security.length > 0, `${method} ${path}`).toBe(false);
      if (op.security.length > 0) expect.soft(res.status, `${method} ${path} without a key`).toBe(401);
      else expect.soft(res.status, `${method} ${path}`).not.toBe(405);
    }
  });
});
