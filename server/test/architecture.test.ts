import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { execFileSync } from 'node:child_process';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/**
 * The layout's rules, checked on the repository itself (ARCHITECTURE.md, "Modules"): the engine imports no module,
 * modules and features meet only at their public index, pages call the API only through route contracts, no
 * source file grows past 600 lines, and every document the repository names is in it.
 */
const files = execFileSync('git', ['ls-files'], { encoding: 'utf8' }).split('\n').filter(Boolean);

describe('the module layout', () => {
  const eslint = new ESLint();
  const lint = async (filePath: string, code: string) =>
    (await eslint.lintText(code, { filePath }))[0]!.messages.filter(
      (m) => m.ruleId === 'no-restricted-imports',
    );

  it('db/ and http/ may not import a module or the kernel', async () => {
    const code = "import { gridModule } from '../modules/grid/index.ts';\nexport const m = gridModule;\n";
    expect(await lint('server/src/db/probe.ts', code)).toHaveLength(1);
    expect(await lint('server/src/http/probe.ts', code)).toHaveLength(1);
    expect(await lint('server/src/files/probe.ts', code)).toHaveLength(1);
    expect(await lint('server/src/kernel/probe.ts', code)).toHaveLength(0);
  });

  it('a module reaches another module only through its index.ts', async () => {
    const internal =
      "import { createGridService } from '../grid/grid.service.ts';\nexport const f = createGridService;\n";
    const pub = "import { gridModule } from '../grid/index.ts';\nexport const m = gridModule;\n";
    expect(await lint('server/src/modules/ratings/probe.ts', internal)).toHaveLength(1);
    expect(await lint('server/src/modules/ratings/probe.ts', pub)).toHaveLength(0);
    const nested =
      "import { rebuildCounts } from '../../grid/grid.counts.ts';\nexport const f = rebuildCounts;\n";
    expect(await lint('server/src/modules/ratings/demo/probe.ts', nested)).toHaveLength(1);
  });

  it('a web feature reaches another feature only through its index', async () => {
    const internal = "import { BoardPage } from '../../grid/pages/BoardPage';\nexport const p = BoardPage;\n";
    expect(await lint('web/src/features/ratings/pages/Probe.tsx', internal)).toHaveLength(1);
    const shared = "import { api } from '../../../api/client';\nexport const a = api;\n";
    expect(await lint('web/src/features/ratings/pages/Probe.tsx', shared)).toHaveLength(0);
  });

  it('no web feature writes an API path: pages call route contracts', () => {
    const offenders = files
      .filter((f) => /^web\/src\/features\/.*\.(ts|tsx)$/.test(f) && !/\.test\.tsx?$/.test(f))
      .filter((f) => /['"`]\/api\/|api\.(get|post|put|patch|delete)\(/.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('no source file outside the tests is longer than 600 lines', () => {
    const long = files
      .filter((f) => /\.(ts|tsx)$/.test(f) && !/(\.test\.tsx?|\.e2e\.ts|\.reliability\.ts)$/.test(f))
      .filter((f) => !f.startsWith('server/test/') && !f.startsWith('e2e/'))
      .map((f) => ({ f, lines: readFileSync(f, 'utf8').split('\n').length }))
      .filter((x) => x.lines > 600);
    expect(long).toEqual([]);
  });

  it('every document the repository names is in the repository', () => {
    const have = new Set(files.map((f) => basename(f)));
    const cited = new Set<string>();
    for (const f of files.filter((f) => /\.(ts|tsx|md|sh)$/.test(f)))
      for (const m of readFileSync(f, 'utf8').matchAll(/[A-Za-z0-9_-]+\.md\b/g)) cited.add(m[0]);
    expect([...cited].filter((c) => !have.has(c)).sort()).toEqual([]);
  });
});
