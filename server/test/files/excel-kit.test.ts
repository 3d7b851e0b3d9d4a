import { Zip, type ZipInputFile } from 'fflate';
import { constants, crc32, deflateRawSync, inflateRawSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_IMPORT_LIMITS } from '../../src/files/excel.ts';
import { zipProblem } from '../../src/files/zip-guard.ts';
import { createWorld, type World } from '../builders.ts';
import { gridTownship } from '../grid/grid.builders.ts';

/**
 * Bounded imports (docs/security.md item 30): every Excel import goes through the one kit (server/src/files/), which
 * refuses a zip bomb from the archive's central directory before any parser runs, and nothing is written.
 */

const MiB = 1024 * 1024;

/**
 * The raw deflate stream of `mib` MiB of zeros, built cheaply and synchronously: one MiB is deflated once on its own
 * (sync-flushed, so it ends on a byte boundary and is not the last block) and repeated; a final empty block ends the
 * stream. Each copy refers only to its own bytes, so the concatenation is a valid stream.
 */
function zerosDeflated(mib: number): Buffer {
  const block = deflateRawSync(Buffer.alloc(MiB), { level: 9, finishFlush: constants.Z_SYNC_FLUSH });
  const last = deflateRawSync(Buffer.alloc(0));
  return Buffer.concat([...Array<Buffer>(mib).fill(block), last]);
}

/** A zip (fflate) whose worksheet entry expands to `mib` MiB of zeros, declared honestly in its headers. */
async function zipBomb(mib: number): Promise<Buffer> {
  const deflated = zerosDeflated(mib);
  let crc = 0;
  const zeros = Buffer.alloc(MiB);
  for (let i = 0; i < mib; i++) crc = crc32(zeros, crc);
  const out: Uint8Array[] = [];
  const zip = new Zip((err, chunk) => {
    if (err) throw err;
    out.push(chunk);
  });
  const entry: ZipInputFile = { filename: 'xl/worksheets/sheet1.xml', size: mib * MiB, crc, compression: 8 };
  zip.add(entry);
  entry.ondata!(null, deflated as Uint8Array<ArrayBuffer>, true);
  zip.end();
  return Buffer.concat(out);
}

const limitsOf = (maxSheetRows = DEFAULT_IMPORT_LIMITS.maxRows) => ({
  maxEntries: DEFAULT_IMPORT_LIMITS.maxEntries,
  maxEntryBytes: DEFAULT_IMPORT_LIMITS.maxExpandedBytes,
  maxTotalBytes: DEFAULT_IMPORT_LIMITS.maxExpandedBytes,
  maxRatio: DEFAULT_IMPORT_LIMITS.maxRatio,
  maxSheetRows,
});

describe('the Excel kit: bounded imports', () => {
  let w: World | undefined;
  // A world is closed once: tests that build none must not close the previous test's again (on PostgreSQL that drops
  // a schema that is gone).
  afterEach(async () => {
    await w?.close();
    w = undefined;
  });

  it('the test bomb is what it says: its stream inflates to exactly that many zeros', () => {
    const zeros = inflateRawSync(zerosDeflated(3));
    expect(zeros.length).toBe(3 * MiB);
    expect(zeros.every((b) => b === 0)).toBe(true);
  });

  it('a 0.7 MB zip bomb expanding to 700 MB is refused with 413 by every import, and nothing is written', async () => {
    const bomb = await zipBomb(700);
    expect(bomb.length).toBeLessThan(0.75 * 1024 * 1024);
    expect(zipProblem(bomb, limitsOf())).toBe('too_large');

    const world = (w = await createWorld());
    const t = await gridTownship(world);
    const auditRows = async () =>
      (await world.database.db.selectFrom('audit_log').select('id').execute()).length;
    const events = async () =>
      (await world.database.db.selectFrom('grid_events').select('id').execute()).length;

    const county = await w.login(await w.user({ role: 'county_admin', unit: await w.county() }));
    const clerk = await w.login(await w.user({ role: 'township_admin', unit: t.township }));
    const before = { audit: await auditRows(), events: await events() };
    for (const ledger of ['disputes', 'risks']) {
      const res = await t.centre.post(`/api/grid/${ledger}/import`, { data: bomb.toString('base64') });
      expect(res.statusCode).toBe(413);
      expect(res.json().error.fields).toEqual([
        { path: 'data', message: expect.stringContaining('超出导入上限') },
      ]);
    }
    const bin = { 'content-type': 'application/octet-stream' };
    const ratings = await county.request('POST', '/api/ratings/import?year=2024', bomb, bin);
    expect(ratings.statusCode).toBe(413);
    const dev = await clerk.request('POST', '/api/development/registries/jobFairs/import', bomb, bin);
    expect(dev.statusCode).toBe(413);
    expect(dev.json().error.fields).toEqual([
      { path: 'file', message: expect.stringContaining('超出导入上限') },
    ]);
    const english = await clerk.request('POST', '/api/development/labour/import', bomb, {
      ...bin,
      'accept-language': 'en',
    });
    expect(english.statusCode).toBe(413);
    expect(english.json().error.message).toContain('import limits');

    expect({ audit: await auditRows(), events: await events() }).toEqual(before);
  });

  it('refuses an entry whose expansion ratio is abnormal even under the size limit', async () => {
    const dense = await zipBomb(8); // 8 MiB of zeros in ~8 KB: ratio ~1000
    expect(zipProblem(dense, limitsOf())).toBe('ratio');
    expect(zipProblem(dense, { ...limitsOf(), maxRatio: 2000 })).toBeNull();
  });

  it('counts a worksheet’s rows before parsing and refuses one over the limit', async () => {
    w = await createWorld();
    const t = await gridTownship(w);
    const file = (
      await w.app.inject({
        method: 'GET',
        url: '/api/grid/risks/export',
        headers: { cookie: t.centre.cookie },
      })
    ).rawPayload;
    // The template has a title and a header row: 2 rows.
    expect(zipProblem(file, limitsOf(2))).toBeNull();
    expect(zipProblem(file, limitsOf(1))).toBe('too_many_rows');
  });
});
