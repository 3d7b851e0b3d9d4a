export * from './users.schemas.ts';
export * from './users.contract.ts';
