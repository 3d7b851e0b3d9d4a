import { z } from 'zod';
import { dateSchema } from '../calendar/calendar.schemas.ts';
import { pageQuery } from '../http/paging.ts';
import { starCodeSchema, yearSchema } from '../ratings/ratings.schemas.ts';
import {
  ITEM_ACTION_NAMES,
  ITEM_LISTS,
  ITEM_SOURCES,
  ITEM_STATUSES,
  SLIP_COLOURS,
} from './supervision.rules.ts';
import { freeText } from '../identity/free-text.ts';

/** Free text (personal numbers in it are sealed by the server; common/src/identity/free-text.ts). */
const text = (max: number, min?: number) => freeText(max, min === undefined ? {} : { min });
const reason = freeText(500, { min: 1, message: 'supervision.err.reason_required' });

export const slipColourSchema = z.enum(SLIP_COLOURS);

/** One item of a village's lists (任务清单 / 问题清单 / 责任清单). */
export const itemSchema = z.object({
  id: z.number(),
  unitId: z.number(),
  unitName: z.string(),
  year: z.number(),
  list: z.enum(ITEM_LISTS),
  source: z.enum(ITEM_SOURCES),
  starCode: z.string(),
  starName: z.string(),
  indicatorCode: z.string().nullable(),
  title: z.string(),
  measures: z.string(),
  evidenceRequired: z.string(),
  evidenceMin: z.number(),
  ownerUserId: z.number().nullable(),
  ownerName: z.string(),
  checkerUserId: z.number().nullable(),
  checkerName: z.string().nullable(),
  deadline: z.string(),
  status: z.enum(ITEM_STATUSES),
  progress: z.number(),
  slip: slipColourSchema.nullable(),
  /** The unit a red item is escalated to (one level up), with its name. */
  escalatedTo: z.object({ id: z.number(), name: z.string() }).nullable(),
  extensions: z.number(),
  files: z.number(),
  version: z.number(),
  createdAt: z.number(),
  closedAt: z.number().nullable(),
});
export type SupervisionItem = z.infer<typeof itemSchema>;

export const itemLogSchema = z.object({
  id: z.number(),
  action: z.string(),
  fromStatus: z.string().nullable(),
  toStatus: z.string().nullable(),
  actorName: z.string(),
  reason: z.string().nullable(),
  progress: z.number().nullable(),
  fileIds: z.array(z.number()),
  at: z.number(),
});
export const itemFileSchema = z.object({
  id: z.number(),
  name: z.string(),
  mime: z.string(),
  size: z.number(),
  uploadedBy: z.string(),
  createdAt: z.number(),
});
export const EXTENSION_STATUSES = ['pending', 'approved', 'refused'] as const;
export const extensionSchema = z.object({
  id: z.number(),
  itemId: z.number(),
  fromDeadline: z.string(),
  toDeadline: z.string(),
  reason: z.string(),
  status: z.enum(EXTENSION_STATUSES),
  requestedBy: z.string(),
  requestedAt: z.number(),
  decidedBy: z.string().nullable(),
  decisionReason: z.string().nullable(),
});
export const itemDetailSchema = itemSchema.extend({
  history: z.array(itemLogSchema),
  fileList: z.array(itemFileSchema),
  extensionList: z.array(extensionSchema),
  visitId: z.number().nullable(),
  /** What the caller may do now (the page shows only these). */
  allowed: z.array(z.enum([...ITEM_ACTION_NAMES, 'extend', 'decide_extension', 'edit'])),
});
export type SupervisionItemDetail = z.infer<typeof itemDetailSchema>;

const csv = <T extends readonly [string, ...string[]]>(values: T) =>
  z.preprocess(
    (v) => (typeof v === 'string' ? v.split(',').filter(Boolean) : v),
    z.array(z.enum(values)).min(1),
  );

export const itemListQuerySchema = z.object({
  unitId: z.coerce.number().int().positive().optional(),
  year: yearSchema.optional(),
  list: z.enum(ITEM_LISTS).optional(),
  starCode: starCodeSchema.optional(),
  status: csv(ITEM_STATUSES).optional(),
  slip: csv(SLIP_COLOURS).optional(),
  /** Only items I own or must check, or (a linked cadre) of my linked villages. */
  mine: z.enum(['owner', 'checker', 'linked', 'escalated']).optional(),
  q: text(50).optional(),
  ...pageQuery(20, 200),
});

