import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createFileStore, isWholeImage } from '../../src/kernel/file-store.ts';
import { DEMO_EVIDENCE } from '../../src/modules/ratings/demo/demo-evidence.ts';
import { createWorld, type World } from '../builders.ts';
import { gridTownship, JPEG_1PX } from '../grid/grid.builders.ts';

const JPEG = Buffer.from(JPEG_1PX, 'base64');
const PAGE = Buffer.from('<html><body><script>alert(document.cookie)</script></body></html>');

/** Every file under a folder, recursively (relative paths). */
function filesUnder(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`],
  );
}

describe('the file store (kernel/file-store.ts)', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  const store = () => {
    const dir = mkdtempSync(join(tmpdir(), 'fivestar-store-'));
    dirs.push(dir);
    return createFileStore(dir);
  };

  it('stores a file once by content under its area, atomically, and reads it from any store on that root', async () => {
    const a = store();
    const sha = a.put('evidence', JPEG);
    expect(a.put('evidence', JPEG)).toBe(sha);
    expect(filesUnder(a.root)).toEqual([`evidence/${sha.slice(0, 2)}/${sha}`]); // no temporary file left
    const b = createFileStore(a.root); // another process on the same (shared) folder
    expect((await b.read('evidence', sha))?.equals(JPEG)).toBe(true);
    expect(await b.read('evidence', 'f'.repeat(64))).toBeNull();
    expect(() => b.pathOf('../etc', sha)).toThrow();
    expect(() => b.pathOf('evidence', '../../secret.key')).toThrow();
  });

  it('types files by their bytes; a whole image has nothing after its end', async () => {
    const s = store();
    const rules = { 'image/jpeg': { max: 1000 }, 'image/png': { max: 1000 } };
    expect(await s.sniff(JPEG, rules)).toMatchObject({ ok: true, mime: 'image/jpeg', ext: 'jpg' });
    expect(await s.sniff(PAGE, rules)).toEqual({ ok: false, reason: 'type' });
    expect(await s.sniff(Buffer.alloc(0), rules)).toEqual({ ok: false, reason: 'empty' });
    expect(await s.sniff(DEMO_EVIDENCE.body, { 'image/jpeg': { max: 1000 } })).toEqual({
      ok: false,
      reason: 'type',
    });
    const polyglot = Buffer.concat([JPEG, PAGE]);
    expect(await s.sniff(polyglot, rules)).toMatchObject({ ok: true, mime: 'image/jpeg' }); // the header alone
    expect(await s.sniff(polyglot, rules, { wholeImages: true })).toEqual({ ok: false, reason: 'type' });
    expect(
      await s.sniff(Buffer.concat([JPEG, JPEG, JPEG, JPEG, JPEG, JPEG, JPEG, JPEG, JPEG]), rules),
    ).toEqual({
      ok: false,
      reason: 'too_large',
    });
    expect(isWholeImage('image/png', DEMO_EVIDENCE.body)).toBe(true);
    expect(isWholeImage('image/png', Buffer.concat([DEMO_EVIDENCE.body, PAGE]))).toBe(false);
  });
});

describe('files over HTTP', () => {
  let w: World;
  afterEach(() => w.close());

  it('a grid photo must be a whole image of its declared type, and is served as that type, sandboxed', async () => {
    w = await createWorld();
    const t = await gridTownship(w);
    const upload = (contentType: string, body: Buffer) =>
      t.worker.post('/api/grid/attachments', { contentType, data: body.toString('base64') });
    // a JPEG header followed by an HTML page (issue 13) is refused on the field
    const polyglot = await upload('image/jpeg', Buffer.concat([JPEG, PAGE]));
    expect(polyglot.statusCode).toBe(400);
    expect(polyglot.json().error.fields[0].path).toBe('data');
    // a PNG declared as a JPEG is refused too
    expect((await upload('image/jpeg', DEMO_EVIDENCE.body)).statusCode).toBe(400);
    const ok = await upload('image/png', DEMO_EVIDENCE.body);
    expect(ok.statusCode).toBe(201);
    const photo = await t.worker.get(`/api/grid/attachments/${ok.json().id}`);
    expect(photo.statusCode).toBe(200);
    expect(photo.headers).toMatchObject({
      'content-type': 'image/png',
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
      'content-disposition': 'inline',
      'content-security-policy': "default-src 'none'; sandbox",
    });
  });
});
