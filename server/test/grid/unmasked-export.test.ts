import ExcelJS from 'exceljs';
import type { RoleCode } from '@fivestar/common';
import { afterEach, describe, expect, it } from 'vitest';
import { createWorld, type World } from '../builders.ts';
import type { Response } from '../test-app.ts';
import { gridTownship, report } from './grid.builders.ts';

/**
 * docs/security.md item 18: a ledger export masks personal numbers for everyone, the grid centre included; one with
 * them in full is asked for with a reason, approved by someone else holding pii:approve, and downloaded once.
 */
const ID = '419901197505051236';
const TEXT = `身份证${ID} 需调解`;
const MASKED = `身份证419901********1236 需调解`;

async function cellsOf(res: Response & { rawPayload?: Buffer }): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((res.rawPayload ?? Buffer.from(res.body, 'binary')) as unknown as ExcelJS.Buffer);
  const cells: string[] = [];
  wb.worksheets[0]!.eachRow((row) => row.eachCell((c) => cells.push(String(c.value))));
  return cells.join('|');
}

describe('an unmasked export needs a second approver', () => {
  let w: World;
  afterEach(async () => w?.close());

  it('is masked by default, asked for, approved by another user only, and downloaded once; every step audited', async () => {
    w = await createWorld();
    const t = await gridTownship(w);
    await report(t.worker, t.village, {
      class: 'dispute',
      typeCode: 'dispute.neighbour',
      description: TEXT,
      parties: [{ name: '甲', role: 'party' }],
    });

    // The plain export is masked even for the grid centre, which reads the numbers on screen (pii:view).
    const plain = await t.centre.get('/api/grid/disputes/export');
    expect(plain.statusCode).toBe(200);
    const plainCells = await cellsOf(plain);
    expect(plainCells).toContain(MASKED);
    expect(plainCells).not.toContain(ID);

    // Asking needs pii:export and a reason.
    expect(
      (await t.office.post('/api/grid/exports/unmasked', { kind: 'disputes', reason: '法院调取' }))
        .statusCode,
    ).toBe(403);
    const bad = await t.centre.post('/api/grid/exports/unmasked', { kind: 'disputes', reason: ' ' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0].path).toBe('reason');
    const asked = await t.centre.post('/api/grid/exports/unmasked', {
      kind: 'disputes',
      reason: '县法院调取卷宗',
    });
    expect(asked.statusCode).toBe(201);
    const id = asked.json().id as number;
    // People by their names (never login names), and whether the reader asked.
    const centreName = await w.database.db
      .selectFrom('users')
      .select(['display_name', 'username'])
      .where('role_code', '=', 'grid_centre')
      .executeTakeFirstOrThrow();
    expect(centreName.display_name).not.toBe(centreName.username);
    expect(asked.json()).toMatchObject({
      status: 'pending',
      requestedBy: centreName.display_name,
      approvedBy: null,
      mine: true,
    });

    // Not approved: no download.
    const early = await t.centre.post(`/api/grid/exports/unmasked/${id}/download`);
    expect(early.statusCode).toBe(403);
    expect(early.json().error.message).toContain('尚未审批');

    // The requester cannot approve: the centre lacks pii:approve, and a role holding both is refused its own request.
    expect((await t.centre.post(`/api/grid/exports/unmasked/${id}/approve`)).statusCode).toBe(403);
    await w.database.db
      .insertInto('roles')
      .values({
        code: 'export_officer',
        name_zh: '导出专员',
        name_en: 'Export officer',
        permissions: JSON.stringify(['grid:read', 'pii:view', 'pii:export', 'pii:approve']),
      } as never)
      .execute();
    const officer = await w.login(await w.user({ role: 'export_officer' as RoleCode, unit: t.township }));
    const own = await officer.post('/api/grid/exports/unmasked', { kind: 'risks', reason: '自查风险台账' });
    expect(own.statusCode).toBe(201);
    const ownApproval = await officer.post(`/api/grid/exports/unmasked/${own.json().id}/approve`);
    expect(ownApproval.statusCode).toBe(403);
    expect(ownApproval.json().error.message).toContain('另一人');

    // The approver sees the request in its area and approves it; approving twice is a conflict.
    const listed = (await t.office.get('/api/grid/exports/unmasked')).json() as { id: number }[];
    expect(listed.map((r) => r.id)).toEqual(expect.arrayContaining([id, own.json().id]));
    expect(
      (await t.centre.get('/api/grid/exports/unmasked')).json().map((r: { id: number }) => r.id),
    ).toEqual([id]);
    const approved = await t.office.post(`/api/grid/exports/unmasked/${id}/approve`);
    expect(approved.statusCode).toBe(200);
    expect(approved.json()).toMatchObject({ status: 'approved', mine: false });
    expect((await t.office.post(`/api/grid/exports/unmasked/${id}/approve`)).statusCode).toBe(409);

    // Only the requester downloads, once, with the numbers in full.
    expect((await officer.post(`/api/grid/exports/unmasked/${id}/download`)).statusCode).toBe(404);
    const file = await t.centre.post(`/api/grid/exports/unmasked/${id}/download`);
    expect(file.statusCode).toBe(200);
    expect(await cellsOf(file)).toContain(TEXT);
    const again = await t.centre.post(`/api/grid/exports/unmasked/${id}/download`);
    expect(again.statusCode).toBe(403);
    expect(again.json().error.message).toContain('只能下载一次');

    const rows = await w.database.db
      .selectFrom('audit_log')
      .select(['action', 'result', 'new_value'])
      .where('action', 'like', 'grid.%export%')
      .orderBy('id')
      .execute();
    expect(rows.map((r) => [r.action, r.result])).toEqual([
      ['grid.dispute.export', 'ok'],
      ['grid.export_unmasked.request', 'ok'],
      ['grid.export_unmasked.download', 'denied'],
      ['grid.export_unmasked.request', 'ok'],
      ['grid.export_unmasked.approve', 'denied'],
      ['grid.export_unmasked.approve', 'ok'],
      ['grid.dispute.export', 'ok'],
      ['grid.export_unmasked.download', 'denied'],
    ]);
    expect(JSON.parse(rows[6]!.new_value!).unmasked).toEqual({
      requestId: id,
      approvedBy: expect.any(String),
    });
    expect(JSON.parse(rows[0]!.new_value!).unmasked).toBeUndefined();
  });
});
