export * from './org.schemas.ts';
export * from './org.contract.ts';
