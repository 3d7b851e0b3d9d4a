import ExcelJS from 'exceljs';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createWorld, type World } from '../builders.ts';
import { gridTownship, report } from './grid.builders.ts';

/**
 * Personal numbers in free text (docs/security.md item 16): an ID number and a mobile typed into a description,
 * a reply or a mediation note are sealed at write time — the database file and its WAL never hold them — and every
 * read path (the event, the dispute ledger, its Excel export, the audit log) shows them masked unless the reader
 * holds pii:view.
 */
const ID = '419901197505051236';
const PHONE = '13987654321';
const TEXT = `身份证${ID} 电话${PHONE}`;
const MASKED = `身份证419901********1236 电话139****4321`;

describe('personal numbers in free text', () => {
  let w: World;
  let dir: string | null = null;
  afterEach(async () => {
    await w?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = null;
  });

  it('are sealed when written, masked for readers without pii:view, shown to the grid centre', async () => {
    dir = mkdtempSync(join(tmpdir(), 'fivestar-pii-'));
    const file = join(dir, 'test.db');
    w = await createWorld({ sqliteFile: file });
    const t = await gridTownship(w);
    const id = await report(t.worker, t.village, {
      class: 'dispute',
      typeCode: 'dispute.neighbour',
      description: TEXT,
      parties: [{ name: '甲', role: 'party' }],
    });
    const accept = await t.centre.post(`/api/grid/events/${id}/accept`, { reason: `已联系 ${PHONE}` });
    expect(accept.statusCode).toBe(200);
    await t.centre.post(`/api/grid/events/${id}/dispatch`, { handlerUnitId: t.village.id });
    const m = (step: string, extra: Record<string, unknown>) =>
      t.secretary.post(`/api/grid/events/${id}/mediation`, { step, ...extra });
    expect((await m('start', { mediatorName: '村调委会王主任' })).statusCode).toBe(200);
    expect((await m('session', { note: `当事人身份证 ${ID}` })).statusCode).toBe(200);

    // The township office (no pii:view) reads masked numbers everywhere.
    const event = await t.office.get(`/api/grid/events/${id}`);
    expect(event.statusCode).toBe(200);
    expect(event.json().description).toBe(MASKED);
    const auditor = await w.login(await w.user({ role: 'auditor', unit: t.township }));
    const audit = await auditor.get('/api/audit?pageSize=200');
    expect(audit.body).toContain('419901********1236'); // the accept reason and the report, as audited
    for (const res of [event, await t.office.get('/api/grid/disputes'), audit]) {
      expect(res.statusCode).toBe(200);
      expect(res.body).not.toContain(ID);
      expect(res.body).not.toContain(PHONE);
      expect(res.body).not.toContain('⟦pii:');
    }
    const ledger = (await t.office.get('/api/grid/disputes')).json();
    expect(ledger.items.find((r: { id: number }) => r.id === id).description).toBe(MASKED);
    const exported = await w.app.inject({
      method: 'GET',
      url: '/api/grid/disputes/export',
      headers: { cookie: t.office.cookie },
    });
    expect(exported.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(exported.rawPayload as unknown as ExcelJS.Buffer);
    const cells: string[] = [];
    wb.worksheets[0]!.eachRow((row) => row.eachCell((c) => cells.push(String(c.value))));
    expect(cells).toContain(MASKED);
    expect(cells.join('|')).not.toContain(ID);

    // The grid centre (pii:view) reads the originals.
    expect((await t.centre.get(`/api/grid/events/${id}`)).json().description).toBe(TEXT);
    const centreLedger = (await t.centre.get('/api/grid/disputes')).json();
    expect(centreLedger.items.find((r: { id: number }) => r.id === id).description).toBe(TEXT);
    const log = (await t.centre.get(`/api/grid/events/${id}`)).body;
    expect(log).toContain(`已联系 ${PHONE}`);
    expect(log).toContain(`当事人身份证 ${ID}`);

    // Stored: sealed in the row, and nowhere in the database's bytes (file and WAL) after a checkpoint.
    const row = await w.database.db
      .selectFrom('grid_events')
      .select('description')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.description).toMatch(/^身份证⟦pii:[A-Za-z0-9+/=]+⟧ 电话⟦pii:[A-Za-z0-9+/=]+⟧$/);
    if (w.database.dialect === 'sqlite') {
      await sql`pragma wal_checkpoint(PASSIVE)`.execute(w.database.db);
      for (const f of [file, `${file}-wal`]) {
        if (!existsSync(f)) continue;
        const bytes = readFileSync(f);
        expect(bytes.includes(Buffer.from(ID)), f).toBe(false);
        expect(bytes.includes(Buffer.from(PHONE)), f).toBe(false);
      }
      // The text around the numbers is there in clear, so the search above looked at the right bytes.
      const all = Buffer.concat([file, `${file}-wal`].filter(existsSync).map((f) => readFileSync(f)));
      expect(all.includes(Buffer.from('⟦pii:'))).toBe(true);
    }
  });
});
