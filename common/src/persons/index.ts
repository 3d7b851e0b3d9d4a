export * from './persons.schemas.ts';
export * from './persons.contract.ts';
