export * from './jobs.schemas.ts';
export * from './jobs.contract.ts';
