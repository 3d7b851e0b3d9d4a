import {
  idParamSchema,
  pageOf,
  resetPasswordSchema,
  roleSchema,
  userCreateSchema,
  userListQuerySchema,
  userPatchSchema,
  userSchema,
} from '@fivestar/common';
import { z } from 'zod';
import { actor, type ZApp } from '../../http/route.ts';
import type { UsersService } from './users.service.ts';

export function usersRoutes(app: ZApp, { users }: { users: UsersService }) {
  const tags = ['users'];
  app.get('/api/roles', { schema: { tags, response: { 200: z.array(roleSchema) } } }, async () =>
    users.roles(),
  );
  app.get(
    '/api/users',
    { schema: { tags, querystring: userListQuerySchema, response: { 200: pageOf(userSchema) } } },
    async (request) => users.list(actor(request), request.query),
  );
  app.get(
    '/api/users/:id',
    { schema: { tags, params: idParamSchema, response: { 200: userSchema } } },
    async (request) => users.get(actor(request), request.params.id),
  );
  app.post(
    '/api/users',
    { schema: { tags, body: userCreateSchema, response: { 201: userSchema } } },
    async (request, reply) =>
      reply.status(201).send(await users.create(actor(request), request.body, request.ip)),
  );
  app.patch(
    '/api/users/:id',
    { schema: { tags, params: idParamSchema, body: userPatchSchema, response: { 200: userSchema } } },
    async (request) => users.update(actor(request), request.params.id, request.body, request.ip),
  );
  app.post(
    '/api/users/:id/reset-password',
    { schema: { tags, params: idParamSchema, body: resetPasswordSchema } },
    async (request, reply) => {
      await users.resetPassword(actor(request), request.params.id, request.body.password, request.ip);
      return reply.status(204).send();
    },
  );
}
