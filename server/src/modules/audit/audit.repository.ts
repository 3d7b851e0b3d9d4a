import type { AuditLogEntry } from '@fivestar/common';
import { sql, type SqlBool } from 'kysely';
import type { Db } from '../../db/database.ts';
import { fetchPage } from '../../db/paginate.ts';
import type { CurrentUser } from '../../http/current-user.ts';
import { inScope } from '../../security/scope.ts';

const parse = (v: string | null) => (v === null ? null : (JSON.parse(v) as unknown));

/** Reading the audit log: the rows whose actor belongs to the caller's subtree, newest first. */
export function createAuditLogReader(db: Db) {
  return {
    list(user: CurrentUser, query: { action?: string; actorId?: number; page: number; pageSize: number }) {
      let q = db
        .selectFrom('audit_log as a')
        .where(
          sql<SqlBool>`a.actor_id in (select u.id from users u where ${inScope('u.org_unit_id', user)})`,
        );
      if (query.action) q = q.where('a.action', '=', query.action);
      if (query.actorId) q = q.where('a.actor_id', '=', query.actorId);
      return fetchPage(
        q.selectAll('a'),
        query,
        (q) => q.orderBy('a.id', 'desc'),
        (r): AuditLogEntry => ({
          id: r.id,
          at: r.at,
          actorId: r.actor_id,
          actorName: r.actor_name,
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
