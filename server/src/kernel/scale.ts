import { parseArgs } from 'node:util';
import { systemClock } from '../clock.ts';
import type { Env } from '../config/env.ts';
import { openDatabase } from '../db/database.ts';
import { createAuditService } from '../modules/audit/index.ts';
import { MODULES } from '../modules/index.ts';
import { syncBuiltinRoles } from '../modules/users/index.ts';
import { loadKeys } from '../runtime.ts';
import { hashPassword } from '../security/crypto.ts';
import { migrateApp } from './migrations.ts';
import type { ScaleSeedContext } from './seeding.ts';

/**
 * `seed:scale --branches 46000 [--events N] [--out file]`: a Henan-sized database in its own file for the
 * benchmarks — each module's scale seeder in module order (the organisation's tree first).
 */
export async function runScaleSeed(env: Env, argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      branches: { type: 'string', default: '46000' },
      events: { type: 'string', default: '0' },
      out: { type: 'string' },
      url: { type: 'string' },
    },
  });
  const branches = Number(values.branches);
  if (!Number.isInteger(branches) || branches < 100) {
    console.error('--branches must be an integer ≥ 100');
    return 2;
  }
  const url = values.url ?? `file:${values.out ?? `${env.FIVESTAR_DATA_DIR}/scale-${branches}.db`}`;
  const started = Date.now();
  const handle = openDatabase(url);
  const { db, dialect } = handle;
  await migrateApp(handle);
  await syncBuiltinRoles(db);
  const existing = await db.selectFrom('org_units').select('id').limit(1).executeTakeFirst();
  if (existing) {
    console.error(`${url} already has data; give a new --out file`);
    await handle.close();
    return 1;
  }
  const keys = loadKeys(env);
  const audit = createAuditService({ key: keys.audit, clock: systemClock, dialect });
  const now = Date.now();
  const ctx: ScaleSeedContext = {
    db,
    dialect,
    keys,
    audit,
    now,
    passwordHash: await hashPassword(env.FIVESTAR_DEMO_PASSWORD ?? 'Scale-Bench-2026!'),
    branches,
    events: Number(values.events),
    counts: {},
  };
  for (const module of MODULES) {
    const seed = await module.scale?.();
    if (seed) await seed(ctx);
  }
  await db
    .insertInto('app_meta')
    .values({ key: 'seed.scale', value: JSON.stringify({ at: now, counts: ctx.counts }) })
    .execute();
  await audit.record(db, { actorName: 'system', action: 'seed.scale', newValue: ctx.counts });
  await handle.close();
  const mem = process.memoryUsage();
  console.log(
    `seed:scale done in ${((Date.now() - started) / 1000).toFixed(1)} s → ${url}\n` +
      `  ${JSON.stringify(ctx.counts)}\n  rss ${(mem.rss / 2 ** 20).toFixed(0)} MiB`,
  );
  return 0;
}
