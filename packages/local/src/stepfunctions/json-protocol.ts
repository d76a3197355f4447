import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { StepFunctionsError } from './service-errors.ts';

/**
 * The AWS JSON 1.0 protocol as Step Functions speaks it: `POST /` with `X-Amz-Target: AWSStepFunctions.<Op>`
 * and a JSON body; results as JSON, errors as `{ "__type": "<ErrorShape>", "message": "..." }` with a 4xx/5xx
 * status, which the AWS SDK turns into the matching exception class.
 */
export const CONTENT_TYPE = 'application/x-amz-json-1.0';
const TARGET_PREFIX = 'AWSStepFunctions.';
/** Execution input and task output are capped at 256 KiB on AWS; a request well above that is not legitimate. */
const MAX_BODY_BYTES = 1024 * 1024;

export interface ApiRequest {
  readonly operation: string;
  readonly body: Readonly<Record<string, unknown>>;
}

export async function readApiRequest(request: IncomingMessage): Promise<ApiRequest> {
  const target = request.headers['x-amz-target'];
  if (request.method !== 'POST' || typeof target !== 'string' || !target.startsWith(TARGET_PREFIX)) {
    throw new StepFunctionsError(
      'UnknownOperationException',
      'Expected POST with X-Amz-Target: AWSStepFunctions.*',
    );
  }
  const text = await readBody(request);
  let body: unknown = {};
  if (text.trim() !== '') {
    try {
      body = JSON.parse(text);
    } catch {
      throw new StepFunctionsError('SerializationException', 'Request body is not valid JSON');
    }
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new StepFunctionsError('SerializationException', 'Request body must be a JSON object');
  }
  return { operation: target.slice(TARGET_PREFIX.length), body: body as Record<string, unknown> };
}

export function sendResult(response: ServerResponse, result: Readonly<Record<string, unknown>>): void {
  send(response, 200, result);
}

export function sendError(response: ServerResponse, error: StepFunctionsError): void {
  send(response, error.statusCode, { __type: error.type, message: error.message });
}

function send(response: ServerResponse, statusCode: number, body: unknown): void {
  const payload = JSON.stringify(body);
  response.writeHead(statusCode, {
    'content-type': CONTENT_TYPE,
    'content-length': Buffer.byteLength(payload),
    'x-amzn-requestid': randomUUID(),
  });
  response.end(payload);
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES)
      throw new StepFunctionsError('ValidationException', 'Request body is too large');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
