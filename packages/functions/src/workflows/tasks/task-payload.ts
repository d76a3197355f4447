import type * as z from 'zod';
import type { Deps } from '../../deps.ts';
import { defineHandler } from '../../handler.ts';

/**
 * Thrown when a task receives a payload that breaks its contract. The `name` is the error name Step Functions
 * sees (Lambda reports `error.name` as `errorType`), so an ASL `Retry`/`Catch` can match `InvalidTaskPayload`
 * instead of a generic `ZodError`.
 */
export class InvalidTaskPayloadError extends Error {
  override readonly name = 'InvalidTaskPayload';
}

/** Parses a task's event against its contract, failing the task with `InvalidTaskPayload` when it does not fit. */
export function parseTaskPayload<Schema extends z.ZodType>(schema: Schema, event: unknown): z.output<Schema> {
  const parsed = schema.safeParse(event);
  if (!parsed.success) {
    const issues = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`,
    );
    throw new InvalidTaskPayloadError(issues.join('; '));
  }
  return parsed.data;
}

/**
 * A workflow task: a Lambda handler like any other, whose log lines carry the session the execution serves
 * (the execution is named after it, so this is the workflow's correlation id).
 */
export function defineTask<Result>(name: string, handle: (event: unknown, deps: Deps) => Promise<Result>) {
  return defineHandler<unknown, Result>({ name, correlationId: sessionOf, handle });
}

function sessionOf(event: unknown): string | undefined {
  const input = (event ?? {}) as { sessionId?: unknown; tenantId?: unknown };
  return typeof input.sessionId === 'string' ? `${String(input.tenantId)}/${input.sessionId}` : undefined;
}
