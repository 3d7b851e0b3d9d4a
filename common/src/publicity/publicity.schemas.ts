import { z } from 'zod';
import { freeText } from '../identity/free-text.ts';
import { dateSchema } from '../calendar/calendar.schemas.ts';
import { pageQuery } from '../http/paging.ts';

/**
 * 公示 (public notice with objections), for any module that publishes results: a notice lists items (units or
 * people, named as the publishing module gives them) for a window of working days; anyone may object while it is
 * open; the publishing unit's officers resolve each objection on the record. No ID number or phone in a notice.
 */

/** A notice is open from its first day to the end of its last (China time), then ended. */
export const PUBLICITY_STATUSES = ['open', 'ended'] as const;
export type PublicityStatus = (typeof PUBLICITY_STATUSES)[number];

export const PUBLICITY_OUTCOMES = ['upheld', 'dismissed'] as const;
export type PublicityOutcome = (typeof PUBLICITY_OUTCOMES)[number];
export const PUBLICITY_OBJECTION_STATUSES = ['open', ...PUBLICITY_OUTCOMES] as const;
export type PublicityObjectionStatus = (typeof PUBLICITY_OBJECTION_STATUSES)[number];

/** Working days of a notice when the publisher gives none (the FIVESTAR_PUBLICITY_WORKING_DAYS default). */
export const PUBLICITY_DEFAULT_WORKING_DAYS = 5;
export const PUBLICITY_MAX_WORKING_DAYS = 30;
export const PUBLICITY_MAX_ITEMS = 500;

/** What a publishing module passes to the service's `publish` (checked there; errors name the field). */
export const publicityItemInputSchema = z.strictObject({
  /** The source's own key of the item, e.g. 'unit:12' or 'member:5'; unique within the notice. */
  ref: z.string().trim().min(1).max(100),
  /** What the public reads: a unit's or a person's name as the source publishes it (never an ID or phone number). */
  label: z.string().trim().min(1).max(200),
  detail: z.string().trim().max(500).optional(),
});
export const publicityPublishSchema = z.strictObject({
  /** The publishing module's name, e.g. 'contests'. */
  source: z
    .string()
    .trim()
    .regex(/^[a-z][a-z0-9_-]{0,39}$/),
  sourceId: z.number().int().positive(),
  /** The publishing unit: whose officers handle the objections, and the scope of the notice. */
  unitId: z.number().int().positive(),
  title: z.string().trim().min(1).max(200),
  summary: z.string().trim().max(2000).optional(),
  items: z.array(publicityItemInputSchema).min(1).max(PUBLICITY_MAX_ITEMS),
  workingDays: z.number().int().min(1).max(PUBLICITY_MAX_WORKING_DAYS).optional(),
  /** The first day of the window (default: today in China); not after today. */
  startsOn: dateSchema.optional(),
});
export type PublicityPublishInput = z.input<typeof publicityPublishSchema>;

export const publicityItemSchema = z.object({
  ref: z.string(),
  label: z.string(),
  detail: z.string().nullable(),
});
export type PublicityItem = z.infer<typeof publicityItemSchema>;

/** One line of the public list. */
export const publicitySummarySchema = z.object({
  id: z.number(),
  source: z.string(),
  title: z.string(),
  unitName: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
  workingDays: z.number(),
  status: z.enum(PUBLICITY_STATUSES),
  items: z.number(),
  objections: z.number(),
});
export type PublicitySummary = z.infer<typeof publicitySummarySchema>;

export const publicityListQuerySchema = z.object({
  source: z.string().trim().max(40).optional(),
  status: z.enum(PUBLICITY_STATUSES).optional(),
  ...pageQuery(20, 100),
});

/** An objection as the public sees it: what was decided and the reply, never the objector's text or contact. */
export const publicObjectionSchema = z.object({
  id: z.number(),
  itemRef: z.string().nullable(),
  itemLabel: z.string().nullable(),
  status: z.enum(PUBLICITY_OBJECTION_STATUSES),
  reply: z.string().nullable(),
  createdAt: z.string(),
  resolvedAt: z.string().nullable(),
});

/** One notice as the public sees it. */
export const publicityNoticeSchema = publicitySummarySchema.extend({
  summary: z.string().nullable(),
  itemList: z.array(publicityItemSchema),
  objectionList: z.array(publicObjectionSchema),
});
export type PublicityNotice = z.infer<typeof publicityNoticeSchema>;

export const publicityObjectionCreateSchema = z.strictObject({
  /** The item objected to; omitted: the notice as a whole. */
  itemRef: z.string().trim().min(1).max(99).optional(),
  reason: freeText(1000, { min: 5 }),
  /** How to reach the objector (optional; encrypted, shown masked, revealed only with pii:view). */
  contact: z.string().trim().max(60).optional(),
});
export const publicityObjectionAckSchema = z.object({ id: z.number(), endsOn: z.string() });

/** An objection as the handling officers see it (the contact masked). */
export const staffObjectionSchema = z.object({
  id: z.number(),
  noticeId: z.number(),
  noticeTitle: z.string(),
  source: z.string(),
  unitName: z.string(),
  noticeEndsOn: z.string(),
  noticeStatus: z.enum(PUBLICITY_STATUSES),
  itemRef: z.string().nullable(),
  itemLabel: z.string().nullable(),
  reason: z.string(),
  /** Masked (e.g. 138****5678); null when none was given. */
  contact: z.string().nullable(),
  status: z.enum(PUBLICITY_OBJECTION_STATUSES),
  reply: z.string().nullable(),
  createdAt: z.string(),
  resolvedAt: z.string().nullable(),
  resolvedBy: z.string().nullable(),
});
export type StaffObjection = z.infer<typeof staffObjectionSchema>;

export const staffObjectionQuerySchema = z.object({
  status: z.enum(['open', 'resolved']).optional(),
  source: z.string().trim().max(40).optional(),
  ...pageQuery(20, 100),
});

export const publicityResolveSchema = z.strictObject({
  outcome: z.enum(PUBLICITY_OUTCOMES),
  /** The answer on the record; shown on the public notice. */
  reply: freeText(500, { min: 1 }),
});

export const contactRevealSchema = z.strictObject({ reason: freeText(200, { min: 2 }) });
export const contactRevealedSchema = z.object({ contact: z.string().nullable() });
