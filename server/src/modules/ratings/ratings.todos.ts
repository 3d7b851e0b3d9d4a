import type { ApplicationStatus } from '@fivestar/common';
import { sql } from 'kysely';
import type { TodoSource } from '../../kernel/module.ts';
import { pathUnder } from '../../security/scope.ts';

/** The workbench labels of the ratings to-dos (merged into the module's messages). */
export const RATINGS_TODO_MESSAGES = {
  'ratings.todo.assess': { zh: '待填报或退回修改的申报', en: 'Applications to fill in or correct' },
  'ratings.todo.review': { zh: '待乡镇初审的申报', en: 'Applications for township review' },
  'ratings.todo.rate': { zh: '待县级评定的申报', en: 'Applications for county rating' },
  'ratings.todo.objections': { zh: '待处理的公示异议', en: 'Objections to resolve' },
};

const VILLAGE_LEVELS = ['village', 'community'];

/**
 * The ratings' share of the workbench: a village's drafts and returned applications, the township's applications to
 * review, the county's to rate, and the open objections of the notices in the caller's area.
 */
export const ratingsTodos: TodoSource = async ({ db, user }) => {
  const perms = user.permissions as string[];
  const groups = [];
  const apps = async (statuses: ApplicationStatus[], own = false) => {
    let q = db
      .selectFrom('star_applications')
      .select(sql<number>`count(*)`.as('n'))
      .where('status', 'in', statuses)
      .where(pathUnder('unit_path', user.unitPath));
    if (own) q = q.where('org_unit_id', '=', user.unitId);
    return Number((await q.executeTakeFirstOrThrow()).n);
  };
  if (perms.includes('rating:assess') && VILLAGE_LEVELS.includes(user.unitLevel))
    groups.push({
      key: 'ratings.assess',
      label: 'ratings.todo.assess',
      count: await apps(['draft', 'returned'], true),
      path: '/ratings/applications',
      nav: 'ratings',
      tone: 'normal' as const,
    });
  if (perms.includes('rating:review'))
    groups.push({
      key: 'ratings.review',
      label: 'ratings.todo.review',
      count: await apps(['submitted', 'township_review']),
      path: '/ratings/applications',
      nav: 'ratings',
      tone: 'warning' as const,
    });
  if (perms.includes('rating:rate'))
    groups.push({
      key: 'ratings.rate',
      label: 'ratings.todo.rate',
      count: await apps(['county_review']),
      path: '/ratings/applications',
      nav: 'ratings',
      tone: 'warning' as const,
    });
  if (perms.includes('rating:manage')) {
    const row = await db
      .selectFrom('rating_objections as x')
      .innerJoin('rating_notices as n', 'n.id', 'x.notice_id')
      .select(sql<number>`count(*)`.as('n'))
      .where('x.status', '=', 'open')
      .where(pathUnder('n.unit_path', user.unitPath))
      .executeTakeFirstOrThrow();
    groups.push({
      key: 'ratings.objections',
      label: 'ratings.todo.objections',
      count: Number(row.n),
      path: '/ratings/notices',
      nav: 'ratings',
      tone: 'danger' as const,
    });
  }
  return groups;
};
