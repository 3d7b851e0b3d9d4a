import { describe, expect, it } from 'vitest';
import { defaultRuralStandard, defaultUrbanStandard } from '@fivestar/common';
import { RESOURCES } from './resources';

/** What officials must never read: document references, internal section marks, and the word "guess". */
const DEVELOPER_NOTE = /§|domain\.md|programme\.md|推测|未经证实|guess|inferred|unverified/i;

function strings(value: unknown, path: string[] = []): [string, string][] {
  if (typeof value === 'string') return [[path.join('.'), value]];
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => strings(v, [...path, k]));
  return [];
}

describe('officials never see developer notes', () => {
  it('in any string of the web app, in either language', () => {
    for (const lang of Object.keys(RESOURCES) as (keyof typeof RESOURCES)[]) {
      const found = strings(RESOURCES[lang].translation).filter(([, s]) => DEVELOPER_NOTE.test(s));
      expect(found, lang).toEqual([]);
    }
  });

  it('in the default standards the county starts from (titles and notes shown to villages)', () => {
    for (const def of [defaultRuralStandard(), defaultUrbanStandard()]) {
      const shown = def.indicators.flatMap((i) => [i.title, i.note ?? '']);
      expect(shown.filter((s) => DEVELOPER_NOTE.test(s))).toEqual([]);
    }
  });

  it('the pattern catches what it is for', () => {
    for (const probe of [
      '门槛为推测',
      ['见 domain', 'md §1.2'].join('.'),
      'Guessed',
      'Inferred rule, unverified',
    ])
      expect(DEVELOPER_NOTE.test(probe)).toBe(true);
  });
});
