import { z } from 'zod';
import { defineContract, route } from '../contract.ts';
import { idParamSchema, pageOf } from '../http/paging.ts';
import {
  resetPasswordSchema,
  roleSchema,
  userCreateSchema,
  userListQuerySchema,
  userPatchSchema,
  userSchema,
} from './users.schemas.ts';

/** User administration: accounts, their roles and units. */
export const usersContract = defineContract('users', {
  roles: route({ method: 'GET', path: '/api/roles', access: 'user:read', response: z.array(roleSchema) }),
  list: route({
    method: 'GET',
    path: '/api/users',
    access: 'user:read',
    query: userListQuerySchema,
    response: pageOf(userSchema),
  }),
  get: route({
    method: 'GET',
    path: '/api/users/:id',
    access: 'user:read',
    params: idParamSchema,
    response: userSchema,
  }),
  create: route({
    method: 'POST',
    path: '/api/users',
    access: 'user:admin',
    body: userCreateSchema,
    response: userSchema,
    status: 201,
  }),
  update: route({
    method: 'PATCH',
    path: '/api/users/:id',
    access: 'user:admin',
    params: idParamSchema,
    body: userPatchSchema,
    response: userSchema,
  }),
  resetPassword: route({
    method: 'POST',
    path: '/api/users/:id/reset-password',
    access: 'user:admin',
    params: idParamSchema,
    body: resetPasswordSchema,
  }),
  resetMfa: route({
    method: 'POST',
    path: '/api/users/:id/reset-mfa',
    access: 'user:admin',
    params: idParamSchema,
    summary: 'Clears the account’s second factor (authenticator, recovery codes, devices); it enrols again',
  }),
});
