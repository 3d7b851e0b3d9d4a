import { personsContract } from '@fivestar/common';
import type { ZApp } from '../../http/route.ts';
import { serve } from '../../http/serve.ts';
import type { PersonsService } from './persons.service.ts';

export function personsRoutes(app: ZApp, { persons }: { persons: PersonsService }) {
  serve(app, personsContract, {
    list: ({ user, query }) => persons.list(user, query),
    get: ({ user, params }) => persons.get(user, params.id),
    create: ({ user, body, ip }) => persons.create(user, body, ip),
    reveal: ({ user, params, body, ip, reply }) => {
      reply.header('cache-control', 'no-store');
      return persons.reveal(user, params.id, body.field, body.reason, ip);
    },
  });
}
