export * from './audit.schemas.ts';
export * from './audit.contract.ts';
