import { copyFileSync, existsSync, rmSync } from 'node:fs';
import { chinaDate, labourBirthRange } from '@fivestar/common';
import { sql } from 'kysely';
import type { Db } from '../server/src/db/database.ts';
import { loadCurrentUser } from '../server/src/modules/auth/sessions.ts';
import { systemClock } from '../server/src/clock.ts';
import { openDatabase } from '../server/src/db/database.ts';
import { migrateApp } from '../server/src/kernel/migrations.ts';
import { createAuditService } from '../server/src/modules/audit/audit.service.ts';
import { seedDevelopmentScale } from '../server/src/modules/development/demo/development.scale.ts';
import { createLabourService } from '../server/src/modules/development/labour.service.ts';
import { createSummaryIndex, shardName } from '../server/src/modules/development/summary.index.ts';
import { createSummaryService, summaryFor } from '../server/src/modules/development/summary.service.ts';
import { createOrgService } from '../server/src/modules/org/org.service.ts';
import { createCacheVersions } from '../server/src/kernel/cache-versions.ts';
import { performance } from 'node:perf_hooks';
import { firstUserAt, primaryKeyBaseline, timeIt, type Bench } from './bench-kit.ts';

/**
 * The development registries at province scale: a county's labour registry page (people aged 16–60 by the birth
 * date of their ID number, page 1 + total) and the summary of the contract at county and province scope,
 * warm, against a primary-key lookup in the same run. BENCH_PEOPLE adds that many people to the tree (10,000,000
 * is the figure; opt-in like BENCH_EVENTS, as it takes long to build). The registries are seeded onto a
 * copy of the scale database, cached next to it.
 */
/**
 * An account at `level` whose area holds people of labour age on `today`: the scale seeder gives the first areas
 * only older people, and a registry page of nobody would time an empty answer. Null when nobody is of that age.
 */
async function labourUserAt(db: Db, level: string, today: string) {
  const range = labourBirthRange(today);
  const person = await db
    .selectFrom('persons as p')
    .innerJoin('org_units as o', 'o.id', 'p.org_unit_id')
    .select('o.path')
    .where('p.birth_date', '<=', range.bornOnOrBefore)
    .where('p.birth_date', '>', range.bornAfter)
    .limit(1)
    .executeTakeFirst();
  if (!person) return null;
  const user = await db
    .selectFrom('users as u')
    .innerJoin('org_units as o', 'o.id', 'u.org_unit_id')
    .select('u.id')
    .where('o.level', '=', level)
    .where((eb) => eb(sql.val(person.path), 'like', sql<string>`${eb.ref('o.path')} || '%'`))
    .orderBy('u.id')
    .limit(1)
    .executeTakeFirst();
  return user ? loadCurrentUser(db, user.id) : null;
}

