import type {
  Branch,
  BranchKind,
  BranchDetail,
  GridWorker,
  OrgLevel,
  OrgUnit,
  OrgUnitDetail,
  Station,
} from '@fivestar/common';
import { sql } from 'kysely';
import type { Db, DbOrTrx } from '../../db/database.ts';
import type { CurrentUser } from '../../http/current-user.ts';
import { notFound } from '../../http/errors.ts';
import { emptyPage, type PageResult } from '../../db/paginate.ts';
import type { CacheVersions } from '../../kernel/cache-versions.ts';
import { pinyinKeys } from '../../security/pinyin.ts';
import {
  findUnitInScope,
  inScope,
  scopePrefix,
  pathIds,
  pathInScope,
  pathUnder,
  scopedSubtree,
} from '../../security/scope.ts';
import type { AuditService } from '../audit/index.ts';
import { createOrgIndex } from './org.index.ts';

interface Page {
  page: number;
  pageSize: number;
}

/** One page of ids already in list order, its rows fetched by id and put back in that order. */
async function pageOfIds<R extends { id: number }, T>(
  ids: number[],
  p: Page,
  fetch: (ids: number[]) => Promise<R[]>,
  map: (row: R) => T,
): Promise<PageResult<T>> {
  const pageIds = ids.slice((p.page - 1) * p.pageSize, p.page * p.pageSize);
  const rows = pageIds.length ? await fetch(pageIds) : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  const items = pageIds.flatMap((id) => (byId.has(id) ? [map(byId.get(id)!)] : []));
  return { items, total: ids.length, page: p.page, pageSize: p.pageSize };
}

/** One page in the query's order, with a total known beforehand (from the index). */
async function pageWithTotal<R, T>(
  rows: (limit: number, offset: number) => Promise<R[]>,
  total: number,
  p: Page,
  map: (row: R) => T,
): Promise<PageResult<T>> {
  const items = total > 0 ? (await rows(p.pageSize, (p.page - 1) * p.pageSize)).map(map) : [];
  return { items, total, page: p.page, pageSize: p.pageSize };
}

const childCount = sql<number>`(select count(*) from org_units c where c.parent_id = o.id)`;
const UNIT_COLUMNS = [
  'o.id',
  'o.parent_id',
  'o.level',
  'o.code',
  'o.name',
  'o.path',
  childCount.as('child_count'),
] as const;

function toUnit(row: {
  id: number;
  parent_id: number | null;
  level: string;
  code: string;
  name: string;
  path: string;
  child_count: number;
}): OrgUnit {
  return {
    id: row.id,
    parentId: row.parent_id,
    level: row.level as OrgLevel,
    code: row.code,
    name: row.name,
    path: row.path,
    childCount: Number(row.child_count),
  };
}

