export * from './grid.rules.ts';
export * from './grid.schemas.ts';
export * from './grid.contract.ts';
export * from './unmasked-exports.ts';
