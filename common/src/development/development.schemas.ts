import { z } from 'zod';
import { dateSchema } from '../calendar/calendar.schemas.ts';
import { pageQuery } from '../http/paging.ts';
import { idNumberSchema } from '../persons/persons.schemas.ts';
import {
  inputFieldsOf,
  LABOUR_ABILITIES,
  LABOUR_WHEREABOUTS,
  REGISTRIES,
  REGISTRY_CODES,
  type FieldSpec,
  type RegistryCode,
} from './development.registries.ts';
import { freeText } from '../identity/free-text.ts';

const MAX_TEXT = 200;

/** The zod schema of one field's input value (messages that start with `err.`/`development.` are translated). */
export function fieldSchema(f: FieldSpec): z.ZodType {
  let s: z.ZodType;
  switch (f.kind) {
    case 'text':
    case 'longtext':
      s = z
        .string()
        .trim()
        .max(f.max ?? MAX_TEXT);
      if (f.required) s = (s as z.ZodString).min(1, 'development.err.required');
      break;
    case 'int':
      s = z.coerce
        .number()
        .int('development.err.integer')
        .min(f.min ?? 0, 'development.err.range')
        .max(f.max ?? 1e9, 'development.err.range');
      break;
    case 'decimal':
      s = z.coerce
        .number()
        .refine((n) => Number.isFinite(n) && Math.round(n * 100) === Math.round(n * 100 * 1e6) / 1e6, {
          message: 'development.err.decimal',
        })
        .refine((n) => n >= (f.min ?? 0) && n <= (f.max ?? 1e12), { message: 'development.err.range' });
      break;
    case 'date':
      s = dateSchema;
      break;
    case 'year':
      s = z.coerce.number().int().min(2000, 'development.err.range').max(2100, 'development.err.range');
      break;
    case 'enum':
      s = z.enum((f.options ?? []).map((o) => o.value) as [string, ...string[]], {
        message: 'development.err.option',
      });
      break;
    case 'bool':
      s = z.boolean();
      break;
    case 'unit':
    case 'parent':
      s = z.coerce.number().int().positive();
      break;
    case 'person':
    case 'idNumber':
      s = idNumberSchema;
      break;
  }
  if (f.required) return s;
  if (f.kind === 'bool') return s.default(false);
  // An empty optional field is absent: '' and null both mean "not given".
  return z.preprocess((v) => (v === '' || v === undefined ? null : v), s.nullable());
}

const inputSchemas = new Map<RegistryCode, z.ZodObject>();

/** The input schema of a registry's record (the parent comes from the path); built once per registry. */
export function recordInputSchema(code: RegistryCode): z.ZodObject {
  let schema = inputSchemas.get(code);
  if (!schema) {
    schema = z.strictObject(
      Object.fromEntries(inputFieldsOf(REGISTRIES[code]).map((f) => [f.key, fieldSchema(f)])),
    );
    inputSchemas.set(code, schema);
  }
  return schema;
}

export const registryParamSchema = z.object({ registry: z.enum(REGISTRY_CODES) });
export const registryItemParamSchema = registryParamSchema.extend({ id: z.coerce.number().int().positive() });

/** One record as a list shows it: its values by field key, person and unit resolved to names, ID numbers masked. */
export const recordSchema = z.object({
  id: z.number(),
  unitId: z.number(),
  unitName: z.string(),
  parentId: z.number().nullable(),
  /** The person's name for a `person` field (the value there is the masked ID number). */
  personName: z.string().nullable(),
  values: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  version: z.number(),
  createdAt: z.number(),
});
export type DevRecord = z.infer<typeof recordSchema>;

export const recordListQuerySchema = z.object({
  unitId: z.coerce.number().int().positive().optional(),
  parentId: z.coerce.number().int().positive().optional(),
  from: dateSchema.optional(),
  to: dateSchema.optional(),
  q: z.string().trim().max(40).optional(),
  ...pageQuery(50, 200),
});
export type RecordListQuery = z.infer<typeof recordListQuerySchema>;

/** A record's values as sent (validated against the registry's schema on both sides). */
export const recordWriteSchema = z.strictObject({
  parentId: z.number().int().positive().optional(),
  values: z.record(z.string(), z.unknown()),
});
export type RecordWrite = z.infer<typeof recordWriteSchema>;

/** A stale write (`If-Match` older than the record) answers 412. */
export const ifMatchHeader = 'if-match';

// ---- Labour registry ---------------------------------------------------------------------------------------

export const LABOUR_ABILITY_CODES = LABOUR_ABILITIES.map((o) => o.value) as [string, ...string[]];
export const labourProfileSchema = z.strictObject({
  ability: z.enum(['full', 'partial', 'none']),
  whereabouts: z.enum(['home', 'away']),
  awayPlace: z.string().trim().max(80).default(''),
  skills: freeText(200).default(''),
  trainingWish: freeText(200).default(''),
});
export type LabourProfile = z.infer<typeof labourProfileSchema>;
export const LABOUR_WHEREABOUT_CODES = LABOUR_WHEREABOUTS.map((o) => o.value);

