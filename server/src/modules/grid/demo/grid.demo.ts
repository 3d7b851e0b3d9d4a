import {
  addWorkingDays,
  CALENDAR_SEED,
  calendarOf,
  chinaDate,
  chinaStartOfDay,
  deadlineFor,
  maskIdNumber,
  maskPhone,
  type EventStatus,
} from '@fivestar/common';
import { encryptField, lookupHash } from '../../../security/crypto.ts';
import { rebuildCounts } from '../grid.counts.ts';
import type { DemoSeeder } from '../../../kernel/seeding.ts';
import { fictionalIdNumber, insertChunked, personName, resetSequences } from '../../../kernel/seed-kit.ts';

const HOUR = 3_600_000;
const DAY = 86_400_000;

/** The report's period and figures; the rows below are generated to match them and every total is counted. */
export const REPORT_PERIOD = { from: '2023-01-01', to: '2023-08-06' } as const;
export const REPORT_EVENTS = 3825;
export const REPORT_DISPUTES = 50;
export const MURDER_CAMPAIGN = {
  code: 'homicide-100-days-2023',
  name: '命案防范百日行动',
  start: '2023-04-28',
  end: '2023-08-05',
  /** Sub-category → cases; 情感纠纷 89 and 宅基地·赡养 76 are the report's, the split of the other 260 is invented. */
  cases: {
    情感纠纷: 89,
    '宅基地·赡养': 76,
    邻里纠纷: 71,
    土地承包流转: 52,
    经济债务: 48,
    家庭矛盾: 45,
    其他: 44,
  } as Record<string, number>,
};

/** Leaf types for ordinary events, with weights (illustrative). The 三零 types are placed separately below. */
const EVENT_TYPES: [string, number][] = [
  ['public_service.road', 14],
  ['public_service.utility', 10],
  ['public_service.sanitation', 22],
  ['public_service.welfare', 10],
  ['public_service.other', 6],
  ['emergency.fire', 2],
  ['emergency.flood', 2],
  ['emergency.other', 1],
  ['security.hazard', 9],
  ['security.fraud', 4],
  ['security.traffic', 4],
  ['sentiment.request', 10],
  ['sentiment.info', 6],
];
const DISPUTE_TYPES = [
  'dispute.marriage',
  'dispute.neighbour',
  'dispute.homestead',
  'dispute.elder_support',
  'dispute.land_transfer',
  'dispute.labour',
  'dispute.other',
];
/** 2023 records that break 三零 in a few villages (unit index, type). */
const THREE_ZERO_BREAKS: [number, string][] = [
  [4, 'sentiment.petition'],
  [17, 'sentiment.petition'],
  [9, 'emergency.accident'],
  [30, 'emergency.accident'],
  [22, 'security.criminal'],
  [41, 'security.public_order'],
];

const PLACES = [
  '村东头',
  '村委会门口',
  '中心大街',
  '村西桥头',
  '南地麦田',
  '学校附近',
  '文化广场',
  '北沟渠边',
];
const DESCRIPTIONS: Record<string, string> = {
  public_service: '群众反映设施损坏、需要维修，网格员现场核实后上报。',
  emergency: '发现突发情况，已先期处置并上报。',
  security: '巡查发现治安或安全问题，已登记并上报。',
  sentiment: '收集到群众诉求和社情信息，需协调处理。',
  dispute: '双方因琐事发生争执，需要调解。',
};

