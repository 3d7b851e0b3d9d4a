import { describe, expect, it } from 'vitest';
import type { RuleObject } from 'antd/es/form';
import { personCreateSchema, revealSchema, usernameSchema } from '@fivestar/common';
import i18n from '../i18n';
import { maxLengthOf, schemaRule } from './schemaRule';

/** Runs a rule the way a form does: resolves when the value passes, rejects with the message shown. */
async function check(rule: ReturnType<typeof schemaRule>, value: unknown): Promise<string | null> {
  const { validator } = rule as RuleObject;
  try {
    await validator!({} as never, value, () => undefined);
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}

describe('form rules from common’s schemas', () => {
  const t = i18n.getFixedT('zh-CN');
  const en = i18n.getFixedT('en');

  it('an ID number: the schema’s own reason, in the UI language', async () => {
    const rule = schemaRule(personCreateSchema.shape.idNumber, t, 'fallback');
    expect(await check(rule, '419926199003071233')).toBeNull();
    expect(await check(rule, '41992619900307109x')).toBeNull();
    expect(await check(rule, '419926199003071235')).toBe('身份证号校验位不正确，请核对');
    expect(await check(rule, '419926199002301232')).toBe('身份证号中的出生日期无效');
    expect(await check(rule, '4199')).toBe('身份证号应为 18 位（最后一位可为 X）');
    const english = schemaRule(personCreateSchema.shape.idNumber, en, 'fallback');
    expect(await check(english, '419926199003071235')).toBe('The check digit of this ID number is wrong');
  });

  it('a phone and a username, as the server checks them', async () => {
    const phone = schemaRule(personCreateSchema.shape.phone, t, 'fallback');
    expect(await check(phone, '13812345678')).toBeNull();
    expect(await check(phone, '12345')).toBe('请输入 11 位手机号');
    const username = schemaRule(usernameSchema, t, '用户名太短');
    expect(await check(username, 'wdl.clerk')).toBeNull();
    expect(await check(username, '1bad name')).toBe('以字母开头，3–32 位字母、数字或 _ . -');
    expect(await check(username, 'ab')).toBe('用户名太短'); // a length rule: the form's own message
  });

  it('empty input is left to `required`; other problems show the given message', async () => {
    const reason = schemaRule(revealSchema.shape.reason, t, '请填写查看原因（至少 4 个字）');
    expect(await check(reason, '')).toBeNull();
    expect(await check(reason, '   ')).toBeNull();
    expect(await check(reason, ' 核实 ')).toBe('请填写查看原因（至少 4 个字）');
    expect(await check(reason, '核实身份信息')).toBeNull();
  });

  it('an input’s maxLength comes from the schema', () => {
    expect(maxLengthOf(personCreateSchema.shape.name)).toBe(40);
    expect(maxLengthOf(revealSchema.shape.reason)).toBe(200);
    expect(maxLengthOf(personCreateSchema.shape.idNumber)).toBeUndefined();
  });
});
