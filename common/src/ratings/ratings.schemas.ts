import { z } from 'zod';
import { BRANCH_KINDS } from '../org/org.schemas.ts';
import { freeText } from '../identity/free-text.ts';

/** Star codes known to the software; a standard's star list is data and may use any code of this shape. */
export const starCodeSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_]{1,31}$/, { message: 'ratings.err.code_format' });
const indicatorCodeSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_.]{1,47}$/, { message: 'ratings.err.code_format' });

/** What the standards editor lets the county type after `<star>.` in a new indicator's code. */
export const indicatorSlugSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,30}$/, { message: 'ratings.err.code_format' });

export const INDICATOR_TYPES = ['boolean', 'numeric', 'evidence', 'veto', 'derived'] as const;
export type IndicatorType = (typeof INDICATOR_TYPES)[number];
export const FACT_OPS = ['>=', '<=', '='] as const;

export const indicatorSchema = z
  .object({
    code: indicatorCodeSchema,
    starCode: starCodeSchema,
    title: freeText(200, { min: 1 }),
    type: z.enum(INDICATOR_TYPES),
    /** numeric / derived: the value's unit, e.g. 万元, 人, 分. */
    unit: z.string().trim().max(20).nullable().default(null),
    /** numeric: value ≥ threshold; derived: fact `op` threshold (booleans compare as 1/0). */
    threshold: z.number().finite().nullable().default(null),
    /** evidence: how many files at least; other types may ask for files too. */
    minFiles: z.number().int().min(0).max(20).default(0),
    /** derived: the registered fact's code. */
    fact: z.string().max(60).nullable().default(null),
    op: z.enum(FACT_OPS).nullable().default(null),
    /**
     * Named in a public source (true) or our placeholder until the province's own standard is known (false);
     * docs/programme.md §2. The UI shows it as 已证实 / 推测.
     */
    verified: z.boolean(),
    note: freeText(300).nullable().default(null),
    leadDepartment: z.string().max(60).nullable().default(null),
    /** veto: grid event / dispute types that trigger it; such an event opens a star review (supervision). */
    eventTypes: z.array(z.string().max(60)).max(20).optional(),
  })
  .superRefine((ind, ctx) => {
    const need = (cond: boolean, path: string) => {
      if (!cond) ctx.addIssue({ code: 'custom', path: [path], message: 'ratings.err.indicator_incomplete' });
    };
    if (ind.type === 'numeric') {
      need(ind.threshold !== null, 'threshold');
      need(!!ind.unit, 'unit');
    }
    if (ind.type === 'evidence') need(ind.minFiles >= 1, 'minFiles');
    if (ind.type === 'derived') {
      need(!!ind.fact, 'fact');
      need(ind.op !== null, 'op');
      need(ind.threshold !== null, 'threshold');
    }
  });
export type Indicator = z.infer<typeof indicatorSchema>;

const starTypeSchema = z.object({
  code: starCodeSchema,
  name: z.string().trim().min(1).max(20),
  nameEn: z.string().trim().min(1).max(60),
  order: z.number().int().min(1).max(20),
});
export type StarType = z.infer<typeof starTypeSchema>;

export const standardDefinitionSchema = z
  .object({
    stars: z.array(starTypeSchema).min(1).max(8),
    /** 支部过硬星 only with all the other stars (docs/programme.md §1; inferred): a switch, on by default, unverified. */
    capstone: z.object({
      enabled: z.boolean(),
      starCode: starCodeSchema.nullable(),
      verified: z.boolean(),
    }),
    indicators: z.array(indicatorSchema).max(300),
    /** Public-notice window in working days (5 is the common norm; Henan's figure unconfirmed). */
    noticeWorkingDays: z.number().int().min(1).max(30),
  })
  .superRefine((def, ctx) => {
    const stars = new Set(def.stars.map((s) => s.code));
    if (stars.size !== def.stars.length)
      ctx.addIssue({ code: 'custom', path: ['stars'], message: 'ratings.err.duplicate_code' });
    if (def.capstone.starCode !== null && !stars.has(def.capstone.starCode))
      ctx.addIssue({ code: 'custom', path: ['capstone', 'starCode'], message: 'ratings.err.unknown_star' });
    const codes = new Set<string>();
    def.indicators.forEach((ind, i) => {
      if (!stars.has(ind.starCode))
        ctx.addIssue({
          code: 'custom',
          path: ['indicators', i, 'starCode'],
          message: 'ratings.err.unknown_star',
        });
      if (codes.has(ind.code))
        ctx.addIssue({
          code: 'custom',
          path: ['indicators', i, 'code'],
          message: 'ratings.err.duplicate_code',
        });
      codes.add(ind.code);
    });
  });
