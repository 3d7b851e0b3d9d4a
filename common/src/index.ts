export * from './http/errors.ts';
export * from './identity/identity.ts';
export * from './auth/password-policy.ts';
export * from './auth/roles.ts';
export * from './auth/route-access.ts';
export * from './org/org.schemas.ts';
export * from './persons/persons.schemas.ts';
export * from './users/users.schemas.ts';