export const itemCreateSchema = z.strictObject({
  unitId: z.number().int().positive(),
  year: yearSchema,
  list: z.enum(ITEM_LISTS),
  starCode: starCodeSchema,
  indicatorCode: z.string().max(48).nullable().default(null),
  title: text(200, 1),
  measures: text(1000).default(''),
  evidenceRequired: text(300).default(''),
  evidenceMin: z.number().int().min(0).max(20).default(1),
  ownerUserId: z.number().int().positive().nullable().default(null),
  ownerName: text(40).default(''),
  checkerUserId: z.number().int().positive().nullable().default(null),
  deadline: dateSchema,
});
export const itemPatchSchema = z.strictObject({
  title: text(200, 1).optional(),
  measures: text(1000).optional(),
  evidenceRequired: text(300).optional(),
  evidenceMin: z.number().int().min(0).max(20).optional(),
  ownerUserId: z.number().int().positive().nullable().optional(),
  ownerName: text(40).optional(),
  checkerUserId: z.number().int().positive().nullable().optional(),
});
export const progressSchema = z.strictObject({
  progress: z.number().int().min(0).max(100),
  note: reason,
  fileIds: z.array(z.number().int().positive()).max(20).default([]),
});
export const reasonBodySchema = z.strictObject({ reason: reason });
export const optionalReasonSchema = z.strictObject({ reason: text(500).optional() });
export const extensionRequestSchema = z.strictObject({ deadline: dateSchema, reason });
export const extensionDecisionSchema = z.strictObject({ approve: z.boolean(), reason: text(500).optional() });
export const fileUploadQuerySchema = z.object({ name: text(120).min(1) });

export const generateSchema = z.strictObject({
  unitId: z.number().int().positive(),
  year: yearSchema,
  /** The year whose shortfalls are the base (default: the year before). */
  fromYear: yearSchema.optional(),
  /** Deadline of the generated items (default: 30 November of the year). */
  deadline: dateSchema.optional(),
});
export const generateResultSchema = z.object({
  villages: z.number(),
  created: z.number(),
  skipped: z.number(),
});

// ---- Teams and visits --------------------------------------------------------------------------------------

export const teamSchema = z.object({
  id: z.number(),
  unitId: z.number(),
  unitName: z.string(),
  name: z.string(),
  leaderUserId: z.number(),
  leaderName: z.string(),
  members: z.array(z.object({ id: z.number(), name: z.string() })),
  visits: z.number(),
  findings: z.number(),
});
export const teamCreateSchema = z.strictObject({
  unitId: z.number().int().positive(),
  name: text(60).min(1),
  leaderUserId: z.number().int().positive(),
  memberUserIds: z.array(z.number().int().positive()).max(30).default([]),
});
export const visitSchema = z.object({
  id: z.number(),
  teamId: z.number(),
  teamName: z.string(),
  unitId: z.number(),
  unitName: z.string(),
  visitedOn: z.string(),
  note: z.string(),
  findings: z.number(),
  createdAt: z.number(),
});
export const visitCreateSchema = z.strictObject({
  teamId: z.number().int().positive(),
  unitId: z.number().int().positive(),
  visitedOn: dateSchema,
  note: text(1000).default(''),
});
export const visitListQuerySchema = z.object({
  unitId: z.coerce.number().int().positive().optional(),
  ...pageQuery(20, 100),
});
export const findingCreateSchema = z.strictObject({
  starCode: starCodeSchema,
  title: text(200, 1),
  measures: text(1000).default(''),
  deadline: dateSchema,
  ownerUserId: z.number().int().positive().nullable().default(null),
  ownerName: text(40).default(''),
  evidenceMin: z.number().int().min(0).max(20).default(1),
  /** Photos taken on the visit (uploaded first with the file route of the visit). */
  fileIds: z.array(z.number().int().positive()).max(20).default([]),
});

// ---- Summary, wall, reports --------------------------------------------------------------------------------

export const unitQuerySchema = z.object({ unitId: z.coerce.number().int().positive().optional() });

/** The contract, exactly. */
export const summarySchema = z.strictObject({
  tasks: z.strictObject({ total: z.number(), open: z.number(), closed: z.number(), overdue: z.number() }),
  slips: z.strictObject({ blue: z.number(), yellow: z.number(), red: z.number() }),
  links: z.strictObject({ cadres: z.number(), villages: z.number(), households: z.number() }),
});
export type SupervisionSummary = z.infer<typeof summarySchema>;

export const WALL_STATES = ['none', 'done', 'on_track', 'blue', 'yellow', 'red', 'held'] as const;
export const wallCellSchema = z.object({
  total: z.number(),
  closed: z.number(),
  blue: z.number(),
  yellow: z.number(),
  red: z.number(),
  held: z.boolean(),
  state: z.enum(WALL_STATES),
});
export const wallSchema = z.object({
  year: z.number(),
  stars: z.array(z.object({ code: z.string(), name: z.string() })),
  rows: z.array(
    z.object({ unitId: z.number(), unitName: z.string(), cells: z.record(z.string(), wallCellSchema) }),
  ),
});
export const wallQuerySchema = z.object({
  unitId: z.coerce.number().int().positive().optional(),
  year: yearSchema.optional(),
});

