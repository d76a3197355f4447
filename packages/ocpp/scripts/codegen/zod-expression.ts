import { ANNOTATION_KEYWORDS, type SchemaNode, type SchemaType } from './json-schema.ts';

/** Helpers from `src/string-formats.ts` a generated module may need to import. */
export type FormatHelper = 'dateTime' | 'uri';

const FORMAT_HELPERS: Readonly<Record<NonNullable<SchemaNode['format']>, FormatHelper>> = {
  'date-time': 'dateTime',
  uri: 'uri',
};

/** Validation keywords each type may carry; any other one is a constraint the generator would lose. */
const KEYWORDS_BY_TYPE: Readonly<Record<SchemaType, readonly string[]>> = {
  object: ['properties', 'required', 'additionalProperties'],
  string: ['enum', 'minLength', 'maxLength', 'format'],
  integer: ['minimum', 'maximum', 'multipleOf'],
  number: ['minimum', 'maximum', 'multipleOf'],
  boolean: [],
  array: ['items', 'minItems', 'maxItems'],
};

const DEFINITION_REF = /^#\/definitions\/([A-Za-z_$][\w$]*)$/;

export class ZodEmitter {
  /** Format helpers used so far, so the module imports exactly those. */
  readonly helpersUsed = new Set<FormatHelper>();

  constructor(
    private readonly definitionNames: ReadonlySet<string>,
    private readonly origin: string,
  ) {}

  /** A zod expression for `node`; `where` names the node in error messages. */
  expression(node: SchemaNode, where: string): string {
    if (node.$ref !== undefined) return this.reference(node, where);
    if (node.type === undefined) {
      // No type and no constraint means any JSON value (2.0.1 DataTransfer's `data`).
      if (validationKeywords(node).length > 0) throw this.error(where, 'has constraints but no type');
      return 'z.unknown()';
    }
    this.assertKeywords(node, node.type, where);
    switch (node.type) {
      case 'object':
        return this.object(node, where);
      case 'string':
        return this.string(node, where);
      case 'integer':
        return `z.int()${this.bounds(node)}`;
      case 'number':
        return `z.number()${this.bounds(node)}`;
      case 'boolean':
        return 'z.boolean()';
      case 'array': {
        if (!node.items) throw this.error(where, 'is an array without items');
        const items = this.expression(node.items, `${where}[]`);
        return `z.array(${items})${call('min', node.minItems)}${call('max', node.maxItems)}`;
      }
    }
  }

  private reference(node: SchemaNode, where: string): string {
    const name = DEFINITION_REF.exec(node.$ref ?? '')?.[1];
    if (!name || !this.definitionNames.has(name))
      throw this.error(where, `has unresolvable $ref ${node.$ref}`);
    // In draft-07, keywords next to $ref are ignored; refuse them rather than guess what was meant.
    if (validationKeywords(node).some((keyword) => keyword !== '$ref')) {
      throw this.error(where, 'has keywords next to $ref');
    }
    return name;
  }

  private object(node: SchemaNode, where: string): string {
    const required = new Set(node.required ?? []);
    const properties = Object.entries(node.properties ?? {});
    for (const name of required) {
      if (!node.properties?.[name]) throw this.error(where, `requires undeclared property ${name}`);
    }
    const fields = properties.map(([name, property]) => {
      const value = this.expression(property, `${where}.${name}`);
      return `${propertyKey(name)}: ${required.has(name) ? value : `${value}.optional()`},`;
    });
    // JSON Schema allows extra properties unless told otherwise; 2.0.1's CustomDataType relies on that.
    const factory = node.additionalProperties === false ? 'z.strictObject' : 'z.looseObject';
    return `${factory}({\n${fields.join('\n')}\n})`;
  }

  private string(node: SchemaNode, where: string): string {
    if (node.enum) {
      if (new Set(node.enum).size !== node.enum.length) throw this.error(where, 'repeats an enum value');
      return `z.enum([${node.enum.map((value) => JSON.stringify(value)).join(', ')}])`;
    }
    let base = 'z.string()';
    if (node.format) {
      const helper = FORMAT_HELPERS[node.format];
      this.helpersUsed.add(helper);
      base = `${helper}()`;
    }
    return `${base}${call('min', node.minLength)}${call('max', node.maxLength)}`;
  }

  /** minimum/maximum are inclusive in JSON Schema, as are zod's min/max. */
  private bounds(node: SchemaNode): string {
    return `${call('min', node.minimum)}${call('max', node.maximum)}${call('multipleOf', node.multipleOf)}`;
  }

  private assertKeywords(node: SchemaNode, type: SchemaType, where: string): void {
    const allowed = new Set(['type', ...KEYWORDS_BY_TYPE[type]]);
    const stray = validationKeywords(node).filter((keyword) => !allowed.has(keyword));
    if (stray.length > 0)
      throw this.error(where, `has keywords ${stray.join(', ')} not applicable to ${type}`);
    if (node.enum && (node.minLength !== undefined || node.maxLength !== undefined || node.format)) {
      // The enum alone decides then; no OCPP schema combines the two, so refuse rather than drop one.
      throw this.error(where, 'combines enum with a length limit or format');
    }
  }

  private error(where: string, problem: string): Error {
    return new Error(`${this.origin}: ${where} ${problem}`);
  }
}

function validationKeywords(node: SchemaNode): string[] {
  const annotations = new Set<string>(ANNOTATION_KEYWORDS);
  return Object.keys(node).filter((keyword) => !annotations.has(keyword));
}

function call(method: string, argument: number | undefined): string {
  return argument === undefined ? '' : `.${method}(${argument})`;
}

function propertyKey(name: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? name : JSON.stringify(name);
}

/** Definition names `node` refers to, directly or through nested properties and items. */
export function referencedDefinitions(node: SchemaNode, found = new Set<string>()): Set<string> {
  const name = DEFINITION_REF.exec(node.$ref ?? '')?.[1];
  if (name) found.add(name);
  for (const property of Object.values(node.properties ?? {})) referencedDefinitions(property, found);
  if (node.items) referencedDefinitions(node.items, found);
  return found;
}