export type StandardDefinition = z.infer<typeof standardDefinitionSchema>;

const STANDARD_STATUSES = ['draft', 'published'] as const;
export type StandardStatus = (typeof STANDARD_STATUSES)[number];
/** Which standard a branch is rated on: the rural one (villages) or the urban one (communities). */
const branchKindSchema = z.enum(BRANCH_KINDS);

export const standardSchema = z.object({
  id: z.number(),
  year: z.number(),
  branchKind: branchKindSchema,
  status: z.enum(STANDARD_STATUSES),
  definition: standardDefinitionSchema,
  publishedAt: z.number().nullable(),
  updatedAt: z.number(),
  /** The edit version (sent back as If-Match; docs/security.md item 36). */
  version: z.number().int().optional(),
});
export type Standard = z.infer<typeof standardSchema>;

export const yearSchema = z.coerce.number().int().min(2000).max(2100);

/** `?year=` when a route needs one. */
export const yearQuerySchema = z.object({ year: yearSchema });
/** `?year=` when a route may narrow to one. */
export const optionalYearQuerySchema = z.object({ year: yearSchema.optional() });

export const standardListQuerySchema = optionalYearQuerySchema;
export const standardCreateSchema = z.strictObject({ year: yearSchema, branchKind: branchKindSchema });
export const standardPatchSchema = z.strictObject({ definition: standardDefinitionSchema });

export const factSchema = z.object({
  code: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  unit: z.string().nullable(),
  kind: z.enum(['number', 'boolean']),
});
export type Fact = z.infer<typeof factSchema>;

// ---- The rating cycle ----------------------------------------------------------------------------------------

export const APPLICATION_STATUSES = [
  'draft',
  'submitted',
  'township_review',
  'returned',
  'county_review',
  'rated',
  'publicity',
  'objection',
  'awarded',
  'rejected',
  'revoked',
] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

const REVIEW_STATES = ['pending', 'accepted', 'returned'] as const;
export type ReviewState = (typeof REVIEW_STATES)[number];

const MB = 1024 * 1024;
/** The largest evidence file (a PDF or an Office document; photos stop at 10 MB, checked by type on the server). */
export const EVIDENCE_MAX_BYTES = 20 * MB;
/**
 * Evidence types a browser may show in place (`?view=inline`): photos and PDFs. Anything else is always served as a
 * download, so an uploaded document never renders as a page of this site.
 */
export const EVIDENCE_INLINE_TYPES: readonly string[] = [
  'image/jpeg',
  'image/png',
  'image/webp',
  'application/pdf',
];
export const evidenceQuerySchema = z.object({ view: z.enum(['inline']).optional() });

/** The largest rating table an import accepts. */
export const IMPORT_MAX_BYTES = 20 * MB;

/** One evidence file on an indicator. */
export const evidenceFileSchema = z.object({
  id: z.number(),
  name: z.string(),
  mime: z.string(),
  size: z.number(),
  createdAt: z.number(),
});
/** Which indicator a raw evidence upload is for, and the file's name as the phone gave it. */
export const evidenceUploadQuerySchema = z.object({
  indicator: indicatorCodeSchema,
  name: freeText(200).default(''),
});

const indicatorResultSchema = z.object({
  code: z.string(),
  met: z.boolean().nullable(),
  value: z.number().nullable(),
  triggered: z.boolean().nullable(),
  note: z.string().nullable(),
  review: z.enum(REVIEW_STATES),
  reviewComment: z.string().nullable(),
  /** Changed by the village since the township last reviewed it (DHIS2-style "modified since approval"). */
  changedSinceReview: z.boolean(),
  previous: z
    .object({ met: z.boolean().nullable(), value: z.number().nullable(), triggered: z.boolean().nullable() })
    .nullable(),
  files: z.array(evidenceFileSchema),
});

const evaluationSchema = z.object({
  eligible: z.boolean(),
  vetoed: z.boolean(),
  indicators: z.array(z.object({ code: z.string(), ok: z.boolean(), reason: z.string() })),
});

export const applicationSchema = z.object({
  id: z.number(),
  branchId: z.number(),
  branchName: z.string(),
  unitId: z.number(),
  unitName: z.string(),
  year: z.number(),
  starCode: z.string(),
  starName: z.string(),
  status: z.enum(APPLICATION_STATUSES),
  round: z.number(),
  updatedAt: z.number(),
});
export type Application = z.infer<typeof applicationSchema>;

