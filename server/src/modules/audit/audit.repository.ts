import type { AuditLogEntry } from '@fivestar/common';
import { sql, type SqlBool } from 'kysely';
import type { Db } from '../../db/database.ts';
import { fetchPage } from '../../db/paginate.ts';
import type { CurrentUser } from '../../http/current-user.ts';
import { inScope } from '../../security/scope.ts';

const parse = (v: string | null) => (v === null ? null : (JSON.parse(v) as unknown));

/** Reading the audit log: the rows whose actor belongs to the caller's subtree, newest first. */
export function createAuditLogReader(db: Db) {
  const visible = (user: CurrentUser) =>
    sql<SqlBool>`a.actor_id in (select u.id from users u where ${inScope('u.org_unit_id', user)})`;
  return {
    /** The distinct action codes in the caller's part of the log. */
    async actions(user: CurrentUser): Promise<string[]> {
      const rows = await db
        .selectFrom('audit_log as a')
        .select('a.action')
        .distinct()
        .where(visible(user))
        .execute();
      // Sorted here: the engines' collations order '.' and '_' differently.
      return rows.map((r) => r.action).sort();
    },

    list(user: CurrentUser, query: { action?: string; actorId?: number; page: number; pageSize: number }) {
      let q = db
        .selectFrom('audit_log as a')
        .leftJoin('users as p', 'p.id', 'a.actor_id')
        .where(visible(user));
      if (query.action) q = q.where('a.action', '=', query.action);
      if (query.actorId) q = q.where('a.actor_id', '=', query.actorId);
      return fetchPage(
        q.selectAll('a').select('p.display_name as actor_display_name'),
        query,
        (q) => q.orderBy('a.id', 'desc'),
        (r): AuditLogEntry => ({
          id: r.id,
          at: r.at,
          actorId: r.actor_id,
          actorName: r.actor_name,
          actorDisplayName: r.actor_display_name,
          action: r.action,
          objectType: r.object_type,
          objectId: r.object_id,
          oldValue: parse(r.old_value),
          newValue: parse(r.new_value),
          ip: r.ip,
          result: r.result,
        }),
      );
    },
  };
}
