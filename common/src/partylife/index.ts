export * from './partylife.rules.ts';
export * from './partylife.schemas.ts';
export * from './partylife.contract.ts';
