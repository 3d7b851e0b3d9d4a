import {
  capPeriodKey,
  cappedPoints,
  DEFAULT_PARTY_LIFE_SETTINGS,
  DEFAULT_POINT_RULES,
  plShiftDate,
  quorumOf,
  windowOf,
  type Attendance,
  type MeetingType,
} from '@fivestar/common';
import { insertChunked, resetSequences, rng } from '../../../kernel/seed-kit.ts';
import type { DemoSeeder } from '../../../kernel/seeding.ts';
import { countIntoRollups } from '../compliance.rollup.ts';
import { seedRoundAwaitingAward } from './partylife.demo-round.ts';

/** The report's theme-day activities, by month of 2023 (and 重阳节 of 2022). */
const THEME_DAYS: Record<string, string> = {
  '2022-10': '重阳节 敬老情 忆初心',
  '2023-01': '新春走访慰问困难党员',
  '2023-02': '学习贯彻党的二十大精神',
  '2023-03': '学雷锋 志愿服务进万家',
  '2023-04': '清明祭英烈 传承红色基因',
  '2023-05': '建功新时代',
  '2023-06': '人居环境集中整治',
  '2023-07': '强党性、永远跟党走',
};
const TOPICS: Record<MeetingType, string[]> = {
  committee: ['研究本月“五星”创建重点工作', '研究发展党员和入党积极分子培养', '研究人居环境整治分工'],
  group: ['学习习近平新时代中国特色社会主义思想', '学习《中国共产党章程》', '交流联户走访情况'],
  assembly: ['通报支部工作，审议“五星”创建方案', '表决接收预备党员', '通报党费收缴和使用情况'],
  lecture: ['书记讲党课：以党建引领乡村振兴', '党课：学习党的二十大报告', '党课：传承黄河精神'],
  theme_day: [],
  life_meeting: ['2022年度组织生活会'],
  appraisal: ['2022年度民主评议党员'],
};
const FORUM_TOPICS = [
  '产业发展与集体增收',
  '人居环境整治',
  '矛盾纠纷化解与“三零”创建',
  '移风易俗与文明幸福星',
  '党员队伍建设与“三会一课”',
  '滩区迁建社区治理',
];
const DAY_MS = 86_400_000;

/**
 * Party life in 张庄镇, 2023 up to the report's date (2023-08-06): meetings of every branch by the default
 * frequencies, some windows missed (so compliance is not 100 %), attendance of each village's party members with
 * make-ups, monthly theme days named as in the report, attendance points and approved claims (Q1–Q3 so far), the
 * secretaries' forum (18 weekly sessions from April), two honour rounds of 2023 awarded, and this year's 最美家庭
 * round whose 公示 has ended without objections, waiting for the township to award it. Drawn from its own random source, so
 * the shared demo random source — and other modules' figures — do not move.
 */