export const applicationDetailSchema = applicationSchema.extend({
  /** The edit version (sent back as If-Match; docs/security.md item 36). */
  version: z.number().int().optional(),
  standardId: z.number(),
  indicators: z.array(indicatorSchema),
  results: z.array(indicatorResultSchema),
  facts: z.record(z.string(), z.union([z.number(), z.boolean(), z.null()])),
  evaluation: evaluationSchema,
  history: z.array(
    z.object({
      action: z.string(),
      from: z.string().nullable(),
      to: z.string(),
      actorName: z.string().nullable(),
      at: z.number(),
      reason: z.string().nullable(),
    }),
  ),
});
export type ApplicationDetail = z.infer<typeof applicationDetailSchema>;

export const applicationListQuerySchema = z.object({
  year: yearSchema.optional(),
  status: z.enum(APPLICATION_STATUSES).optional(),
  branchId: z.coerce.number().int().positive().optional(),
  starCode: starCodeSchema.optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(100),
});

/** The village's note on an indicator of its self-assessment. */
export const indicatorNoteSchema = freeText(500);

export const assessSchema = z.strictObject({
  results: z
    .array(
      z.strictObject({
        code: indicatorCodeSchema,
        met: z.boolean().nullable().optional(),
        value: z.number().finite().min(-1e12).max(1e12).nullable().optional(),
        triggered: z.boolean().nullable().optional(),
        note: indicatorNoteSchema.nullable().optional(),
      }),
    )
    .min(1)
    .max(100),
});

export const indicatorReviewSchema = z.strictObject({
  code: indicatorCodeSchema,
  decision: z.enum(['accept', 'return']),
  comment: freeText(500).optional(),
});

const TOWNSHIP_ACTIONS = ['start_review', 'return', 'recommend', 'reject'] as const;
const COUNTY_ACTIONS = ['rate', 'send_back', 'reject', 'award', 'revoke'] as const;
export type TownshipAction = (typeof TOWNSHIP_ACTIONS)[number];
export type CountyAction = (typeof COUNTY_ACTIONS)[number];
export const reasonSchema = freeText(500, { min: 1 });
export const townshipActionSchema = z.strictObject({
  action: z.enum(TOWNSHIP_ACTIONS),
  reason: reasonSchema.optional(),
});
export const countyActionSchema = z.strictObject({
  action: z.enum(COUNTY_ACTIONS),
  reason: reasonSchema.optional(),
});

// ---- Targets ------------------------------------------------------------------------------------------------

const levelCountsSchema = z.partialRecord(z.enum(['0', '1', '2', '3', '4', '5']), z.number().int().min(0));
export const targetsSchema = z.object({
  year: z.number(),
  unitId: z.number(),
  levels: levelCountsSchema,
  stars: z.record(z.string(), z.number().int().min(0)),
  branches: z.array(z.object({ branchId: z.number(), branchName: z.string(), stars: z.array(z.string()) })),
});
export const targetsQuerySchema = z.object({
  year: yearSchema,
  unitId: z.coerce.number().int().positive().optional(),
});
export const townshipTargetsPutSchema = z.strictObject({
  year: yearSchema,
  unitId: z.number().int().positive().optional(),
  levels: z.partialRecord(z.enum(['0', '1', '2', '3', '4', '5']), z.number().int().min(0).max(100000)),
  stars: z.record(starCodeSchema, z.number().int().min(0).max(100000)),
});
export const branchTargetsPutSchema = z.strictObject({
  year: yearSchema,
  branchId: z.number().int().positive(),
  stars: z.array(starCodeSchema).max(8),
});
export const branchTargetsSchema = z.object({
  branchId: z.number(),
  year: z.number(),
  stars: z.array(z.string()),
});

// ---- Public notice and objections ----------------------------------------------------------------------------

const OBJECTION_STATUSES = ['open', 'dismissed', 'upheld'] as const;
export type ObjectionStatus = (typeof OBJECTION_STATUSES)[number];

export const noticeCreateSchema = z.strictObject({
  year: yearSchema,
  title: freeText(100, { min: 1 }).optional(),
  workingDays: z.number().int().min(1).max(30).optional(),
  /** Applications to list; default: every `rated` application in the caller's scope for the year. */
  applicationIds: z.array(z.number().int().positive()).max(5000).optional(),
});

const publicNoticeItemSchema = z.object({
  applicationId: z.number(),
  branchName: z.string(),
  starCode: z.string(),
  starName: z.string(),
  status: z.enum(APPLICATION_STATUSES),
});
export const publicNoticeSchema = z.object({
  id: z.number(),
  year: z.number(),
  title: z.string(),
  unitName: z.string(),
  /** ISO 8601 times (the public view carries no bare epoch numbers). */
  startsAt: z.string(),
  endsAt: z.string(),
  open: z.boolean(),
  items: z.array(publicNoticeItemSchema),
  /** Outcomes only: what was decided, never the objector's text or contact. */
  objections: z.array(
    z.object({
      id: z.number(),
      applicationId: z.number().nullable(),
      status: z.enum(OBJECTION_STATUSES),
      outcome: z.string().nullable(),
      createdAt: z.string(),
    }),
  ),
});
export type PublicNotice = z.infer<typeof publicNoticeSchema>;

