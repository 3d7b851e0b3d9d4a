import { isValidIdNumber } from '@fivestar/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, login, type Session, type TestContext } from './test-app.ts';

const VALID_ID = '419926199003071233'; // fictional region 4199xx, valid check digit
const ID_RE = /\b\d{17}[\dX]\b/;
const PHONE_RE = /\b1[3-9]\d{9}\b/;

describe('persons: protected and masked personal data', () => {
  let ctx: TestContext;
  let secretary: Session;
  let unitId: number;

  beforeAll(async () => {
    ctx = await createTestApp();
    secretary = await login(ctx.app, 'secretary01');
    unitId = (await secretary.get('/api/me')).json().user.unit.id;
  });
  afterAll(async () => ctx.close());

  it('the test ID number is valid', () => expect(isValidIdNumber(VALID_ID)).toBe(true));

  it('a malformed ID number gets 400 naming the field, in the caller’s language', async () => {
    const body = { unitId, name: '测试人', idNumber: '419926199003071235', phone: '13800000000' };
    const zh = await secretary.post('/api/persons', body);
    expect(zh.statusCode).toBe(400);
    expect(zh.json().error.code).toBe('validation_failed');
    expect(zh.json().error.fields).toEqual([{ path: 'idNumber', message: '身份证号校验位错误' }]);
    const en = await secretary.request('POST', '/api/persons', body, { 'accept-language': 'en-US' });
    expect(en.json().error.fields[0]).toEqual({
      path: 'idNumber',
      message: 'The ID number check digit is wrong',
    });
    const short = await secretary.post('/api/persons', { ...body, idNumber: '4199' });
    expect(short.json().error.fields[0].path).toBe('idNumber');
    const badPhone = await secretary.post('/api/persons', { ...body, idNumber: VALID_ID, phone: '12345' });
    expect(badPhone.json().error.fields[0].path).toBe('phone');
    const unknownField = await secretary.post('/api/persons', { ...body, idNumber: VALID_ID, role: 'admin' });
    expect(unknownField.statusCode).toBe(400);
    const tooLong = await secretary.post('/api/persons', {
      ...body,
      idNumber: VALID_ID,
      name: '名'.repeat(41),
    });
    expect(tooLong.json().error.fields[0].path).toBe('name');
  });

  it('stores the ID number and phone encrypted and shows them masked', async () => {
    const res = await secretary.post('/api/persons', {
      unitId,
      name: '测试人',
      idNumber: VALID_ID,
      phone: '13812345678',
      isPartyMember: true,
    });
    expect(res.statusCode).toBe(201);
    const person = res.json();
    expect(person.idNumber).toBe('419926********1233');
    expect(person.phone).toBe('138****5678');
    expect(person.birthDate).toBe('1990-03-07');
    expect(person.gender).toBe('male');
    const row = await ctx.database.db
      .selectFrom('persons')
      .selectAll()
      .where('id', '=', person.id)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(VALID_ID);
    expect(JSON.stringify(row)).not.toContain('13812345678');
    const again = await secretary.post('/api/persons', { unitId, name: '重复', idNumber: VALID_ID });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.fields[0].path).toBe('idNumber');
  });

  it('no list or detail response carries an unmasked ID number or phone', async () => {
    const township = await login(ctx.app, 'township');
    for (const url of [
      '/api/persons?pageSize=200',
      '/api/grid/workers?pageSize=500',
      '/api/org/branches?pageSize=200',
    ]) {
      const body = (await township.get(url)).body;
      expect(ID_RE.test(body), url).toBe(false);
      expect(PHONE_RE.test(body), url).toBe(false);
    }
  });

  it('revealing needs pii:view and a reason, is audited and not cached', async () => {
    const list = (await secretary.get('/api/persons?pageSize=1')).json();
    const id = list.items[0].id;
    expect(
      (await secretary.post(`/api/persons/${id}/reveal`, { field: 'idNumber', reason: '核实身份' }))
        .statusCode,
    ).toBe(403);
    const centre = await login(ctx.app, 'centre');
    const noReason = await centre.post(`/api/persons/${id}/reveal`, { field: 'idNumber' });
    expect(noReason.statusCode).toBe(400);
    const res = await centre.post(`/api/persons/${id}/reveal`, {
      field: 'idNumber',
      reason: '调解需要核实身份',
    });
    expect(res.statusCode).toBe(200);
    expect(isValidIdNumber(res.json().value)).toBe(true);
    expect(res.headers['cache-control']).toBe('no-store');
    const audit = await ctx.database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'person.reveal')
      .executeTakeFirstOrThrow();
    expect(audit.actor_name).toBe('centre');
    expect(audit.object_id).toBe(String(id));
    expect(JSON.parse(audit.new_value!)).toEqual({ field: 'idNumber', reason: '调解需要核实身份' });
    expect(audit.new_value).not.toContain(res.json().value);
  });
});
