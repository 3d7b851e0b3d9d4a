import { defineModule } from '../../kernel/module.ts';
import { authModule } from '../auth/index.ts';
import { idleAccountsJob } from './idle-accounts.job.ts';
import { usersRoutes } from './users.routes.ts';
import { createUsersService } from './users.service.ts';
import './users.tables.ts';

export { syncBuiltinRoles } from './roles.sync.ts';

/** User administration (create, disable, reset, role and unit within one's own grants) and idle accounts. */
export const usersModule = defineModule({
  name: 'users',
  jobs: (settings) => [idleAccountsJob(settings.accountIdleDays)],
  register: ({ app, db, audit, clock, hashCost, use }) => {
    const users = createUsersService({ db, audit, clock, sessions: use(authModule).sessions, hashCost });
    usersRoutes(app, { users });
    return users;
  },
});
