import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_EVIDENCE } from '../../src/modules/ratings/demo/demo-evidence.ts';
import { createWorld, type World } from '../builders.ts';
import type { Session } from '../test-app.ts';
import { createRecord } from './development.builders.ts';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n', 'latin1');
/** An HTML page with a voucher's name: refused whatever it is called. */
const HTML = Buffer.from('<!doctype html><html><script>alert(1)</script></html>', 'utf8');

let w: World;
afterEach(async () => w?.close());

function upload(s: Session, registry: string, id: number, body: Buffer, name: string) {
  return s.request(
    'POST',
    `/api/development/registries/${registry}/${id}/files?name=${encodeURIComponent(name)}`,
    body,
    { 'content-type': 'application/octet-stream' },
  );
}

async function incomeWorld() {
  w = await createWorld();
  const village = await w.village({ name: '王英庄村' });
  const elsewhere = await w.village({
    name: '外乡村',
    district: await w.district({ township: await w.township({ name: '外乡镇' }) }),
  });
  const clerk = await w.login(await w.user({ role: 'township_admin', unit: village.township }));
  const income = await createRecord(clerk, 'collectiveIncome', {
    unit: village.id,
    category: 'operation',
    amountYuan: 120000,
    receivedOn: '2026-03-01',
    voucherNo: '记-2026-01',
  });
  return { village, elsewhere, clerk, income };
}

const auditActions = async () =>
  (
    await w.database.db
      .selectFrom('audit_log')
      .select(['action', 'object_type', 'object_id'])
      .where('action', 'like', 'development.collectiveIncome.file%')
      .orderBy('id')
      .execute()
  ).map((a) => a.action);

/** Vouchers on registry records: the one file store, typed by content, scoped, audited. */
describe('registry files (vouchers)', () => {
  it('uploads a voucher photo and a PDF, lists them, serves them in place when asked; every step audited', async () => {
    const { clerk, income } = await incomeWorld();
    const png = await upload(clerk, 'collectiveIncome', income.id, DEMO_EVIDENCE.body, '凭证 记-01.png');
    expect(png.statusCode, png.body).toBe(201);
    expect(png.json()).toMatchObject({ name: '凭证 记-01.png', mime: 'image/png' });
    const pdf = await upload(clerk, 'collectiveIncome', income.id, PDF, 'voucher.pdf');
    expect(pdf.statusCode, pdf.body).toBe(201);

    const list = await clerk.get(`/api/development/registries/collectiveIncome/${income.id}/files`);
    expect(list.statusCode).toBe(200);
    expect(list.json().map((f: { name: string; mime: string }) => [f.name, f.mime])).toEqual([
      ['凭证 记-01.png', 'image/png'],
      ['voucher.pdf', 'application/pdf'],
    ]);

    const inline = await clerk.get(`/api/development/files/${png.json().id}?view=inline`);
    expect(inline.statusCode).toBe(200);
    expect(inline.headers['content-type']).toBe('image/png');
    expect(inline.headers['content-disposition']).toMatch(/^inline; /);
    expect(inline.headers['x-content-type-options']).toBe('nosniff');
    const download = await clerk.get(`/api/development/files/${pdf.json().id}`);
    expect(download.headers['content-disposition']).toMatch(/^attachment; /);

    // A record with files is not deleted; the file is deleted first, then the record.
    const blocked = await clerk.request(
      'DELETE',
      `/api/development/registries/collectiveIncome/${income.id}`,
    );
    expect(blocked.statusCode).toBe(409);
    for (const f of [png, pdf])
      expect((await clerk.request('DELETE', `/api/development/files/${f.json().id}`)).statusCode).toBe(204);
    expect((await clerk.get(`/api/development/files/${png.json().id}`)).statusCode).toBe(404);
    expect(
      (await clerk.get(`/api/development/registries/collectiveIncome/${income.id}/files`)).json(),
    ).toEqual([]);
    expect(
      (await clerk.request('DELETE', `/api/development/registries/collectiveIncome/${income.id}`)).statusCode,
    ).toBe(204);

    expect(await auditActions()).toEqual([
      'development.collectiveIncome.file_upload',
      'development.collectiveIncome.file_upload',
      'development.collectiveIncome.file_download',
      'development.collectiveIncome.file_download',
      'development.collectiveIncome.file_delete',
      'development.collectiveIncome.file_delete',
    ]);
  });

  it('refuses a file whose bytes are not an accepted type (415, a clear message), whatever its name', async () => {
    const { clerk, income } = await incomeWorld();
    const res = await upload(clerk, 'collectiveIncome', income.id, HTML, 'voucher.png');
    expect(res.statusCode).toBe(415);
    expect(res.json().error.message).toMatch(/PDF/);
    const en = await clerk.request(
      'POST',
      `/api/development/registries/collectiveIncome/${income.id}/files?name=v.pdf`,
      HTML,
      { 'content-type': 'application/octet-stream', 'accept-language': 'en' },
    );
    expect(en.json().error.message).toBe('Upload images (JPG/PNG/WebP/HEIC), PDF or Office documents only');
    const empty = await upload(clerk, 'collectiveIncome', income.id, Buffer.alloc(0), 'x.pdf');
    expect(empty.statusCode).toBe(400);
    // A registry whose records carry no files answers 404 and names why.
    const attendance = await upload(clerk, 'cleaners', income.id, PDF, 'x.pdf');
    expect(attendance.statusCode).toBe(404);
    // Nothing written, nothing audited.
    expect(await w.database.db.selectFrom('dev_files').select('id').execute()).toEqual([]);
    expect(await auditActions()).toEqual([]);
  });

  it('a caller outside the record’s area cannot list, read, upload or delete (404, as if missing); a role without the registries is refused (403)', async () => {
    const { elsewhere, clerk, income } = await incomeWorld();
    const file = (await upload(clerk, 'collectiveIncome', income.id, PDF, 'voucher.pdf')).json();
    const outsider = await w.login(await w.user({ role: 'township_admin', unit: elsewhere.township }));
    expect((await outsider.get(`/api/development/files/${file.id}`)).statusCode).toBe(404);
    expect(
      (await outsider.get(`/api/development/registries/collectiveIncome/${income.id}/files`)).statusCode,
    ).toBe(404);
    expect((await upload(outsider, 'collectiveIncome', income.id, PDF, 'x.pdf')).statusCode).toBe(404);
    expect((await outsider.request('DELETE', `/api/development/files/${file.id}`)).statusCode).toBe(404);
    const gridWorker = await w.login(await w.user({ role: 'grid_worker', unit: elsewhere }));
    expect((await gridWorker.get(`/api/development/files/${file.id}`)).statusCode).toBe(403);
    // The outsider's attempts changed nothing and no download was recorded for them.
    expect(await auditActions()).toEqual(['development.collectiveIncome.file_upload']);
    expect((await clerk.get(`/api/development/files/${file.id}`)).statusCode).toBe(200);
  });
});
