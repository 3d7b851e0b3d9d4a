export * from './errors.ts';
export * from './paging.ts';
export * from './system.contract.ts';
export * from './text.ts';
