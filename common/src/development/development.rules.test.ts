import { describe, expect, it } from 'vitest';
import { REGISTRIES, REGISTRY_CODES, inputFieldsOf } from './development.registries.ts';
import {
  addMonths,
  ageOn,
  countOncePerPeriod,
  followUpDates,
  followUpProblem,
  followUpsDue,
  inLabourAge,
  labourBirthRange,
  recordProblems,
} from './development.rules.ts';
import { recordInputSchema } from './development.schemas.ts';

describe('labour age window (16–60 from the birth date in the ID number)', () => {
  it('counts a birthday from its day', () => {
    expect(ageOn('2007-08-06', '2023-08-05')).toBe(15);
    expect(ageOn('2007-08-06', '2023-08-06')).toBe(16);
    expect(ageOn('1962-08-06', '2023-08-05')).toBe(60);
    expect(ageOn('1962-08-06', '2023-08-06')).toBe(61);
  });

  it('takes in a 16th birthday and lets go on the 61st, the range agreeing with the rule', () => {
    const on = '2023-08-06';
    const r = labourBirthRange(on);
    expect(r).toEqual({ bornOnOrBefore: '2007-08-06', bornAfter: '1962-08-06' });
    for (const birth of [
      '2007-08-06',
      '2007-08-07',
      '1962-08-06',
      '1962-08-07',
      '1980-02-29',
      '2007-02-28',
    ]) {
      const inRange = birth <= r.bornOnOrBefore && birth > r.bornAfter;
      expect(inRange, birth).toBe(inLabourAge(birth, on));
    }
    expect(inLabourAge('2007-08-07', on)).toBe(false);
    expect(inLabourAge('1962-08-07', on)).toBe(true);
  });

  it('a 29 February birthday comes on 1 March in a common year', () => {
    expect(ageOn('2008-02-29', '2024-02-28')).toBe(15);
    expect(ageOn('2008-02-29', '2024-02-29')).toBe(16);
    expect(ageOn('2007-02-28', '2023-02-28')).toBe(16);
    expect(inLabourAge('2007-02-29'.replace('2007', '2004'), '2020-02-28')).toBe(false);
    expect(inLabourAge('2004-02-29', '2020-02-29')).toBe(true);
    const r = labourBirthRange('2023-02-28');
    expect('2007-02-28' <= r.bornOnOrBefore).toBe(true);
  });
});

describe('placement follow-ups at 3 and 6 months', () => {
  it('adds calendar months, a missing day becoming the month’s last', () => {
    expect(followUpDates('2023-03-15')).toEqual({ m3: '2023-06-15', m6: '2023-09-15' });
    expect(followUpDates('2023-08-31')).toEqual({ m3: '2023-11-30', m6: '2024-02-29' });
    expect(followUpDates('2022-11-30')).toEqual({ m3: '2023-02-28', m6: '2023-05-30' });
    expect(addMonths('2023-12-31', 2)).toBe('2024-02-29');
    expect(addMonths('2023-10-10', 3)).toBe('2024-01-10');
  });

  it('refuses a follow-up before it is due, twice, or the 6-month one before the 3-month one', () => {
    const p = { placedOn: '2023-03-15', m3DoneOn: null, m6DoneOn: null };
    expect(followUpProblem(p, 3, '2023-06-14')).toBe('not_due');
    expect(followUpProblem(p, 3, '2023-06-15')).toBeNull();
    expect(followUpProblem(p, 6, '2023-09-20')).toBe('out_of_order');
    const after3 = { ...p, m3DoneOn: '2023-06-16' };
    expect(followUpProblem(after3, 3, '2023-07-01')).toBe('already_done');
    expect(followUpProblem(after3, 6, '2023-09-14')).toBe('not_due');
    expect(followUpProblem(after3, 6, '2023-09-15')).toBeNull();
    expect(followUpsDue(p, '2023-09-15')).toEqual([3, 6]);
    expect(followUpsDue(after3, '2023-09-14')).toEqual([]);
  });
});

describe('campaign participation', () => {
  it('counts a person once per campaign period', () => {
    expect(
      countOncePerPeriod([
        { campaignId: 1, personKey: 'a' },
        { campaignId: 1, personKey: 'a' },
        { campaignId: 2, personKey: 'a' },
        { campaignId: 1, personKey: 'b' },
      ]),
    ).toBe(3);
  });
});

describe('record schemas from the registry descriptors', () => {
  it('every registry has a schema whose keys are its input fields', () => {
    for (const code of REGISTRY_CODES) {
      const keys = Object.keys(recordInputSchema(code).shape).sort();
      expect(keys).toEqual(
        inputFieldsOf(REGISTRIES[code])
          .map((f) => f.key)
          .sort(),
      );
    }
  });

  it('names the bad field', () => {
    const r = recordInputSchema('trainingSessions').safeParse({
      unit: 3,
      topic: 'fishing',
      title: '',
      startDate: '2023-02-30',
      endDate: '2023-03-01',
      place: '镇政府',
    });
    expect(r.success).toBe(false);
    const paths = r.error!.issues.map((i) => i.path.join('.')).sort();
    expect(paths).toEqual(['startDate', 'title', 'topic']);
  });

  it('cross-field rules: dates in order, a built centre has its date', () => {
    expect(recordProblems('trainingSessions', { startDate: '2023-03-02', endDate: '2023-03-01' })).toEqual([
      { field: 'endDate', message: 'development.err.date_order' },
    ]);
    expect(
      recordProblems('serviceCentres', { status: 'built', plannedOn: '2023-01-01', builtOn: null }),
    ).toEqual([{ field: 'builtOn', message: 'development.err.built_on' }]);
    expect(
      recordProblems('serviceCentres', { status: 'planned', plannedOn: '2023-01-01', builtOn: null }),
    ).toEqual([]);
  });
});
