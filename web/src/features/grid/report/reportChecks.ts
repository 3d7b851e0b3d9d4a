import { idNumberProblem, isValidMobile } from '@fivestar/common';

/** One party of a dispute as typed in the form. */
export interface PartyInput {
  name: string;
  idNumber: string;
  phone: string;
}

/** The report form's values as typed (strings, as the inputs hold them). */
export interface ReportInput {
  typeCode: string;
  unitId: number | null;
  place: string;
  description: string;
  peopleInvolved: string;
  parties: PartyInput[];
}

/** i18n keys of the problems found, by field (`parties.<i>.<field>` for a party's). */
export type ReportProblems = Record<string, string>;

/**
 * The form's checks before a report goes to the outbox: required fields, and a party's ID number and mobile by the
 * same rules as the server's schema (common's identity checks, without the schema library). Messages are i18n keys:
 * the shared `err.…` ones where common has them.
 */
export function reportProblems(v: ReportInput, needsUnit: boolean): ReportProblems {
  const problems: ReportProblems = {};
  if (!v.typeCode) problems.typeCode = 'grid.form.typeRequired';
  if (needsUnit && v.unitId === null) problems.unitId = 'grid.form.villageRequired';
  if (!v.place.trim()) problems.place = 'grid.form.placeRequired';
  if (!v.description.trim()) problems.description = 'grid.form.descriptionRequired';
  const people = v.peopleInvolved.trim();
  if (people && !(/^\d+$/.test(people) && Number(people) <= 100_000))
    problems.peopleInvolved = 'grid.form.peopleInvalid';
  v.parties.forEach((p, i) => {
    if (!p.name.trim()) problems[`parties.${i}.name`] = 'grid.form.partyNameRequired';
    const id = p.idNumber.trim();
    const idProblem = id ? idNumberProblem(id) : null;
    if (idProblem) problems[`parties.${i}.idNumber`] = `err.id_number.${idProblem}`;
    if (p.phone.trim() && !isValidMobile(p.phone.trim())) problems[`parties.${i}.phone`] = 'err.phone.format';
  });
  return problems;
}
