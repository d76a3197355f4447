/**
 * Stripe's v1 API takes `application/x-www-form-urlencoded` bodies (and GET query strings) with bracket
 * notation for nesting: `metadata[tenantId]=t1`, `capabilities[card_payments][requested]=true`,
 * `expand[0]=payment_method` (stripe-node writes indexed arrays; `expand[]=…` is accepted too).
 * Every leaf stays a string, as on the wire: each endpoint coerces what it reads (see params.ts).
 */
export type FormValue = string | FormValue[] | FormObject;
export interface FormObject {
  [key: string]: FormValue;
}

export function parseForm(encoded: string): FormObject {
  const root: FormObject = {};
  for (const [key, value] of new URLSearchParams(encoded)) {
    const path = keyPath(key);
    if (path) assign(root, path, value);
  }
  return root;
}

/** `a[b][0]` → `['a', 'b', '0']`; `a[]` → `['a', '']`. A malformed key is kept whole, as a flat name. */
function keyPath(key: string): string[] | undefined {
  const open = key.indexOf('[');
  if (open <= 0) return key ? [key] : undefined;
  const path = [key.slice(0, open)];
  const rest = key.slice(open);
  const segment = /\[([^\]]*)\]/g;
  let consumed = 0;
  for (let m = segment.exec(rest); m; m = segment.exec(rest)) {
    if (m.index !== consumed) return [key];
    path.push(m[1] ?? '');
    consumed = segment.lastIndex;
  }
  return consumed === rest.length ? path : [key];
}

const isIndex = (segment: string): boolean => segment === '' || /^\d+$/.test(segment);

function assign(container: FormObject | FormValue[], path: string[], value: string): void {
  const [head, ...tail] = path as [string, ...string[]];
  const next = tail[0];
  if (Array.isArray(container)) {
    const index = head === '' ? container.length : Number(head);
    if (next === undefined) {
      container[index] = value;
      return;
    }
    const child = childContainer(container[index], next);
    container[index] = child;
    assign(child, tail, value);
    return;
  }
  if (next === undefined) {
    container[head] = value;
    return;
  }
  const child = childContainer(container[head], next);
  container[head] = child;
  assign(child, tail, value);
}

function childContainer(existing: FormValue | undefined, nextSegment: string): FormObject | FormValue[] {
  if (existing !== undefined && typeof existing !== 'string') return existing;
  return isIndex(nextSegment) ? [] : {};
}

/**
 * A stable rendering of parsed parameters (sorted keys), so the idempotency layer can tell "same parameters"
 * regardless of the order the client wrote them in.
 */
export function canonicalForm(value: FormValue): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalForm).join(',')}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalForm(value[k] as FormValue)}`).join(',')}}`;
}
