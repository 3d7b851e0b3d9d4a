import type { Indicator, StandardDefinition, StarType } from './ratings.schemas.ts';

/**
 * The default standards shipped with the software: the stars and what county reports say each covers
 * (docs/programme.md §1), and 三零 as the grid records count it (§4). The province's own 评星标准 could not be
 * obtained (§2): every indicator is marked `verified` (the item is named in a public source) or not (our
 * placeholder), and every threshold is a guess. The county edits a draft copy of these per year in the standards
 * editor. `note` is shown to officials beside the indicator: it says in plain words how the indicator is judged, never where a
 * developer read it.
 */

export const RURAL_STARS: StarType[] = [
  { code: 'strong_branch', name: '支部过硬星', nameEn: 'Strong branch', order: 1 },
  { code: 'industry', name: '产业兴旺星', nameEn: 'Thriving industry', order: 2 },
  { code: 'ecology', name: '生态宜居星', nameEn: 'Ecological liveability', order: 3 },
  { code: 'safety', name: '平安法治星', nameEn: 'Safety and rule of law', order: 4 },
  { code: 'civility', name: '文明幸福星', nameEn: 'Civility and happiness', order: 5 },
];

/** Only 共建共享星 is confirmed for urban communities (docs/programme.md §1); the rest of the set is a guess. */
export const URBAN_STARS: StarType[] = [
  { code: 'strong_branch', name: '支部过硬星', nameEn: 'Strong branch', order: 1 },
  { code: 'safety', name: '平安法治星', nameEn: 'Safety and rule of law', order: 2 },
  { code: 'livable', name: '宜居宜业星', nameEn: 'Liveable and workable', order: 3 },
  { code: 'cobuild', name: '共建共享星', nameEn: 'Co-build, co-share', order: 4 },
  { code: 'civility', name: '文明幸福星', nameEn: 'Civility and happiness', order: 5 },
];

type Ind = Partial<Indicator> & Pick<Indicator, 'code' | 'starCode' | 'title' | 'type' | 'verified'>;
const ind = (i: Ind): Indicator => ({
  unit: null,
  threshold: null,
  minFiles: 0,
  fact: null,
  op: null,
  note: null,
  leadDepartment: null,
  ...i,
});

const VETOES = (star: string, extra: Ind[] = []): Indicator[] => [
  ...extra.map(ind),
  ind({
    code: `${star}.veto_cadre_case`,
    starCode: star,
    title: '村干部发生违纪违法案件',
    type: 'veto',
    verified: false,
    note: '发生即不能评定本星',
  }),
];

const SHARED_STRONG: Indicator[] = [
  ind({
    code: 'strong_branch.service_centre',
    starCode: 'strong_branch',
    title: '党群服务中心设施达标',
    type: 'evidence',
    minFiles: 1,
    verified: true,
  }),
  ind({
    code: 'strong_branch.three_meetings',
    starCode: 'strong_branch',
    title: '“三会一课”和主题党日按规定开展',
    type: 'boolean',
    minFiles: 1,
    verified: true,
  }),
  ind({
    code: 'strong_branch.theme_days',
    starCode: 'strong_branch',
    title: '全年开展主题党日次数',
    type: 'numeric',
    unit: '次',
    threshold: 12,
    verified: false,
    note: '按每月一次计',
  }),
  ind({
    code: 'strong_branch.members',
    starCode: 'strong_branch',
    title: '党员人数（系统记录）',
    type: 'derived',
    fact: 'branch.member_count',
    op: '>=',
    threshold: 15,
    unit: '人',
    verified: false,
  }),
  ind({
    code: 'strong_branch.secretary',
    starCode: 'strong_branch',
    title: '支部书记（“头雁”）素质过硬',
    type: 'boolean',
    verified: true,
  }),
  ind({
    code: 'strong_branch.veto_weak',
    starCode: 'strong_branch',
    title: '被列为软弱涣散党组织',
    type: 'veto',
    verified: false,
  }),
];

const SAFETY: Indicator[] = [
  ind({
    code: 'safety.three_zero',
    starCode: 'safety',
    title: '“三零”创建达标（零上访、零事故、零案件）',
    type: 'derived',
    fact: 'grid.three_zero',
    op: '=',
    threshold: 1,
    verified: true,
    note: '由网格事件记录自动判断（上访、伤亡事故、刑事及重大治安案件），乡镇可说明理由改判',
  }),
  ind({
    code: 'safety.grid_workers',
    starCode: 'safety',
    title: '网格员配备（系统记录）',
    type: 'derived',
    fact: 'branch.grid_workers',
    op: '>=',
    threshold: 3,
    unit: '人',
    verified: false,
    note: '按网格员名册中本村在岗人数计',
  }),
  ind({
    code: 'safety.legal_literate',
    starCode: 'safety',
    title: '培育“法律明白人”',
    type: 'boolean',
    verified: true,
  }),
  ind({
    code: 'safety.anti_fraud',
    starCode: 'safety',
    title: '开展反诈宣传',
    type: 'evidence',
    minFiles: 1,
    verified: true,
  }),
  ind({
    code: 'safety.veto_homicide',
    starCode: 'safety',
    title: '发生命案、重大安全事故或群体性事件',
    type: 'veto',
    verified: false,
    eventTypes: ['security.public_order'],
  }),
  ind({
    code: 'safety.veto_petition',
    starCode: 'safety',
    title: '发生越级上访',
    type: 'veto',
    verified: false,
    eventTypes: ['sentiment.petition'],
  }),
];

