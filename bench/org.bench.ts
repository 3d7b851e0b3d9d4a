import { openDatabase } from '../server/src/db/database.ts';
import { createAuditService } from '../server/src/modules/audit/audit.service.ts';
import { createOrgService } from '../server/src/modules/org/org.service.ts';
import { createCacheVersions } from '../server/src/kernel/cache-versions.ts';
import { migrateApp } from '../server/src/kernel/migrations.ts';
import { systemClock } from '../server/src/clock.ts';
import { firstUserAt, primaryKeyBaseline, timeIt, type Bench } from './bench-kit.ts';

/**
 * Organisation queries at province scale: scoped branch lists (first page + total) for a township, a county,
 * a city and the province, against a primary-key lookup of one unit as the baseline.
 */
export const orgBench: Bench = async ({ dbFile, keys }) => {
  const handle = openDatabase(`file:${dbFile}`);
  const { db } = handle;
  await migrateApp(handle); // the cache_versions table of kernel/cache-versions.ts
  const audit = createAuditService({
    key: keys.audit,
    clock: systemClock,
    dialect: 'sqlite',
  });
  const caches = createCacheVersions(db);
  const org = createOrgService({ db, audit, caches });
  const userAt = (level: string) => firstUserAt(db, level);
  const baseline = await primaryKeyBaseline(db);
  const rows = [];
  for (const level of ['township', 'county', 'province'] as const) {
    const user = await userAt(level);
    const ms = await timeIt(() => org.listBranches(user, { page: 1, pageSize: 50 }), 10);
    rows.push({ label: `branch list, ${level} scope (page 1 + total)`, ms, ratio: ms / baseline });
    const detail = await timeIt(() => org.getUnit(user, user.unitId), 10);
    rows.push({ label: `unit detail with counts, ${level} scope`, ms: detail, ratio: detail / baseline });
  }
  const searchUser = await userAt('province');
  const search = await timeIt(() => org.listUnits(searchUser, { q: '第12镇', page: 1, pageSize: 20 }), 10);
  rows.push({ label: 'unit search by name, province scope', ms: search, ratio: search / baseline });
  const branchSearch = await timeIt(
    () => org.listBranches(searchUser, { q: '第12镇', page: 1, pageSize: 20 }),
    10,
  );
  rows.push({
    label: 'branch search by name, province scope',
    ms: branchSearch,
    ratio: branchSearch / baseline,
  });
  // What a change costs: the next query of each process reloads the in-memory index (org.index.ts) once.
  const reload = await timeIt(
    async () => {
      await caches.bump(db, 'org');
      await org.getUnit(searchUser, searchUser.unitId);
    },
    3,
    0,
  );
  rows.push({
    label: 'unit detail right after an org change (reload)',
    ms: reload,
    ratio: reload / baseline,
    note: 'once per change and process',
  });
  await handle.close();
  return {
    name: 'Organisation (SQLite, province scale)',
    baseline: { label: 'one unit by primary key', ms: baseline },
    rows,
  };
};
