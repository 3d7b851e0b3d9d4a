import {
  defaultStandard,
  calendarOf,
  chinaDate,
  CALENDAR_SEED,
  noticeEndsAt,
  type ApplicationStatus,
  type Indicator,
  type StandardDefinition,
} from '@fivestar/common';
import { DEMO_EVIDENCE } from './demo-evidence.ts';
import { encryptField } from '../../../security/crypto.ts';
import { recomputeBranchRatings } from '../awards.repository.ts';
import type { DemoSeedContext } from '../../../kernel/seeding.ts';
import { insertChunked } from '../../../kernel/seed-kit.ts';

const calendar = calendarOf(CALENDAR_SEED);
const DAY = 86_400_000;
type Kind = 'rural' | 'urban';

/** The 2022 distribution the township reported: 6 four-star, 18 three-star, no five-star; the rest plausible. */
const LEVELS_2022 = [
  ...Array(6).fill(4),
  ...Array(18).fill(3),
  ...Array(20).fill(2),
  ...Array(8).fill(1),
  ...Array(3).fill(0),
];

/** Status groups of the current cycle by branch index (units[0] = secretary01 stays a fresh draft). */
function cycleGroup(i: number): ApplicationStatus {
  if (i <= 9) return 'draft';
  if (i <= 15) return 'submitted';
  if (i <= 20) return 'township_review';
  if (i <= 23) return 'returned';
  if (i <= 28) return 'county_review';
  if (i <= 32) return 'rated';
  if (i <= 38) return 'publicity';
  if (i <= 49) return 'awarded';
  if (i <= 52) return 'rejected';
  return 'draft';
}

const PATH: Record<string, string[]> = {
  draft: [],
  submitted: ['submit'],
  township_review: ['submit', 'start_review'],
  returned: ['submit', 'start_review', 'return'],
  county_review: ['submit', 'start_review', 'recommend'],
  rated: ['submit', 'start_review', 'recommend', 'rate'],
  publicity: ['submit', 'start_review', 'recommend', 'rate', 'publish'],
  objection: ['submit', 'start_review', 'recommend', 'rate', 'publish', 'object'],
  awarded: ['submit', 'start_review', 'recommend', 'rate', 'publish', 'award'],
  revoked: ['submit', 'start_review', 'recommend', 'rate', 'publish', 'award', 'revoke'],
  rejected: ['submit', 'start_review', 'reject'],
};
const TO: Record<string, ApplicationStatus> = {
  submit: 'submitted',
  start_review: 'township_review',
  return: 'returned',
  recommend: 'county_review',
  rate: 'rated',
  publish: 'publicity',
  object: 'objection',
  award: 'awarded',
  revoke: 'revoked',
  reject: 'rejected',
};
const ACTOR: Record<string, string> = {
  submit: 'secretary',
  start_review: 'township',
  return: 'township',
  recommend: 'township',
  rate: 'county',
  publish: 'township',
  object: 'public',
  award: 'county',
  revoke: 'county',
  reject: 'township',
};
const REASON: Record<string, string> = {
  return: '部分佐证材料不清晰，请补充后重新提交',
  reject: '经乡镇初审，村集体经济收入未达到本年度标准',
  object: '群众异议',
  revoke: '发生较大安全生产事故，触发一票否决，摘除该星',
};

/**
 * The ratings demo: published standards for every year from 2022, the 2022 awards matching the town's reported
 * figures (6 four-star, 18 three-star, 0 five-star: 43.64 %), plausibly improving years after it, and the current
 * year's cycle in progress with branches in every state — a returned indicator, an open objection on an open
 * notice, and one revoked star. Every figure the dashboard shows is computed from these records.
 */
