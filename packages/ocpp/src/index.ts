export * from './actions.ts';
export * from './error-codes.ts';
export * from './errors.ts';
export * from './frame.ts';
/** Zod schemas and payload types of OCPP 1.6, e.g. `Ocpp16.BootNotificationRequest`. */
export * as Ocpp16 from './generated/ocpp16.ts';
/** Zod schemas and payload types of OCPP 2.0.1, e.g. `Ocpp201.TransactionEventRequest`. */
export * as Ocpp201 from './generated/ocpp201.ts';
export * from './string-formats.ts';
export * from './validate.ts';
export * from './version.ts';
