import { defineModule } from '../../kernel/module.ts';
import { authModule } from '../auth/index.ts';
import { orgModule } from '../org/index.ts';
import { idleAccountsJob } from './idle-accounts.job.ts';
import { usersRoutes } from './users.routes.ts';
import { createUsersService } from './users.service.ts';
import './users.tables.ts';

export { syncBuiltinRoles } from './roles.sync.ts';

/** User administration (create, disable, reset, role and unit within one's own grants) and idle accounts. */
export const usersModule = defineModule({
  name: 'users',
  messages: {
    'user.duplicate_username': { zh: '用户名已存在', en: 'This username is taken' },
    'user.role_too_strong': {
      zh: '不能授予超出自身权限的角色',
      en: 'You cannot grant a role with permissions you do not hold',
    },
    'user.duties_mixed': {
      zh: '该角色同时具有用户管理和审计查阅权限，违反职责分离',
      en: 'This role mixes user administration with audit reading (separated duties)',
    },
    'user.audit_account': {
      zh: '用户管理员不能操作审计员账号',
      en: 'A user administrator cannot act on an auditor account',
    },
    'user.self_mfa_reset': {
      zh: '不能重置自己的双因素认证，请由另一位管理员操作',
      en: 'Your own second factor is reset by another administrator, not by you',
    },
    'user.self_change': {
      zh: '不能修改自己的角色、单位或状态',
      en: 'You cannot change your own role, unit or status',
    },
  },
  jobs: (settings) => [idleAccountsJob(settings.accountIdleDays)],
  register: ({ app, db, audit, clock, hashCost, use }) => {
    const users = createUsersService({
      db,
      audit,
      clock,
      sessions: use(authModule).sessions,
      mfa: use(authModule).mfa,
      hashCost,
      orgChanged: use(orgModule).treeChanged,
    });
    usersRoutes(app, { users });
    return users;
  },
});
