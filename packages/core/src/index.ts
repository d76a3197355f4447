export * from './api-key.ts';
export * from './charge-point.ts';
export * from './errors.ts';
export * from './ids.ts';
export * from './secrets.ts';
export * from './tenant.ts';
