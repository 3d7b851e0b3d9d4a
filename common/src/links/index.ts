export * from './links.schemas.ts';
export * from './links.contract.ts';
