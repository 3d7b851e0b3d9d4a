import { groupBy } from '../collections.ts';

/**
 * The pure rules of inspection rounds and contests: how judges' sheets become one score per unit, the ranking with
 * its stated tie-break, and the prize tiers. No I/O; the server and the results page use the same code.
 *
 * A sheet is one judge's scores for one unit in one stage; its total is the sum of its criteria. Per stage the
 * totals of a unit's judges are combined by the round's method:
 * - `trimmed_mean`: the mean; with five or more judges the single highest and single lowest total are dropped first;
 * - `median`: the middle total (the mean of the two middle ones for an even count);
 * - `zscore`: each judge's totals in the stage become z-scores against that judge's own mean and spread (a lenient
 *   and a strict judge count alike), the unit's mean z is mapped back to the stage's scale with the mean and spread
 *   of all totals of the stage, and held within 0…max.
 * Each stage score is put on a 100-point scale (score / stage maximum × 100) and the stages are weighted (weights as
 * given, divided by their sum). Units are ranked by that total, rounded to two decimals; equal totals are split by
 * the mean score on the round's tie-break criterion; units still equal share a rank (1, 2, 2, 4).
 */

export const AGGREGATION_METHODS = ['trimmed_mean', 'median', 'zscore'] as const;
export type AggregationMethod = (typeof AGGREGATION_METHODS)[number];

/** With this many judges or more, the trimmed mean drops the highest and the lowest total. */
export const TRIM_FROM_JUDGES = 5;

export interface SheetTotal {
  judgeId: number;
  unitId: number;
  stage: string;
  total: number;
  /** Scores per criterion code (for the tie-break). */
  criteria?: Record<string, number>;
}

export interface StageSpec {
  code: string;
  weight: number;
  /** The stage's maximum (sum of its criteria's maxima). */
  max: number;
}

export const round2 = (x: number) => Math.round(x * 100 + Number.EPSILON * 100) / 100;

export function mean(xs: readonly number[]): number {
  return xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length;
}

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** The mean after dropping one highest and one lowest value when there are five or more (else the plain mean). */
export function trimmedMean(xs: readonly number[]): number {
  if (xs.length < TRIM_FROM_JUDGES) return mean(xs);
  const s = [...xs].sort((a, b) => a - b);
  return mean(s.slice(1, -1));
}

/** Population standard deviation. */
export function stdev(xs: readonly number[]): number {
  if (xs.length === 0) return 0;
  const m = mean(xs);
  return Math.sqrt(mean(xs.map((x) => (x - m) ** 2)));
}

/**
 * One stage's score per unit from its sheets' totals, by the given method. Units without a sheet are left out.
 */
export function stageScores(
  method: AggregationMethod,
  sheets: readonly SheetTotal[],
  max: number,
): Map<number, number> {
  const byUnit = new Map<number, number[]>();
  const out = new Map<number, number>();
  if (method !== 'zscore') {
    for (const s of sheets) {
      const list = byUnit.get(s.unitId) ?? [];
      list.push(s.total);
      byUnit.set(s.unitId, list);
    }
    for (const [unit, totals] of byUnit)
      out.set(unit, method === 'median' ? median(totals) : trimmedMean(totals));
    return out;
  }
  // z-scores: each judge against their own mean and spread over the units they scored in this stage.
  const byJudge = new Map<number, number[]>();
  for (const s of sheets) {
    const list = byJudge.get(s.judgeId) ?? [];
    list.push(s.total);
    byJudge.set(s.judgeId, list);
  }
  const judgeStats = new Map([...byJudge].map(([j, xs]) => [j, { m: mean(xs), sd: stdev(xs) }]));
  const all = sheets.map((s) => s.total);
  const scaleMean = mean(all);
  const scaleSd = stdev(all);
  for (const s of sheets) {
    const { m, sd } = judgeStats.get(s.judgeId)!;
    const z = sd === 0 ? 0 : (s.total - m) / sd;
    const list = byUnit.get(s.unitId) ?? [];
    list.push(z);
    byUnit.set(s.unitId, list);
  }
  for (const [unit, zs] of byUnit) {
    const mapped = scaleMean + scaleSd * mean(zs);
    out.set(unit, Math.min(max, Math.max(0, mapped)));
  }
  return out;
}

