import {
  addCalendarDays,
  CALENDAR_SEED,
  calendarOf,
  chinaDate,
  chinaStartOfDay,
  DEFAULT_SUPERVISION_SETTINGS,
  parentOfPath,
  slipDates,
  tasksFromShortfalls,
  type StandardDefinition,
} from '@fivestar/common';
import { createHash } from 'node:crypto';
import type { Db } from '../../../db/database.ts';
import type { DemoSeeder } from '../../../kernel/seeding.ts';
import { insertChunked, resetSequences } from '../../../kernel/seed-kit.ts';
import { createNotificationsService } from '../../notifications/index.ts';
import { rebuildUnitCounts } from '../unit-counts.ts';
import { openVetoReviews } from '../veto.ts';

const DAY = 86_400_000;
/** A 1×1 PNG standing for a photo of the work (illustrative). */
const PHOTO = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
const PHOTO_SHA = createHash('sha256').update(PHOTO).digest('hex');

/**
 * The demo's supervision records, all from rules and records: the 2023 task lists of the 55 villages generated from
 * their 2022 shortfalls (worked and struck off during 2023), this year's lists from last year's shortfalls in every
 * state and colour, two supervision-team visits with findings, and the star reviews opened by the 2023 veto events
 * in the grid records — one of which ends in a revocation.
 */
