import { describe, expect, it } from 'vitest';
import { reportProblems, type ReportInput } from './reportChecks';

const filled: ReportInput = {
  typeCode: 'public.road',
  unitId: null,
  place: '村东头石桥',
  description: '桥面塌陷一处',
  peopleInvolved: '',
  parties: [],
};

describe('the report form checks', () => {
  it('accepts a filled report; a village is needed only above village level', () => {
    expect(reportProblems(filled, false)).toEqual({});
    expect(reportProblems(filled, true)).toEqual({ unitId: 'grid.form.villageRequired' });
    expect(reportProblems({ ...filled, unitId: 7 }, true)).toEqual({});
  });

  it('names each missing field, blank text counting as missing', () => {
    expect(reportProblems({ ...filled, typeCode: '', place: '  ', description: '' }, false)).toEqual({
      typeCode: 'grid.form.typeRequired',
      place: 'grid.form.placeRequired',
      description: 'grid.form.descriptionRequired',
    });
  });

  it("checks a party's name, ID number and mobile by the server's rules, with the shared messages", () => {
    const parties = [
      { name: '', idNumber: '123', phone: '2345' },
      { name: '李四', idNumber: '11010519491231002X', phone: '13800138000' },
    ];
    expect(reportProblems({ ...filled, parties }, false)).toEqual({
      'parties.0.name': 'grid.form.partyNameRequired',
      'parties.0.idNumber': 'err.id_number.format',
      'parties.0.phone': 'err.phone.format',
    });
  });

  it('takes the number of people involved as a whole number up to 100000', () => {
    expect(reportProblems({ ...filled, peopleInvolved: '12' }, false)).toEqual({});
    expect(reportProblems({ ...filled, peopleInvolved: '-1' }, false)).toEqual({
      peopleInvolved: 'grid.form.peopleInvalid',
    });
    expect(reportProblems({ ...filled, peopleInvolved: '100001' }, false)).toEqual({
      peopleInvolved: 'grid.form.peopleInvalid',
    });
  });
});
