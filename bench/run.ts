/**
 * `npm run bench`: every benchmark under bench/, each reporting its figures as ratios against a baseline measured in
 * the same run. Benchmarks run against the province-scale database built by `seed:scale` (built once, cached under
 * data/bench/). Set BENCH_BRANCHES to use a smaller tree while developing.
 */
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { contestsBench } from './contests.bench.ts';
import { developmentBench } from './development.bench.ts';
import { gridBench } from './grid.bench.ts';
import { orgBench } from './org.bench.ts';
import { partylifeBench } from './partylife.bench.ts';
import { ratingsBench } from './ratings.bench.ts';
import { supervisionBench } from './supervision.bench.ts';
import { loadKeys } from '../server/src/runtime.ts';
import type { Bench } from './bench-kit.ts';

const BENCH_DIR = 'data/bench';

/** Benchmarks by module; BENCH_ONLY=grid,org runs a subset. */
const BENCHES: Record<string, Bench> = {
  org: orgBench,
  ratings: ratingsBench,
  grid: gridBench,
  development: developmentBench,
  supervision: supervisionBench,
  partylife: partylifeBench,
  contests: contestsBench,
};

async function main() {
  const branches = Number(process.env.BENCH_BRANCHES ?? 46000);
  // Grid events in the bench database: 10,000,000 is the issue's province-year (≈35 min to build here), not the default.
  const events = Number(process.env.BENCH_EVENTS ?? 200_000);
  const dbFile = `${BENCH_DIR}/scale-${branches}-ev${events}.db`;
  if (!existsSync(dbFile)) {
    console.log(`building ${dbFile} with seed:scale (once)…`);
    execFileSync(
      'npx',
      [
        'tsx',
        'server/src/cli.ts',
        'seed:scale',
        '--branches',
        String(branches),
        '--events',
        String(events),
        '--out',
        dbFile,
      ],
      {
        stdio: 'inherit',
        env: { ...process.env, FIVESTAR_DATA_DIR: BENCH_DIR },
      },
    );
  }
  const only = process.env.BENCH_ONLY?.split(',').filter(Boolean);
  for (const [name, bench] of Object.entries(BENCHES)) {
    if (only && !only.includes(name)) continue;
    const result = await bench({ dbFile, branches, keys: loadKeys({ FIVESTAR_DATA_DIR: BENCH_DIR }) });
    console.log(
      `\n${result.name}\n  baseline: ${result.baseline.label}: ${result.baseline.ms.toFixed(3)} ms`,
    );
    for (const row of result.rows) {
      console.log(
        `  ${row.label.padEnd(48)} ${row.ms.toFixed(3).padStart(9)} ms  ×${row.ratio.toFixed(1)} baseline${row.note ? `  (${row.note})` : ''}`,
      );
    }
  }
}

await main();
