import { addCalendarDays, chinaDate, followUpDates, maskIdNumber } from '@fivestar/common';
import type { DemoSeedContext } from '../../../kernel/seeding.ts';
import { fictionalIdNumber, insertChunked, personName } from '../../../kernel/seed-kit.ts';
import { encryptField, lookupHash } from '../../../security/crypto.ts';
import { protectedIdentity } from '../../persons/index.ts';
import { bumpEverySummaryShard } from '../summary.index.ts';

/**
 * The development ledgers of 张庄镇, as records. Two parts:
 *
 * 1. The report's period (2023-01-01…2023-08-06): training sessions and sign-ins, the two job fairs at the
 *    relocation site with their employers, placements, the ten floodplain villages' households, the after-move
 *    services, the 23 enterprises of the 白杨 incubator, the six 一村一品 projects the report names, the two
 *    planned party service centres, the 285 public-welfare posts, the cleaners and the environment campaigns with
 *    their sign-in lists. The report's figures (200+ attendances, 800+ placed, 9,300+ moved, …) come out of these
 *    rows by query; no total is typed anywhere.
 * 2. The current year's ledgers behind the ratings demo's 产业兴旺星 cycle: a rural village applying for the star
 *    this year has a project, collective income on vouchers and training on file that meet the default standard;
 *    a few villages not applying keep ledgers just short of it (one is two training attendances short — the e2e
 *    imports a sign-in sheet there and watches its status move).
 *
 * People are illustrative (`personName`), ID numbers synthetic (`fictionalIdNumber`, region 4199xx, sequence
 * numbers 20,000+ so they never meet the organisation demo's).
 */

const DAY = 86_400_000;
const FLOODPLAIN_VILLAGES = 10;
const RELOCATED_PEOPLE_MIN = 9_300;
const PROJECT_VILLAGES = ['王英庄村', '前房村', '双庙朱村', '李菜园村', '后刘楼村', '凤凰岭村'];
const PRODUCTS: Record<string, [string, string, string]> = {
  王英庄村: ['王英庄村食用菌种植基地', '食用菌', '某食用菌合作社'],
  前房村: ['前房村黄河鲤鱼养殖', '黄河大鲤鱼', '某水产公司'],
  双庙朱村: ['双庙朱村木制工艺品加工', '木制工艺品', '某木业公司'],
  李菜园村: ['李菜园村设施蔬菜大棚', '蔬菜', '某农业公司'],
  后刘楼村: ['后刘楼村优质小麦制种', '小麦良种', '某种业公司'],
  凤凰岭村: ['凤凰岭村林果采摘园', '林果', '某林果合作社'],
};
const TOPICS = ['planting', 'breeding', 'housekeeping', 'beauty', 'ecommerce'] as const;
const TOPIC_TITLE: Record<(typeof TOPICS)[number], string> = {
  planting: '设施蔬菜种植技术培训',
  breeding: '黄河鲤鱼健康养殖培训',
  housekeeping: '家政服务技能培训',
  beauty: '美容美发技能培训',
  ecommerce: '电子商务（直播带货）培训',
};

