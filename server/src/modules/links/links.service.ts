import type { CadreLink, CadreLinkKind, HouseholdLink } from '@fivestar/common';
import { sql } from 'kysely';
import type { Clock } from '../../clock.ts';
import type { Db, DbOrTrx } from '../../db/database.ts';
import { emptyPage, fetchPage, type PageQuery } from '../../db/paginate.ts';
import type { CurrentUser } from '../../http/current-user.ts';
import { conflict, invalidField, notFound } from '../../http/errors.ts';
import { pathUnder, requireUnitInScope, scopedSubtree, scopePrefix } from '../../security/scope.ts';
import type { AuditService } from '../audit/index.ts';

const VILLAGE_LEVELS = ['village', 'community'];

/**
 * Linked cadres (三联五帮) and member–household links (1+N+M). The one model of "who answers for which village,
 * section or household": supervision shows a linked cadre their villages' tasks; later, inspection rounds read it
 * for judges' conflicts of interest and party life for household visits (through `LinksService`).
 */
export function createLinksService({ db, audit, clock }: { db: Db; audit: AuditService; clock: Clock }) {
  async function villageInScope(trx: DbOrTrx, user: CurrentUser, unitId: number, field = 'unitId') {
    const unit = await requireUnitInScope(trx, user, unitId, field);
    if (!VILLAGE_LEVELS.includes(unit.level)) throw invalidField(field, 'links.err.not_village');
    return unit;
  }

  const cadreColumns = [
    'l.id',
    'l.kind',
    'l.org_unit_id',
    'l.user_id',
    'l.person_id',
    'l.cadre_name',
    'l.section',
    'l.since',
    'o.name as unit_name',
  ] as const;
  const toCadre = (r: {
    id: number;
    kind: string;
    org_unit_id: number;
    user_id: number | null;
    person_id: number | null;
    cadre_name: string;
    section: string;
    since: string;
    unit_name: string;
  }): CadreLink => ({
    id: r.id,
    kind: r.kind as CadreLinkKind,
    unitId: r.org_unit_id,
    unitName: r.unit_name,
    userId: r.user_id,
    personId: r.person_id,
    cadreName: r.cadre_name,
    section: r.section,
    since: r.since,
  });

  const householdColumns = [
    'h.id',
    'h.org_unit_id',
    'h.member_person_id',
    'h.lead_person_id',
    'h.household',
    'h.address',
    'h.visits',
    'h.last_visit_on',
    'o.name as unit_name',
    'p.name as member_name',
  ] as const;
  const toHousehold = (r: {
    id: number;
    org_unit_id: number;
    member_person_id: number;
    lead_person_id: number | null;
    household: string;
    address: string;
    visits: number;
    last_visit_on: string | null;
    unit_name: string;
    member_name: string;
  }): HouseholdLink => ({
    id: r.id,
    unitId: r.org_unit_id,
    unitName: r.unit_name,
    memberPersonId: r.member_person_id,
    memberName: r.member_name,
    leadPersonId: r.lead_person_id,
    household: r.household,
    address: r.address,
    visits: Number(r.visits),
    lastVisitOn: r.last_visit_on,
  });

  async function personIdOf(trx: DbOrTrx, userId: number): Promise<number | null> {
    const row = await trx.selectFrom('users').select('person_id').where('id', '=', userId).executeTakeFirst();
    return row?.person_id ?? null;
  }

  async function householdRow(trx: DbOrTrx, user: CurrentUser, id: number) {
    const row = await trx
      .selectFrom('household_links as h')
      .innerJoin('org_units as o', 'o.id', 'h.org_unit_id')
      .innerJoin('persons as p', 'p.id', 'h.member_person_id')
      .select(householdColumns)
      .where('h.id', '=', id)
      .where('h.ended_at', 'is', null)
      .where(pathUnder('h.unit_path', scopePrefix(user)))
      .executeTakeFirst();
    if (!row) throw notFound();
    return row;
  }

  return {
    // ---- The public service other modules use ------------------------------------------------------------

    /** The villages a user is linked to as a cadre (village or section links in force). */
    async villagesOf(q: DbOrTrx, userId: number): Promise<number[]> {
      const personId = await personIdOf(q, userId);
      let query = q.selectFrom('cadre_links').select('org_unit_id').distinct().where('ended_at', 'is', null);
      query = query.where((eb) =>
        personId === null
          ? eb('user_id', '=', userId)
          : eb.or([eb('user_id', '=', userId), eb('person_id', '=', personId)]),
      );
      return (await query.execute()).map((r) => r.org_unit_id);
    },

    /** Whether a user (or their person record) is linked to a village as a cadre or through a household link. */
    async isLinked(
      q: DbOrTrx,
      who: { userId?: number; personId?: number },
      unitId: number,
    ): Promise<boolean> {
      const personId = who.personId ?? (who.userId !== undefined ? await personIdOf(q, who.userId) : null);
      const cadre = await q
        .selectFrom('cadre_links')
        .select('id')
        .where('org_unit_id', '=', unitId)
        .where('ended_at', 'is', null)
        .where((eb) => {
          const ors = [];
          if (who.userId !== undefined) ors.push(eb('user_id', '=', who.userId));
          if (personId !== null) ors.push(eb('person_id', '=', personId));
          return ors.length ? eb.or(ors) : eb.val(false);
        })
        .executeTakeFirst();
      if (cadre) return true;
      if (personId === null) return false;
      const household = await q
        .selectFrom('household_links')
        .select('id')
        .where('org_unit_id', '=', unitId)
        .where('member_person_id', '=', personId)
        .where('ended_at', 'is', null)
        .executeTakeFirst();
      return !!household;
    },

    /** Counts in a subtree: cadres linked to villages, villages with a linked cadre, households linked. */
    async counts(q: DbOrTrx, prefix: string) {
      const cadres = await q
        .selectFrom('cadre_links')
        .select([
          sql<number>`count(distinct coalesce(user_id, -person_id))`.as('cadres'),
          sql<number>`count(distinct org_unit_id)`.as('villages'),
        ])
        .where(pathUnder('unit_path', prefix))
        .where('kind', '=', 'village')
        .where('ended_at', 'is', null)
        .executeTakeFirstOrThrow();
      const households = await q
        .selectFrom('household_links')
        .select(sql<number>`count(*)`.as('n'))
        .where(pathUnder('unit_path', prefix))
        .where('ended_at', 'is', null)
        .executeTakeFirstOrThrow();
      return {
        cadres: Number(cadres.cadres),
        villages: Number(cadres.villages),
        households: Number(households.n),
      };
    },

    // ---- Routes ------------------------------------------------------------------------------------------

    async mine(user: CurrentUser) {
      const personId = await personIdOf(db, user.id);
      const rows = await db
        .selectFrom('cadre_links as l')
        .innerJoin('org_units as o', 'o.id', 'l.org_unit_id')
        .select(['l.org_unit_id', 'o.name', 'l.kind', 'l.section'])
        .where('l.ended_at', 'is', null)
        .where((eb) =>
          personId === null
            ? eb('l.user_id', '=', user.id)
            : eb.or([eb('l.user_id', '=', user.id), eb('l.person_id', '=', personId)]),
        )
        .orderBy('o.sort')
        .execute();
      const households =
        personId === null
          ? 0
          : Number(
              (
                await db
                  .selectFrom('household_links')
                  .select(sql<number>`count(*)`.as('n'))
                  .where('member_person_id', '=', personId)
                  .where('ended_at', 'is', null)
                  .executeTakeFirstOrThrow()
              ).n,
            );
      return {
        villages: rows.map((r) => ({
          unitId: r.org_unit_id,
          unitName: r.name,
          kind: r.kind as CadreLinkKind,
          section: r.section,
        })),
        households,
      };
    },

    async listCadres(user: CurrentUser, query: { unitId?: number; kind?: CadreLinkKind }) {
      const prefix = await scopedSubtree(db, user, query.unitId);
      if (prefix === null) return [];
      let q = db
        .selectFrom('cadre_links as l')
        .innerJoin('org_units as o', 'o.id', 'l.org_unit_id')
        .select(cadreColumns)
        .where(pathUnder('l.unit_path', prefix))
        .where('l.ended_at', 'is', null);
      if (query.kind) q = q.where('l.kind', '=', query.kind);
      return (await q.orderBy('o.sort').orderBy('l.id').limit(2000).execute()).map(toCadre);
    },

    async createCadre(
      user: CurrentUser,
      input: {
        kind: CadreLinkKind;
        unitId: number;
        userId: number | null;
        personId: number | null;
        cadreName: string;
        section: string;
        since: string;
      },
      ip: string,
    ): Promise<CadreLink> {
      return db.transaction().execute(async (trx) => {
        const unit = await villageInScope(trx, user, input.unitId);
        let name = input.cadreName;
        if (input.userId !== null) {
          // The cadre's account: anyone whose unit is above or at the village (a township cadre, a village cadre).
          const u = await trx
            .selectFrom('users as u')
            .innerJoin('org_units as o', 'o.id', 'u.org_unit_id')
            .select(['u.id', 'u.display_name', 'o.path'])
            .where('u.id', '=', input.userId)
            .executeTakeFirst();
          if (!u || !unit.path.startsWith(u.path)) throw invalidField('userId', 'links.err.cadre_unit');
          name ||= u.display_name;
        }
        if (input.personId !== null) {
          const p = await trx
            .selectFrom('persons as p')
            .innerJoin('org_units as o', 'o.id', 'p.org_unit_id')
            .select(['p.id', 'p.name', 'o.path'])
            .where('p.id', '=', input.personId)
            .where(pathUnder('o.path', scopePrefix(user)))
            .executeTakeFirst();
          if (!p) throw invalidField('personId', 'links.err.cadre_unit');
          name ||= p.name;
        }
        const dup = await trx
          .selectFrom('cadre_links')
          .select('id')
          .where('org_unit_id', '=', unit.id)
          .where('kind', '=', input.kind)
          .where('section', '=', input.section)
          .where('ended_at', 'is', null)
          .where((eb) =>
            eb.or([
              ...(input.userId !== null ? [eb('user_id', '=', input.userId)] : []),
              ...(input.personId !== null ? [eb('person_id', '=', input.personId)] : []),
            ]),
          )
          .executeTakeFirst();
        if (dup) throw conflict('links.duplicate');
        const now = clock.now();
        const row = await trx
          .insertInto('cadre_links')
          .values({
            kind: input.kind,
            org_unit_id: unit.id,
            unit_path: unit.path,
            user_id: input.userId,
            person_id: input.personId,
            cadre_name: name,
            section: input.section,
            since: input.since,
            ended_at: null,
            created_at: now,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await audit.record(trx, {
          actorId: user.id,
          actorName: user.username,
          action: 'links.cadre.create',
          objectType: 'cadre_link',
          objectId: row.id,
          newValue: { ...input, cadreName: name },
          ip,
        });
        return {
          id: row.id,
          kind: input.kind,
          unitId: unit.id,
          unitName: unit.name,
          userId: input.userId,
          personId: input.personId,
          cadreName: name,
          section: input.section,
          since: input.since,
        };
      });
    },

    async endCadre(user: CurrentUser, id: number, ip: string) {
      await db.transaction().execute(async (trx) => {
        const row = await trx
          .selectFrom('cadre_links')
          .selectAll()
          .where('id', '=', id)
          .where('ended_at', 'is', null)
          .where(pathUnder('unit_path', scopePrefix(user)))
          .executeTakeFirst();
        if (!row) throw notFound();
        await trx.updateTable('cadre_links').set({ ended_at: clock.now() }).where('id', '=', id).execute();
        await audit.record(trx, {
          actorId: user.id,
          actorName: user.username,
          action: 'links.cadre.end',
          objectType: 'cadre_link',
          objectId: id,
          oldValue: row,
          ip,
        });
      });
    },

    async listHouseholds(user: CurrentUser, query: { unitId?: number; mine?: boolean } & PageQuery) {
      const prefix = await scopedSubtree(db, user, query.unitId);
      if (prefix === null) return emptyPage<HouseholdLink>(query);
      let q = db
        .selectFrom('household_links as h')
        .innerJoin('org_units as o', 'o.id', 'h.org_unit_id')
        .innerJoin('persons as p', 'p.id', 'h.member_person_id')
        .select(householdColumns)
        .where(pathUnder('h.unit_path', prefix))
        .where('h.ended_at', 'is', null);
      if (query.mine) {
        const personId = await personIdOf(db, user.id);
        if (personId === null) return emptyPage<HouseholdLink>(query);
        q = q.where('h.member_person_id', '=', personId);
      }
      return fetchPage(q, query, (x) => x.orderBy('h.unit_path').orderBy('h.id'), toHousehold);
    },

    async createHousehold(
      user: CurrentUser,
      input: {
        unitId: number;
        memberPersonId: number;
        leadPersonId: number | null;
        household: string;
        address: string;
      },
      ip: string,
    ): Promise<HouseholdLink> {
      return db.transaction().execute(async (trx) => {
        const unit = await villageInScope(trx, user, input.unitId);
        const members = [input.memberPersonId, ...(input.leadPersonId ? [input.leadPersonId] : [])];
        const found = await trx
          .selectFrom('persons')
          .select(['id', 'name', 'is_party_member'])
          .where('id', 'in', members)
          .where('org_unit_id', '=', unit.id)
          .execute();
        const member = found.find((p) => p.id === input.memberPersonId);
        if (!member) throw invalidField('memberPersonId', 'links.err.member_unit');
        if (member.is_party_member !== 1) throw invalidField('memberPersonId', 'links.err.not_member');
        if (input.leadPersonId && !found.some((p) => p.id === input.leadPersonId))
          throw invalidField('leadPersonId', 'links.err.member_unit');
        const now = clock.now();
        const row = await trx
          .insertInto('household_links')
          .values({
            org_unit_id: unit.id,
            unit_path: unit.path,
            member_person_id: input.memberPersonId,
            lead_person_id: input.leadPersonId,
            household: input.household,
            address: input.address,
            visits: 0,
            last_visit_on: null,
            ended_at: null,
            created_at: now,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await audit.record(trx, {
          actorId: user.id,
          actorName: user.username,
          action: 'links.household.create',
          objectType: 'household_link',
          objectId: row.id,
          newValue: input,
          ip,
        });
        return toHousehold({
          ...(await householdRow(trx, user, row.id)),
        });
      });
    },

    async visits(user: CurrentUser, linkId: number) {
      await householdRow(db, user, linkId);
      const rows = await db
        .selectFrom('link_visits')
        .selectAll()
        .where('link_id', '=', linkId)
        .orderBy('visited_on', 'desc')
        .orderBy('id', 'desc')
        .limit(200)
        .execute();
      return rows.map((r) => ({
        id: r.id,
        linkId: r.link_id,
        visitedOn: r.visited_on,
        note: r.note,
        visitorName: r.visitor_name,
        createdAt: Number(r.created_at),
      }));
    },

    async logVisit(
      user: CurrentUser,
      linkId: number,
      input: { visitedOn: string; note: string },
      ip: string,
    ) {
      return db.transaction().execute(async (trx) => {
        const link = await householdRow(trx, user, linkId);
        const now = clock.now();
        if (input.visitedOn > new Date(now + 8 * 3600_000).toISOString().slice(0, 10))
          throw invalidField('visitedOn', 'links.err.future');
        const row = await trx
          .insertInto('link_visits')
          .values({
            link_id: linkId,
            org_unit_id: link.org_unit_id,
            visited_on: input.visitedOn,
            note: input.note,
            visitor_id: user.id,
            visitor_name: user.displayName,
            created_at: now,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await trx
          .updateTable('household_links')
          .set((eb) => ({
            visits: eb('visits', '+', 1),
            last_visit_on:
              link.last_visit_on && link.last_visit_on > input.visitedOn
                ? link.last_visit_on
                : input.visitedOn,
          }))
          .where('id', '=', linkId)
          .execute();
        await audit.record(trx, {
          actorId: user.id,
          actorName: user.username,
          action: 'links.visit',
          objectType: 'household_link',
          objectId: linkId,
          newValue: input,
          ip,
        });
        return {
          id: row.id,
          linkId,
          visitedOn: input.visitedOn,
          note: input.note,
          visitorName: user.displayName,
          createdAt: now,
        };
      });
    },
  };
}

export type LinksService = ReturnType<typeof createLinksService>;
