import {
  idParamSchema,
  pageOf,
  personCreateSchema,
  personListQuerySchema,
  personSchema,
  revealResultSchema,
  revealSchema,
} from '@fivestar/common';
import { actor, type ZApp } from '../../http/route.ts';
import type { PersonsService } from './persons.service.ts';

export function personsRoutes(app: ZApp, { persons }: { persons: PersonsService }) {
  const tags = ['persons'];
  app.get(
    '/api/persons',
    { schema: { tags, querystring: personListQuerySchema, response: { 200: pageOf(personSchema) } } },
    async (request) => persons.list(actor(request), request.query),
  );
  app.get(
    '/api/persons/:id',
    { schema: { tags, params: idParamSchema, response: { 200: personSchema } } },
    async (request) => persons.get(actor(request), request.params.id),
  );
  app.post(
    '/api/persons',
    { schema: { tags, body: personCreateSchema, response: { 201: personSchema } } },
    async (request, reply) =>
      reply.status(201).send(await persons.create(actor(request), request.body, request.ip)),
  );
  app.post(
    '/api/persons/:id/reveal',
    { schema: { tags, params: idParamSchema, body: revealSchema, response: { 200: revealResultSchema } } },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return persons.reveal(
        actor(request),
        request.params.id,
        request.body.field,
        request.body.reason,
        request.ip,
      );
    },
  );
}
