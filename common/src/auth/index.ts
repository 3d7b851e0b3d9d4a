export * from './roles.ts';
export * from './password-policy.ts';
export * from './auth.schemas.ts';
export * from './auth.contract.ts';
export * from './duties.ts';
