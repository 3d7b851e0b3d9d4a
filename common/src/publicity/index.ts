export * from './publicity.schemas.ts';
export * from './publicity.rules.ts';
export * from './publicity.contract.ts';