export async function seedRatingsDemo(ctx: DemoSeedContext) {
  const { trx, random, clock } = ctx;
  const { units, township } = ctx.town;
  const now = clock.now();
  const currentYear = Number(chinaDate(now).slice(0, 4));
  const firstYear = Math.min(2022, currentYear);
  const defs: Record<Kind, StandardDefinition> = {
    rural: defaultStandard('rural'),
    urban: defaultStandard('urban'),
  };
  const users = await trx
    .selectFrom('users')
    .select(['id', 'username'])
    .where('username', 'in', [
      'county',
      'township',
      ...units.map((_, i) => `secretary${String(i + 1).padStart(2, '0')}`),
    ])
    .execute();
  const userId = new Map(users.map((u) => [u.username, u.id]));

  // Standards: one published version per year and kind (each year a copy of the last).
  const standardId = new Map<string, number>();
  for (let y = firstYear; y <= currentYear; y++) {
    for (const kind of ['rural', 'urban'] as const) {
      const published = Date.UTC(y, 0, 10);
      const row = await trx
        .insertInto('rating_standards')
        .values({
          year: y,
          branch_kind: kind,
          status: 'published',
          definition: JSON.stringify(defs[kind]),
          created_at: published - 10 * DAY,
          updated_at: published,
          published_at: published,
          published_by: userId.get('county') ?? null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      standardId.set(`${y}:${kind}`, row.id);
    }
  }
  const ordinary = (kind: Kind) =>
    defs[kind].stars.map((s) => s.code).filter((c) => c !== defs[kind].capstone.starCode);
  const capstone = (kind: Kind) => defs[kind].capstone.starCode!;
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)]!;
  const shuffle = <T>(list: T[]) => {
    const a = [...list];
    for (let i = a.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [a[i], a[j]] = [a[j]!, a[i]!];
    }
    return a;
  };
  /** Stars for a level: ordinary stars first; the capstone only on top of all of them. */
  const starsFor = (kind: Kind, level: number, keep: string[] = []) => {
    const ord = ordinary(kind);
    const out = keep.filter((s) => ord.includes(s)).slice(0, Math.min(level, ord.length));
    for (const s of shuffle(ord))
      if (out.length < Math.min(level, ord.length) && !out.includes(s)) out.push(s);
    if (level > ord.length) out.push(capstone(kind));
    return out;
  };

  // Past years, from award records.
  const awards: Record<string, unknown>[] = [];
  const targets: Record<string, unknown>[] = [];
  let held = new Map<number, string[]>();
  const levels2022 = shuffle(LEVELS_2022);
  for (let y = firstYear; y < currentYear; y++) {
    const next = new Map<number, string[]>();
    units.forEach((u, i) => {
      let level: number;
      if (y === firstYear) level = levels2022[i]!;
      else {
        const prev = held.get(u.branchId)!.length;
        const r = random();
        // Most branches hold their level; some gain a star (the capstone rarely); a few lose one.
        const up = prev >= 4 ? 0.08 : 0.24;
        level = r < up ? prev + 1 : r > 0.96 ? prev - 1 : prev;
        level = Math.max(0, Math.min(5, level));
      }
      const stars = starsFor(u.kind, level, held.get(u.branchId));
      next.set(u.branchId, stars);
      const at = Date.UTC(y + 1, 0, 15 + Math.floor(random() * 10));
      for (const s of stars)
        awards.push({
          branch_id: u.branchId,
          org_unit_id: u.id,
          unit_path: u.path,
          year: y,
          star_code: s,
          status: 'active',
          application_id: null,
          source: 'seed',
          awarded_at: at,
          awarded_by: userId.get('county') ?? null,
          revoked_at: null,
          revoked_by: null,
          revoked_reason: null,
        });
    });
    // The township's plan for the year: a little above what it reached.
    const lv: Record<string, number> = { '0': 0, '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 };
    const st: Record<string, number> = {};
    for (const stars of next.values()) {
      const planned = Math.min(5, stars.length + (random() < 0.3 ? 1 : 0));
      lv[String(planned)]!++;
      for (const s of stars) st[s] = (st[s] ?? 0) + 1;
    }
    targets.push({
      org_unit_id: township.id,
      year: y,
      levels: JSON.stringify(lv),
      stars: JSON.stringify(st),
      updated_at: Date.UTC(y, 1, 1),
    });
    held = next;
  }

  // The current cycle.
  const cycleStart = Date.UTC(currentYear, 2, 1);
  const noticeA = await trx
    .insertInto('rating_notices')
    .values({
      org_unit_id: township.id,
      unit_path: township.path,
      year: currentYear,
      title: `张庄镇${currentYear}年度“五星”支部创建评定结果公示（第一批）`,
      starts_at: now - 40 * DAY,
      ends_at: noticeEndsAt(now - 40 * DAY, 5, calendar),
      created_by: userId.get('township') ?? null,
      created_at: now - 40 * DAY,
      awarded_at: now - 25 * DAY,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const noticeB = await trx
    .insertInto('rating_notices')
    .values({
      org_unit_id: township.id,
      unit_path: township.path,
      year: currentYear,
      title: `张庄镇${currentYear}年度“五星”支部创建评定结果公示（第三批）`,
      starts_at: now - DAY,
      ends_at: noticeEndsAt(now - DAY, 5, calendar),
      created_by: userId.get('township') ?? null,
      created_at: now - DAY,
      awarded_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();

  // The second batch (published before the open third one): its window has closed with nothing open, waiting for the
  // county to name it.
  const noticeC = await trx
    .insertInto('rating_notices')
    .values({
      org_unit_id: township.id,
      unit_path: township.path,
      year: currentYear,
      title: `张庄镇${currentYear}年度“五星”支部创建评定结果公示（第二批）`,
      starts_at: now - 20 * DAY,
      ends_at: noticeEndsAt(now - 20 * DAY, 5, calendar),
      created_by: userId.get('township') ?? null,
      created_at: now - 20 * DAY,
      awarded_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();

  const results: Record<string, unknown>[] = [];
  const events: Record<string, unknown>[] = [];
  const files: Record<string, unknown>[] = [];
  const lvTarget: Record<string, number> = { '0': 0, '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 };
  const stTarget: Record<string, number> = {};
  let objectionApp: number | null = null;
  let revokedDone = false;
  let returnedDone = 0;

  for (const [i, u] of units.entries()) {
    const prev = held.get(u.branchId) ?? [];
    const ord = ordinary(u.kind);
    const missing = ord.filter((s) => !prev.includes(s));
    const wanted = [...prev];
    if (missing.length > 0) wanted.push(pick(missing));
    else if (!wanted.includes(capstone(u.kind))) wanted.push(capstone(u.kind));
    if (wanted.length === 0) wanted.push(pick(ord));
    const targetStars = defs[u.kind].stars.map((s) => s.code).filter((c) => wanted.includes(c));
    lvTarget[String(Math.min(5, targetStars.length))]!++;
    for (const s of targetStars) stTarget[s] = (stTarget[s] ?? 0) + 1;

    const group = cycleGroup(i);
    const secretary = `secretary${String(i + 1).padStart(2, '0')}`;
    for (const star of targetStars) {
      let status: ApplicationStatus = group;
      if (group === 'publicity' && i <= 35 && objectionApp === null && star === 'safety')
        status = 'objection';
      if (
        group === 'awarded' &&
        !revokedDone &&
        star !== capstone(u.kind) &&
        !targetStars.includes(capstone(u.kind))
      )
        status = 'revoked';
      // Under the capstone switch the capstone waits for the others; in the naming batch it goes with them.
      const noticeId = ['publicity', 'objection'].includes(status)
        ? i <= 35
          ? noticeB.id
          : noticeC.id
        : ['awarded', 'revoked'].includes(status)
          ? noticeA.id
          : null;
      const path = PATH[status]!;
      const t0 = cycleStart + Math.floor(random() * 60) * DAY;
      const app = await trx
        .insertInto('star_applications')
        .values({
          branch_id: u.branchId,
          org_unit_id: u.id,
          unit_path: u.path,
          year: currentYear,
          star_code: star,
          standard_id: standardId.get(`${currentYear}:${u.kind}`)!,
          status,
          round: path.includes('submit') ? 1 : 0,
          notice_id: noticeId,
          created_at: t0,
          updated_at: Math.min(now, t0 + path.length * 3 * DAY),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (status === 'objection') objectionApp = app.id;
      if (status === 'revoked') revokedDone = true;

      events.push({
        application_id: app.id,
        action: 'create',
        from_status: null,
        to_status: 'draft',
        actor_id: userId.get('township') ?? null,
        actor_name: 'township',
        reason: null,
        at: t0,
      });
      let from: ApplicationStatus = 'draft';
      path.forEach((action, n) => {
        const who = ACTOR[action]!;
        const actorName = who === 'secretary' ? secretary : who;
        const at =
          ['publish', 'object'].includes(action) && noticeId === noticeB.id
            ? now - DAY + (action === 'object' ? 3_600_000 : 0)
            : action === 'publish' && noticeId === noticeC.id
              ? now - 20 * DAY
              : ['publish', 'award', 'revoke'].includes(action) && noticeId === noticeA.id
                ? now - (action === 'publish' ? 40 : action === 'award' ? 25 : 5) * DAY
                : Math.min(now - 2 * DAY, t0 + (n + 1) * 3 * DAY);
        events.push({
          application_id: app.id,
          action,
          from_status: from,
          to_status: TO[action],
          actor_id: userId.get(actorName) ?? null,
          actor_name: actorName,
          reason: REASON[action] ?? null,
          at,
        });
        from = TO[action]!;
      });

      // Indicator results: a fresh draft is empty for secretary01, half-filled elsewhere; later stages complete.
      const inds = defs[u.kind].indicators.filter((x) => x.starCode === star);
      const sent = path.includes('submit');
      const reviewedAll = path.includes('recommend');
      inds.forEach((ind, n) => {
        const filled = sent || (i !== 0 && n % 2 === 0);
        const fail = status === 'rejected' && n === 0 && ind.type !== 'derived';
        const value = passingValue(ind, fail);
        let review = reviewedAll
          ? 'accepted'
          : status === 'township_review' && n % 2 === 0
            ? 'accepted'
            : 'pending';
        let comment: string | null = null;
        if (status === 'returned' && n === 0) {
          review = 'returned';
          comment =
            returnedDone++ === 0 ? '党群服务中心照片不清晰，请补充外景和功能室照片' : '请补充佐证材料';
        } else if (status === 'returned') review = 'accepted';
        if (status === 'rejected') review = n === 0 ? 'returned' : 'accepted';
        results.push({
          application_id: app.id,
          code: ind.code,
          met:
            filled && ind.type !== 'veto' && ind.type !== 'derived'
              ? ind.type === 'boolean' || ind.type === 'evidence'
                ? value.met
                  ? 1
                  : 0
                : null
              : null,
          value: filled && ind.type === 'numeric' ? value.value : null,
          triggered: filled && ind.type === 'veto' ? 0 : null,
          note: null,
          review,
          review_comment: comment,
          reviewed_by: review === 'pending' ? null : (userId.get('township') ?? null),
          reviewed_at: review === 'pending' ? null : Math.min(now, t0 + 6 * DAY),
          reviewed_snapshot:
            review === 'pending'
              ? null
              : JSON.stringify({
                  met: value.met,
                  value: ind.type === 'numeric' ? value.value : null,
                  triggered: ind.type === 'veto' ? false : null,
                }),
          changed_since_review: 0,
          updated_at: t0 + DAY,
        });
        if (filled && ind.minFiles > 0 && !(status === 'returned' && n === 0))
          for (let f = 0; f < ind.minFiles; f++)
            files.push({
              application_id: app.id,
              indicator_code: ind.code,
              org_unit_id: u.id,
              unit_path: u.path,
              sha256: DEMO_EVIDENCE.sha256,
              mime: DEMO_EVIDENCE.mime,
              ext: DEMO_EVIDENCE.ext,
              size: DEMO_EVIDENCE.body.length,
              name: `${u.name}-${ind.title.slice(0, 10)}-${f + 1}.png`,
              uploaded_by: userId.get(secretary) ?? null,
              created_at: t0 + DAY,
            });
      });

      if (status === 'awarded' || status === 'revoked')
        awards.push({
          branch_id: u.branchId,
          org_unit_id: u.id,
          unit_path: u.path,
          year: currentYear,
          star_code: star,
          status: status === 'revoked' ? 'revoked' : 'active',
          application_id: app.id,
          source: 'cycle',
          awarded_at: now - 25 * DAY,
          awarded_by: userId.get('county') ?? null,
          revoked_at: status === 'revoked' ? now - 5 * DAY : null,
          revoked_by: status === 'revoked' ? (userId.get('county') ?? null) : null,
          revoked_reason: status === 'revoked' ? REASON.revoke : null,
        });
    }
  }
  targets.push({
    org_unit_id: township.id,
    year: currentYear,
    levels: JSON.stringify(lvTarget),
    stars: JSON.stringify(stTarget),
    updated_at: cycleStart,
  });

  await insertChunked(trx, 'star_awards', awards);
  await insertChunked(trx, 'rating_targets', targets);
  await insertChunked(trx, 'indicator_results', results, 200);
  await insertChunked(trx, 'rating_events', events, 200);
  await insertChunked(trx, 'evidence_files', files, 200);
  if (objectionApp !== null)
    await trx
      .insertInto('rating_objections')
      .values({
        notice_id: noticeB.id,
        application_id: objectionApp,
        content: '该村去年曾发生过邻里纠纷上访，是否符合平安法治星条件请核实。',
        contact: encryptField(ctx.keys.pii, '演示联系人 138****0000'),
        ip: '127.0.0.1',
        status: 'open',
        outcome: null,
        created_at: now - DAY + 3_600_000,
        resolved_at: null,
        resolved_by: null,
      })
      .execute();
  for (let y = firstYear; y <= currentYear; y++) await recomputeBranchRatings(trx, y, null, now);
}

/** A self-assessment that passes the indicator (or, with `fail`, one that does not). */
function passingValue(ind: Indicator, fail: boolean): { met: boolean | null; value: number | null } {
  if (ind.type === 'numeric')
    return { met: null, value: fail ? (ind.threshold ?? 0) / 2 : Math.round((ind.threshold ?? 0) * 1.3 + 1) };
  if (ind.type === 'boolean' || ind.type === 'evidence') return { met: !fail, value: null };
  return { met: null, value: null };
}
