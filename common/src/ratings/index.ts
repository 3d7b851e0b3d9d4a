export * from './ratings.schemas.ts';
export * from './ratings.rules.ts';
export * from './ratings.defaults.ts';
export * from './ratings.contract.ts';
