import { z } from 'zod';
import { pageQuery } from '../http/paging.ts';
import { idNumberProblem, isValidMobile } from '../identity/identity.ts';
import { freeText } from '../identity/free-text.ts';

/** Messages that start with `err.` are translated by the server into the caller's language. */
export const idNumberSchema = z
  .string()
  .trim()
  .superRefine((value, ctx) => {
    const problem = idNumberProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: `err.id_number.${problem}` });
  });

export const mobileSchema = z
  .string()
  .trim()
  .refine((v) => isValidMobile(v), { message: 'err.phone.format' });

export const GENDERS = ['male', 'female'] as const;
export type Gender = (typeof GENDERS)[number];

export const PERSON_TAGS = [
  'party_member',
  'legal_literate',
  'grid_worker',
  'cadre',
  'cleaner',
  'welfare_job',
] as const;
export type PersonTag = (typeof PERSON_TAGS)[number];

export const personSchema = z.object({
  id: z.number(),
  unitId: z.number(),
  unitName: z.string(),
  name: z.string(),
  gender: z.enum(GENDERS).nullable(),
  birthDate: z.string().nullable(),
  idNumber: z.string().nullable().describe('masked: 410926********1234'),
  phone: z.string().nullable().describe('masked: 138****5678'),
  isPartyMember: z.boolean(),
  tags: z.array(z.string()),
});
export type Person = z.infer<typeof personSchema>;

export const personCreateSchema = z.strictObject({
  unitId: z.number().int().positive(),
  name: z.string().trim().min(1).max(40),
  idNumber: idNumberSchema,
  phone: mobileSchema.optional(),
  isPartyMember: z.boolean().default(false),
  tags: z.array(z.enum(PERSON_TAGS)).max(10).default([]),
});
export type PersonCreate = z.infer<typeof personCreateSchema>;

export const personListQuerySchema = z.object({
  q: z.string().trim().max(40).optional(),
  unitId: z.coerce.number().int().positive().optional(),
  ...pageQuery(),
});

export const revealSchema = z.strictObject({
  field: z.enum(['idNumber', 'phone']),
  reason: freeText(200, { min: 4 }),
});
export const revealResultSchema = z.object({
  field: z.enum(['idNumber', 'phone']),
  value: z.string().nullable(),
});