export function createOrgService({
  db,
  audit,
  caches,
}: {
  db: Db;
  audit: AuditService;
  caches: CacheVersions;
}) {
  /** Counts and searches over a subtree come from the in-memory index (org.index.ts), rows from SQL. */
  const index = createOrgIndex(caches);

  /** Ancestors visible to the caller (their own unit and below; higher levels are shown by name only). */
  async function ancestorsOf(path: string) {
    const ids = pathIds(path).slice(0, -1);
    if (ids.length === 0) return [];
    const rows = await db
      .selectFrom('org_units')
      .select(['id', 'name', 'level'])
      .where('id', 'in', ids)
      .execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids
      .map((id) => byId.get(id)!)
      .map((r) => ({ id: r.id, name: r.name, level: r.level as OrgLevel }));
  }

  function branchQuery() {
    return db
      .selectFrom('party_branches as b')
      .innerJoin('org_units as o', 'o.id', 'b.org_unit_id')
      .leftJoin('org_units as d', (j) => j.onRef('d.id', '=', 'o.parent_id').on('d.level', '=', 'district'))
      .leftJoin('persons as s', 's.id', 'b.secretary_person_id')
      .select([
        'b.id',
        'b.org_unit_id',
        'o.name as unit_name',
        'o.path',
        'b.name',
        'b.kind',
        'b.org_type',
        'b.member_count',
        'b.is_relocation_community',
        'd.id as district_id',
        'd.name as district_name',
        's.name as secretary_name',
        's.phone_masked as secretary_phone',
      ]);
  }

  type BranchRow = Awaited<ReturnType<ReturnType<typeof branchQuery>['executeTakeFirstOrThrow']>>;
  const toBranch = (r: BranchRow): Branch => ({
    id: r.id,
    unitId: r.org_unit_id,
    unitName: r.unit_name,
    name: r.name,
    kind: r.kind,
    orgType: r.org_type,
    memberCount: r.member_count,
    isRelocationCommunity: r.is_relocation_community === 1,
    districtId: r.district_id,
    districtName: r.district_name,
    secretaryName: r.secretary_name,
    secretaryPhone: r.secretary_phone,
  });

  function stationQuery() {
    return db
      .selectFrom('grid_stations as st')
      .innerJoin('org_units as o', 'o.id', 'st.org_unit_id')
      .select([
        'st.id',
        'st.org_unit_id',
        'o.name as unit_name',
        'st.name',
        'st.kind',
        sql<number>`(select count(*) from grid_workers w where w.station_id = st.id)`.as('worker_count'),
      ]);
  }
  type StationRow = Awaited<ReturnType<ReturnType<typeof stationQuery>['executeTakeFirstOrThrow']>>;
  const toStation = (r: StationRow): Station => ({
    id: r.id,
    unitId: r.org_unit_id,
    unitName: r.unit_name,
    name: r.name,
    kind: r.kind,
    workerCount: Number(r.worker_count),
  });

  function workerQuery() {
    return db
      .selectFrom('grid_workers as w')
      .innerJoin('persons as p', 'p.id', 'w.person_id')
      .innerJoin('grid_stations as st', 'st.id', 'w.station_id')
      .innerJoin('org_units as o', 'o.id', 'w.org_unit_id')
      .leftJoin('users as u', 'u.person_id', 'p.id')
      .select([
        'w.id',
        'p.id as person_id',
        'p.name',
        'p.phone_masked',
        'st.id as station_id',
        'st.name as station_name',
        'o.id as unit_id',
        'o.name as unit_name',
        'u.username',
      ]);
  }
  type WorkerRow = Awaited<ReturnType<ReturnType<typeof workerQuery>['executeTakeFirstOrThrow']>>;
  const toWorker = (r: WorkerRow): GridWorker => ({
    id: r.id,
    personId: r.person_id,
    name: r.name,
    phone: r.phone_masked,
    stationId: r.station_id,
    stationName: r.station_name,
    unitId: r.unit_id,
    unitName: r.unit_name,
    username: r.username,
  });

  return {
    /** Units, branches, stations, grid workers or accounts changed (inside the writing transaction): every process
     * reloads the counts after the commit. */
    treeChanged: (trx: DbOrTrx) => index.changed(trx),

    /** Each unit at a level under a path with a count of its subtree, from the in-memory index (party life). */
    subtreeCountsAt: index.subtreeCountsAt,
    /** The paths of every unit at a level, sorted, from the in-memory index (the development summary's counties). */
    pathsAt: index.pathsAt,
    /** A count of a subtree, from the in-memory index. */
    subtreeCount: index.subtreeCount,

    async listUnits(user: CurrentUser, query: { q?: string; level?: OrgLevel; parentId?: number } & Page) {
      const ids = await index.units(scopePrefix(user), query);
      return pageOfIds(
        ids,
        query,
        (ids) =>
          db
            .selectFrom('org_units as o')
            .select(UNIT_COLUMNS)
            .where('o.id', 'in', ids)
            .where(pathInScope('o.path', user))
            .execute(),
        toUnit,
      );
    },

    async getUnit(user: CurrentUser, id: number): Promise<OrgUnitDetail> {
      const unit = await findUnitInScope(db, user, id);
      if (!unit) throw notFound();
      const children = await sql<{
        n: number;
      }>`select count(*) as n from org_units where parent_id = ${unit.id}`.execute(db);
      return {
        ...toUnit({ ...unit, child_count: Number(children.rows[0]!.n) }),
        ancestors: await ancestorsOf(unit.path),
        counts: await index.counts(unit.path),
      };
    },

    async children(user: CurrentUser, id: number): Promise<OrgUnit[]> {
      const unit = await findUnitInScope(db, user, id);
      if (!unit) throw notFound();
      const rows = await db
        .selectFrom('org_units as o')
        .select(UNIT_COLUMNS)
        .where('o.parent_id', '=', id)
        .orderBy('o.sort')
        .orderBy('o.id')
        .execute();
      return rows.map(toUnit);
    },

    async renameUnit(user: CurrentUser, id: number, name: string, ip: string) {
      const unit = await findUnitInScope(db, user, id);
      if (!unit) throw notFound();
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('org_units')
          .set({ name, pinyin: pinyinKeys(name) })
          .where('id', '=', id)
          .execute();
        await index.changed(trx);
        await audit.record(trx, {
          actorId: user.id,
          actorName: user.username,
          action: 'org.unit_update',
          objectType: 'org_unit',
          objectId: id,
          oldValue: { name: unit.name },
          newValue: { name },
          ip,
        });
      });
      return this.getUnit(user, id);
    },

    async listBranches(user: CurrentUser, query: { q?: string; unitId?: number; kind?: BranchKind } & Page) {
      const subtree = await scopedSubtree(db, user, query.unitId);
      if (subtree === null) return emptyPage<Branch>(query);
      const ids = await index.branches(subtree, query);
      return pageOfIds(
        ids,
        query,
        (ids) => branchQuery().where('b.id', 'in', ids).where(pathUnder('o.path', subtree)).execute(),
        toBranch,
      );
    },

    async getBranch(user: CurrentUser, id: number): Promise<BranchDetail> {
      const row = await branchQuery()
        .where('b.id', '=', id)
        .where(inScope('b.org_unit_id', user))
        .executeTakeFirst();
      if (!row) throw notFound();
      const station = await stationQuery().where('st.org_unit_id', '=', row.org_unit_id).executeTakeFirst();
      const workers = await workerQuery()
        .where('w.org_unit_id', '=', row.org_unit_id)
        .orderBy('w.id')
        .execute();
      return {
        ...toBranch(row),
        station: station ? toStation(station) : null,
        gridWorkers: workers.map(toWorker),
        ancestors: await ancestorsOf(row.path),
      };
    },

    async listStations(user: CurrentUser, query: { unitId?: number } & Page) {
      const subtree = await scopedSubtree(db, user, query.unitId);
      if (subtree === null) return emptyPage<Station>(query);
      const q = stationQuery().where(pathUnder('o.path', subtree));
      return pageWithTotal(
        (limit, offset) => q.orderBy('st.kind').orderBy('o.path').limit(limit).offset(offset).execute(),
        await index.subtreeCount(subtree, 'stations'),
        query,
        toStation,
      );
    },

    async listWorkers(user: CurrentUser, query: { unitId?: number } & Page) {
      const subtree = await scopedSubtree(db, user, query.unitId);
      if (subtree === null) return emptyPage<GridWorker>(query);
      const q = workerQuery().where(pathUnder('o.path', subtree));
      return pageWithTotal(
        (limit, offset) => q.orderBy('o.path').orderBy('w.id').limit(limit).offset(offset).execute(),
        await index.subtreeCount(subtree, 'workers'),
        query,
        toWorker,
      );
    },
  };
}

export type OrgService = ReturnType<typeof createOrgService>;
