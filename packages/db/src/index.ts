export * from './capacity.ts';
export * from './charge-points.ts';
export * from './client.ts';
export * from './create-table.ts';
export * from './keys.ts';
export * from './table.ts';
export * from './tenants.ts';