/** The demo's grid records: grids per worker, 2023 history matching the report, campaigns, and today's work. */
export const seedGridDemo: DemoSeeder = async (ctx) => {
  const { trx, random, clock, keys, dialect } = ctx;
  const { units, township } = ctx.town;
  const now = clock.now();
  const cal = calendarOf(CALENDAR_SEED);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
  const weighted = (() => {
    const total = EVENT_TYPES.reduce((s, [, w]) => s + w, 0);
    return () => {
      let r = random() * total;
      for (const [code, w] of EVENT_TYPES) if ((r -= w) < 0) return code;
      return EVENT_TYPES[0]![0];
    };
  })();

  // Grids: one per grid worker, named by order in the village.
  const workers = await trx
    .selectFrom('grid_workers as w')
    .innerJoin('users as u', 'u.person_id', 'w.person_id')
    .select(['w.person_id', 'w.station_id', 'w.org_unit_id', 'u.id as user_id', 'u.display_name'])
    .orderBy('w.id')
    .execute();
  const gridNames = ['第一网格', '第二网格', '第三网格', '第四网格'];
  const grids: Record<string, unknown>[] = [];
  const gridsOfUnit = new Map<number, { id: number; userId: number; userName: string }[]>();
  let gridId = 1;
  for (const w of workers) {
    const list = gridsOfUnit.get(w.org_unit_id) ?? [];
    grids.push({
      id: gridId,
      org_unit_id: w.org_unit_id,
      station_id: w.station_id,
      name: gridNames[list.length] ?? `网格${list.length + 1}`,
      worker_person_id: w.person_id,
      created_at: now,
    });
    list.push({ id: gridId, userId: w.user_id, userName: w.display_name });
    gridsOfUnit.set(w.org_unit_id, list);
    gridId++;
  }
  await insertChunked(trx, 'grid_grids', grids);
  const centre = await trx
    .selectFrom('users')
    .select(['id', 'display_name'])
    .where('username', '=', 'centre')
    .executeTakeFirstOrThrow();

  const events: Record<string, unknown>[] = [];
  const logs: Record<string, unknown>[] = [];
  const parties: Record<string, unknown>[] = [];
  let eventId = 1;
  let partySeq = 0;
  const centreOf = (u: { lat: number; lng: number }) => u;
  const unitGeo = units.map((_, i) => ({
    lat: 35.78 + (i % 11) * 0.012,
    lng: 115.42 + Math.floor(i / 11) * 0.02,
  }));

  const partyRows = (eventIdRef: number, n: number) => {
    for (let p = 0; p < n; p++) {
      const male = random() < 0.6;
      const idNumber = fictionalIdNumber(
        40_000 + partySeq,
        { y: 1960 + (partySeq % 40), m: 1 + (partySeq % 12), d: 1 + (partySeq % 28) },
        male,
      );
      const phone = `1390926${String(partySeq % 10000).padStart(4, '0')}`;
      partySeq++;
      parties.push({
        event_id: eventIdRef,
        name: personName(random, male),
        role: p === 0 ? 'applicant' : 'respondent',
        id_number_enc: encryptField(keys.pii, idNumber),
        id_number_hash: lookupHash(keys.lookup, idNumber),
        id_number_masked: maskIdNumber(idNumber),
        phone_enc: encryptField(keys.pii, phone),
        phone_masked: maskPhone(phone),
      });
    }
  };
  const log = (
    event: number,
    action: string,
    from: string | null,
    to: string,
    at: number,
    actorId: number,
    actorName: string,
    reason: string | null = null,
  ) =>
    logs.push({
      event_id: event,
      action,
      from_status: from,
      to_status: to,
      actor_id: actorId,
      actor_name: actorName,
      at,
      reason,
      attachment_ids: '[]',
      detail: null,
    });

  // --- 2023-01-01 … 2023-08-06: 3,825 events and 50 disputes, all handled and closed -------------------------
  const periodStart = chinaStartOfDay(REPORT_PERIOD.from);
  const periodDays = Math.round((chinaStartOfDay(REPORT_PERIOD.to) - periodStart) / DAY) + 1;
  const total = REPORT_EVENTS + REPORT_DISPUTES;
  const disputeSlots = new Set(
    Array.from({ length: REPORT_DISPUTES }, (_, k) => Math.floor(((k + 0.5) * total) / REPORT_DISPUTES)),
  );
  const breakSlots = new Map<number, [number, string]>();
  THREE_ZERO_BREAKS.forEach((b, k) =>
    breakSlots.set(Math.floor(((k + 0.3) * total) / THREE_ZERO_BREAKS.length) + 1, b),
  );
  let disputeIndex = 0;
  for (let i = 0; i < total; i++) {
    const isDispute = disputeSlots.has(i);
    const brk = isDispute ? undefined : breakSlots.get(i);
    const unitIndex = brk ? brk[0] : (i * 7 + Math.floor(random() * 3)) % units.length;
    const unit = units[unitIndex]!;
    const typeCode = isDispute
      ? DISPUTE_TYPES[disputeIndex++ % DISPUTE_TYPES.length]!
      : brk
        ? brk[1]
        : weighted();
    const cls = isDispute ? 'dispute' : 'event';
    const day = Math.floor((i * periodDays) / total);
    const reportedAt = periodStart + day * DAY + 8 * HOUR + Math.floor(random() * 10 * HOUR);
    const acceptedAt = reportedAt + HOUR + Math.floor(random() * 3 * HOUR);
    const handleDays = isDispute ? 3 + Math.floor(random() * 20) : 1 + Math.floor(random() * 4);
    const late = !isDispute && random() < 0.04;
    const replyDate = addWorkingDays(chinaDate(acceptedAt), handleDays + (late ? 6 : 0), cal);
    const repliedAt = chinaStartOfDay(replyDate) + 15 * HOUR;
    const closedAt = repliedAt + 18 * HOUR;
    const gridList = gridsOfUnit.get(unit.id)!;
    const g = gridList[i % gridList.length]!;
    const geo = centreOf(unitGeo[unitIndex]!);
    const id = eventId++;
    events.push({
      id,
      class: cls,
      type_code: typeCode,
      org_unit_id: unit.id,
      unit_path: unit.path,
      grid_id: g.id,
      place: `${unit.name}${pick(PLACES)}`,
      lat: geo.lat + (random() - 0.5) * 0.004,
      lng: geo.lng + (random() - 0.5) * 0.004,
      occurred_at: reportedAt - HOUR,
      description: DESCRIPTIONS[typeCode.split('.')[0]!]!,
      scale: 'small',
      people_involved: isDispute ? 2 : Math.floor(random() * 4),
      source: random() < 0.85 ? 'grid_worker' : pick(['hotline', 'resident'] as const),
      campaign_id: null,
      campaign_sub_category: null,
      reporter_id: g.userId,
      reporter_name: g.userName,
      status: 'closed',
      stage_started_at: closedAt,
      yellow_at: null,
      due_at: null,
      extension_days: 0,
      manual_supervision: 'normal',
      escalated_to: null,
      handler_unit_id: unit.id,
      handler_dept: null,
      duplicate_of: null,
      reported_at: reportedAt,
      accepted_at: acceptedAt,
      replied_at: repliedAt,
      closed_at: closedAt,
      closed_on_time: late ? 0 : 1,
      escalated: 0,
      mediation_status: isDispute ? 'archived' : 'none',
      mediator_name: isDispute ? `${unit.name}调委会` : null,
      mediation_sessions: isDispute ? 1 + Math.floor(random() * 3) : 0,
      agreement: isDispute ? '双方自愿达成调解协议，当场履行。' : null,
      referred_to: null,
      follow_up_at: isDispute ? closedAt - 6 * HOUR : null,
      archived_at: isDispute ? closedAt - 2 * HOUR : null,
      updated_at: closedAt,
    });
    log(id, 'report', null, 'reported', reportedAt, g.userId, g.userName);
    log(
      id,
      'close',
      'verified',
      'closed',
      closedAt,
      centre.id,
      centre.display_name,
      isDispute ? '调解成功，化解结案' : '办结',
    );
    if (isDispute) partyRows(id, 2);
  }

  // --- Recent work: reports in the weeks before today, in every state ------------------------------------------
  const paths: Record<EventStatus, string[]> = {
    reported: [],
    accepted: ['accept'],
    dispatched: ['accept', 'dispatch'],
    in_handling: ['accept', 'dispatch', 'start'],
    replied: ['accept', 'dispatch', 'start', 'reply'],
    verified: ['accept', 'dispatch', 'start', 'reply', 'verify'],
    closed: ['accept', 'dispatch', 'start', 'reply', 'verify', 'close'],
    returned: ['accept', 'dispatch', 'start', 'reply', 'return'],
    recalled: ['recall'],
    escalated: ['accept', 'escalate'],
    invalid: ['invalidate'],
  };
  const TO: Record<string, EventStatus> = {
    accept: 'accepted',
    dispatch: 'dispatched',
    start: 'in_handling',
    reply: 'replied',
    verify: 'verified',
    close: 'closed',
    return: 'returned',
    recall: 'recalled',
    escalate: 'escalated',
    invalidate: 'invalid',
  };
  const recentPlan: [EventStatus, number][] = [
    ['reported', 6],
    ['accepted', 4],
    ['dispatched', 6],
    ['in_handling', 6],
    ['replied', 4],
    ['verified', 3],
    ['closed', 8],
    ['returned', 2],
    ['recalled', 1],
    ['escalated', 2],
    ['invalid', 2],
  ];
  const limits = { accept: 1, handle: 5, verify: 2 };
  let k = 0;
  for (const [status, n] of recentPlan) {
    for (let j = 0; j < n; j++, k++) {
      // units[0] (secretary01, grid001) gets a share so the phone and village views have work too.
      const unitIndex = k % 4 === 0 ? 0 : (k * 5) % units.length;
      const unit = units[unitIndex]!;
      const isDispute = k % 9 === 4;
      const typeCode = isDispute ? DISPUTE_TYPES[k % DISPUTE_TYPES.length]! : weighted();
      const ageDays = 1 + ((k * 3) % 24);
      const reportedAt = now - ageDays * DAY - Math.floor(random() * 6 * HOUR);
      const gridList = gridsOfUnit.get(unit.id)!;
      const g = gridList[k % gridList.length]!;
      const geo = unitGeo[unitIndex]!;
      const id = eventId++;
      log(id, 'report', null, 'reported', reportedAt, g.userId, g.userName);
      let t = reportedAt;
      let from: EventStatus = 'reported';
      const stamps: Record<string, number> = {};
      const path = paths[status];
      const step = Math.max(HOUR, Math.floor((now - reportedAt) / (path.length + 1)));
      for (const action of path) {
        t += step;
        stamps[action] = t;
        const to = TO[action]!;
        const byReporter = action === 'start' || action === 'reply' || action === 'recall';
        log(
          id,
          action,
          from,
          to,
          t,
          byReporter ? g.userId : centre.id,
          byReporter ? g.userName : centre.display_name,
          ['reply', 'return', 'recall', 'escalate', 'invalidate'].includes(action) ? '处理说明' : null,
        );
        from = to;
      }
      const acceptedAt = stamps.accept ?? null;
      const repliedAt = stamps.reply ?? null;
      const stage =
        status === 'reported'
          ? 'accept'
          : ['replied', 'verified'].includes(status)
            ? 'verify'
            : ['closed', 'recalled', 'invalid'].includes(status)
              ? null
              : 'handle';
      const start = stage === 'accept' ? reportedAt : stage === 'handle' ? acceptedAt! : (repliedAt ?? now);
      const limit = stage
        ? isDispute && stage === 'handle'
          ? { days: 30, calendarDays: true }
          : { days: limits[stage], calendarDays: false }
        : null;
      const d = stage && limit ? deadlineFor(start, limit, cal) : null;
      const handleDue = acceptedAt
        ? deadlineFor(
            acceptedAt,
            isDispute ? { days: 30, calendarDays: true } : { days: 5, calendarDays: false },
            cal,
          ).dueAt
        : null;
      const dispatched = path.includes('dispatch');
      events.push({
        id,
        class: isDispute ? 'dispute' : 'event',
        type_code: typeCode,
        org_unit_id: unit.id,
        unit_path: unit.path,
        grid_id: g.id,
        place: `${unit.name}${pick(PLACES)}`,
        lat: geo.lat + (random() - 0.5) * 0.004,
        lng: geo.lng + (random() - 0.5) * 0.004,
        occurred_at: reportedAt - HOUR,
        description: DESCRIPTIONS[typeCode.split('.')[0]!]!,
        scale: 'small',
        people_involved: isDispute ? 2 : 1,
        source: 'grid_worker',
        campaign_id: null,
        campaign_sub_category: null,
        reporter_id: g.userId,
        reporter_name: g.userName,
        status,
        stage_started_at: start,
        yellow_at: d?.yellowAt ?? null,
        due_at: d?.dueAt ?? null,
        extension_days: 0,
        manual_supervision: status === 'escalated' ? 'yellow' : 'normal',
        escalated_to: status === 'escalated' ? 'county' : null,
        handler_unit_id: dispatched ? unit.id : null,
        handler_dept: null,
        duplicate_of: null,
        reported_at: reportedAt,
        accepted_at: acceptedAt,
        replied_at: repliedAt,
        closed_at: status === 'closed' ? stamps.close! : null,
        closed_on_time: status === 'closed' ? (repliedAt! <= handleDue! ? 1 : 0) : null,
        escalated: status === 'escalated' ? 1 : 0,
        mediation_status: isDispute
          ? status === 'closed'
            ? 'archived'
            : dispatched
              ? 'mediating'
              : 'none'
          : 'none',
        mediator_name: isDispute && dispatched ? `${unit.name}调委会` : null,
        mediation_sessions: isDispute && dispatched ? 1 : 0,
        agreement: isDispute && status === 'closed' ? '双方达成调解协议。' : null,
        referred_to: null,
        follow_up_at: isDispute && status === 'closed' ? stamps.close! - HOUR : null,
        archived_at: isDispute && status === 'closed' ? stamps.close! - HOUR : null,
        updated_at: t,
      });
      if (isDispute) partyRows(id, 2);
    }
  }

  await insertChunked(trx, 'grid_events', events, 200);
  await insertChunked(trx, 'grid_event_log', logs, 500);
  await insertChunked(trx, 'grid_event_parties', parties, 500);

  // --- Campaigns: the homicide-prevention drive's own register (kept apart from events), and two recent ones ----
  const campaigns = [
    {
      id: 1,
      code: MURDER_CAMPAIGN.code,
      name: MURDER_CAMPAIGN.name,
      start: MURDER_CAMPAIGN.start,
      end: MURDER_CAMPAIGN.end,
      subs: Object.keys(MURDER_CAMPAIGN.cases),
    },
    {
      id: 2,
      code: 'six-prevent-2026',
      name: '六防六促',
      start: chinaDate(now - 60 * DAY),
      end: chinaDate(now + 30 * DAY),
      subs: ['防纠纷激化', '防极端事件', '防电信诈骗', '防生产事故', '防火灾', '防溺水'],
    },
    {
      id: 3,
      code: 'night-patrol-2026',
      name: '夜间巡逻',
      start: chinaDate(now - 45 * DAY),
      end: chinaDate(now + 45 * DAY),
      subs: ['巡逻发现隐患', '劝返聚集', '协助处警'],
    },
  ];
  await insertChunked(
    trx,
    'grid_campaigns',
    campaigns.map((c) => ({
      id: c.id,
      code: c.code,
      name: c.name,
      org_unit_id: township.id,
      start_date: c.start,
      end_date: c.end,
      sub_categories: JSON.stringify(c.subs),
      created_at: now,
    })),
  );
  const cases: Record<string, unknown>[] = [];
  const campaignDays =
    Math.round((chinaStartOfDay(MURDER_CAMPAIGN.end) - chinaStartOfDay(MURDER_CAMPAIGN.start)) / DAY) + 1;
  let c = 0;
  const murderTotal = Object.values(MURDER_CAMPAIGN.cases).reduce((s, n) => s + n, 0);
  for (const [sub, n] of Object.entries(MURDER_CAMPAIGN.cases)) {
    for (let j = 0; j < n; j++, c++) {
      const unit = units[(c * 13) % units.length]!;
      cases.push({
        campaign_id: 1,
        org_unit_id: unit.id,
        unit_path: unit.path,
        sub_category: sub,
        title: `${unit.name}${sub}排查化解`,
        occurred_on: chinaDate(
          chinaStartOfDay(MURDER_CAMPAIGN.start) + Math.floor((c * campaignDays) / murderTotal) * DAY,
        ),
        status: 'resolved',
        created_at: now,
      });
    }
  }
  for (const camp of campaigns.slice(1)) {
    for (let j = 0; j < 12; j++) {
      const unit = units[(j * 11 + camp.id) % units.length]!;
      cases.push({
        campaign_id: camp.id,
        org_unit_id: unit.id,
        unit_path: unit.path,
        sub_category: camp.subs[j % camp.subs.length]!,
        title: `${unit.name}${camp.subs[j % camp.subs.length]!}`,
        occurred_on: chinaDate(now - (1 + j * 3) * DAY),
        status: j % 3 === 0 ? 'open' : 'resolved',
        created_at: now,
      });
    }
  }
  await insertChunked(trx, 'grid_campaign_cases', cases, 400);

  // --- Risk ledger ------------------------------------------------------------------------------------------
  const riskTitles: [string, string, string][] = [
    ['safety_hazard', 'high', '沿河段汛期防溺水隐患'],
    ['dispute_risk', 'medium', '宅基地边界争议可能激化'],
    ['key_person', 'medium', '社区矫正对象日常帮扶'],
    ['safety_hazard', 'low', '老旧民房用电线路老化'],
    ['dispute_risk', 'high', '土地流转租金拖欠群体诉求'],
    ['other', 'low', '独居老人冬季取暖'],
  ];
  const risks: Record<string, unknown>[] = [];
  for (let j = 0; j < 24; j++) {
    const [category, level, title] = riskTitles[j % riskTitles.length]!;
    const unit = units[(j * 7) % units.length]!;
    risks.push({
      org_unit_id: unit.id,
      category,
      level,
      title: `${unit.name}${title}`,
      measures: '专人包联，定期走访，落实防范措施。',
      owner_name: personName(random, random() < 0.7),
      review_date: chinaDate(now + (j % 5 === 0 ? -5 : 10 + j) * DAY),
      status: j % 6 === 5 ? 'controlled' : 'open',
      created_at: now,
      updated_at: now,
    });
  }
  await insertChunked(trx, 'grid_risks', risks);
  await resetSequences(trx, dialect, ['grid_grids', 'grid_events', 'grid_campaigns']);
  await rebuildCounts(trx, dialect);
};