export const developmentBench: Bench = async ({ dbFile, keys }) => {
  const people = Number(process.env.BENCH_PEOPLE ?? 0);
  const base = openDatabase(`file:${dbFile}`);
  await migrateApp({ db: base.db, dialect: 'sqlite' });
  const seeded = await base.db.selectFrom('dev_projects').select('id').limit(1).executeTakeFirst();
  await base.close();
  // A database built before this module has no registries; BENCH_PEOPLE adds people. Either way on a copy.
  const devFile = seeded && people === 0 ? dbFile : dbFile.replace(/\.db$/, `-dev-p${people}.db`);
  if (!existsSync(devFile)) {
    console.log(`building ${devFile} (${seeded ? '' : 'development registries, '}${people} more people)…`);
    copyFileSync(dbFile, `${devFile}.tmp`);
    const h = openDatabase(`file:${devFile}.tmp`);
    const started = Date.now();
    const counts = await seedDevelopmentScale(h.db, { keys, now: Date.now(), people, registries: !seeded });
    console.log(`  seeded in ${((Date.now() - started) / 1000).toFixed(1)} s: ${JSON.stringify(counts)}`);
    await sql`pragma wal_checkpoint(truncate)`.execute(h.db);
    await h.close();
    copyFileSync(`${devFile}.tmp`, devFile);
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${devFile}.tmp${suffix}`, { force: true });
  }
  const handle = openDatabase(`file:${devFile}`);
  const { db } = handle;
  await migrateApp({ db, dialect: 'sqlite' });
  const audit = createAuditService({ key: keys.audit, clock: systemClock, dialect: 'sqlite' });
  const labour = createLabourService({ db, audit, clock: systemClock });
  /** The summary's in-memory index as a server process has it (its own cache registry, the org tree's counties). */
  const newIndex = () => {
    const caches = createCacheVersions(db);
    const org = createOrgService({ db, audit, caches });
    return { caches, org, index: createSummaryIndex(caches, () => org.pathsAt('county')) };
  };
  const { caches, index } = newIndex();
  const summary = createSummaryService({ db, index });
  const baseline = await primaryKeyBaseline(db);
  const persons = Number(
    (
      await db
        .selectFrom('persons')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
  const today = chinaDate(Date.now());
  const year = { from: `${today.slice(0, 4)}-01-01`, to: today };
  const rows = [];
  for (const level of ['township', 'county', 'province'] as const) {
    const user = await firstUserAt(db, level);
    const worker = level === 'province' ? null : ((await labourUserAt(db, level, today)) ?? user);
    if (worker) {
      const page = await labour.list(worker, { page: 1, pageSize: 50 });
      const ms = await timeIt(() => labour.list(worker, { page: 1, pageSize: 50 }), 10);
      rows.push({
        label: `labour registry, ${level} scope (page 1 + total)`,
        ms,
        ratio: ms / baseline,
        note: `${page.total} people aged 16–60`,
      });
    }
    if (level === 'province') {
      const sqlMs = await timeIt(() => summaryFor(db, user.unitPath, year.from, year.to), 5, 1);
      rows.push({
        label: 'summary (this year), province, SQL reference',
        ms: sqlMs,
        ratio: sqlMs / baseline,
      });
    }
    const ms = await timeIt(() => summary.summary(user, year), 10);
    rows.push({ label: `summary (this year), ${level} scope`, ms, ratio: ms / baseline });
  }
  {
    const user = await firstUserAt(db, 'province');
    const same = JSON.stringify(await summary.summary(user, year));
    if (same !== JSON.stringify(await summaryFor(db, user.unitPath, year.from, year.to)))
      throw new Error('the index and the SQL disagree at province scope');
    // A write in one county: its shard is bumped, the next summary reloads that shard alone.
    const county = await db
      .selectFrom('org_units')
      .select('path')
      .where('level', '=', 'county')
      .orderBy('path')
      .executeTakeFirstOrThrow();
    const after: number[] = [];
    for (let i = 0; i < 5; i++) {
      await caches.bump(db, shardName(county.path));
      const t = performance.now();
      await summary.summary(user, year);
      after.push(performance.now() - t);
    }
    after.sort((a, b) => a - b);
    const ms = after[2]!;
    rows.push({
      label: 'summary, province scope, after a write',
      ms,
      ratio: ms / baseline,
      note: 'one county reloaded',
    });
    const cold: number[] = [];
    for (let i = 0; i < 3; i++) {
      const fresh = newIndex();
      await fresh.org.pathsAt('county'); // the org tree is loaded anyway in a server: not timed here
      const t = performance.now();
      await fresh.index.warm();
      cold.push(performance.now() - t);
    }
    cold.sort((a, b) => a - b);
    rows.push({ label: 'summary index, all shards cold (load)', ms: cold[1]!, ratio: cold[1]! / baseline });
  }
  const county = (await labourUserAt(db, 'county', today)) ?? (await firstUserAt(db, 'county'));
  const filtered = await timeIt(
    () => labour.list(county, { page: 1, pageSize: 50, ability: 'unknown', whereabouts: 'unknown' }),
    10,
  );
  rows.push({ label: 'labour registry, county, not yet recorded', ms: filtered, ratio: filtered / baseline });
  await handle.close();
  return {
    name: `Development registries (SQLite, province scale, ${persons.toLocaleString('en')} people)`,
    baseline: { label: 'one unit by primary key', ms: baseline },
    rows,
  };
};
