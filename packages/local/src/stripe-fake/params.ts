import { missingParam, paramError, unknownParam } from './errors.ts';
import type { FormObject, FormValue } from './form.ts';

/**
 * Typed reads of a form-encoded parameter hash, failing the way Stripe does: unknown parameters are rejected
 * (so a misspelt parameter in our provider fails the test instead of being silently ignored), integers and
 * booleans must parse, required parameters must be present. An empty string means "not set", as in Stripe.
 */
export class Params {
  constructor(
    private readonly form: FormObject,
    /** Parameter names this endpoint knows, or 'any' for maps with free keys (metadata, capabilities). */
    allowed: readonly string[] | 'any',
    private readonly prefix = '',
  ) {
    if (allowed === 'any') return;
    for (const key of Object.keys(form)) {
      if (key !== 'expand' && !allowed.includes(key)) throw unknownParam(this.name(key));
    }
  }

  private name(key: string): string {
    return this.prefix ? `${this.prefix}[${key}]` : key;
  }

  keys(): string[] {
    return Object.keys(this.form);
  }

  string(key: string): string | undefined {
    const value = this.form[key];
    if (value === undefined || value === '') return undefined;
    if (typeof value !== 'string') throw paramError(`Invalid string: ${this.name(key)}`, this.name(key));
    return value;
  }

  requiredString(key: string): string {
    const value = this.string(key);
    if (value === undefined) throw missingParam(this.name(key));
    return value;
  }

  integer(key: string, min = 0): number | undefined {
    const raw = this.string(key);
    if (raw === undefined) return undefined;
    if (!/^-?\d+$/.test(raw)) {
      throw paramError(`Invalid integer: ${raw}`, this.name(key), 'parameter_invalid_integer');
    }
    const value = Number(raw);
    if (value < min) {
      throw paramError(`This value must be greater than or equal to ${min}.`, this.name(key));
    }
    return value;
  }

  requiredInteger(key: string, min = 0): number {
    const value = this.integer(key, min);
    if (value === undefined) throw missingParam(this.name(key));
    return value;
  }

  boolean(key: string): boolean | undefined {
    const raw = this.string(key);
    if (raw === undefined) return undefined;
    if (raw !== 'true' && raw !== 'false') throw paramError(`Invalid boolean: ${raw}`, this.name(key));
    return raw === 'true';
  }

  oneOf<T extends string>(key: string, values: readonly T[]): T | undefined {
    const raw = this.string(key);
    if (raw === undefined) return undefined;
    if (!(values as readonly string[]).includes(raw)) {
      throw paramError(
        `Invalid ${this.name(key)}: must be one of ${values.join(', ')}`,
        this.name(key),
        'parameter_invalid',
      );
    }
    return raw as T;
  }

  /**
   * Payment method types the intent may use: `allowed_payment_method_types` since API version
   * 2026-10-28.endive, `payment_method_types` before it; both are accepted.
   */
  paymentMethodTypes(): string[] | undefined {
    return this.list('allowed_payment_method_types') ?? this.list('payment_method_types');
  }

  /** `key[0]=a&key[1]=b` → `['a', 'b']`. */
  list(key: string): string[] | undefined {
    const value = this.form[key];
    if (value === undefined || value === '') return undefined;
    if (!Array.isArray(value)) throw paramError(`Invalid array: ${this.name(key)}`, this.name(key));
    return value.filter((v): v is string => typeof v === 'string');
  }

  /** A nested hash such as `business_profile[name]`, checked against its own allowed keys. */
  child(key: string, allowed: readonly string[] | 'any'): Params | undefined {
    const value = this.form[key];
    if (value === undefined || value === '') return undefined;
    if (!isObject(value)) throw paramError(`Invalid hash: ${this.name(key)}`, this.name(key));
    return new Params(value, allowed, this.name(key));
  }

  /** The raw nested hash, for maps with arbitrary keys. */
  hash(key: string): FormObject | undefined {
    const value = this.form[key];
    if (value === undefined || value === '') return undefined;
    if (!isObject(value)) throw paramError(`Invalid hash: ${this.name(key)}`, this.name(key));
    return value;
  }

  /** Stripe metadata: at most 50 keys, keys up to 40 characters, values up to 500; strings only. */
  metadata(key = 'metadata'): Record<string, string> {
    const value = this.hash(key);
    if (!value) return {};
    const entries = Object.entries(value);
    if (entries.length > 50) throw paramError('Metadata can have at most 50 keys.', key);
    const out: Record<string, string> = {};
    for (const [k, v] of entries) {
      if (typeof v !== 'string') throw paramError(`Invalid metadata value for ${k}`, `${key}[${k}]`);
      if (k.length > 40) throw paramError('Metadata keys can be at most 40 characters.', `${key}[${k}]`);
      if (v.length > 500) throw paramError('Metadata values can be at most 500 characters.', `${key}[${k}]`);
      if (v !== '') out[k] = v;
    }
    return out;
  }

  expand(): string[] {
    return this.list('expand') ?? [];
  }
}

export function isObject(value: FormValue | undefined): value is FormObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