export const seedSupervisionDemo: DemoSeeder = async (ctx) => {
  const { trx, random, clock, audit, keys } = ctx;
  const { township, units, county } = ctx.town;
  const now = clock.now();
  const today = chinaDate(now);
  const currentYear = Number(today.slice(0, 4));
  const cal = calendarOf(CALENDAR_SEED);
  const settings = DEFAULT_SUPERVISION_SETTINGS;
  const at = (date: string, hour = 10) => chinaStartOfDay(date) + hour * 3_600_000;

  const users = await trx
    .selectFrom('users')
    .select(['id', 'username', 'display_name', 'org_unit_id', 'role_code'])
    .execute();
  const byName = new Map(users.map((u) => [u.username, u]));
  const townshipUser = byName.get('township')!;
  const secretaryOf = new Map(
    users.filter((u) => u.role_code === 'village_secretary').map((u) => [u.org_unit_id, u]),
  );
  const standards = await trx
    .selectFrom('rating_standards')
    .select(['year', 'branch_kind', 'definition'])
    .where('status', '=', 'published')
    .execute();
  const defOf = (year: number, kind: string) => {
    const s = standards.find((x) => x.year === year && x.branch_kind === kind);
    return s ? (JSON.parse(s.definition) as StandardDefinition) : null;
  };
  const awards = await trx
    .selectFrom('star_awards')
    .select(['branch_id', 'year', 'star_code'])
    .where('status', '=', 'active')
    .execute();
  const heldOf = (branchId: number, year: number) =>
    awards.filter((a) => a.branch_id === branchId && a.year === year).map((a) => a.star_code);

  let itemId = 1;
  const items: Record<string, unknown>[] = [];
  const logs: Record<string, unknown>[] = [];
  const files: Record<string, unknown>[] = [];
  const log = (
    item: number,
    action: string,
    from: string | null,
    to: string | null,
    actor: { id: number; display_name: string },
    when: number,
    extra: Record<string, unknown> = {},
  ) =>
    logs.push({
      item_id: item,
      action,
      from_status: from,
      to_status: to,
      actor_id: actor.id,
      actor_name: actor.display_name,
      reason: null,
      progress: null,
      file_ids: '[]',
      at: when,
      ...extra,
    });
  const photo = (
    item: number | null,
    visit: number | null,
    unit: { id: number; path: string },
    by: { id: number; display_name: string },
    when: number,
    name: string,
  ) =>
    files.push({
      item_id: item,
      visit_id: visit,
      org_unit_id: unit.id,
      unit_path: unit.path,
      name,
      mime: 'image/png',
      size: PHOTO.length,
      sha256: PHOTO_SHA,
      data: PHOTO.toString('base64'),
      uploaded_by: by.id,
      uploaded_name: by.display_name,
      created_at: when,
    });

  /** One item, worked to the given state by its owner and (when closed) signed off by the township. */
  function item(
    u: (typeof units)[number],
    year: number,
    fields: {
      list: string;
      source: string;
      starCode: string;
      indicatorCode: string | null;
      title: string;
      measures: string;
      evidenceMin: number;
    },
    plan: {
      start: string;
      deadline: string;
      state: 'open' | 'submitted' | 'closed';
      progress: number;
      closedOn?: string;
      visitId?: number | null;
    },
  ) {
    const id = itemId++;
    const owner = secretaryOf.get(u.id)!;
    const dates = slipDates(
      { startDate: plan.start, deadline: plan.deadline, progress: plan.progress },
      settings,
      cal,
    );
    const created = at(plan.start, 9);
    const evidence =
      plan.state === 'open' ? Math.min(plan.progress >= 50 ? 1 : 0, fields.evidenceMin) : fields.evidenceMin;
    items.push({
      id,
      org_unit_id: u.id,
      unit_path: u.path,
      parent_unit_id: parentOfPath(u.path),
      year,
      list: fields.list,
      source: fields.source,
      star_code: fields.starCode,
      indicator_code: fields.indicatorCode,
      title: fields.title,
      measures: fields.measures,
      evidence_required: fields.source === 'finding' ? '整改前后对比照片' : '佐证材料（照片、台账或文件）',
      evidence_min: fields.evidenceMin,
      owner_user_id: owner.id,
      owner_name: owner.display_name,
      checker_user_id: null,
      start_date: plan.start,
      deadline: plan.deadline,
      blue_on: dates.blueOn,
      yellow_on: dates.yellowOn,
      status: plan.state,
      progress: plan.state === 'closed' ? 100 : plan.progress,
      extensions: 0,
      files: evidence,
      visit_id: plan.visitId ?? null,
      submitted_by: plan.state === 'open' ? null : owner.id,
      red_notified: plan.state !== 'closed' && plan.deadline < today ? 1 : 0,
      version:
        1 + (plan.progress > 0 ? 1 : 0) + (plan.state === 'open' ? 0 : 1) + (plan.state === 'closed' ? 1 : 0),
      created_by: townshipUser.id,
      created_at: created,
      updated_at: now,
      closed_at: plan.closedOn ? at(plan.closedOn, 16) : null,
      closed_by: plan.state === 'closed' ? townshipUser.id : null,
    });
    log(id, 'create', null, 'open', townshipUser, created);
    const workedOn = plan.closedOn ? addCalendarDays(plan.closedOn, -2) : addCalendarDays(today, -3);
    const workedAt = Math.min(at(workedOn < plan.start ? plan.start : workedOn, 11), now - DAY);
    if (plan.progress > 0 || plan.state !== 'open') {
      const fileIds: number[] = [];
      for (let f = 0; f < evidence; f++) {
        photo(id, null, u, owner, workedAt, `现场照片${f + 1}.png`);
        fileIds.push(files.length);
      }
      log(id, 'progress', 'open', 'open', owner, workedAt, {
        reason: plan.state === 'open' ? '正在推进，已完成部分工作' : '已按要求完成，佐证已上传',
        progress: plan.state === 'open' ? plan.progress : 100,
        file_ids: JSON.stringify(fileIds),
      });
    }
    if (plan.state !== 'open') log(id, 'submit', 'open', 'submitted', owner, workedAt + 3_600_000);
    if (plan.state === 'closed')
      log(id, 'close', 'submitted', 'closed', townshipUser, at(plan.closedOn!, 16));
    return id;
  }

  // 2023, from the 2022 shortfalls: worked through the year and struck off (a few after their deadline).
  for (const u of units) {
    const def = defOf(2023, u.kind);
    if (!def) continue;
    for (const t of tasksFromShortfalls(def, heldOf(u.branchId, 2022), new Map())) {
      const late = random() < 0.08;
      const closedOn = late
        ? addCalendarDays('2023-11-30', 3 + Math.floor(random() * 20))
        : addCalendarDays('2023-05-01', Math.floor(random() * 200));
      item(
        u,
        2023,
        { list: 'task', source: 'shortfall', ...t },
        { start: '2023-02-01', deadline: '2023-11-30', state: 'closed', progress: 100, closedOn },
      );
    }
  }

  // This year, from last year's shortfalls: every state and colour, deadlines around today.
  if (currentYear > 2023) {
    const start = `${currentYear}-03-01`;
    for (const u of units) {
      const def = defOf(currentYear, u.kind);
      if (!def) continue;
      for (const t of tasksFromShortfalls(def, heldOf(u.branchId, currentYear - 1), new Map())) {
        const r = random();
        const fields = { list: 'task', source: 'shortfall', ...t };
        if (r < 0.4) {
          const deadline = addCalendarDays(today, -60 + Math.floor(random() * 90));
          const closedOn = addCalendarDays(today, -1 - Math.floor(random() * 50));
          item(u, currentYear, fields, {
            start,
            deadline: deadline < closedOn ? closedOn : deadline,
            state: 'closed',
            progress: 100,
            closedOn,
          });
        } else if (r < 0.5) {
          item(u, currentYear, fields, {
            start,
            deadline: addCalendarDays(today, 5 + Math.floor(random() * 25)),
            state: 'submitted',
            progress: 100,
          });
        } else if (r < 0.6) {
          // red: overdue
          item(u, currentYear, fields, {
            start,
            deadline: addCalendarDays(today, -2 - Math.floor(random() * 30)),
            state: 'open',
            progress: 20 + Math.floor(random() * 50),
          });
        } else if (r < 0.72) {
          // blue: the deadline is near, on schedule
          item(u, currentYear, fields, {
            start,
            deadline: addCalendarDays(today, 1 + Math.floor(random() * 2)),
            state: 'open',
            progress: 85,
          });
        } else if (r < 0.86) {
          // yellow: behind schedule
          item(u, currentYear, fields, {
            start,
            deadline: addCalendarDays(today, 12 + Math.floor(random() * 30)),
            state: 'open',
            progress: Math.floor(random() * 25),
          });
        } else {
          item(u, currentYear, fields, {
            start,
            deadline: addCalendarDays(today, 30 + Math.floor(random() * 40)),
            state: 'open',
            progress: 70 + Math.floor(random() * 20),
          });
        }
      }
    }
  }

  // Two supervision teams, two visits, their findings handed over as 问题清单 items.
  const cadre = (n: number) => byName.get(`cadre${String(n).padStart(2, '0')}`)!;
  const teams = [
    {
      id: 1,
      name: '第一督导组',
      leader: cadre(1),
      members: [cadre(2).id, byName.get('district1')?.id].filter(Boolean),
    },
    { id: 2, name: '第二督导组', leader: cadre(3), members: [cadre(4).id] },
  ];
  await insertChunked(
    trx,
    'sv_teams',
    teams.map((t) => ({
      id: t.id,
      org_unit_id: township.id,
      unit_path: township.path,
      name: t.name,
      leader_user_id: t.leader.id,
      members: JSON.stringify(t.members),
      created_by: townshipUser.id,
      created_at: now - 60 * DAY,
    })),
  );
  const visits = [
    {
      id: 1,
      team: teams[0]!,
      unit: units[2]!,
      on: addCalendarDays(today, -20),
      note: '对照任务清单逐项查看，查阅台账，走访农户',
    },
    {
      id: 2,
      team: teams[1]!,
      unit: units[7]!,
      on: addCalendarDays(today, -6),
      note: '查看人居环境整治和党群服务中心运行情况',
    },
  ];
  await insertChunked(
    trx,
    'sv_visits',
    visits.map((v) => ({
      id: v.id,
      team_id: v.team.id,
      org_unit_id: v.unit.id,
      unit_path: v.unit.path,
      visited_on: v.on,
      note: v.note,
      created_by: v.team.leader.id,
      created_at: at(v.on, 15),
    })),
  );
  const findings = [
    {
      v: visits[0]!,
      star: 'ecology',
      title: '村内坑塘垃圾未清理',
      measures: '组织清理坑塘垃圾，建立保洁责任区',
      deadline: addCalendarDays(today, -5),
      state: 'open' as const,
      progress: 40,
    },
    {
      v: visits[0]!,
      star: 'strong_branch',
      title: '“三会一课”记录不完整',
      measures: '补齐会议记录，规范台账',
      deadline: addCalendarDays(today, -10),
      state: 'closed' as const,
      progress: 100,
      closedOn: addCalendarDays(today, -12),
    },
    {
      v: visits[1]!,
      star: 'strong_branch',
      title: '党群服务中心值班表未上墙',
      measures: '制作并张贴值班表，落实坐班制度',
      deadline: addCalendarDays(today, 2),
      state: 'open' as const,
      progress: 60,
    },
    {
      v: visits[1]!,
      star: 'ecology',
      title: '主街道路两侧柴草乱堆',
      measures: '清理柴草堆，规范堆放点',
      deadline: addCalendarDays(today, 14),
      state: 'open' as const,
      progress: 0,
    },
  ];
  for (const f of findings) {
    const id = item(
      f.v.unit,
      Number(f.v.on.slice(0, 4)),
      {
        list: 'problem',
        source: 'finding',
        starCode: f.star,
        indicatorCode: null,
        title: f.title,
        measures: f.measures,
        evidenceMin: 1,
      },
      {
        start: f.v.on,
        deadline: f.deadline,
        state: f.state,
        progress: f.progress,
        closedOn: f.closedOn,
        visitId: f.v.id,
      },
    );
    photo(id, f.v.id, f.v.unit, f.v.team.leader, at(f.v.on, 15), '督导现场.png');
  }

  await insertChunked(trx, 'sv_items', items, 200);
  await insertChunked(trx, 'sv_item_log', logs, 300);
  // File ids in the progress rows count from 1 in push order.
  await insertChunked(
    trx,
    'sv_files',
    files.map((f, i) => ({ id: i + 1, ...f })),
    200,
  );
  await resetSequences(trx, ctx.dialect, ['sv_items', 'sv_files', 'sv_teams', 'sv_visits']);
  await rebuildUnitCounts(trx, today);

  // Veto events in the grid records open star reviews, as they do in use.
  const notifications = createNotificationsService({
    db: trx as unknown as Db,
    audit,
    clock,
    secretKey: keys.pii,
  });
  const opened = await openVetoReviews(trx, { audit: null, clock, notifications });

  // The county decided one review: the star is taken (摘星), the decision recorded.
  const review = await trx
    .selectFrom('sv_star_reviews as r')
    .innerJoin('star_awards as a', 'a.id', 'r.award_id')
    .select(['r.id', 'r.award_id', 'r.unit_path', 'a.branch_id', 'a.year', 'a.star_code'])
    .where('a.status', '=', 'active')
    .orderBy('r.id')
    .executeTakeFirst();
  let revoked = 0;
  if (review) {
    const countyUser = byName.get('county')!;
    const decidedAt = now - 3 * DAY;
    const reason = '经核实，该村发生否决事项，依据动态管理规定摘除该星';
    await trx
      .updateTable('star_awards')
      .set({ status: 'revoked', revoked_at: decidedAt, revoked_by: countyUser.id, revoked_reason: reason })
      .where('id', '=', review.award_id!)
      .execute();
    const rating = await trx
      .selectFrom('branch_ratings')
      .select(['stars'])
      .where('branch_id', '=', review.branch_id)
      .where('year', '=', review.year)
      .executeTakeFirst();
    if (rating) {
      const stars = rating.stars.split(',').filter((s) => s && s !== review.star_code);
      await trx
        .updateTable('branch_ratings')
        .set({ stars: stars.join(','), star_count: Math.min(5, stars.length), updated_at: decidedAt })
        .where('branch_id', '=', review.branch_id)
        .where('year', '=', review.year)
        .execute();
    }
    await trx
      .insertInto('sv_star_decisions')
      .values({
        unit_name: units.find((u) => u.path === review.unit_path)?.name ?? null,
        year: review.year,
        star_code: review.star_code,
        award_id: review.award_id!,
        unit_path: review.unit_path,
        kind: 'revoke',
        reason,
        review_id: review.id,
        actor_id: countyUser.id,
        actor_name: countyUser.display_name,
        at: decidedAt,
      })
      .execute();
    await trx
      .updateTable('sv_star_reviews')
      .set({
        status: 'revoked',
        decided_by: countyUser.id,
        decided_name: countyUser.display_name,
        decided_at: decidedAt,
        decision_reason: reason,
      })
      .where('id', '=', review.id)
      .execute();
    revoked = 1;
  }
  void county;

  Object.assign(ctx.counts, {
    supervisionItems: items.length,
    supervisionFindings: findings.length,
    starReviews: opened,
    starsRevoked: revoked,
  });
};
