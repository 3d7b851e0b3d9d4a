import type { Stage } from './contests.schemas.ts';

/**
 * The templates shipped. The four headings of the quarterly living-environment round (村容村貌, 路域治理, 旱厕改造,
 * 美丽庭院) are the source's; the criteria under them, their points and level descriptions, and the 50/50 weights of
 * the county contest's two stages beyond the one published example are a guess kept as data (`guess: true`): the
 * county's editor sets them.
 */
export interface TemplateSeed {
  code: string;
  name: string;
  level: 'township' | 'county';
  guess: boolean;
  stages: Stage[];
}

const lv = (good: string, fair: string, poor: string, max: number) => [
  { label: '好', min: Math.round(max * 0.85), description: good },
  { label: '中', min: Math.round(max * 0.6), description: fair },
  { label: '差', min: 0, description: poor },
];

const c = (group: string, code: string, name: string, max: number, levels: [string, string, string]) => ({
  code,
  group,
  name,
  max,
  levels: lv(...levels, max),
  starCode: 'ecology' as string | null,
  indicatorCode: null,
});

export const LIVING_ENVIRONMENT_CRITERIA = [
  c('村容村貌', 'streets_clean', '街巷整洁、无垃圾堆放', 15, [
    '主次街道干净，无积存垃圾',
    '偶见零星垃圾',
    '多处垃圾堆放',
  ]),
  c('村容村貌', 'walls_tidy', '墙面立面整洁、无乱贴乱画', 10, [
    '墙面整洁统一',
    '个别乱贴乱画',
    '乱贴乱画普遍',
  ]),
  c('村容村貌', 'public_spaces', '坑塘、广场等公共空间整治', 5, ['整治到位、有人管护', '基本整治', '未整治']),
  c('路域治理', 'road_clear', '道路两侧无乱堆乱放、无占道', 15, ['路域通畅整洁', '少量乱堆乱放', '占道严重']),
  c('路域治理', 'road_green', '路域绿化与管护', 10, ['绿化成行、管护到位', '部分缺株', '基本无管护']),
  c('旱厕改造', 'toilets_done', '户厕改造完成率', 12, ['改造全覆盖', '大部分完成', '进展缓慢']),
  c('旱厕改造', 'toilets_used', '改后使用与粪污处理', 8, ['正常使用、清运及时', '个别闲置', '闲置或外溢']),
  c('美丽庭院', 'yards_clean', '庭院整洁、物品摆放有序', 15, ['院内整洁有序', '基本整洁', '脏乱']),
  c('美丽庭院', 'yards_green', '庭院绿化美化、示范户带动', 10, [
    '示范户多、带动明显',
    '有示范户',
    '无示范户',
  ]),
];

export const CONTEST_TEMPLATES: TemplateSeed[] = [
  {
    code: 'living_environment',
    name: '人居环境逐村观摩评比（季度）',
    level: 'township',
    guess: true,
    stages: [
      {
        code: 'inspection',
        name: '实地观摩',
        kind: 'inspection',
        weight: 100,
        criteria: LIVING_ENVIRONMENT_CRITERIA,
      },
    ],
  },
  {
    code: 'county_arena',
    name: '县级“创五星”擂台赛',
    level: 'county',
    guess: true,
    stages: [
      {
        code: 'arena',
        name: '擂台述职',
        kind: 'speech',
        weight: 50,
        criteria: [
          c('述职', 'content', '内容（目标、措施、成效）', 40, [
            '目标清楚、措施实、成效明显',
            '基本清楚',
            '空泛',
          ]),
          c('述职', 'delivery', '表达', 30, ['脱稿、流畅、有感染力', '基本流畅', '照本宣科']),
          c('述职', 'impression', '形象与台风', 20, ['精神饱满', '一般', '不佳']),
          c('述职', 'timing', '时间控制', 10, ['不超时', '超时 1 分钟内', '超时较多']),
        ].map((x) => ({ ...x, starCode: null })),
      },
      {
        code: 'inspection',
        name: '实地观摩',
        kind: 'inspection',
        weight: 50,
        criteria: LIVING_ENVIRONMENT_CRITERIA,
      },
    ],
  },
];
