import {
  REGISTRIES,
  type DevRecord,
  type FieldSpec,
  type RegistryCode,
  type RegistrySpec,
} from '@fivestar/common';
import type { DevelopmentTables } from './development.tables.ts';

export type DevTable = Exclude<keyof DevelopmentTables, 'dev_labour'>;

/** Each registry's table. */
export const TABLE_OF: Record<RegistryCode, DevTable> = {
  trainingSessions: 'dev_training_sessions',
  trainingAttendance: 'dev_training_attendance',
  certificates: 'dev_certificates',
  jobFairs: 'dev_job_fairs',
  fairEmployers: 'dev_fair_employers',
  placements: 'dev_placements',
  relocations: 'dev_relocations',
  relocationServices: 'dev_relocation_services',
  projects: 'dev_projects',
  projectReports: 'dev_project_reports',
  enterprises: 'dev_enterprises',
  collectiveIncome: 'dev_collective_income',
  serviceCentres: 'dev_service_centres',
  welfarePosts: 'dev_welfare_posts',
  cleaners: 'dev_cleaners',
  campaigns: 'dev_campaigns',
  campaignSignins: 'dev_campaign_signins',
};

const snake = (key: string) => key.replace(/[A-Z0-9]+/g, (m) => `_${m.toLowerCase()}`);

/** The column a field is stored in (a decimal in integer hundredths, a boolean as 0/1). */
export function columnOf(f: FieldSpec): string {
  switch (f.kind) {
    case 'unit':
      return 'org_unit_id';
    case 'person':
      return 'person_id';
    case 'parent':
      return 'parent_id';
    case 'idNumber':
      return 'id_number_masked';
    default:
      return snake(f.key);
  }
}

/** The stored value of a validated field value (unit, person, parent and ID numbers are resolved by the caller). */
export function toColumn(f: FieldSpec, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (f.kind === 'decimal') return Math.round(Number(value) * 100);
  if (f.kind === 'bool') return value ? 1 : 0;
  return value;
}

/** A stored row as the API shows it; `names` are the joined unit and person names. */
export function toRecord(
  spec: RegistrySpec,
  row: Record<string, unknown>,
  names: { unitName: string; personName: string | null; personMasked: string | null },
): DevRecord {
  const values: DevRecord['values'] = {};
  for (const f of spec.fields) {
    const raw = row[columnOf(f)];
    if (f.kind === 'person') values[f.key] = names.personMasked;
    else if (raw === null || raw === undefined) values[f.key] = null;
    else if (f.kind === 'decimal') values[f.key] = Number(raw) / 100;
    else if (f.kind === 'bool') values[f.key] = Number(raw) === 1;
    else if (f.kind === 'int' || f.kind === 'year' || f.kind === 'unit' || f.kind === 'parent')
      values[f.key] = Number(raw);
    else values[f.key] = String(raw);
  }
  return {
    id: Number(row.id),
    unitId: Number(row.org_unit_id),
    unitName: names.unitName,
    parentId: row.parent_id === undefined || row.parent_id === null ? null : Number(row.parent_id),
    personName: names.personName,
    values,
    version: Number(row.version),
    createdAt: Number(row.created_at),
  };
}

export const specOf = (code: RegistryCode) => REGISTRIES[code];
export const hasPerson = (spec: RegistrySpec) => spec.fields.some((f) => f.kind === 'person');
export const dateColumnOf = (spec: RegistrySpec) => {
  const f = spec.fields.find((x) => x.key === spec.dateField);
  return f ? columnOf(f) : null;
};
