import type { TableClient } from './table-client.ts';

/** A data-access function as written in a module: the table first, then what the caller knows. */
// biome-ignore lint/suspicious/noExplicitAny: any argument list; each function is typed where it is written.
type TableFunction = (table: TableClient, ...args: any[]) => unknown;

/** The same functions as a repository's methods, with the table already given. */
export type Bound<Functions extends Record<string, TableFunction>> = {
  readonly [Name in keyof Functions]: Functions[Name] extends (
    table: TableClient,
    ...args: infer A
  ) => infer R
    ? (...args: A) => R
    : never;
};

/**
 * Builds a repository from a module's functions. Each module keeps plain functions taking the table first
 * (easy to read and to call from its neighbours inside the package); callers outside see only the repository.
 */
export function bindTable<Functions extends Record<string, TableFunction>>(
  table: TableClient,
  functions: Functions,
): Bound<Functions> {
  const bound: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(functions))
    bound[name] = (...args: unknown[]) => fn(table, ...args);
  return bound as Bound<Functions>;
}
