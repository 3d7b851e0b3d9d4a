export * from './development.registries.ts';
export * from './development.rules.ts';
export * from './development.schemas.ts';
export * from './development.contract.ts';
export * from './development.files.ts';
