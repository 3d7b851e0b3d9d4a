import { sql } from 'kysely';
import type { TodoSource } from '../../kernel/module.ts';
import { pathUnder } from '../../security/scope.ts';
import { warningsUnder } from './compliance.ts';

/** The workbench labels of the party-life to-dos (merged into the module's messages). */
export const PARTYLIFE_TODO_MESSAGES = {
  'partylife.todo.warnings': {
    zh: '即将到期未开展的组织生活',
    en: 'Meetings due before their period ends',
  },
  'partylife.todo.make_ups': { zh: '待完成的党员补课', en: "Members' make-up sessions to complete" },
  'partylife.todo.claims': { zh: '待审核的党员积分申报', en: 'Member points claims to decide' },
  'partylife.todo.nominations': { zh: '待审核的评选推荐', en: 'Honour recommendations to review' },
};

/**
 * Party life's share of the workbench: the frequency engine's warnings (a window about to close with nothing held),
 * for the secretary and the township alike; open make-ups; claims and recommendations waiting for the township.
 */
export const partylifeTodos: TodoSource = async ({ db, user, today }) => {
  const perms = user.permissions as string[];
  if (!perms.includes('partylife:read')) return [];
  const scope = user.unitPath;
  const level = user.unitLevel as string;
  const groups = [];
  if (['village', 'community', 'district', 'township'].includes(level)) {
    const warnings = await warningsUnder(db, scope, today);
    groups.push({
      key: 'partylife.warnings',
      label: 'partylife.todo.warnings',
      count: warnings.length,
      path: '/party-life/warnings',
      nav: 'partylife',
      tone: 'warning' as const,
    });
  }
  if (perms.includes('partylife:record')) {
    const row = await db
      .selectFrom('pl_make_ups')
      .select(sql<number>`count(*)`.as('n'))
      .where(pathUnder('unit_path', scope))
      .where('done_on', 'is', null)
      .executeTakeFirstOrThrow();
    groups.push({
      key: 'partylife.make_ups',
      label: 'partylife.todo.make_ups',
      count: Number(row.n),
      path: '/party-life/make-ups',
      nav: 'partylife',
      tone: 'normal' as const,
    });
  }
  if (perms.includes('partylife:manage')) {
    const claims = await db
      .selectFrom('pl_points')
      .select(sql<number>`count(*)`.as('n'))
      .where(pathUnder('unit_path', scope))
      .where('status', '=', 'pending')
      .executeTakeFirstOrThrow();
    groups.push({
      key: 'partylife.claims',
      label: 'partylife.todo.claims',
      count: Number(claims.n),
      path: '/party-life/points',
      nav: 'partylife-points',
      tone: 'normal' as const,
    });
    const noms = await db
      .selectFrom('pl_nominations')
      .select(sql<number>`count(*)`.as('n'))
      .where(pathUnder('unit_path', scope))
      .where('status', '=', 'recommended')
      .executeTakeFirstOrThrow();
    groups.push({
      key: 'partylife.nominations',
      label: 'partylife.todo.nominations',
      count: Number(noms.n),
      path: '/party-life/honours',
      nav: 'partylife-honours',
      tone: 'normal' as const,
    });
  }
  return groups;
};
