// The ledger and funding rules: pure, integer minor units, no I/O.
export * from './accounts.ts';
export * from './book.ts';
export * from './codes.ts';
export * from './complaints.ts';
export * from './discounts.ts';
export * from './funding.ts';
export * from './movements.ts';
export * from './session-funding.ts';
export * from './settlement.ts';
export * from './transaction.ts';
export * from './vouchers.ts';
