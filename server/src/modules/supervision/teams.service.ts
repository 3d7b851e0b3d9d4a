import { sql } from 'kysely';
import type { DbOrTrx } from '../../db/database.ts';
import { emptyPage, fetchPage, type PageQuery } from '../../db/paginate.ts';
import type { CurrentUser } from '../../http/current-user.ts';
import { conflict, invalidField, notFound } from '../../http/errors.ts';
import { pathIds, pathUnder, requireUnitInScope, scopedSubtree, scopePrefix } from '../../security/scope.ts';

type Trx = DbOrTrx;

import { type ItemCore } from './items.core.ts';

export function createTeamsService(core: ItemCore) {
  const { db, audit, clock, notifications } = core.deps;
  const {
    today,
    actorOf,
    has,
    detail,
    log,
    insertItem,
    villageInScope,
    personFor,
    secretaryOf,
    auditItem,
    itemPath,
    storeFile,
  } = core;

  return {
    async teams(user: CurrentUser, unitId?: number) {
      const prefix = await scopedSubtree(db, user, unitId);
      if (prefix === null) return [];
      // Teams of the caller's township and above are visible to the villages below them too.
      const rows = await db
        .selectFrom('sv_teams as t')
        .innerJoin('org_units as o', 'o.id', 't.org_unit_id')
        .innerJoin('users as l', 'l.id', 't.leader_user_id')
        .select([
          't.id',
          't.org_unit_id',
          't.name',
          't.leader_user_id',
          't.members',
          'o.name as unit_name',
          'l.display_name as leader_name',
        ])
        .where((eb) =>
          eb.or([pathUnder('t.unit_path', prefix) as never, eb('t.org_unit_id', 'in', pathIds(prefix))]),
        )
        .orderBy('t.id')
        .execute();
      return teamsOut(db, rows);
    },

    async createTeam(
      user: CurrentUser,
      input: { unitId: number; name: string; leaderUserId: number; memberUserIds: number[] },
      ip: string,
    ) {
      return db.transaction().execute(async (trx) => {
        const unit = await requireUnitInScope(trx, user, input.unitId);
        const ids = [...new Set([input.leaderUserId, ...input.memberUserIds])];
        const users = await trx
          .selectFrom('users as u')
          .innerJoin('org_units as o', 'o.id', 'u.org_unit_id')
          .select(['u.id', 'o.path'])
          .where('u.id', 'in', ids)
          .where('u.status', '=', 'active')
          .execute();
        for (const [i, id] of ids.entries()) {
          const u = users.find((x) => x.id === id);
          // Members come from the team's unit, above it, or below it.
          if (!u || !(u.path.startsWith(unit.path) || unit.path.startsWith(u.path)))
            throw invalidField(
              i === 0 ? 'leaderUserId' : `memberUserIds.${input.memberUserIds.indexOf(id)}`,
              'supervision.err.person_unit',
            );
        }
        const row = await trx
          .insertInto('sv_teams')
          .values({
            org_unit_id: unit.id,
            unit_path: unit.path,
            name: input.name,
            leader_user_id: input.leaderUserId,
            members: JSON.stringify(input.memberUserIds.filter((m) => m !== input.leaderUserId)),
            created_by: user.id,
            created_at: clock.now(),
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await audit.record(trx, {
          actorId: user.id,
          actorName: user.username,
          action: 'supervision.team.create',
          objectType: 'sv_team',
          objectId: row.id,
          newValue: input,
          ip,
        });
        const t = await trx
          .selectFrom('sv_teams as t')
          .innerJoin('org_units as o', 'o.id', 't.org_unit_id')
          .innerJoin('users as l', 'l.id', 't.leader_user_id')
          .select([
            't.id',
            't.org_unit_id',
            't.name',
            't.leader_user_id',
            't.members',
            'o.name as unit_name',
            'l.display_name as leader_name',
          ])
          .where('t.id', '=', row.id)
          .execute();
        return (await teamsOut(trx, t))[0]!;
      });
    },

    async visits(user: CurrentUser, query: { unitId?: number } & PageQuery) {
      const prefix = await scopedSubtree(db, user, query.unitId);
      if (prefix === null) return emptyPage<ReturnType<typeof toVisit>>(query);
      const q = db
        .selectFrom('sv_visits as v')
        .innerJoin('sv_teams as t', 't.id', 'v.team_id')
        .innerJoin('org_units as o', 'o.id', 'v.org_unit_id')
        .select([
          'v.id',
          'v.team_id',
          'v.org_unit_id',
          'v.visited_on',
          'v.note',
          'v.created_at',
          't.name as team_name',
          'o.name as unit_name',
          (eb) =>
            eb
              .selectFrom('sv_items as i')
              .select(sql<number>`count(*)`.as('n'))
              .whereRef('i.visit_id', '=', 'v.id')
              .as('findings'),
        ])
        .where(pathUnder('v.unit_path', prefix));
      return fetchPage(q, query, (x) => x.orderBy('v.visited_on', 'desc').orderBy('v.id', 'desc'), toVisit);
    },

    async createVisit(
      user: CurrentUser,
      input: { teamId: number; unitId: number; visitedOn: string; note: string },
      ip: string,
    ) {
      return db.transaction().execute(async (trx) => {
        const team = await teamOfMember(trx, user, input.teamId);
        const unit = await villageInScope(trx, user, input.unitId);
        if (!unit.path.startsWith(team.unit_path)) throw invalidField('unitId', 'supervision.err.team_area');
        if (input.visitedOn > today()) throw invalidField('visitedOn', 'supervision.err.future');
        const row = await trx
          .insertInto('sv_visits')
          .values({
            team_id: team.id,
            org_unit_id: unit.id,
            unit_path: unit.path,
            visited_on: input.visitedOn,
            note: input.note,
            created_by: user.id,
            created_at: clock.now(),
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await audit.record(trx, {
          actorId: user.id,
          actorName: user.username,
          action: 'supervision.visit.create',
          objectType: 'sv_visit',
          objectId: row.id,
          newValue: input,
          ip,
        });
        return toVisit({
          id: row.id,
          team_id: team.id,
          org_unit_id: unit.id,
          visited_on: input.visitedOn,
          note: input.note,
          created_at: clock.now(),
          team_name: team.name,
          unit_name: unit.name,
          findings: 0,
        });
      });
    },

    async visitUpload(user: CurrentUser, visitId: number, name: string, body: Uint8Array, ip: string) {
      return db.transaction().execute(async (trx) => {
        const v = await visitInScope(trx, user, visitId);
        await teamOfMember(trx, user, v.team_id);
        const file = await storeFile(
          trx,
          user,
          { itemId: null, visitId, unitId: v.org_unit_id, unitPath: v.unit_path },
          name,
          body,
        );
        await audit.record(trx, {
          actorId: user.id,
          actorName: user.username,
          action: 'supervision.visit.file',
          objectType: 'sv_visit',
          objectId: visitId,
          newValue: { fileId: file.id, name },
          ip,
        });
        return file;
      });
    },

    /** A finding of a visit becomes a 问题清单 item of the village, with its deadline (限期整改) and photos. */
    async createFinding(
      user: CurrentUser,
      visitId: number,
      input: {
        starCode: string;
        title: string;
        measures: string;
        deadline: string;
        ownerUserId: number | null;
        ownerName: string;
        evidenceMin: number;
        fileIds: number[];
      },
      ip: string,
    ) {
      return db
        .transaction()
        .execute(async (trx) => {
          const v = await visitInScope(trx, user, visitId);
          await teamOfMember(trx, user, v.team_id);
          const unit = { id: v.org_unit_id, path: v.unit_path };
          const owner =
            input.ownerUserId !== null
              ? await personFor(trx, v.unit_path, input.ownerUserId, 'ownerUserId')
              : await secretaryOf(trx, v.org_unit_id);
          if (input.fileIds.length) {
            const found = await trx
              .selectFrom('sv_files')
              .select('id')
              .where('visit_id', '=', visitId)
              .where('item_id', 'is', null)
              .where('id', 'in', input.fileIds)
              .execute();
            if (found.length !== new Set(input.fileIds).size)
              throw invalidField('fileIds', 'supervision.err.file_unknown');
          }
          const id = await insertItem(
            trx,
            {
              unit,
              year: Number(v.visited_on.slice(0, 4)),
              list: 'problem',
              source: 'finding',
              starCode: input.starCode,
              indicatorCode: null,
              title: input.title,
              measures: input.measures,
              evidenceRequired: '整改前后对比照片',
              evidenceMin: input.evidenceMin,
              ownerUserId: owner?.id ?? null,
              ownerName: owner?.display_name ?? input.ownerName,
              checkerUserId: null,
              deadline: input.deadline,
              startDate: v.visited_on,
              visitId,
            },
            actorOf(user),
          );
          if (input.fileIds.length) {
            await trx.updateTable('sv_files').set({ item_id: id }).where('id', 'in', input.fileIds).execute();
            await log(trx, id, {
              action: 'finding_photos',
              from: 'open',
              to: 'open',
              actor: actorOf(user),
              fileIds: input.fileIds,
            });
          }
          await auditItem(trx, user, 'finding.create', id, null, { visitId, ...input }, ip);
          await notifications.notify(trx, {
            kind: 'supervision.finding',
            title: `督导交办：${input.title}`,
            body: `督导组在${v.unit_name}发现问题，限 ${input.deadline} 前整改到位。`,
            path: itemPath(id),
            userIds: owner ? [owner.id] : [],
            unitPath: v.unit_path,
            permission: 'supervision:manage',
          });
          return detail(trx, user, id);
        })
        .finally(() => notifications.kick());
    },
  };

  async function teamsOut(
    q: Trx,
    rows: {
      id: number;
      org_unit_id: number;
      name: string;
      leader_user_id: number;
      members: string;
      unit_name: string;
      leader_name: string;
    }[],
  ) {
    const memberIds = [...new Set(rows.flatMap((r) => JSON.parse(r.members) as number[]))];
    const names = memberIds.length
      ? await q.selectFrom('users').select(['id', 'display_name']).where('id', 'in', memberIds).execute()
      : [];
    const ids = rows.map((r) => r.id);
    const counts = ids.length
      ? await q
          .selectFrom('sv_visits as v')
          .select([
            'v.team_id',
            sql<number>`count(distinct v.id)`.as('visits'),
            (eb) =>
              eb
                .selectFrom('sv_items as i')
                .innerJoin('sv_visits as v2', 'v2.id', 'i.visit_id')
                .select(sql<number>`count(*)`.as('n'))
                .whereRef('v2.team_id', '=', 'v.team_id')
                .as('findings'),
          ])
          .where('v.team_id', 'in', ids)
          .groupBy('v.team_id')
          .execute()
      : [];
    return rows.map((r) => {
      const c = counts.find((x) => x.team_id === r.id);
      return {
        id: r.id,
        unitId: r.org_unit_id,
        unitName: r.unit_name,
        name: r.name,
        leaderUserId: r.leader_user_id,
        leaderName: r.leader_name,
        members: (JSON.parse(r.members) as number[]).map((id) => ({
          id,
          name: names.find((n) => n.id === id)?.display_name ?? '',
        })),
        visits: Number(c?.visits ?? 0),
        findings: Number(c?.findings ?? 0),
      };
    });
  }

  /** The team, when the caller leads it or belongs to it (or manages supervision over its unit). */
  async function teamOfMember(q: Trx, user: CurrentUser, teamId: number) {
    const team = await q.selectFrom('sv_teams').selectAll().where('id', '=', teamId).executeTakeFirst();
    const visible =
      team && (team.unit_path.startsWith(user.unitPath) || user.unitPath.startsWith(team.unit_path));
    if (!team || !visible) throw invalidField('teamId', 'supervision.err.team_unknown');
    const members = JSON.parse(team.members) as number[];
    const manager = has(user, 'supervision:manage') && team.unit_path.startsWith(user.unitPath);
    if (team.leader_user_id !== user.id && !members.includes(user.id) && !manager)
      throw conflict('supervision.not_team_member');
    return team;
  }

  async function visitInScope(q: Trx, user: CurrentUser, visitId: number) {
    const v = await q
      .selectFrom('sv_visits as v')
      .innerJoin('org_units as o', 'o.id', 'v.org_unit_id')
      .select(['v.id', 'v.team_id', 'v.org_unit_id', 'v.unit_path', 'v.visited_on', 'o.name as unit_name'])
      .where('v.id', '=', visitId)
      .where(pathUnder('v.unit_path', scopePrefix(user)))
      .executeTakeFirst();
    if (!v) throw notFound();
    return v;
  }
}

function toVisit(r: {
  id: number;
  team_id: number;
  org_unit_id: number;
  visited_on: string;
  note: string;
  created_at: number;
  team_name: string;
  unit_name: string;
  findings: number | string | null;
}) {
  return {
    id: r.id,
    teamId: r.team_id,
    teamName: r.team_name,
    unitId: r.org_unit_id,
    unitName: r.unit_name,
    visitedOn: r.visited_on,
    note: r.note,
    findings: Number(r.findings ?? 0),
    createdAt: Number(r.created_at),
  };
}