export interface UnitResult {
  unitId: number;
  /** Per stage: the stage's score on its own scale. */
  stages: Record<string, number>;
  /** The weighted total on a 100-point scale, rounded to two decimals. */
  score: number;
  /** The tie-break figure (mean on the tie-break criterion), or null without one. */
  tieBreak: number | null;
  rank: number;
  /** 1 = first prize …; null outside the prize tiers. */
  tier: number | null;
  judges: number;
}

/**
 * The results of a round: every unit that has at least one sheet, ranked best first. `prizeTiers` are the counts
 * per tier (e.g. [3, 5, 7]); a unit is in tier k when its rank is within the first k tiers' cumulative count (so a
 * shared rank at the boundary keeps both units in the tier).
 */
export function computeResults(input: {
  method: AggregationMethod;
  stages: readonly StageSpec[];
  sheets: readonly SheetTotal[];
  tieBreakCriterion?: string | null;
  prizeTiers?: readonly number[];
}): UnitResult[] {
  const weightSum = input.stages.reduce((a, s) => a + s.weight, 0) || 1;
  const perStage = new Map<string, Map<number, number>>();
  for (const st of input.stages)
    perStage.set(
      st.code,
      stageScores(
        input.method,
        input.sheets.filter((s) => s.stage === st.code),
        st.max,
      ),
    );
  // Each unit's sheets in their order, grouped once (a county round has thousands of sheets).
  const sheetsOf = groupBy(input.sheets, (s) => s.unitId);
  const rows: Omit<UnitResult, 'rank' | 'tier'>[] = [];
  for (const [unitId, own] of sheetsOf) {
    const stages: Record<string, number> = {};
    let total = 0;
    for (const st of input.stages) {
      const v = perStage.get(st.code)!.get(unitId) ?? 0;
      stages[st.code] = round2(v);
      total += (st.weight / weightSum) * (st.max > 0 ? (v / st.max) * 100 : 0);
    }
    const code = input.tieBreakCriterion ?? null;
    const tb = code ? own.filter((s) => s.criteria && code in s.criteria).map((s) => s.criteria![code]!) : [];
    const judges = new Set(own.map((s) => s.judgeId)).size;
    rows.push({ unitId, stages, score: round2(total), tieBreak: code ? round2(mean(tb)) : null, judges });
  }
  const cmp = (a: (typeof rows)[number], b: (typeof rows)[number]) =>
    b.score - a.score || (b.tieBreak ?? 0) - (a.tieBreak ?? 0);
  rows.sort((a, b) => cmp(a, b) || a.unitId - b.unitId);
  const tiers = input.prizeTiers ?? [];
  const out: UnitResult[] = [];
  rows.forEach((r, i) => {
    const prev = out[i - 1];
    const rank = prev && cmp(rows[i - 1]!, r) === 0 ? prev.rank : i + 1;
    out.push({ ...r, rank, tier: tierOf(rank, tiers) });
  });
  return out;
}

/** The prize tier of a rank (1-based), or null when the rank is past the last tier. */
export function tierOf(rank: number, tiers: readonly number[]): number | null {
  let cumulative = 0;
  for (let k = 0; k < tiers.length; k++) {
    cumulative += tiers[k]!;
    if (rank <= cumulative) return k + 1;
  }
  return null;
}

/** Whether a judge may score a unit: not their own unit (or one under it), not a linked one, not excluded by hand. */
export type ConflictReason = 'own_unit' | 'linked' | 'excluded';

