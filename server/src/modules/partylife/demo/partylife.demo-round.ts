import {
  addCalendarDays,
  calendarOf,
  chinaDate,
  PUBLICITY_DEFAULT_WORKING_DAYS,
  publicityEndsOn,
} from '@fivestar/common';
import type { DemoSeedContext } from '../../../kernel/seeding.ts';
import { HONOURS_SOURCE } from '../honours.service.ts';

/** The round's id: after the demo's two 2023 rounds. */
const ROUND_ID = 3;
const TITLE = '最美家庭';
/** Villages (in the demo's order) that put a family forward. */
const NOMINATING_VILLAGES = 5;

/**
 * This year's 最美家庭 round as the records stand once its 公示 has run its course: nominations recommended by their
 * villages and approved by the township, the 公示 (the publicity module's notice, with one item per nomination)
 * published a month ago so its window of working days is over, no objection lodged. The township's next step is
 * the award. Returns the next free nomination id.
 */
export async function seedRoundAwaitingAward(
  ctx: DemoSeedContext,
  firstNominationId: number,
  pick: <T>(xs: readonly T[]) => T,
  nominations: Record<string, unknown>[],
): Promise<number> {
  const { trx, town, clock } = ctx;
  const now = clock.now();
  const today = chinaDate(now);
  const year = Number(today.slice(0, 4));
  const cal = calendarOf(await trx.selectFrom('grid_calendar_days').select(['date', 'kind']).execute());
  // Published a month ago (earlier still if the holidays stretched the window to today).
  let startsOn = addCalendarDays(today, -30);
  while (publicityEndsOn(startsOn, PUBLICITY_DEFAULT_WORKING_DAYS, cal) >= today)
    startsOn = addCalendarDays(startsOn, -7);
  const endsOn = publicityEndsOn(startsOn, PUBLICITY_DEFAULT_WORKING_DAYS, cal);
  const township = await trx
    .selectFrom('users')
    .select('id')
    .where('username', '=', 'township')
    .executeTakeFirstOrThrow();
  const notice = await trx
    .insertInto('publicity_notices')
    .values({
      source: HONOURS_SOURCE,
      source_id: ROUND_ID,
      org_unit_id: town.township.id,
      unit_path: town.township.path,
      title: `${year}年度“${TITLE}”评选结果公示`,
      summary: null,
      starts_on: startsOn,
      ends_on: endsOn,
      working_days: PUBLICITY_DEFAULT_WORKING_DAYS,
      created_by: township.id,
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('pl_honour_rounds')
    .values({
      id: ROUND_ID,
      org_unit_id: town.township.id,
      unit_path: town.township.path,
      title: TITLE,
      kind: 'household',
      year,
      quota_base: 1,
      quota_per: 20,
      status: 'publicity',
      publicity_id: notice.id,
      created_at: now,
    })
    .execute();
  let id = firstNominationId;
  const items: { notice_id: number; ref: string; label: string; detail: string; sort: number }[] = [];
  for (const unit of town.units.slice(0, NOMINATING_VILLAGES)) {
    const nominee = `${pick(['王', '李', '张', '刘', '崔', '于'])}${pick(['振华', '淑芬', '志强', '玉兰'])}家庭`;
    nominations.push({
      id,
      round_id: ROUND_ID,
      org_unit_id: unit.id,
      unit_path: unit.path,
      nominee,
      reason: '夫妻和睦、尊老爱幼、热心公益',
      status: 'approved',
      created_at: now,
      updated_at: now,
    });
    items.push({
      notice_id: notice.id,
      ref: `nomination:${id}`,
      label: nominee,
      detail: `${unit.name} · ${TITLE}`,
      sort: items.length,
    });
    id++;
  }
  await trx.insertInto('publicity_items').values(items).execute();
  return id;
}
