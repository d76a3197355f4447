import { validationErrorOf } from '@csms/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type * as z from 'zod';
import { MalformedBodyError } from './problem.ts';

/** Parses the JSON body of an API Gateway HTTP API event. */
export function jsonBody(event: APIGatewayProxyEventV2): unknown {
  if (!event.body) throw new MalformedBodyError('A JSON request body is required');
  const text = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  try {
    return JSON.parse(text);
  } catch {
    throw new MalformedBodyError('The request body is not valid JSON');
  }
}

/** Validates input with a zod schema; every issue becomes a field-named entry of a 422 problem. */
export function parseWith<S extends z.ZodType>(
  schema: S,
  input: unknown,
  location: 'body' | 'query' = 'body',
): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw validationErrorOf(result.error.issues, location);
}
