import { describe, expect, it } from 'vitest';
import {
  assignJudges,
  computeResults,
  drawLots,
  median,
  qualifiers,
  stageScores,
  tierOf,
  trimmedMean,
  type SheetTotal,
} from './contests.rules.ts';

const sheet = (
  judgeId: number,
  unitId: number,
  total: number,
  stage = 's',
  criteria?: Record<string, number>,
) => ({ judgeId, unitId, stage, total, criteria }) satisfies SheetTotal;

describe('aggregation (hand-computed figures)', () => {
  it('trimmed mean drops the highest and the lowest only from five judges up', () => {
    expect(trimmedMean([80, 85, 90, 70, 100])).toBe(85); // (80+85+90)/3
    expect(trimmedMean([80, 85, 90, 100])).toBe(88.75); // four judges: plain mean
    // An outlier (a judge with 20 points) is dropped, and so is the highest.
    expect(trimmedMean([88, 90, 89, 91, 20])).toBe(89);
    // Six judges: still one highest and one lowest only.
    expect(trimmedMean([10, 50, 60, 70, 80, 100])).toBe(65);
  });

  it('median: the middle total, or the mean of the two middle ones', () => {
    expect(median([88, 90, 89, 91, 20])).toBe(89);
    expect(median([70, 100, 80, 90])).toBe(85);
    expect(median([42])).toBe(42);
  });

  it('z-scores: a strict and a lenient judge count alike, mapped back to the round scale', () => {
    // Judge 1 gives 80 and 90 (mean 85, sd 5); judge 2 gives 60 and 70 (mean 65, sd 5): both say unit 1 is one
    // spread below their mean and unit 2 one above. All four totals: mean 75, sd √125 = 11.1803…
    const out = stageScores(
      'zscore',
      [sheet(1, 1, 80), sheet(1, 2, 90), sheet(2, 1, 60), sheet(2, 2, 70)],
      100,
    );
    expect(out.get(1)).toBeCloseTo(75 - Math.sqrt(125), 10);
    expect(out.get(2)).toBeCloseTo(75 + Math.sqrt(125), 10);
    expect(Math.round(out.get(1)! * 100) / 100).toBe(63.82);
    // The plain mean would have told the same story here, but not when the strict judge saw only one unit:
    const uneven = stageScores('trimmed_mean', [sheet(1, 1, 80), sheet(1, 2, 90), sheet(2, 1, 60)], 100);
    expect(uneven.get(1)).toBe(70); // unit 1 is punished for drawing the strict judge
  });

  it('z-scores: a judge who gave everyone the same total adds z = 0; the mapped score stays within 0…max', () => {
    const out = stageScores(
      'zscore',
      [sheet(1, 1, 50), sheet(1, 2, 50), sheet(2, 1, 0), sheet(2, 2, 100), sheet(3, 1, 0), sheet(3, 2, 100)],
      100,
    );
    // mean of all = 50, sd = √((0+0+2500·4)/6) = 40.8248…; unit 2: mean z = (0 + 1 + 1)/3
    expect(out.get(2)).toBeCloseTo(50 + Math.sqrt(10000 / 6) * (2 / 3), 10);
    const clamped = stageScores(
      'zscore',
      [sheet(1, 1, 0), sheet(1, 2, 10), sheet(2, 1, 0), sheet(2, 2, 10)],
      10,
    );
    for (const v of clamped.values()) expect(v).toBeLessThanOrEqual(10);
  });
});

