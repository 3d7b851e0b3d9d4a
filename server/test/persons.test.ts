import { isValidIdNumber, maskIdNumber, maskPhone } from '@fivestar/common';
import { afterEach, describe, expect, it } from 'vitest';
import { createWorld, type Village, type World } from './builders.ts';
import type { Session } from './test-app.ts';

const VALID_ID = '419926199003071233'; // fictional region 4199xx, valid check digit
const ID_RE = /\b\d{17}[\dX]\b/;
const PHONE_RE = /\b1[3-9]\d{9}\b/;

it('the test ID number is valid', () => expect(isValidIdNumber(VALID_ID)).toBe(true));

describe('persons: protected and masked personal data', () => {
  let w: World;
  afterEach(async () => w.close());

  /** A village with its secretary (who registers people); the township's grid centre reveals. */
  async function village(): Promise<{ village: Village; unitId: number }> {
    w = await createWorld();
    const v = await w.village();
    await w.user({ role: 'village_secretary', unit: v, username: 'secretary' });
    await w.user({ role: 'grid_centre', unit: v.township, username: 'centre' });
    return { village: v, unitId: v.id };
  }

  it('a malformed ID number gets 400 naming the field, in the caller’s language', async () => {
    const { unitId } = await village();
    const secretary = await w.login('secretary');
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
    const badDate = await secretary.post('/api/persons', { ...body, idNumber: '419926199002301232' });
    expect(badDate.json().error.fields).toEqual([{ path: 'idNumber', message: '身份证号中的出生日期无效' }]);
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
    expect(await w.database.db.selectFrom('persons').select('id').execute()).toEqual([]);
  });

  it('stores the ID number and phone encrypted and shows them masked', async () => {
    const { unitId } = await village();
    const secretary = await w.login('secretary');
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
    const row = await w.database.db
      .selectFrom('persons')
      .selectAll()
      .where('id', '=', person.id)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(VALID_ID);
    expect(JSON.stringify(row)).not.toContain('13812345678');
    const again = await secretary.post('/api/persons', { unitId, name: '重复', idNumber: VALID_ID });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.fields[0].path).toBe('idNumber');
    // A lower-case x is the same number.
    const x = '41992619900307109X';
    expect(isValidIdNumber(x)).toBe(true);
    expect((await secretary.post('/api/persons', { unitId, name: '甲', idNumber: x })).statusCode).toBe(201);
    const lower = await secretary.post('/api/persons', { unitId, name: '乙', idNumber: x.toLowerCase() });
    expect(lower.statusCode).toBe(409);
  });

  it('no list or detail response carries an unmasked ID number or phone', async () => {
    w = await createWorld();
    const v = await w.village({ secretary: { name: '王书记', phone: '13911112222' } });
    const worker = await w.gridWorker(v, { phone: '13733334444' });
    const person = await w.person({ unit: v, idNumber: VALID_ID, phone: '13655556666' });
    await w.user({ role: 'township_admin', unit: v.township, username: 'township' });
    const township = await w.login('township');
    const urls = [
      '/api/persons?pageSize=200',
      `/api/persons/${person.id}`,
      '/api/grid/workers?pageSize=500',
      '/api/org/branches?pageSize=200',
      `/api/org/branches/${v.branchId}`,
    ];
    for (const url of urls) {
      const res = await township.get(url);
      expect(res.statusCode, url).toBe(200);
      expect(ID_RE.test(res.body), url).toBe(false);
      expect(PHONE_RE.test(res.body), url).toBe(false);
    }
    // …and they do show the masked forms: the scan above looked at real values.
    expect((await township.get(`/api/persons/${person.id}`)).json()).toMatchObject({
      idNumber: maskIdNumber(VALID_ID),
      phone: maskPhone('13655556666'),
    });
    expect((await township.get('/api/grid/workers')).json().items[0].phone).toBe(maskPhone(worker.phone));
    expect((await township.get('/api/org/branches')).json().items[0]).toMatchObject({
      secretaryName: '王书记',
      secretaryPhone: maskPhone('13911112222'),
    });
  });

  it('revealing needs pii:view and a reason, is audited and not cached', async () => {
    const { village: v } = await village();
    const person = await w.person({ unit: v, idNumber: VALID_ID });
    const secretary = await w.login('secretary');
    const id = person.id;
    expect(
      (await secretary.post(`/api/persons/${id}/reveal`, { field: 'idNumber', reason: '核实身份' }))
        .statusCode,
    ).toBe(403);
    const centre = await w.login('centre');
    const noReason = await centre.post(`/api/persons/${id}/reveal`, { field: 'idNumber' });
    expect(noReason.statusCode).toBe(400);
    const res = await centre.post(`/api/persons/${id}/reveal`, {
      field: 'idNumber',
      reason: '调解需要核实身份',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ field: 'idNumber', value: VALID_ID });
    expect(res.headers['cache-control']).toBe('no-store');
    const audit = await w.database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'person.reveal')
      .executeTakeFirstOrThrow();
    expect(audit.actor_name).toBe('centre');
    expect(audit.object_id).toBe(String(id));
    expect(audit.ip).toBe('127.0.0.1');
    expect(JSON.parse(audit.new_value!)).toEqual({ field: 'idNumber', reason: '调解需要核实身份' });
    expect(audit.new_value).not.toContain(res.json().value);
  });

  it('more than 20 reveals an hour by one user get 429', async () => {
    const { village: v } = await village();
    const person = await w.person({ unit: v });
    const reveal = (s: Session) =>
      s.post(`/api/persons/${person.id}/reveal`, { field: 'phone', reason: '回访核实联系方式' });
    const centre = await w.login('centre');
    for (let i = 0; i < 20; i++) expect((await reveal(centre)).statusCode).toBe(200);
    expect((await reveal(centre)).statusCode).toBe(429);
    // The limit is the user's, not the session's; an hour later it starts again.
    expect((await reveal(await w.login('centre'))).statusCode).toBe(429);
    w.clock.advance(60 * 60 * 1000);
    expect((await reveal(await w.login('centre'))).statusCode).toBe(200);
  });
});