const CIVILITY: Indicator[] = [
  ind({
    code: 'civility.practice_station',
    starCode: 'civility',
    title: '新时代文明实践站建成运行',
    type: 'evidence',
    minFiles: 1,
    verified: true,
  }),
  ind({
    code: 'civility.one_compact_five',
    starCode: 'civility',
    title: '“一约五会”健全',
    type: 'boolean',
    verified: true,
  }),
  ind({
    code: 'civility.selections',
    starCode: 'civility',
    title: '开展星级文明户、文明家庭评选',
    type: 'boolean',
    verified: true,
  }),
  ind({
    code: 'civility.canteen',
    starCode: 'civility',
    title: '老年食堂（幸福院）运行',
    type: 'boolean',
    verified: true,
  }),
];

export function defaultRuralStandard(): StandardDefinition {
  return {
    stars: RURAL_STARS,
    capstone: { enabled: true, starCode: 'strong_branch', verified: false },
    noticeWorkingDays: 5,
    indicators: [
      ...VETOES('strong_branch', SHARED_STRONG as Ind[]),
      // The three below read the development registries (台账) instead of a tick or a typed total.
      ind({
        code: 'industry.one_product',
        starCode: 'industry',
        title: '形成“一村一品”主导产业',
        type: 'derived',
        fact: 'development.one_product',
        op: '=',
        threshold: 1,
        verified: true,
        note: '由“一村一品”台账判断：有推进中或已完成、“五个一”齐全的项目',
      }),
      ind({
        code: 'industry.collective_income',
        starCode: 'industry',
        title: '村集体经济收入',
        type: 'derived',
        fact: 'development.collective_income',
        op: '>=',
        threshold: 10,
        unit: '万元',
        verified: false,
        note: '由集体收入台账（逐笔凭证）合计',
      }),
      ind({
        code: 'industry.skills_training',
        starCode: 'industry',
        title: '群众技能培训（本村人员培训人次）',
        type: 'derived',
        fact: 'development.training_attendances',
        op: '>=',
        threshold: 20,
        unit: '人次',
        verified: false,
        note: '由培训签到台账统计本村人员的培训人次',
      }),
      ind({
        code: 'industry.double_binding',
        starCode: 'industry',
        title: '“双绑”利益联结机制',
        type: 'boolean',
        verified: true,
      }),
      ind({
        code: 'industry.land_transfer',
        starCode: 'industry',
        title: '土地流转规范',
        type: 'boolean',
        verified: true,
      }),
      ...VETOES('industry'),
      ind({
        code: 'ecology.living_environment',
        starCode: 'ecology',
        title: '人居环境整治达标',
        type: 'evidence',
        minFiles: 2,
        verified: true,
      }),
      ind({
        code: 'ecology.toilet_reform',
        starCode: 'ecology',
        title: '卫生厕所改造普及率',
        type: 'numeric',
        unit: '%',
        threshold: 90,
        verified: false,
        note: '已改造户数占总户数的比例',
      }),
      ind({
        code: 'ecology.four_beauty',
        starCode: 'ecology',
        title: '“四美乡村”“五美庭院”创建',
        type: 'boolean',
        verified: true,
      }),
      ind({
        code: 'ecology.six_clean',
        starCode: 'ecology',
        title: '“六乱”整治、“六清”行动',
        type: 'boolean',
        verified: true,
      }),
      ...VETOES('ecology'),
      ...SAFETY,
      ...VETOES('safety'),
      ...CIVILITY,
      ...VETOES('civility', [
        {
          code: 'civility.veto_religion',
          starCode: 'civility',
          title: '发生非法宗教活动',
          type: 'veto',
          verified: false,
        },
      ]),
    ],
  };
}

export function defaultUrbanStandard(): StandardDefinition {
  return {
    stars: URBAN_STARS,
    capstone: { enabled: true, starCode: 'strong_branch', verified: false },
    noticeWorkingDays: 5,
    indicators: [
      ...VETOES('strong_branch', SHARED_STRONG as Ind[]),
      ...SAFETY,
      ...VETOES('safety'),
      ind({
        code: 'livable.environment',
        starCode: 'livable',
        title: '小区环境整治达标',
        type: 'evidence',
        minFiles: 1,
        verified: false,
      }),
      ind({
        code: 'livable.jobs',
        starCode: 'livable',
        title: '搬迁群众就业帮扶（公益岗、技能培训）',
        type: 'boolean',
        verified: false,
      }),
      ...VETOES('livable'),
      ind({
        code: 'cobuild.units',
        starCode: 'cobuild',
        title: '驻区单位共建共享机制',
        type: 'boolean',
        verified: false,
        note: '驻区单位与社区签订共建协议并定期开展活动',
      }),
      ind({
        code: 'cobuild.volunteers',
        starCode: 'cobuild',
        title: '志愿服务活动',
        type: 'evidence',
        minFiles: 1,
        verified: false,
      }),
      ...VETOES('cobuild'),
      ...CIVILITY,
      ...VETOES('civility'),
    ],
  };
}

export const defaultStandard = (kind: 'rural' | 'urban') =>
  kind === 'urban' ? defaultUrbanStandard() : defaultRuralStandard();