describe('results: stage weights, tie-break, ranking, prize tiers', () => {
  const stages = [
    { code: 'arena', weight: 50, max: 100 },
    { code: 'inspection', weight: 50, max: 50 },
  ];
  it('weights the stages on a 100-point scale; equal totals are split by the tie-break criterion', () => {
    const results = computeResults({
      method: 'trimmed_mean',
      stages,
      tieBreakCriterion: 'content',
      sheets: [
        // Unit 1: arena 90 → 90; inspection 35/50 → 70; total 0.5·90 + 0.5·70 = 80; content 36
        sheet(1, 1, 90, 'arena', { content: 36 }),
        sheet(1, 1, 35, 'inspection'),
        // Unit 2: arena 70; inspection 45/50 → 90; total 80; content 30 → second
        sheet(1, 2, 70, 'arena', { content: 30 }),
        sheet(1, 2, 45, 'inspection'),
        // Unit 3: total 0.5·60 + 0.5·(40/50·100) = 70
        sheet(1, 3, 60, 'arena', { content: 20 }),
        sheet(1, 3, 40, 'inspection'),
      ],
      prizeTiers: [1, 1],
    });
    expect(results.map((r) => [r.unitId, r.score, r.rank, r.tier])).toEqual([
      [1, 80, 1, 1],
      [2, 80, 2, 2],
      [3, 70, 3, null],
    ]);
    expect(results[0]!.stages).toEqual({ arena: 90, inspection: 35 });
  });

  it('uneven weights: 30 % + 70 %', () => {
    const [r] = computeResults({
      method: 'median',
      stages: [
        { code: 'arena', weight: 30, max: 100 },
        { code: 'inspection', weight: 70, max: 50 },
      ],
      sheets: [sheet(1, 1, 60, 'arena'), sheet(1, 1, 40, 'inspection')],
    });
    expect(r!.score).toBe(74); // 0.3·60 + 0.7·80
  });

  it('units still equal share a rank (1, 2, 2, 4); a shared rank at a tier boundary stays in the tier', () => {
    const results = computeResults({
      method: 'trimmed_mean',
      stages: [{ code: 's', weight: 1, max: 100 }],
      tieBreakCriterion: 'x',
      sheets: [
        sheet(1, 10, 90, 's', { x: 5 }),
        sheet(1, 11, 80, 's', { x: 5 }),
        sheet(1, 12, 80, 's', { x: 5 }),
        sheet(1, 13, 70, 's', { x: 5 }),
      ],
      prizeTiers: [1, 1],
    });
    expect(results.map((r) => [r.unitId, r.rank, r.tier])).toEqual([
      [10, 1, 1],
      [11, 2, 2],
      [12, 2, 2],
      [13, 4, null],
    ]);
  });

  it('a five-judge panel with an outlier: the trimmed mean and the median agree, the plain mean would not', () => {
    const sheets = [88, 90, 89, 91, 20].map((t, j) => sheet(j + 1, 1, t));
    const trimmed = computeResults({
      method: 'trimmed_mean',
      stages: [{ code: 's', weight: 1, max: 100 }],
      sheets,
    });
    const med = computeResults({ method: 'median', stages: [{ code: 's', weight: 1, max: 100 }], sheets });
    expect(trimmed[0]!.score).toBe(89);
    expect(med[0]!.score).toBe(89);
    expect(trimmed[0]!.judges).toBe(5);
  });

  it('tiers are cumulative counts', () => {
    expect([1, 3, 4, 8, 9, 16].map((r) => tierOf(r, [3, 5, 7]))).toEqual([1, 1, 2, 2, 3, null]);
  });
});

describe('assignment and lots', () => {
  it('balances load and never assigns an ineligible judge', () => {
    const judges = [1, 2, 3, 4];
    const units = [101, 102, 103, 104, 105, 106];
    const own: Record<number, number> = { 1: 101, 2: 102 };
    const out = assignJudges(judges, units, 2, (j, u) => own[j] !== u);
    expect(out.get(101)).not.toContain(1);
    expect(out.get(102)).not.toContain(2);
    const load = new Map<number, number>();
    for (const js of out.values()) for (const j of js) load.set(j, (load.get(j) ?? 0) + 1);
    expect([...load.values()].sort()).toEqual([3, 3, 3, 3]);
  });

  it('stays balanced whatever the lot order, when a judge may not score one of the units', () => {
    // Six judges, two per unit: twelve places, two each. Judge 6 is a secretary of unit 101.
    const judges = [1, 2, 3, 4, 5, 6];
    for (let at = 0; at < 6; at++) {
      const units = [102, 103, 104, 105, 106];
      units.splice(at, 0, 101);
      const out = assignJudges(judges, units, 2, (j, u) => !(j === 6 && u === 101));
      expect([...out.keys()]).toEqual(units);
      expect(out.get(101)).not.toContain(6);
      expect([...out.values()].every((js) => js.length === 2 && new Set(js).size === 2)).toBe(true);
      const load = new Map<number, number>();
      for (const js of out.values()) for (const j of js) load.set(j, (load.get(j) ?? 0) + 1);
      expect(
        judges.map((j) => load.get(j) ?? 0),
        `unit 101 at ${at}`,
      ).toEqual([2, 2, 2, 2, 2, 2]);
    }
  });

  it('the lot is reproducible from its seed and a permutation', () => {
    const a = drawLots([1, 2, 3, 4, 5, 6, 7, 8], 42);
    expect(drawLots([1, 2, 3, 4, 5, 6, 7, 8], 42)).toEqual(a);
    expect([...a].sort()).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(drawLots([1, 2, 3, 4, 5, 6, 7, 8], 43)).not.toEqual(a);
  });
});

describe('qualifiers (the bracket)', () => {
  it('takes the top N by rank; a tie at the last place takes every unit in it; unranked never', () => {
    const units = [
      { id: 1, rank: 1 },
      { id: 2, rank: 2 },
      { id: 3, rank: 2 },
      { id: 4, rank: 4 },
      { id: 5, rank: null },
    ];
    expect(qualifiers(units, 1).map((u) => u.id)).toEqual([1]);
    expect(qualifiers(units, 2).map((u) => u.id)).toEqual([1, 2, 3]);
    expect(qualifiers(units, 9).map((u) => u.id)).toEqual([1, 2, 3, 4]);
  });
});
