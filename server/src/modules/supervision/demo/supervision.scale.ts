import {
  addCalendarDays,
  CALENDAR_SEED,
  calendarOf,
  chinaDate,
  DEFAULT_SUPERVISION_SETTINGS,
  parentOfPath,
  slipDates,
  tasksFromShortfalls,
  type StandardDefinition,
} from '@fivestar/common';
import { insertChunked, rng } from '../../../kernel/seed-kit.ts';
import type { ScaleSeeder } from '../../../kernel/seeding.ts';
import { rebuildUnitCounts } from '../unit-counts.ts';

const CHUNK = 2000;

/**
 * One year of task lists at province scale: for every branch, this year's items from the shortfalls of the latest
 * rated year (every indicator of each star it lacks), in every state and colour around today, and every village
 * linked to its township's office account as its 包村 cadre. No logs or files (the benchmarks read counts).
 */
export const supervisionScaleSeeder: ScaleSeeder = async (ctx) => {
  const { db, now } = ctx;
  const random = rng(2026);
  const today = chinaDate(now);
  const year = Number(today.slice(0, 4));
  const cal = calendarOf(CALENDAR_SEED);
  const settings = DEFAULT_SUPERVISION_SETTINGS;
  const stds = await db
    .selectFrom('rating_standards')
    .select(['year', 'branch_kind', 'definition'])
    .where('status', '=', 'published')
    .orderBy('year', 'desc')
    .execute();
  if (stds.length === 0) return;
  const baseYear = Number(stds[0]!.year);
  const defOf = new Map(
    stds
      .filter((s) => s.year === baseYear)
      .map((s) => [s.branch_kind, JSON.parse(s.definition) as StandardDefinition]),
  );
  const branches = await db
    .selectFrom('party_branches as b')
    .innerJoin('org_units as o', 'o.id', 'b.org_unit_id')
    .select(['b.id', 'b.kind', 'o.id as unit_id', 'o.path'])
    .orderBy('b.id')
    .execute();
  const secretaries = new Map(
    (
      await db
        .selectFrom('users')
        .select(['id', 'org_unit_id', 'display_name'])
        .where('role_code', '=', 'village_secretary')
        .execute()
    ).map((u) => [u.org_unit_id, u]),
  );
  const townshipUsers = new Map(
    (
      await db
        .selectFrom('users as u')
        .innerJoin('org_units as o', 'o.id', 'u.org_unit_id')
        .select(['u.id', 'u.display_name', 'o.path'])
        .where('u.role_code', '=', 'township_admin')
        .execute()
    ).map((u) => [u.path, u]),
  );
  const start = `${year}-03-01`;
  let items = 0;
  let links = 0;
  for (let i = 0; i < branches.length; i += CHUNK) {
    const part = branches.slice(i, i + CHUNK);
    const held = await db
      .selectFrom('star_awards')
      .select(['branch_id', 'star_code'])
      .where('year', '=', baseYear)
      .where('status', '=', 'active')
      .where(
        'branch_id',
        'in',
        part.map((b) => b.id),
      )
      .execute();
    const heldOf = new Map<number, string[]>();
    for (const h of held) heldOf.set(h.branch_id, [...(heldOf.get(h.branch_id) ?? []), h.star_code]);
    const rows: Record<string, unknown>[] = [];
    const linkRows: Record<string, unknown>[] = [];
    for (const b of part) {
      const def = defOf.get(b.kind);
      if (!def) continue;
      const owner = secretaries.get(b.unit_id);
      const townshipPath = b.path.split('/').slice(0, -3).join('/') + '/';
      const cadre =
        townshipUsers.get(townshipPath) ?? townshipUsers.get(b.path.split('/').slice(0, -2).join('/') + '/');
      if (cadre) {
        linkRows.push({
          kind: 'village',
          org_unit_id: b.unit_id,
          unit_path: b.path,
          user_id: cadre.id,
          person_id: null,
          cadre_name: cadre.display_name,
          section: '',
          since: `${year}-01-05`,
          ended_at: null,
          created_at: now,
        });
      }
      for (const t of tasksFromShortfalls(def, heldOf.get(b.id) ?? [], new Map())) {
        const r = random();
        const state = r < 0.4 ? 'closed' : r < 0.5 ? 'submitted' : 'open';
        const deadline =
          state === 'closed'
            ? addCalendarDays(today, -60 + Math.floor(random() * 60))
            : addCalendarDays(today, -20 + Math.floor(random() * 70));
        const progress = state === 'open' ? Math.floor(random() * 100) : 100;
        const d = slipDates({ startDate: start, deadline, progress }, settings, cal);
        rows.push({
          org_unit_id: b.unit_id,
          unit_path: b.path,
          parent_unit_id: parentOfPath(b.path),
          year,
          list: 'task',
          source: 'shortfall',
          star_code: t.starCode,
          indicator_code: t.indicatorCode,
          title: t.title,
          measures: t.measures,
          evidence_required: '',
          evidence_min: t.evidenceMin,
          owner_user_id: owner?.id ?? null,
          owner_name: owner?.display_name ?? '',
          checker_user_id: null,
          start_date: start,
          deadline,
          blue_on: d.blueOn,
          yellow_on: d.yellowOn,
          status: state,
          progress,
          extensions: 0,
          files: state === 'open' ? 0 : t.evidenceMin,
          visit_id: null,
          submitted_by: state === 'open' ? null : (owner?.id ?? null),
          red_notified: 0,
          version: 1,
          created_by: null,
          created_at: now,
          updated_at: now,
          closed_at: state === 'closed' ? now - Math.floor(random() * 50) * 86_400_000 : null,
          closed_by: null,
        });
      }
    }
    await db.transaction().execute(async (trx) => {
      await insertChunked(trx, 'sv_items', rows, 100);
      await insertChunked(trx, 'cadre_links', linkRows, 300);
    });
    items += rows.length;
    links += linkRows.length;
  }
  await db.transaction().execute((trx) => rebuildUnitCounts(trx, today));
  Object.assign(ctx.counts, { supervisionItems: items, cadreLinks: links });
};
