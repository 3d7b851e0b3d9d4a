import {
  addCalendarDays,
  chinaDate,
  DEFAULT_PARTY_LIFE_SETTINGS,
  MEETING_TYPES,
  windowOf,
  type MeetingWindow,
} from '@fivestar/common';
import { insertChunked, resetSequences, rng } from '../../../kernel/seed-kit.ts';
import type { ScaleSeeder } from '../../../kernel/seeding.ts';
import { countIntoRollups } from '../compliance.rollup.ts';

const CHUNK = 1000;

const TOPICS: Record<string, string> = {
  committee: '支委会',
  group: '党小组会',
  assembly: '党员大会',
  lecture: '党课',
  theme_day: '主题党日',
  life_meeting: '组织生活会',
  appraisal: '民主评议党员',
};

/**
 * A year of party life at province scale: for every branch, the meetings of the last twelve months (and this month
 * so far) by the default frequencies (the windows the compliance counts), with realistic gaps — each branch keeps
 * its windows with its own diligence (most 70–100 %, a tail of neglected ones), some windows hold a second meeting —
 * and one pl_windows row per window met, as recording a meeting writes it. No attendance rows, photos or points
 * (the benchmarks read counts).
 */
export const partylifeScaleSeeder: ScaleSeeder = async (ctx) => {
  const { db, dialect, now } = ctx;
  const random = rng(2027);
  const today = chinaDate(now);
  const since = `${addCalendarDays(today, -365).slice(0, 7)}-01`;
  const frequencies = DEFAULT_PARTY_LIFE_SETTINGS.frequencies;
  // Every window of each type from `since` to today's (the one still running included).
  const windowsOf = new Map<string, MeetingWindow[]>();
  for (const type of MEETING_TYPES) {
    const list: MeetingWindow[] = [];
    let w = windowOf(frequencies[type], since);
    while (w && w.start <= today) {
      list.push(w);
      w = windowOf(frequencies[type], addCalendarDays(w.end, 1));
    }
    windowsOf.set(type, list);
  }
  const branches = await db
    .selectFrom('party_branches as b')
    .innerJoin('org_units as o', 'o.id', 'b.org_unit_id')
    .select(['o.id', 'o.path'])
    .where('o.level', 'in', ['village', 'community'])
    .orderBy('b.id')
    .execute();
  let nextId =
    Number(
      (
        await db
          .selectFrom('pl_meetings')
          .select((eb) => eb.fn.max('id').as('m'))
          .executeTakeFirst()
      )?.m ?? 0,
    ) + 1;
  const dayIn = (w: MeetingWindow) => {
    const first = w.start < since ? since : w.start;
    const last = w.end > today ? today : w.end;
    const span = Math.round((Date.parse(last) - Date.parse(first)) / 86_400_000);
    return addCalendarDays(first, Math.floor(random() * (span + 1)));
  };
  let meetings = 0;
  let windows = 0;
  for (let i = 0; i < branches.length; i += CHUNK) {
    const part = branches.slice(i, i + CHUNK);
    const meetingRows: Record<string, unknown>[] = [];
    const windowRows: Record<string, unknown>[] = [];
    for (const b of part) {
      const r = random();
      const diligence = r < 0.1 ? 0.3 + random() * 0.4 : 0.7 + random() * 0.3;
      const members = 12 + Math.floor(random() * 40);
      for (const type of MEETING_TYPES) {
        for (const w of windowsOf.get(type)!) {
          // The window still running is met less often: there is time left.
          const open = w.end > today;
          if (random() > (open ? diligence * 0.6 : diligence)) continue;
          const held = random() < 0.1 ? 2 : 1;
          const days = Array.from({ length: held }, () => dayIn(w)).sort();
          for (const [k, heldOn] of days.entries()) {
            const id = nextId++;
            const present = Math.max(1, members - Math.floor(random() * members * 0.4));
            const leave = Math.floor((members - present) / 2);
            meetingRows.push({
              id,
              org_unit_id: b.id,
              unit_path: b.path,
              type,
              held_on: heldOn,
              year: Number(heldOn.slice(0, 4)),
              topic: `${TOPICS[type]}（${w.key}）`,
              minutes: '',
              expected: members,
              present,
              leave,
              absent: members - present - leave,
              quorate: present > members * DEFAULT_PARTY_LIFE_SETTINGS.quorumRatio ? 1 : 0,
              photos: 0,
              fixed_actions: '[]',
              items: '[]',
              recorded_by: null,
              recorded_name: '',
              created_at: now,
            });
            if (k === 0)
              windowRows.push({
                org_unit_id: b.id,
                unit_path: b.path,
                type,
                window_key: w.key,
                window_start: w.start,
                window_end: w.end,
                meeting_id: id,
              });
          }
        }
      }
    }
    await db.transaction().execute(async (trx) => {
      await insertChunked(trx, 'pl_meetings', meetingRows, 100);
      await insertChunked(trx, 'pl_windows', windowRows, 200);
      // The rows are built to the tables' shapes above.
      await countIntoRollups(trx, windowRows as never, meetingRows as never);
    });
    meetings += meetingRows.length;
    windows += windowRows.length;
  }
  await resetSequences(db, dialect, ['pl_meetings']);
  Object.assign(ctx.counts, { partyLifeMeetings: meetings, partyLifeWindowsMet: windows });
};