export const seedPartyLifeDemo: DemoSeeder = async (ctx) => {
  const { trx, town, clock, dialect } = ctx;
  const random = rng(12_2023);
  const now = clock.now();
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
  const township = await trx
    .selectFrom('users')
    .select(['id', 'display_name'])
    .where('username', '=', 'township')
    .executeTakeFirstOrThrow();
  const persons = await trx
    .selectFrom('persons')
    .select(['id', 'org_unit_id'])
    .where('is_party_member', '=', 1)
    .where(
      'org_unit_id',
      'in',
      town.units.map((u) => u.id),
    )
    .orderBy('id')
    .execute();
  const membersOf = new Map<number, number[]>();
  for (const p of persons) membersOf.set(p.org_unit_id, [...(membersOf.get(p.org_unit_id) ?? []), p.id]);
  const secretaries = await trx
    .selectFrom('users')
    .select(['id', 'org_unit_id', 'display_name'])
    .where('role_code', '=', 'village_secretary')
    .execute();
  const secretaryOf = new Map(secretaries.map((s) => [s.org_unit_id, s]));

  const meetings: Record<string, unknown>[] = [];
  const attendance: Record<string, unknown>[] = [];
  const windows: Record<string, unknown>[] = [];
  const makeUps: Record<string, unknown>[] = [];
  const points: Record<string, unknown>[] = [];
  const credited = new Map<string, number>();
  let meetingId = 1;
  const END = '2023-08-06';

  const credit = (
    person: number,
    unit: { id: number; path: string },
    rule: (typeof DEFAULT_POINT_RULES)[number],
    on: string,
    source: 'auto' | 'claim',
    meeting: number | null,
    note = '',
  ) => {
    const period = capPeriodKey(rule.capPeriod, on);
    const key = `${person}:${rule.code}:${period}`;
    const got = cappedPoints(rule.points, rule.cap, credited.get(key) ?? 0);
    if (got <= 0) return;
    credited.set(key, (credited.get(key) ?? 0) + got);
    points.push({
      person_id: person,
      org_unit_id: unit.id,
      unit_path: unit.path,
      rule_code: rule.code,
      rule_name: rule.name,
      year: Number(on.slice(0, 4)),
      period_key: period,
      earned_on: on,
      points: got,
      source,
      meeting_id: meeting,
      status: 'credited',
      note,
      reason: '',
      created_by: null,
      decided_by: source === 'claim' ? township.id : null,
      created_at: now,
    });
  };

  town.units.forEach((unit, u) => {
    const members = membersOf.get(unit.id) ?? [];
    const secretary = secretaryOf.get(unit.id);
    // A few branches keep poorer records: their windows are missed more often.
    const reliability = u % 11 === 5 ? 0.55 : u % 7 === 3 ? 0.75 : 0.93;
    const hold = (type: MeetingType, heldOn: string, topic: string) => {
      if (heldOn > END) return;
      const id = meetingId++;
      const statuses: Attendance[] = members.map(() => {
        const r = random();
        return r < 0.82 ? 'present' : r < 0.92 ? 'leave' : 'absent';
      });
      const q = quorumOf(statuses, DEFAULT_PARTY_LIFE_SETTINGS.quorumRatio);
      const theme = type === 'theme_day';
      meetings.push({
        id,
        org_unit_id: unit.id,
        unit_path: unit.path,
        type,
        held_on: heldOn,
        year: Number(heldOn.slice(0, 4)),
        topic,
        minutes: theme
          ? `${topic}：全体党员参加，完成规定动作，开展特色活动。`
          : `会议围绕“${topic}”进行了研究讨论。`,
        expected: q.expected,
        present: q.present,
        leave: q.leave,
        absent: q.absent,
        quorate: q.quorate ? 1 : 0,
        photos: 0,
        fixed_actions: JSON.stringify(
          theme
            ? DEFAULT_PARTY_LIFE_SETTINGS.fixedActions.map((action, i) => ({
                action,
                done: i < 4 || random() < 0.8,
                note: '',
              }))
            : [],
        ),
        items: JSON.stringify(theme ? [topic] : []),
        recorded_by: secretary?.id ?? null,
        recorded_name: secretary?.display_name ?? '',
        created_at: now,
      });
      members.forEach((person, i) => {
        attendance.push({ meeting_id: id, person_id: person, status: statuses[i] });
        if (statuses[i] !== 'present') {
          const deadline = plShiftDate(heldOn, DEFAULT_PARTY_LIFE_SETTINGS.makeUpDays);
          const done = deadline < END && random() < 0.85;
          makeUps.push({
            meeting_id: id,
            org_unit_id: unit.id,
            unit_path: unit.path,
            person_id: person,
            reason: statuses[i],
            deadline,
            done_on: done ? plShiftDate(heldOn, 3 + Math.floor(random() * 20)) : null,
            note: done ? '已个别补学' : '',
            created_at: now,
          });
        } else
          for (const rule of DEFAULT_POINT_RULES)
            if (rule.source === 'attend' && rule.meetingType === type)
              credit(person, unit, rule, heldOn, 'auto', id);
      });
      const w = windowOf(DEFAULT_PARTY_LIFE_SETTINGS.frequencies[type], heldOn);
      if (w && !windows.some((x) => x.org_unit_id === unit.id && x.type === type && x.window_key === w.key))
        windows.push({
          org_unit_id: unit.id,
          unit_path: unit.path,
          type,
          window_key: w.key,
          window_start: w.start,
          window_end: w.end,
          meeting_id: id,
        });
    };
    const day = (month: number, from: number, span: number) =>
      `2023-${String(month).padStart(2, '0')}-${String(from + Math.floor(random() * span)).padStart(2, '0')}`;
    hold('theme_day', `2022-10-${String(20 + Math.floor(random() * 5))}`, THEME_DAYS['2022-10']!);
    for (let m = 1; m <= 8; m++) {
      if (random() < reliability) hold('committee', day(m, 3, 8), pick(TOPICS.committee));
      if (random() < reliability) hold('group', day(m, 12, 8), pick(TOPICS.group));
      if (random() < reliability + 0.03)
        hold('theme_day', day(m, 1, 5), THEME_DAYS[`2023-${String(m).padStart(2, '0')}`] ?? '主题党日');
    }
    for (const first of [1, 4, 7]) {
      if (random() < reliability) hold('assembly', day(first + 1, 10, 15), pick(TOPICS.assembly));
      if (random() < reliability) hold('lecture', day(first + 2, 1, 20), pick(TOPICS.lecture));
    }
    hold('life_meeting', day(2, 10, 15), TOPICS.life_meeting[0]!);
    hold('appraisal', day(2, 10, 15), TOPICS.appraisal[0]!);
    // Claims approved by the township: volunteering and household visits.
    const claimRules = DEFAULT_POINT_RULES.filter((r) => r.source === 'claim');
    for (const person of members)
      for (let k = 0; k < 4; k++)
        if (random() < 0.6) {
          const rule = pick(claimRules);
          credit(
            person,
            unit,
            rule,
            day(1 + Math.floor(random() * 6), 1, 27),
            'claim',
            null,
            `${rule.name}（村支部初审）`,
          );
        }
  });

  await insertChunked(trx, 'pl_meetings', meetings);
  await insertChunked(trx, 'pl_attendance', attendance);
  await insertChunked(trx, 'pl_windows', windows);
  // The rows are built to the tables' shapes above.
  await countIntoRollups(trx, windows as never, meetings as never);
  await insertChunked(trx, 'pl_make_ups', makeUps);
  await insertChunked(trx, 'pl_points', points);

  // The secretaries' forum: 18 weekly sessions, Fridays from 2023-04-07 to 2023-08-04.
  const sessions: Record<string, unknown>[] = [];
  const speakers: Record<string, unknown>[] = [];
  const present: Record<string, unknown>[] = [];
  for (let k = 0; k < 18; k++) {
    const id = k + 1;
    const heldOn = new Date(Date.UTC(2023, 3, 7) + k * 7 * DAY_MS).toISOString().slice(0, 10);
    sessions.push({
      id,
      org_unit_id: town.township.id,
      unit_path: town.township.path,
      held_on: heldOn,
      title: `“创五星 论发展”村党支部书记大论坛 第${k + 1}期`,
      topics: FORUM_TOPICS[k % FORUM_TOPICS.length],
      place: '张庄镇党群服务中心',
      expected: town.units.length,
      created_by: township.id,
      created_at: now,
    });
    for (let j = 0; j < 3; j++) {
      const unit = town.units[(k * 3 + j) % town.units.length]!;
      speakers.push({
        session_id: id,
        org_unit_id: unit.id,
        strengths: `${unit.name}：党员带头，${pick(['产业项目推进较快', '人居环境明显改善', '矛盾纠纷就地化解'])}`,
        gaps: pick(['村集体经济收入偏低', '党员老龄化，后备力量不足', '“三会一课”记录不够规范']),
      });
    }
    for (const unit of town.units)
      if (random() < 0.94) present.push({ session_id: id, org_unit_id: unit.id });
  }
  await insertChunked(trx, 'pl_forum_sessions', sessions);
  await insertChunked(trx, 'pl_forum_speakers', speakers);
  await insertChunked(trx, 'pl_forum_attendance', present);

  // Two honour rounds, both awarded: 文明家庭 (households, one plus one per 20 members of the branch) and the
  // village title 生态宜居明星村 naming the report's three villages.
  const byName = new Map(town.units.map((u) => [u.name, u]));
  const rounds = [
    { id: 1, title: '文明家庭', kind: 'household', base: 1, per: 20 },
    { id: 2, title: '生态宜居明星村', kind: 'village', base: 3, per: null },
  ];
  await insertChunked(
    trx,
    'pl_honour_rounds',
    rounds.map((r) => ({
      id: r.id,
      org_unit_id: town.township.id,
      unit_path: town.township.path,
      title: r.title,
      kind: r.kind,
      year: 2023,
      quota_base: r.base,
      quota_per: r.per,
      status: 'awarded',
      publicity_id: null,
      created_at: now,
    })),
  );
  const nominations: Record<string, unknown>[] = [];
  const honours: Record<string, unknown>[] = [];
  let nominationId = 1;
  const nominate = (
    round: (typeof rounds)[number],
    unit: { id: number; path: string },
    nominee: string,
    awarded: boolean,
  ) => {
    const id = nominationId++;
    nominations.push({
      id,
      round_id: round.id,
      org_unit_id: unit.id,
      unit_path: unit.path,
      nominee,
      reason: round.kind === 'village' ? '人居环境整治成效突出' : '孝老爱亲、邻里和睦、家风良好',
      status: awarded ? 'awarded' : 'rejected',
      created_at: now,
      updated_at: now,
    });
    if (awarded)
      honours.push({
        round_id: round.id,
        nomination_id: id,
        year: 2023,
        title: round.title,
        kind: round.kind,
        org_unit_id: unit.id,
        unit_path: unit.path,
        holder: nominee,
        awarded_on: '2023-07-20',
      });
  };
  town.units.slice(0, 12).forEach((unit, i) => {
    nominate(
      rounds[0]!,
      unit,
      `${pick(['王', '李', '张', '刘', '崔', '于'])}${pick(['建国', '秀英', '德胜', '桂兰'])}家庭`,
      i !== 7,
    );
  });
  for (const name of ['于庄村', '凤凰社区', '崔楼村']) {
    const unit = byName.get(name);
    if (unit) nominate(rounds[1]!, unit, unit.name, true);
  }
  nominationId = await seedRoundAwaitingAward(ctx, nominationId, pick, nominations);
  await insertChunked(trx, 'pl_nominations', nominations);
  await insertChunked(trx, 'pl_honours', honours);
  await resetSequences(trx, dialect, [
    'pl_meetings',
    'pl_forum_sessions',
    'pl_honour_rounds',
    'pl_nominations',
  ]);
  ctx.counts.partyMeetings = meetings.length;
  ctx.counts.forumSessions = sessions.length;
};
