/**
 * npm run bench:web — builds the web app and weighs what each entry page downloads on a first visit: the compressed
 * bytes (brotli, and gzip for clients without it) of the JavaScript and CSS the page loads before it is usable.
 *
 * The module graph comes from Vite's build manifest (web/dist/.vite/manifest.json): the entry (index.html) with its
 * static imports, plus, for each page, the chunks its routes load lazily (the antd frame, the signed-in shell, the
 * dictionaries, the page) with their static imports, plus every chunk's CSS. Sizes are those of the `.br` / `.gz`
 * files the build writes next to each asset and the server sends (server/src/http/web.ts); a file too small to be
 * worth compressing counts at its own size. Exits non-zero when a page is over its target, or when a page that
 * draws no chart would load the chart library.
 *
 * Options: --no-build (weigh the existing web/dist), --dist DIR (another build), --json (machine-readable output).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const args = new Set(argv);
/** --dist DIR weighs a build elsewhere (with --no-build). */
const DIST = argv.includes('--dist')
  ? resolve(argv[argv.indexOf('--dist') + 1] ?? '')
  : join(ROOT, 'web', 'dist');

interface ManifestChunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  isDynamicEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}
type Manifest = Record<string, ManifestChunk>;

/** The lazy modules a page's routes load (manifest keys are source paths relative to web/), and its target. */
interface PageSpec {
  name: string;
  url: string;
  /** kB (1000 bytes) of brotli-compressed JS+CSS; undefined = printed only. */
  targetKb?: number;
  /** Whether the page draws charts (only then may it load echarts). */
  charts: boolean;
  lazy: (m: Manifest) => string[];
}

/**
 * Every feature's dictionary: the entry's lazy imports named i18n (a feature's `strings: () => import('./i18n')`;
 * a dictionary also imported by a page may sit in a shared chunk `_i18n-….js`).
 */
const ALL_FEATURE_STRINGS = (m: Manifest) =>
  (m['index.html']?.dynamicImports ?? []).filter((k) => /(^|\/|_)i18n[.-]/.test(k));
/** What every page inside the signed-in shell loads: antd's frame, the shell, every dictionary. */
const SIGNED_IN = (m: Manifest) => ['src/app/Frame.tsx', 'src/app/SignedIn.tsx', ...ALL_FEATURE_STRINGS(m)];

const PAGES: PageSpec[] = [
  { name: 'sign-in', url: '/login', targetKb: 150, charts: false, lazy: () => [] },
  {
    // The public notice page villagers open without signing in (linked from the sign-in page); drawn without antd.
    name: 'public notice',
    url: '/publicity/:id',
    targetKb: 150,
    charts: false,
    lazy: () => ['src/features/publicity/i18n.ts', 'src/features/publicity/pages/PublicPage.tsx'],
  },
  {
    name: 'star-rating notice',
    url: '/notice/:id',
    targetKb: 150,
    charts: false,
    // Drawn without antd too; it shows supervision's list of stars taken, with supervision's words.
    lazy: () => [
      'src/features/ratings/i18n.ts',
      'src/features/supervision/i18n.ts',
      'src/features/ratings/pages/PublicNoticePage.tsx',
    ],
  },
  {
    name: 'report form (grid worker)',
    url: '/events/report',
    targetKb: 250,
    charts: false,
    // Drawn without antd and outside the signed-in shell: the grid's dictionaries and the page, whose static imports
    // bring the session check (/api/me), the outbox and the form.
    lazy: () => ['src/features/grid/i18n.ts', 'src/features/grid/report/ReportLitePage.tsx'],
  },
  {
    name: 'home',
    url: '/',
    charts: false,
    lazy: (m) => [...SIGNED_IN(m), 'src/features/home/pages/HomePage.tsx'],
  },
  {
    name: 'ratings dashboard',
    url: '/ratings',
    charts: true,
    lazy: (m) => [...SIGNED_IN(m), 'src/app/guards.tsx', 'src/features/ratings/pages/DashboardPage.tsx'],
  },
];

function build(): void {
  execFileSync('npm', ['run', 'build', '-w', 'web'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
}

function sizeOf(file: string, ext: '' | '.br' | '.gz'): number {
  const path = join(DIST, file + ext);
  return existsSync(path) ? statSync(path).size : statSync(join(DIST, file)).size;
}

/** Every JS and CSS file the given manifest keys load, with their static imports (not their lazy ones). */
function closure(manifest: Manifest, keys: string[]): Set<string> {
  const files = new Set<string>();
  const seen = new Set<string>();
  const walk = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    const chunk = manifest[key];
    if (!chunk)
      throw new Error(
        `bench:web: ${key} is not in the build manifest (renamed? update scripts/bench-web.ts)`,
      );
    files.add(chunk.file);
    for (const css of chunk.css ?? []) files.add(css);
    for (const dep of chunk.imports ?? []) walk(dep);
  };
  for (const key of keys) walk(key);
  return files;
}

const kb = (bytes: number) => (bytes / 1000).toFixed(1);

function main(): void {
  if (!args.has('--no-build')) build();
  const manifest = JSON.parse(readFileSync(join(DIST, '.vite', 'manifest.json'), 'utf8')) as Manifest;
  const echarts = new Set(
    Object.values(manifest)
      .filter((c) => /(^|\/)echarts-[^/]+\.js$/.test(c.file))
      .map((c) => c.file),
  );
  const html = {
    raw: sizeOf('index.html', ''),
    br: sizeOf('index.html', '.br'),
    gz: sizeOf('index.html', '.gz'),
  };
  let failed = false;
  const rows = PAGES.map((p) => {
    const files = closure(manifest, ['index.html', ...p.lazy(manifest)]);
    files.delete('index.html');
    const list = [...files];
    const sum = (ext: '' | '.br' | '.gz') => list.reduce((n, f) => n + sizeOf(f, ext), 0);
    const charts = list.some((f) => echarts.has(f));
    const br = sum('.br');
    const over = p.targetKb !== undefined && br > p.targetKb * 1000;
    const chartsWrong = charts && !p.charts;
    if (over || chartsWrong) failed = true;
    return {
      page: p.name,
      url: p.url,
      files: list.length,
      raw: sum(''),
      br,
      gz: sum('.gz'),
      targetKb: p.targetKb,
      charts,
      over,
      chartsWrong,
    };
  });
  if (args.has('--json')) {
    console.log(JSON.stringify({ html, pages: rows }, null, 2));
  } else {
    console.log(
      `bench:web — JS+CSS a first visit loads (kB = 1000 bytes); index.html itself: ${kb(html.br)} kB br`,
    );
    console.log(
      `${'page'.padEnd(28)}${'url'.padEnd(16)}${'files'.padStart(6)}${'raw'.padStart(10)}${'gzip'.padStart(9)}${'brotli'.padStart(9)}${'target'.padStart(9)}  charts  verdict`,
    );
    for (const r of rows) {
      const verdict = r.chartsWrong
        ? 'FAIL (loads echarts)'
        : r.over
          ? 'FAIL (over target)'
          : r.targetKb
            ? 'ok'
            : '—';
      console.log(
        `${r.page.padEnd(28)}${r.url.padEnd(16)}${String(r.files).padStart(6)}${kb(r.raw).padStart(10)}${kb(r.gz).padStart(9)}${kb(r.br).padStart(9)}${(r.targetKb ? `< ${r.targetKb}` : '').padStart(9)}  ${(r.charts ? 'yes' : 'no').padEnd(6)}  ${verdict}`,
      );
    }
  }
  if (failed) process.exitCode = 1;
}

main();
