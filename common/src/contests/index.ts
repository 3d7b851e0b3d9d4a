export * from './contests.rules.ts';
export * from './contests.schemas.ts';
export * from './contests.contract.ts';
export * from './contests.template.ts';