export async function seedDevelopmentDemo(ctx: DemoSeedContext) {
  const { trx, random, keys, clock } = ctx;
  const { township, units } = ctx.town;
  const now = clock.now();
  const today = chinaDate(now);
  const year = Number(today.slice(0, 4));
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  const dayIn = (from: string, to: string) => {
    const a = Date.parse(`${from}T00:00:00Z`);
    const b = Date.parse(`${to}T00:00:00Z`);
    return new Date(a + Math.floor(random() * ((b - a) / DAY + 1)) * DAY).toISOString().slice(0, 10);
  };
  const stamp = { created_by: null, created_at: now, updated_at: now };
  const byName = new Map(units.map((u) => [u.name, u]));
  const rural = units.filter((u) => u.kind === 'rural');
  const community = units.find((u) => u.kind === 'urban')!;
  const townshipUnit = { id: township.id, path: township.path };

  // ---- People of working age, per village (the labour registry is a filter on them) ----
  const perVillage = 40;
  let seq = 20_000;
  const persons: Record<string, unknown>[] = [];
  const pool = new Map<number, { idNumber: string; name: string; unitId: number; path: string }[]>();
  for (const u of units) {
    const list: { idNumber: string; name: string; unitId: number; path: string }[] = [];
    for (let k = 0; k < perVillage; k++) {
      const male = random() < 0.55;
      const birth = { y: year - int(18, 58), m: int(1, 12), d: int(1, 28) };
      const idNumber = fictionalIdNumber(seq, birth, male);
      seq++;
      const name = personName(random, male);
      const { birthDate, gender, ...columns } = protectedIdentity(keys, idNumber, null);
      persons.push({
        org_unit_id: u.id,
        name,
        gender: gender ?? null,
        birth_date: birthDate ?? null,
        ...columns,
        is_party_member: 0,
        tags: '[]',
        created_at: now,
        updated_at: now,
      });
      list.push({ idNumber, name, unitId: u.id, path: u.path });
    }
    pool.set(u.id, list);
  }
  await insertChunked(trx, 'persons', persons, 200);
  const hashes = [...pool.values()].flat().map((p) => lookupHash(keys.lookup, p.idNumber));
  const ids = new Map<string, number>();
  for (let i = 0; i < hashes.length; i += 400) {
    const rows = await trx
      .selectFrom('persons')
      .select(['id', 'id_number_hash'])
      .where('id_number_hash', 'in', hashes.slice(i, i + 400))
      .execute();
    for (const r of rows) ids.set(r.id_number_hash!, r.id);
  }
  const personRef = (p: { idNumber: string; unitId: number; path: string }) => {
    const hash = lookupHash(keys.lookup, p.idNumber);
    return { person_id: ids.get(hash)!, id_number_hash: hash, org_unit_id: p.unitId, unit_path: p.path };
  };
  const everyone = [...pool.values()].flat();
  // Fixed roles so nobody is counted twice where that would be wrong: posts and cleaners from the pool's tail.
  const shuffled = [...everyone];
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
  }
  const postHolders = shuffled.slice(0, 285);
  const cleaners = shuffled.slice(285, 285 + 134);
  const jobSeekers = shuffled.slice(285 + 134);

  async function insertOne(table: 'dev_training_sessions' | 'dev_job_fairs' | 'dev_campaigns', row: object) {
    const r = await trx
      .insertInto(table)
      .values({ ...stamp, ...row } as never)
      .returning('id')
      .executeTakeFirstOrThrow();
    return r.id;
  }

  // ---- 1. Training in the report's period: sessions over the five topics, sign-ins by person ----
  const attendance: Record<string, unknown>[] = [];
  const attended = new Set<string>();
  for (let s = 0; s < 12; s++) {
    const topic = TOPICS[s % TOPICS.length]!;
    const start = dayIn('2023-02-01', '2023-07-25');
    const end = addCalendarDays(start, int(0, 2));
    const sessionId = await insertOne('dev_training_sessions', {
      org_unit_id: townshipUnit.id,
      unit_path: townshipUnit.path,
      topic,
      title: TOPIC_TITLE[topic],
      start_date: start,
      end_date: end,
      place: s % 3 === 0 ? '凤凰社区党群服务中心' : '张庄镇便民服务中心',
      trainer: pick(['县农技推广中心', '县人社局', '县职业培训学校', '镇电商服务站']),
    });
    const n = int(17, 23);
    for (let k = 0; k < n; k++) {
      const p = pick(everyone);
      const key = `${sessionId}:${p.idNumber}`;
      if (attended.has(key)) continue;
      attended.add(key);
      attendance.push({ ...stamp, ...personRef(p), parent_id: sessionId, signed_on: dayIn(start, end) });
    }
  }

  // ---- Job fairs at the relocation site, employers, placements with their follow-ups ----
  const employers: Record<string, unknown>[] = [];
  const fairs = [
    { name: '2023年“就业援助月”专场招聘会', held_on: '2023-01-12', outside: 12, local: 6 },
    { name: '2023年“春风行动”专场招聘会', held_on: '2023-02-16', outside: 11, local: 6 },
  ];
  for (const f of fairs) {
    const fairId = await insertOne('dev_job_fairs', {
      org_unit_id: community.id,
      unit_path: community.path,
      name: f.name,
      held_on: f.held_on,
      place: '凤凰社区（黄河滩区居民迁建安置区）广场',
    });
    for (let k = 0; k < f.outside + f.local; k++)
      employers.push({
        ...stamp,
        org_unit_id: community.id,
        unit_path: community.path,
        parent_id: fairId,
        name: `${pick(['郑州', '濮阳', '新乡', '开封', '安阳', '范县'])}${pick(['某电子', '某纺织', '某食品', '某物流', '某建材', '某服装'])}${k < f.outside ? '有限公司' : '厂'}`,
        origin: k < f.outside ? 'outside' : 'local',
        jobs: int(10, 80),
      });
  }
  const placements: Record<string, unknown>[] = [];
  const placedCount = 830;
  for (let k = 0; k < placedCount; k++) {
    const p = jobSeekers[k]!;
    const placedOn = dayIn('2023-01-12', '2023-07-31');
    const due = followUpDates(placedOn);
    placements.push({
      ...stamp,
      ...personRef(p),
      employer: k % 3 === 0 ? '白杨创新创业孵化园入园企业' : `${pick(['郑州', '濮阳', '范县'])}某企业`,
      placed_on: placedOn,
      fair_name: k % 2 === 0 ? fairs[k % 4 === 0 ? 0 : 1]!.name : null,
      m3_due: due.m3,
      m3_done_on: due.m3 <= today ? due.m3 : null,
      m3_employed: due.m3 <= today ? (random() < 0.9 ? 1 : 0) : null,
      m3_note: null,
      m6_due: due.m6,
      m6_done_on: due.m6 <= today ? addCalendarDays(due.m6, int(0, 5)) : null,
      m6_employed: due.m6 <= today ? (random() < 0.85 ? 1 : 0) : null,
      m6_note: null,
    });
  }

  // ---- Floodplain relocation: households of ten villages, handed over at 凤凰社区 ----
  const relocations: Record<string, unknown>[] = [];
  const sources = rural.slice(rural.length - FLOODPLAIN_VILLAGES);
  let moved = 0;
  for (let h = 0; moved < RELOCATED_PEOPLE_MIN || h < FLOODPLAIN_VILLAGES; h++) {
    const u = sources[h % sources.length]!;
    const people = int(1, 6);
    moved += people;
    relocations.push({
      ...stamp,
      org_unit_id: u.id,
      unit_path: u.path,
      household_head: personName(random, random() < 0.8),
      people,
      destination: '凤凰社区',
      handover_on: dayIn('2020-09-01', '2021-12-31'),
    });
  }
  const services = [
    ['property', '物业服务公司（一）', '2021-10-01'],
    ['property', '物业服务公司（二）', '2022-03-01'],
    ['troupe', '凤凰社区文化服务团', '2022-05-01'],
    ['customs_council', '凤凰社区移风易俗理事会', '2022-06-15'],
    ['elder_daycare', '凤凰社区老年人日间照料服务中心', '2022-09-01'],
  ].map(([kind, name, started]) => ({
    ...stamp,
    org_unit_id: community.id,
    unit_path: community.path,
    kind,
    name,
    started_on: started,
  }));

  // ---- The 白杨 incubator ----
  const enterprises: Record<string, unknown>[] = [];
  for (let k = 0; k < 23; k++)
    enterprises.push({
      ...stamp,
      org_unit_id: townshipUnit.id,
      unit_path: townshipUnit.path,
      park: '白杨创新创业孵化园',
      name: `${pick(['豫', '濮', '范', '黄河', '白杨'])}${pick(['鑫', '源', '达', '丰', '创'])}${pick(['电子', '电商', '木艺', '服饰', '食品', '科技'])}有限公司（${k + 1}）`,
      sector: pick(['电子商务', '木制工艺品', '服装加工', '农产品加工', '电子元件']),
      admitted_on: dayIn('2021-03-01', '2023-07-20'),
      jobs: int(18, 24),
    });

  // ---- 一村一品: the six projects the report names (and, below, those the current cycle needs) ----
  const projects: Record<string, unknown>[] = [];
  const projectFor = (u: { id: number; path: string; name: string }, started: string, named?: string[]) => ({
    ...stamp,
    org_unit_id: u.id,
    unit_path: u.path,
    name: named?.[0] ?? `${u.name}特色种养项目`,
    product: named?.[1] ?? pick(['小麦良种', '蔬菜', '食用菌', '林果', '肉牛']),
    leader: `${personName(random, true)}（村党支部书记）`,
    team: '村两委 + 驻村工作队 + 合作社',
    plan: '党支部 + 龙头企业 + 农户：土地流转入股，企业保底收购，农户务工分红',
    followed_through: 1,
    enterprise: named?.[2] ?? '某农业公司',
    households: int(40, 200),
    land_mu: int(100, 1500) * 100,
    status: 'active',
    started_on: started,
  });
  for (const name of PROJECT_VILLAGES) {
    const u = byName.get(name);
    if (u) projects.push(projectFor(u, dayIn('2022-03-01', '2023-06-30'), PRODUCTS[name]));
  }

  // ---- Party and public service centres planned (王德隆村, 大崔楼村) ----
  const centres = ['王德隆村', '大崔楼村'].flatMap((name) => {
    const u = byName.get(name);
    return u
      ? [
          {
            ...stamp,
            org_unit_id: u.id,
            unit_path: u.path,
            name: `${name}党群服务中心（新建）`,
            status: 'planned',
            investment_wan: int(100, 130) * 100,
            planned_on: dayIn('2023-03-01', '2023-07-31'),
            built_on: null,
          },
        ]
      : [];
  });

  // ---- Public-welfare posts and cleaners ----
  const posts = postHolders.map((p) => ({
    ...stamp,
    ...personRef(p),
    post: pick(['护林员', '保洁公益岗', '河道巡查员', '治安巡逻员', '养老护理员']),
    months: 12,
    pay_from: '2023-01-01',
    pay_to: '2023-12-31',
  }));
  const cleanerRows = cleaners.map((p) => ({
    ...stamp,
    ...personRef(p),
    area: `${ctx.town.units.find((u) => u.id === p.unitId)!.name}主干道及公共区域`,
    since: dayIn('2021-01-01', '2022-12-31'),
    until: null,
  }));

  // ---- Environment campaigns and their sign-in lists (once per person per campaign period) ----
  const campaigns = [
    ['yellow_river', '黄河清“四乱”整治', '2023-03-01', '2023-03-31'],
    ['four_beauty', '“四美乡村”建设', '2023-04-01', '2023-04-30'],
    ['five_courtyard', '“五美庭院”创建', '2023-05-01', '2023-05-31'],
    ['clean_home', '“全民动手·清洁家园”行动（6月）', '2023-06-01', '2023-06-30'],
    ['clean_home', '“全民动手·清洁家园”行动（7月）', '2023-07-01', '2023-07-31'],
  ] as const;
  // Cadres sign with their ID numbers; villagers too (most are not in the people registry).
  const identity = (n: number, male: boolean) => {
    const idNumber = fictionalIdNumber(n, { y: 1950 + (n % 50), m: 1 + (n % 12), d: 1 + (n % 28) }, male);
    return {
      id_number_enc: encryptField(keys.pii, idNumber),
      id_number_hash: lookupHash(keys.lookup, idNumber),
      id_number_masked: maskIdNumber(idNumber),
      name: personName(random, male),
    };
  };
  const cadres = Array.from({ length: 412 }, (_, k) => ({ who: identity(30_000 + k, k % 3 !== 0), k }));
  const villagers = Array.from({ length: 6_300 }, (_, k) => ({ who: identity(31_000 + k, k % 2 === 0), k }));
  const signins: Record<string, unknown>[] = [];
  for (const [ci, [kind, name, from, to]] of campaigns.entries()) {
    const campaignId = await insertOne('dev_campaigns', {
      org_unit_id: townshipUnit.id,
      unit_path: townshipUnit.path,
      kind,
      name,
      period_from: from,
      period_to: to,
    });
    const days = Array.from({ length: 31 }, (_, d) => addCalendarDays(from, d)).filter((d) => d <= to);
    // Each cadre leads one campaign period (in turn); villagers join every period, a few missing each time.
    for (const c of cadres) {
      if (c.k % campaigns.length !== ci) continue;
      const u = units[c.k % units.length]!;
      signins.push({
        ...stamp,
        ...c.who,
        org_unit_id: c.k < 60 ? townshipUnit.id : u.id,
        unit_path: c.k < 60 ? townshipUnit.path : u.path,
        parent_id: campaignId,
        role: 'cadre',
        signed_on: days[Math.floor(random() * days.length)]!,
      });
    }
    for (const v of villagers) {
      if (random() < 0.03) continue;
      const u = units[v.k % units.length]!;
      signins.push({
        ...stamp,
        ...v.who,
        org_unit_id: u.id,
        unit_path: u.path,
        parent_id: campaignId,
        role: 'villager',
        signed_on: days[Math.floor(random() * days.length)]!,
      });
    }
  }

  // ---- 2. The current cycle's 产业兴旺星: ledgers behind the ratings demo's applications ----
  const applying = new Set(
    (
      await trx
        .selectFrom('star_applications')
        .select('org_unit_id')
        .where('year', '=', year)
        .where('star_code', '=', 'industry')
        .where('status', '!=', 'rejected')
        .execute()
    ).map((r) => r.org_unit_id),
  );
  const income: Record<string, unknown>[] = [];
  const yearStart = `${year}-01-01`;
  const lastDay = addCalendarDays(today, -7) < yearStart ? yearStart : addCalendarDays(today, -7);
  let shortVillage: number | null = null;
  const withProject = new Set(projects.map((p) => p.org_unit_id as number));
  const currentSessions = new Map<number, number>();
  for (const [i, u] of rural.entries()) {
    const applies = applying.has(u.id);
    // Villages not applying: every fifth keeps ledgers just short of the star (the first of them two
    // attendances short of 20); the rest have no current-year ledgers at all.
    const near = !applies && i % 5 === 0;
    if (!applies && !near) continue;
    if (!withProject.has(u.id)) {
      projects.push(projectFor(u, dayIn('2024-02-01', `${Math.max(2024, year - 1)}-12-31`)));
      withProject.add(u.id);
    }
    const total = applies ? int(12, 40) : int(10, 20);
    for (let k = 0; k < 3; k++)
      income.push({
        ...stamp,
        org_unit_id: u.id,
        unit_path: u.path,
        category: pick(['operation', 'rent', 'investment']),
        amount_yuan: Math.round((total / 3) * 10_000 * 100),
        received_on: dayIn(yearStart, lastDay),
        voucher_no: `记-${year}-${String(i + 1).padStart(2, '0')}${k + 1}`,
        note: pick(['土地流转租金', '大棚租赁收入', '光伏电站收益', '合作社分红']),
      });
    let attendances = applies ? int(22, 30) : int(12, 17);
    if (near && shortVillage === null) {
      shortVillage = u.id;
      attendances = 18;
    }
    const date = dayIn(yearStart, lastDay);
    const topic = pick(TOPICS);
    const sessionId =
      currentSessions.get(u.id) ??
      (await insertOne('dev_training_sessions', {
        org_unit_id: u.id,
        unit_path: u.path,
        topic,
        title: `${u.name}${TOPIC_TITLE[topic]}`,
        start_date: date,
        end_date: date,
        place: `${u.name}党群服务中心`,
        trainer: '县农技推广中心',
      }));
    currentSessions.set(u.id, sessionId);
    for (const p of pool.get(u.id)!.slice(0, attendances))
      attendance.push({ ...stamp, ...personRef(p), parent_id: sessionId, signed_on: date });
  }

  await insertChunked(trx, 'dev_training_attendance', attendance);
  await insertChunked(trx, 'dev_fair_employers', employers);
  await insertChunked(trx, 'dev_placements', placements, 200);
  await insertChunked(trx, 'dev_relocations', relocations);
  await insertChunked(trx, 'dev_relocation_services', services);
  await insertChunked(trx, 'dev_enterprises', enterprises);
  await insertChunked(trx, 'dev_projects', projects);
  await insertChunked(trx, 'dev_service_centres', centres);
  await insertChunked(trx, 'dev_welfare_posts', posts);
  await insertChunked(trx, 'dev_cleaners', cleanerRows);
  await insertChunked(trx, 'dev_collective_income', income);
  await insertChunked(trx, 'dev_campaign_signins', signins, 300);
  // Rows written past the registry service: every shard of the summary's index is reloaded.
  await bumpEverySummaryShard(trx);

  Object.assign(ctx.counts, {
    labourPeople: persons.length,
    trainingAttendances: attendance.length,
    placements: placements.length,
    relocatedHouseholds: relocations.length,
    campaignSignins: signins.length,
  });
}