const staffObjectionSchema = z.object({
  id: z.number(),
  applicationId: z.number().nullable(),
  content: z.string(),
  contact: z.string().nullable(),
  status: z.enum(OBJECTION_STATUSES),
  outcome: z.string().nullable(),
  createdAt: z.string(),
  resolvedAt: z.string().nullable(),
  resolvedBy: z.string().nullable(),
});
export const staffNoticeSchema = publicNoticeSchema.extend({
  objections: z.array(staffObjectionSchema),
  awardedAt: z.string().nullable(),
});

export type StaffNotice = z.infer<typeof staffNoticeSchema>;

export const objectionCreateSchema = z.strictObject({
  applicationId: z.number().int().positive().optional(),
  content: freeText(1000, { min: 5 }),
  contact: z.string().trim().max(60).optional(),
});
export const objectionAckSchema = z.object({ ok: z.boolean() });
export const objectionResolveSchema = z.strictObject({
  decision: z.enum(['dismissed', 'upheld']),
  outcome: reasonSchema,
});

// ---- Summary and dashboard -----------------------------------------------------------------------------------

export const ratingSummaryQuerySchema = z.object({
  year: yearSchema,
  unitId: z.coerce.number().int().positive().optional(),
});
/** The dashboard's year is optional: without one the server takes the current year by its own clock (China time). */
export const dashboardQuerySchema = ratingSummaryQuerySchema.extend({ year: yearSchema.optional() });
export const ratingSummarySchema = z.object({
  year: z.number(),
  branches: z.number(),
  byLevel: z.record(z.string(), z.number()),
  byStar: z.record(z.string(), z.number()),
  threeOrMore: z.number(),
  threeOrMoreShare: z.number(),
});
export type Summary = z.infer<typeof ratingSummarySchema>;

export const dashboardSchema = z.object({
  summary: ratingSummarySchema,
  stars: z.array(z.object({ code: z.string(), name: z.string() })),
  byDistrict: z.array(
    z.object({
      unitId: z.number(),
      name: z.string(),
      branches: z.number(),
      byLevel: z.record(z.string(), z.number()),
      threeOrMore: z.number(),
    }),
  ),
  villages: z.array(
    z.object({
      branchId: z.number(),
      unitId: z.number(),
      name: z.string(),
      districtName: z.string().nullable(),
      stars: z.array(z.string()),
      level: z.number(),
      targetStars: z.array(z.string()),
    }),
  ),
  targets: z.object({
    levels: z.record(z.string(), z.number()),
    stars: z.record(z.string(), z.number()),
  }),
  cycle: z.record(z.string(), z.number()),
  years: z.array(ratingSummarySchema),
  /** Stars gained and lost against the year before (lost includes revocations), per year. */
  changes: z.array(z.object({ year: z.number(), gained: z.number(), lost: z.number(), revoked: z.number() })),
});
export type Dashboard = z.infer<typeof dashboardSchema>;

export const ratedBranchQuerySchema = z.object({
  year: yearSchema,
  unitId: z.coerce.number().int().positive().optional(),
  level: z.coerce.number().int().min(0).max(5).optional(),
  minLevel: z.coerce.number().int().min(0).max(5).optional(),
  star: starCodeSchema.optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(100),
});
export const ratedBranchSchema = z.object({
  branchId: z.number(),
  unitId: z.number(),
  name: z.string(),
  districtName: z.string().nullable(),
  level: z.number(),
  stars: z.array(z.string()),
});

export const branchRatingDetailSchema = z.object({
  branchId: z.number(),
  name: z.string(),
  kind: branchKindSchema,
  year: z.number(),
  level: z.number(),
  stars: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      held: z.boolean(),
      awardId: z.number().nullable(),
      applicationId: z.number().nullable(),
      status: z.string().nullable(),
      /** Why the star is not held: machine reasons with details, e.g. failing indicators. */
      why: z.array(z.object({ reason: z.string(), detail: z.string().nullable() })),
    }),
  ),
  history: z.array(z.object({ year: z.number(), level: z.number(), stars: z.array(z.string()) })),
});
export type BranchRatingDetail = z.infer<typeof branchRatingDetailSchema>;

export const importReportSchema = z.object({
  ok: z.boolean(),
  rows: z.number(),
  written: z.number(),
  errors: z.array(z.object({ row: z.number(), column: z.string().nullable(), message: z.string() })),
});
export type ImportReport = z.infer<typeof importReportSchema>;
