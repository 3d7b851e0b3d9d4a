import { rng, type UnitTree } from '../../../kernel/seed-kit.ts';

/**
 * The rest of the demo county (范县): its eleven other townships, with villages generated so the county holds 12
 * townships and 574 villages, as the programme's county does. The townships' names are the county's; their codes,
 * their villages' names and counts are generated (every village is named “…（示例）”: illustrative). Generated villages
 * are bare units — no branch, station, people or accounts: what a county round needs (a unit to rank) and no more.
 */
export const OTHER_TOWNSHIPS = [
  '城关镇',
  '濮城镇',
  '龙王庄镇',
  '王楼镇',
  '辛庄镇',
  '杨集乡',
  '陈庄镇',
  '高码头镇',
  '白衣阁乡',
  '颜村铺乡',
  '陆集乡',
] as const;

/** The county's village-level units in all: 张庄镇's (54 villages and the 凤凰 community) and the generated ones. */
export const COUNTY_VILLAGES = 574;
/** The generator's own seed: the villages are the same on every machine and draw nothing from the demo's source. */
export const COUNTY_SEED = 0x5fa4;

export const ILLUSTRATIVE = '（示例）';
const SURNAMES =
  '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董程曹袁邓许沈彭吕苏卢蒋蔡贾丁魏薛叶';
const PLACES = ['庄', '楼', '集', '寨', '屯', '口', '营', '店', '堤', '湾', '桥', '园'];
const PREFIXES = ['', '', '', '前', '后', '东', '西', '南', '北', '大', '小'];

export interface GeneratedTownship {
  id: number;
  path: string;
  name: string;
  villages: { id: number; path: string; name: string }[];
}

/** How many villages each township gets: near the mean, varied by the seed, adding up to `total`. */
export function villageCounts(random: () => number, townships: number, total: number): number[] {
  const base = Math.floor(total / townships);
  const counts = Array.from({ length: townships }, (_, i) => base + (i < total % townships ? 1 : 0));
  for (let i = 0; i + 1 < townships; i += 2) {
    const d = Math.floor(random() * 9);
    counts[i]! += d;
    counts[i + 1]! -= d;
  }
  return counts;
}

/** Adds the other townships and their generated villages to the tree, under the county (`seeded`: 张庄镇's units). */
export function addCountyTownships(
  tree: UnitTree,
  county: { id: number; path: string },
  seeded: number,
): GeneratedTownship[] {
  const random = rng(COUNTY_SEED);
  const counts = villageCounts(random, OTHER_TOWNSHIPS.length, COUNTY_VILLAGES - seeded);
  return OTHER_TOWNSHIPS.map((name, t) => {
    // township codes 410926100… beside 张庄镇's 410926106 (which they skip)
    const n = 100 + t + (t >= 6 ? 1 : 0);
    const code = `410926${n}`;
    const township = tree.add(county, 'township', `${code}000`, name, t + 1);
    const names = new Set<string>();
    while (names.size < counts[t]!) {
      const prefix = PREFIXES[Math.floor(random() * PREFIXES.length)]!;
      const surname = SURNAMES[Math.floor(random() * SURNAMES.length)]!;
      const place = PLACES[Math.floor(random() * PLACES.length)]!;
      names.add(`${prefix}${surname}${place}村${ILLUSTRATIVE}`);
    }
    const villages = [...names].map((v, i) =>
      tree.add(township, 'village', `${code}${String(201 + i).padStart(3, '0')}`, v, i),
    );
    return { ...township, villages };
  });
}