/**
 * Balanced assignment: every unit gets `perUnit` judges (or all eligible ones when fewer). Units with the fewest
 * eligible judges are served first, each time by the eligible judges with the fewest units so far (ties: the lower
 * id); then, while one judge has two or more units more than another, a unit moves from the busier judge to the less
 * busy one wherever the less busy one may score it. Loads so end up differing by at most one where eligibility
 * allows. `eligible(judge, unit)` is the conflict-of-interest rule. The map keeps the units' order.
 */
export function assignJudges(
  judges: readonly number[],
  units: readonly number[],
  perUnit: number,
  eligible: (judge: number, unit: number) => boolean,
): Map<number, number[]> {
  const load = new Map(judges.map((j) => [j, 0]));
  const out = new Map<number, number[]>(units.map((u) => [u, []]));
  const allowed = new Map(units.map((u) => [u, judges.filter((j) => eligible(j, u))]));
  const byConstraint = [...units].sort((a, b) => allowed.get(a)!.length - allowed.get(b)!.length);
  for (const u of byConstraint) {
    const pick = [...allowed.get(u)!].sort((a, b) => load.get(a)! - load.get(b)! || a - b).slice(0, perUnit);
    for (const j of pick) load.set(j, load.get(j)! + 1);
    out.set(u, pick);
  }
  // Each move lowers the sum of squared loads, so this ends.
  for (let moved = true; moved;) {
    moved = false;
    const order = [...judges].sort((a, b) => load.get(b)! - load.get(a)! || a - b);
    search: for (const busy of order)
      for (const idle of [...order].reverse()) {
        if (load.get(busy)! - load.get(idle)! < 2) continue;
        for (const u of units) {
          const pick = out.get(u)!;
          if (!pick.includes(busy) || pick.includes(idle) || !allowed.get(u)!.includes(idle)) continue;
          out.set(
            u,
            pick.map((j) => (j === busy ? idle : j)),
          );
          load.set(busy, load.get(busy)! - 1);
          load.set(idle, load.get(idle)! + 1);
          moved = true;
          break search;
        }
      }
  }
  return out;
}

/** The order drawn by lot, reproducible from its seed (recorded with the round): a Fisher–Yates shuffle. */
export function drawLots<T>(items: readonly T[], seed: number): T[] {
  let s = seed >>> 0 || 1;
  const rand = () => {
    // mulberry32
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** The formula of a method, as the results page shows it (Chinese first; the web translates by method). */
export const METHOD_FORMULA: Record<AggregationMethod, { zh: string; en: string }> = {
  trimmed_mean: {
    zh: '每个阶段：各评委总分的平均值；评委达 5 人及以上时去掉一个最高分和一个最低分。总分 = Σ 阶段权重 × 阶段得分 ÷ 阶段满分 × 100。',
    en: "Per stage: the mean of the judges' totals; with five or more judges the highest and the lowest are dropped. Total = Σ stage weight × stage score ÷ stage maximum × 100.",
  },
  median: {
    zh: '每个阶段：各评委总分的中位数。总分 = Σ 阶段权重 × 阶段得分 ÷ 阶段满分 × 100。',
    en: "Per stage: the median of the judges' totals. Total = Σ stage weight × stage score ÷ stage maximum × 100.",
  },
  zscore: {
    zh: '每个阶段：每位评委的打分先按其本人的平均分和标准差换算为标准分 z，取各评委 z 的平均，再按全轮总分的平均分和标准差换回原分值（限 0 至满分）。总分 = Σ 阶段权重 × 阶段得分 ÷ 阶段满分 × 100。',
    en: "Per stage: each judge's totals become z-scores against that judge's own mean and spread; the unit's mean z is mapped back with the mean and spread of all totals (held within 0…max). Total = Σ stage weight × stage score ÷ stage maximum × 100.",
  },
};

/** The places that qualify from a closed source: rank ≤ top (so a tie at the last place takes every unit in it). */
export function qualifiers<T extends { rank: number | null }>(units: T[], top: number): T[] {
  return units.filter((u) => u.rank !== null && u.rank <= top);
}
