import { z } from 'zod';
import { dateSchema } from '../calendar/calendar.schemas.ts';
import { pageQuery } from '../http/paging.ts';
import { freeText } from '../identity/free-text.ts';

/**
 * Linked cadres (三联五帮) and member–household links (1+N+M): who answers for which village, section or household.
 * - village: a township cadre linked to a village (包村干部 / 联村);
 * - section: a village cadre linked to a section of the village (联片);
 * household links: a party member keeping in touch with a household (联户), visits logged.
 */
export const CADRE_LINK_KINDS = ['village', 'section'] as const;
export type CadreLinkKind = (typeof CADRE_LINK_KINDS)[number];

export const cadreLinkSchema = z.object({
  id: z.number(),
  kind: z.enum(CADRE_LINK_KINDS),
  unitId: z.number(),
  unitName: z.string(),
  userId: z.number().nullable(),
  personId: z.number().nullable(),
  cadreName: z.string(),
  section: z.string(),
  since: z.string(),
});
export type CadreLink = z.infer<typeof cadreLinkSchema>;
export const cadreLinkCreateSchema = z
  .strictObject({
    kind: z.enum(CADRE_LINK_KINDS),
    unitId: z.number().int().positive(),
    userId: z.number().int().positive().nullable().default(null),
    personId: z.number().int().positive().nullable().default(null),
    cadreName: z.string().trim().max(40).default(''),
    section: z.string().trim().max(60).default(''),
    since: dateSchema,
  })
  .superRefine((v, ctx) => {
    if (v.userId === null && v.personId === null)
      ctx.addIssue({ code: 'custom', path: ['userId'], message: 'links.err.cadre_required' });
    if (v.kind === 'section' && !v.section)
      ctx.addIssue({ code: 'custom', path: ['section'], message: 'links.err.section_required' });
  });
export const linkListQuerySchema = z.object({
  unitId: z.coerce.number().int().positive().optional(),
  kind: z.enum(CADRE_LINK_KINDS).optional(),
});

export const householdLinkSchema = z.object({
  id: z.number(),
  unitId: z.number(),
  unitName: z.string(),
  memberPersonId: z.number(),
  memberName: z.string(),
  /** The lead member (the "1" of 1+N+M) this member reports to, if any. */
  leadPersonId: z.number().nullable(),
  household: z.string(),
  address: z.string(),
  visits: z.number(),
  lastVisitOn: z.string().nullable(),
});
export type HouseholdLink = z.infer<typeof householdLinkSchema>;
export const householdLinkCreateSchema = z.strictObject({
  unitId: z.number().int().positive(),
  memberPersonId: z.number().int().positive(),
  leadPersonId: z.number().int().positive().nullable().default(null),
  household: z.string().trim().min(1).max(40),
  address: freeText(120).default(''),
});
export const householdListQuerySchema = z.object({
  unitId: z.coerce.number().int().positive().optional(),
  /** Only the households linked to the caller (as a party member). */
  mine: z.coerce.boolean().optional(),
  ...pageQuery(20, 200),
});

export const linkVisitSchema = z.object({
  id: z.number(),
  linkId: z.number(),
  visitedOn: z.string(),
  note: z.string(),
  visitorName: z.string(),
  createdAt: z.number(),
});
export const linkVisitCreateSchema = z.strictObject({
  visitedOn: dateSchema,
  note: freeText(500, { min: 1, message: 'links.err.note_required' }),
});

/** A cadre's own links, for their home page. */
export const myLinksSchema = z.object({
  villages: z.array(
    z.object({
      unitId: z.number(),
      unitName: z.string(),
      kind: z.enum(CADRE_LINK_KINDS),
      section: z.string(),
    }),
  ),
  households: z.number(),
});