export const weeklyQuerySchema = z.object({
  unitId: z.coerce.number().int().positive().optional(),
  /** Any day of the week (default: this week). */
  date: dateSchema.optional(),
});
export const weeklySchema = z.object({
  weekStart: z.string(),
  weekEnd: z.string(),
  rows: z.array(
    z.object({
      unitId: z.number(),
      unitName: z.string(),
      starCode: z.string(),
      starName: z.string(),
      total: z.number(),
      closed: z.number(),
      newItems: z.number(),
      closedInWeek: z.number(),
      overdue: z.number(),
    }),
  ),
  totals: z.object({
    total: z.number(),
    closed: z.number(),
    newItems: z.number(),
    closedInWeek: z.number(),
    overdue: z.number(),
  }),
});

export const monthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'supervision.err.month');
export const rankingQuerySchema = z.object({
  unitId: z.coerce.number().int().positive().optional(),
  month: monthSchema.optional(),
});
export const rankingSchema = z.object({
  month: z.string(),
  unitName: z.string(),
  flagCount: z.number(),
  rows: z.array(
    z.object({
      unitId: z.number(),
      unitName: z.string(),
      rank: z.number(),
      rate: z.number(),
      due: z.number(),
      closedOnTime: z.number(),
      overdue: z.number(),
      closedInMonth: z.number(),
      flag: z.enum(['red', 'yellow']).nullable(),
    }),
  ),
});
export type Ranking = z.infer<typeof rankingSchema>;
export const circularQuerySchema = rankingQuerySchema.extend({ format: z.enum(['pdf', 'docx']) });

export const settingsSchema = z.object({
  unitId: z.number(),
  blueDays: z.number().int().min(0).max(30),
  behindPoints: z.number().int().min(0).max(100),
  flagCount: z.number().int().min(1).max(10),
  version: z.number(),
});
export const settingsPutSchema = z.strictObject({
  unitId: z.number().int().positive(),
  blueDays: z.number().int().min(0).max(30),
  behindPoints: z.number().int().min(0).max(100),
  flagCount: z.number().int().min(1).max(10),
});

// ---- Dynamic star management -------------------------------------------------------------------------------

export const AWARD_SOURCES = ['cycle', 'import', 'seed'] as const;
export const awardSchema = z.object({
  id: z.number(),
  branchId: z.number(),
  unitId: z.number(),
  unitName: z.string(),
  year: z.number(),
  starCode: z.string(),
  starName: z.string(),
  status: z.enum(['active', 'revoked']),
  source: z.string(),
  awardedAt: z.number(),
  revokedAt: z.number().nullable(),
  revokedReason: z.string().nullable(),
});
export const awardListQuerySchema = z.object({
  unitId: z.coerce.number().int().positive().optional(),
  year: yearSchema.optional(),
  status: z.enum(['active', 'revoked']).optional(),
  ...pageQuery(20, 200),
});
export const decisionSchema = z.object({
  id: z.number(),
  awardId: z.number(),
  kind: z.enum(['revoke', 'restore']),
  reason: z.string(),
  reviewId: z.number().nullable(),
  actorName: z.string(),
  at: z.number(),
});
export const starDecisionBodySchema = z.strictObject({
  reason,
  reviewId: z.number().int().positive().optional(),
});

export const REVIEW_STATUSES = ['open', 'revoked', 'kept'] as const;
export const reviewSchema = z.object({
  id: z.number(),
  unitId: z.number(),
  unitName: z.string(),
  branchId: z.number(),
  year: z.number(),
  starCode: z.string(),
  starName: z.string(),
  trigger: z.enum(['veto_event', 'manual']),
  event: z
    .object({ id: z.number(), typeCode: z.string(), typeName: z.string(), reportedAt: z.number() })
    .nullable(),
  indicatorCode: z.string().nullable(),
  status: z.enum(REVIEW_STATUSES),
  awardId: z.number().nullable(),
  openedAt: z.number(),
  decidedBy: z.string().nullable(),
  decidedAt: z.number().nullable(),
  decisionReason: z.string().nullable(),
});
export type StarReview = z.infer<typeof reviewSchema>;
export const reviewListQuerySchema = z.object({
  unitId: z.coerce.number().int().positive().optional(),
  status: z.enum(REVIEW_STATUSES).optional(),
  ...pageQuery(20, 100),
});
export const reviewDecisionSchema = z.strictObject({ outcome: z.enum(['revoke', 'keep']), reason });
export const publicRevocationSchema = z.object({
  unitName: z.string(),
  year: z.number(),
  starName: z.string(),
  reason: z.string(),
  at: z.number(),
  kind: z.enum(['revoke', 'restore']),
});