export const labourQuerySchema = z.object({
  unitId: z.coerce.number().int().positive().optional(),
  /** The day the ages are taken on (default: today in China). */
  on: dateSchema.optional(),
  ability: z.enum(['full', 'partial', 'none', 'unknown']).optional(),
  whereabouts: z.enum(['home', 'away', 'unknown']).optional(),
  q: z.string().trim().max(40).optional(),
  ...pageQuery(50, 200),
});
export type LabourQuery = z.infer<typeof labourQuerySchema>;

export const labourEntrySchema = z.object({
  personId: z.number(),
  unitId: z.number(),
  unitName: z.string(),
  name: z.string(),
  gender: z.enum(['male', 'female']).nullable(),
  idNumber: z.string().nullable().describe('masked'),
  age: z.number(),
  profile: labourProfileSchema.nullable(),
  attendances: z.number(),
  certificates: z.number(),
  version: z.number(),
});
export type LabourEntry = z.infer<typeof labourEntrySchema>;

export const personParamSchema = z.object({ personId: z.coerce.number().int().positive() });

// ---- Placements' follow-ups -----------------------------------------------------------------------------------

export const followUpBodySchema = z.strictObject({
  stage: z.union([z.literal(3), z.literal(6)]),
  doneOn: dateSchema,
  stillEmployed: z.boolean(),
  note: freeText(200).default(''),
});
export type FollowUpBody = z.infer<typeof followUpBodySchema>;

export const placementFollowUpSchema = z.object({
  id: z.number(),
  placedOn: z.string(),
  m3: z.object({ due: z.string(), doneOn: z.string().nullable(), stillEmployed: z.boolean().nullable() }),
  m6: z.object({ due: z.string(), doneOn: z.string().nullable(), stillEmployed: z.boolean().nullable() }),
  version: z.number(),
});

// ---- Excel --------------------------------------------------------------------------------------------------

/** Imports run while the caller may ask how far they got: the client names the import (a random id). */
export const importQuerySchema = z.object({
  parentId: z.coerce.number().int().positive().optional(),
  importId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{8,64}$/)
    .optional(),
});
export const importResultSchema = z.object({ imported: z.number() });
export const importProgressSchema = z.object({
  status: z.enum(['reading', 'checking', 'writing', 'done', 'failed']),
  total: z.number(),
  processed: z.number(),
});
export const importIdParamSchema = z.object({ importId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/) });
export const exportQuerySchema = recordListQuerySchema.omit({ page: true, pageSize: true });

/** The largest Excel file an import accepts (a 20,000-row sheet is about 1 MiB). */
export const REGISTRY_IMPORT_MAX_BYTES = 8 * 1024 * 1024;
/** The most rows one import writes. */
export const IMPORT_MAX_ROWS = 20_000;

// ---- Summary ------------------------------------------------------------------------------------------------

export const summaryQuerySchema = z
  .object({ from: dateSchema, to: dateSchema, unitId: z.coerce.number().int().positive().optional() })
  .refine((q) => q.from <= q.to, { path: ['to'], message: 'development.err.date_order' });

/**
 * `GET /api/development/summary?from&to` for the caller's scope — exactly this shape (issue 11), every figure
 * counted from rows:
 * - training: attendances signed in within the period, and the distinct people among them;
 * - jobFairs: fairs held in the period, employers taking part in them, distinct people placed in the period;
 * - relocation: source villages and people of households handed over on or before `to` (moves are a stock);
 * - incubator: enterprises admitted on or before `to`, and the jobs they report;
 * - projects: 一村一品 projects started on or before `to` and not stopped;
 * - serviceCentres: planned (on or before `to`, not built by then) and built (on or before `to`);
 * - environment: public-welfare post holders and cleaners on duty in the period (distinct people), and the
 *   cadres and villagers who signed in to campaigns of the period, each counted once per campaign period.
 */
export const developmentSummarySchema = z.object({
  training: z.object({ attendances: z.number(), people: z.number() }),
  jobFairs: z.object({ fairs: z.number(), employers: z.number(), placed: z.number() }),
  relocation: z.object({ villages: z.number(), people: z.number() }),
  incubator: z.object({ enterprises: z.number(), jobs: z.number() }),
  projects: z.number(),
  serviceCentres: z.object({ planned: z.number(), built: z.number() }),
  environment: z.object({
    posts: z.number(),
    cleaners: z.number(),
    cadres: z.number(),
    villagers: z.number(),
  }),
});
export type DevelopmentSummary = z.infer<typeof developmentSummarySchema>;

/** Per village: the figures the star indicators read (a view of the facts, for the township's overview). */
export const villageFiguresSchema = z.object({
  unitId: z.number(),
  unitName: z.string(),
  branchId: z.number().nullable(),
  year: z.number(),
  facts: z.record(z.string(), z.union([z.number(), z.boolean(), z.null()])),
  /** The 产业兴旺星 indicators that read these facts, passed or not (null: the year has no published standard). */
  industry: z
    .object({
      indicators: z.array(
        z.object({ code: z.string(), title: z.string(), ok: z.boolean(), fact: z.string().nullable() }),
      ),
      met: z.boolean(),
    })
    .nullable(),
});
export type VillageFigures = z.infer<typeof villageFiguresSchema>;
export const villageFiguresQuerySchema = z.object({
  year: z.coerce.number().int().min(2000).max(2100),
  unitId: z.coerce.number().int().positive().optional(),
});
