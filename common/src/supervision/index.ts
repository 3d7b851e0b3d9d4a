export * from './supervision.rules.ts';
export * from './supervision.schemas.ts';
export * from './supervision.contract.ts';
