import { usersContract } from '@fivestar/common';
import type { ZApp } from '../../http/route.ts';
import { serve } from '../../http/serve.ts';
import type { UsersService } from './users.service.ts';

export function usersRoutes(app: ZApp, { users }: { users: UsersService }) {
  serve(app, usersContract, {
    roles: () => users.roles(),
    list: ({ user, query }) => users.list(user, query),
    get: ({ user, params }) => users.get(user, params.id),
    create: ({ user, body, ip }) => users.create(user, body, ip),
    update: ({ user, params, body, ip }) => users.update(user, params.id, body, ip),
    resetPassword: ({ user, params, body, ip }) => users.resetPassword(user, params.id, body.password, ip),
    resetMfa: ({ user, params, ip }) => users.resetMfa(user, params.id, ip),
  });
}
