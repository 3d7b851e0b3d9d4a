import type { Clock } from '../clock.ts';
import type { Db, Dialect } from '../db/database.ts';
import type { AuditService } from '../modules/audit/index.ts';
import { MODULES } from '../modules/index.ts';
import { hashPassword, type HashCost, type Keys } from '../security/crypto.ts';
import { rng } from './seed-kit.ts';
import type { DemoSeedContext, DemoTown } from './seeding.ts';

export const DEMO_SEED_KEY = 'seed.demo';

export interface DemoSeedResult {
  seeded: boolean;
  counts?: Record<string, number>;
}

/**
 * Seeds the demo township once (idempotent: a marker in app_meta): every module's demo seeder, in the module
 * list's order, in one transaction, drawing from one deterministic random source. All demo accounts share one
 * password and, to keep the first start fast, one salted hash of it. Loaded only when the demo is wanted
 * (FIVESTAR_SEED=demo, `npm run cli -- seed`, tests): production start-up runs no seed code.
 */
export async function seedDemo(deps: {
  db: Db;
  dialect: Dialect;
  keys: Keys;
  clock: Clock;
  audit: AuditService;
  password: string;
  hashCost: HashCost;
}): Promise<DemoSeedResult> {
  const { db, dialect, keys, clock, audit } = deps;
  const done = await db
    .selectFrom('app_meta')
    .select('value')
    .where('key', '=', DEMO_SEED_KEY)
    .executeTakeFirst();
  if (done) return { seeded: false };
  const passwordHash = await hashPassword(deps.password, deps.hashCost);
  const seeders = await Promise.all(MODULES.map((m) => m.demo?.()));

  return db.transaction().execute(async (trx) => {
    let town: DemoTown | undefined;
    const ctx: DemoSeedContext = {
      trx,
      dialect,
      keys,
      clock,
      audit,
      random: rng(20230806),
      passwordHash,
      get town() {
        if (!town)
          throw new Error('the demo township is built by the organisation module, which seeds first');
        return town;
      },
      setTown(t) {
        town = t;
      },
      counts: {},
    };
    for (const seed of seeders) if (seed) await seed(ctx);
    await trx
      .insertInto('app_meta')
      .values({ key: DEMO_SEED_KEY, value: JSON.stringify({ at: clock.now(), counts: ctx.counts }) })
      .execute();
    await audit.record(trx, { actorName: 'system', action: 'seed.demo', newValue: ctx.counts });
    return { seeded: true, counts: ctx.counts };
  });
}

/** The demo usernames, for the start-up banner. */
export const DEMO_ACCOUNTS = [
  ['county', '县委组织部 County organisation department'],
  ['township', '乡镇党委 Township party office'],
  ['centre', '网格化管理中心 Grid & mediation centre'],
  ['district1 … district5', '管区负责人 Management-district leaders'],
  ['secretary01 … secretary55', '村(社区)党支部书记 Branch secretaries'],
  ['grid001 … grid165', '网格员 Grid workers'],
  ['judge01 … judge09', '观摩评委 Inspection judges'],
  ['auditor', '审计员 Auditor'],
] as const;
