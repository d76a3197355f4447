import * as z from 'zod';

/**
 * The subset of JSON Schema (draft-07) the OCA OCPP schemas use. Reading the sources through this strict
 * model makes the generator fail loudly on a keyword it does not translate, instead of silently dropping a
 * constraint when a new schema release starts using one.
 */
export type SchemaType = 'object' | 'string' | 'integer' | 'number' | 'boolean' | 'array';

export interface SchemaNode {
  readonly type?: SchemaType;
  readonly $ref?: string;
  readonly properties?: Readonly<Record<string, SchemaNode>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: boolean;
  readonly items?: SchemaNode;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly enum?: readonly string[];
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly format?: 'date-time' | 'uri';
  readonly minimum?: number;
  readonly maximum?: number;
  readonly multipleOf?: number;
  readonly definitions?: Readonly<Record<string, SchemaNode>>;
}

/**
 * Keywords that carry no validation and are skipped. `default` documents what a receiver assumes for an
 * absent field; applying it would make validation rewrite payloads. `additionalItems` only constrains
 * tuple-form `items` (an array of schemas), which the OCPP schemas never use, so it has no effect on them.
 */
export const ANNOTATION_KEYWORDS = [
  '$id',
  '$schema',
  '$comment',
  'title',
  'description',
  'javaType',
  'default',
  'additionalItems',
] as const;

const annotations = {
  $id: z.string().optional(),
  $schema: z.string().optional(),
  $comment: z.string().optional(),
  title: z.string().optional(),
  description: z.string().optional(),
  javaType: z.string().optional(),
  default: z.unknown().optional(),
  additionalItems: z.boolean().optional(),
};

const count = z.int().nonnegative().optional();

export const schemaNode: z.ZodType<SchemaNode> = z.lazy(() =>
  z.strictObject({
    ...annotations,
    type: z.enum(['object', 'string', 'integer', 'number', 'boolean', 'array']).optional(),
    $ref: z.string().optional(),
    properties: z.record(z.string(), schemaNode).optional(),
    required: z.array(z.string()).optional(),
    additionalProperties: z.boolean().optional(),
    items: schemaNode.optional(),
    minItems: count,
    maxItems: count,
    enum: z.array(z.string()).min(1).optional(),
    minLength: count,
    maxLength: count,
    format: z.enum(['date-time', 'uri']).optional(),
    minimum: z.number().optional(),
    maximum: z.number().optional(),
    multipleOf: z.number().positive().optional(),
    definitions: z.record(z.string(), schemaNode).optional(),
  }),
);

function byKey<T>(entries: [string, T][]): [string, T][] {
  return entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** A node without annotations, recursively, with keys in a fixed order (property order is kept). */
function validationContent(node: SchemaNode): Record<string, unknown> {
  const skipped = new Set<string>(ANNOTATION_KEYWORDS);
  const content: [string, unknown][] = [];
  for (const [keyword, value] of Object.entries(node)) {
    if (skipped.has(keyword)) continue;
    if (keyword === 'properties' || keyword === 'definitions') {
      const children = Object.entries(value as Record<string, SchemaNode>);
      content.push([keyword, children.map(([name, child]) => [name, validationContent(child)])]);
    } else if (keyword === 'items') {
      content.push([keyword, validationContent(value as SchemaNode)]);
    } else {
      content.push([keyword, value]);
    }
  }
  return Object.fromEntries(byKey(content));
}

/** What a node validates, as a string: two definitions are interchangeable when these are equal. */
export function canonicalJson(node: SchemaNode): string {
  return JSON.stringify(validationContent(node));
}
