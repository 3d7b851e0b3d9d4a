import cliProgress from 'cli-progress';
import { sql } from 'kysely';
import { rebuildCounts } from '../grid.counts.ts';
import type { Db, Dialect } from '../../../db/database.ts';
import { insertChunked, rng } from '../../../kernel/seed-kit.ts';
import type { ScaleSeeder } from '../../../kernel/seeding.ts';

const DAY = 86_400_000;
const TYPES = [
  'public_service.road',
  'public_service.utility',
  'public_service.sanitation',
  'public_service.welfare',
  'emergency.fire',
  'security.hazard',
  'security.fraud',
  'sentiment.request',
  'sentiment.info',
];
const DISPUTES = ['dispute.marriage', 'dispute.neighbour', 'dispute.homestead', 'dispute.elder_support'];
const OPEN = ['reported', 'accepted', 'dispatched', 'in_handling', 'replied'];

/**
 * `seed:scale --events N`: N grid events over the villages of the scale tree, reported over the last year
 * (≈1.3 % disputes, ≈92 % closed, the rest open in various states). Opt-in: 10 million is the figure for a
 * province-year; the default is none so the CI's bench database stays quick to build.
 */
async function seedScaleEvents(db: Db, dialect: Dialect, count: number, now: number): Promise<void> {
  if (count <= 0) return;
  const started = Date.now();
  const random = rng(10_000_000);
  const villages = await db
    .selectFrom('org_units')
    .select(['id', 'path'])
    .where('level', '=', 'village')
    .orderBy('id')
    .execute();
  const reporter = await db
    .selectFrom('users')
    .select('id')
    .where('role_code', '=', 'grid_worker')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  const bar = new cliProgress.SingleBar(
    { format: 'seed:scale events [{bar}] {percentage}% | {value}/{total} | {eta_formatted} left' },
    cliProgress.Presets.shades_classic,
  );
  bar.start(count, 0);
  const batch = 20_000;
  for (let done = 0; done < count; done += batch) {
    const rows: Record<string, unknown>[] = [];
    for (let i = done; i < Math.min(count, done + batch); i++) {
      const v = villages[i % villages.length]!;
      const dispute = random() < 0.013;
      const reportedAt = now - Math.floor(random() * 365 * DAY);
      const closed = reportedAt < now - 10 * DAY ? random() < 0.995 : random() < 0.5;
      const status = closed ? 'closed' : OPEN[Math.floor(random() * OPEN.length)]!;
      const repliedAt = reportedAt + Math.floor((1 + random() * 5) * DAY);
      rows.push({
        class: dispute ? 'dispute' : 'event',
        type_code: dispute
          ? DISPUTES[Math.floor(random() * DISPUTES.length)]!
          : TYPES[Math.floor(random() * TYPES.length)]!,
        org_unit_id: v.id,
        unit_path: v.path,
        grid_id: null,
        place: '村内',
        lat: null,
        lng: null,
        occurred_at: null,
        description: '规模测试数据',
        scale: 'small',
        people_involved: 1,
        source: 'grid_worker',
        campaign_id: null,
        campaign_sub_category: null,
        reporter_id: reporter?.id ?? null,
        reporter_name: '网格员',
        status,
        stage_started_at: reportedAt,
        yellow_at: closed ? null : reportedAt + 3 * DAY,
        due_at: closed ? null : reportedAt + 7 * DAY,
        extension_days: 0,
        manual_supervision: 'normal',
        escalated_to: null,
        handler_unit_id: null,
        handler_dept: null,
        duplicate_of: null,
        reported_at: reportedAt,
        accepted_at: reportedAt + 3_600_000,
        replied_at: closed ? repliedAt : null,
        closed_at: closed ? repliedAt + DAY : null,
        closed_on_time: closed ? (random() < 0.95 ? 1 : 0) : null,
        escalated: 0,
        mediation_status: dispute && closed ? 'archived' : 'none',
        mediator_name: null,
        mediation_sessions: 0,
        agreement: null,
        referred_to: null,
        follow_up_at: null,
        archived_at: null,
        updated_at: reportedAt,
      });
    }
    await db.transaction().execute((trx) => insertChunked(trx, 'grid_events', rows, 600));
    bar.update(Math.min(count, done + batch));
  }
  bar.stop();
  const rollup = Date.now();
  await rebuildCounts(db, dialect);
  console.log(`  county counts rebuilt in ${((Date.now() - rollup) / 1000).toFixed(1)} s`);
  // Planner statistics: without them SQLite walks the reported_at index for a township's summary (×100 slower).
  await sql`analyze`.execute(db);
  console.log(`  grid events: ${count} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/** The grid module's share of `seed:scale` (events only when `--events N` asks for them). */
export const gridScaleSeeder: ScaleSeeder = (ctx) =>
  seedScaleEvents(ctx.db, ctx.dialect, ctx.events, ctx.now);
