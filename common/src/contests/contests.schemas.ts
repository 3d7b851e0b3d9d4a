import { z } from 'zod';
import { dateSchema } from '../calendar/calendar.schemas.ts';
import { freeText } from '../identity/free-text.ts';
import { AGGREGATION_METHODS } from './contests.rules.ts';

export const STAGE_KINDS = ['inspection', 'speech', 'test'] as const;
export const ROUND_LEVELS = ['township', 'county'] as const;
export const ROUND_STATUSES = ['open', 'closed'] as const;
export const JUDGE_KINDS = ['cadre', 'secretary', 'deputy', 'representative', 'guest'] as const;
export type RoundLevel = (typeof ROUND_LEVELS)[number];
export type RoundStatus = (typeof ROUND_STATUSES)[number];
export type JudgeKind = (typeof JUDGE_KINDS)[number];
export type StageKind = (typeof STAGE_KINDS)[number];

const code = z
  .string()
  .trim()
  .regex(/^[a-z0-9_]{1,40}$/, 'contests.err.code');

/** One level of a criterion's anchored scale: from `min` points up, what the judges should see. */
export const levelSchema = z.object({
  label: z.string().min(1).max(20),
  min: z.number().min(0),
  description: z.string().max(200),
});

export const criterionSchema = z.object({
  code,
  /** The heading it is shown under (e.g. 村容村貌). */
  group: z.string().trim().max(30).default(''),
  name: z.string().trim().min(1).max(60),
  max: z.number().positive().max(1000),
  levels: z.array(levelSchema).max(10),
  /** The star (and indicator) this criterion speaks to, when it maps onto the star standard. */
  starCode: z.string().nullable().default(null),
  indicatorCode: z.string().nullable().default(null),
});
export type Criterion = z.output<typeof criterionSchema>;

export const stageSchema = z.object({
  code,
  name: z.string().trim().min(1).max(40),
  kind: z.enum(STAGE_KINDS),
  /** Its share of the total (weights are divided by their sum). */
  weight: z.number().positive().max(100),
  criteria: z.array(criterionSchema).min(1).max(40),
});
export type Stage = z.output<typeof stageSchema>;

export const templateSchema = z.object({
  id: z.number(),
  code: z.string(),
  name: z.string(),
  level: z.enum(ROUND_LEVELS),
  /** Whether its weights and points are a guess kept as data (for the county's editor to set). */
  guess: z.boolean(),
  stages: z.array(stageSchema),
});
export type ContestTemplate = z.output<typeof templateSchema>;

export const roundListItemSchema = z.object({
  id: z.number(),
  name: z.string(),
  level: z.enum(ROUND_LEVELS),
  date: z.string(),
  status: z.enum(ROUND_STATUSES),
  unitId: z.number(),
  unitName: z.string(),
  method: z.enum(AGGREGATION_METHODS),
  units: z.number(),
  judges: z.number(),
  sheets: z.number(),
  /** Sheets expected (assignments × stages). */
  expected: z.number(),
});
export type RoundListItem = z.output<typeof roundListItemSchema>;

export const roundListQuerySchema = z.object({
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  level: z.enum(ROUND_LEVELS).optional(),
});

export const roundCreateSchema = z.object({
  templateId: z.number().int().positive(),
  /** The organising unit: a township (its villages) or a county (township winners). */
  unitId: z.number().int().positive(),
  name: z.string().trim().min(1).max(80),
  date: dateSchema,
  method: z.enum(AGGREGATION_METHODS).default('trimmed_mean'),
  /** Counts per prize tier, best first (e.g. [3, 5, 7]). */
  prizeTiers: z.array(z.number().int().min(0).max(1000)).max(5).default([]),
  /** The criterion whose mean splits equal totals (default: the first criterion of the first stage). */
  tieBreak: z.string().max(60).nullable().default(null),
  /** The units to rank; default: every village (or community) of a township, every township of a county. */
  unitIds: z.array(z.number().int().positive()).max(2000).optional(),
  judgesPerUnit: z.number().int().min(1).max(50).default(5),
  /** The last-ranked units that get a yellow flag (a problem-list item in supervision) when the round closes. */
  flagCount: z.number().int().min(0).max(20).default(3),
  judges: z
    .array(z.object({ userId: z.number().int().positive(), kind: z.enum(JUDGE_KINDS).default('cadre') }))
    .max(200)
    .default([]),
  /** One-off guest judges: an account each that expires with the round. */
  guests: z
    .array(z.object({ name: z.string().trim().min(1).max(30) }))
    .max(50)
    .default([]),
  /** Manual exclusions (回避) beyond own and linked villages. */
  exclusions: z
    .array(
      z.object({
        userId: z.number().int().positive(),
        unitId: z.number().int().positive(),
        reason: freeText(100, { min: 1 }),
      }),
    )
    .max(500)
    .default([]),
  /**
   * A county final fed by township rounds (the bracket): their ids; the final's units are then their winners, added
   * by “advance winners” as each closes (so `unitIds` is not given).
   */
  sourceRoundIds: z.array(z.number().int().positive()).min(1).max(100).optional(),
  /** How many of each source round's top places go to the final. */
  advanceTop: z.number().int().min(1).max(20).default(1),
  /** The lot's seed; default drawn by the server. Recorded with the round, so the order can be re-drawn by anyone. */
  lotSeed: z.number().int().min(1).max(2147483647).optional(),
});
export type RoundCreate = z.input<typeof roundCreateSchema>;

export const roundUnitSchema = z.object({
  unitId: z.number(),
  name: z.string(),
  lotOrder: z.number(),
  judges: z.array(z.number()),
  sheets: z.number(),
});

export const roundJudgeSchema = z.object({
  userId: z.number(),
  name: z.string(),
  kind: z.enum(JUDGE_KINDS),
  expiresAt: z.number().nullable(),
  assigned: z.number(),
  submitted: z.number(),
});

/**
 * The bracket (晋级): a county final fed by source rounds (township rounds). When a source is closed, its top
 * `advanceTop` places (a tie at the last place qualifies every unit sharing it) are advanced into the final's units,
 * once per source; the final's order is then drawn again by its recorded seed and its judges assigned again, which
 * is why advancing stops once the final's first sheet is in.
 */
export const bracketSourceSchema = z.object({
  id: z.number(),
  name: z.string(),
  unitName: z.string(),
  date: z.string(),
  status: z.enum(ROUND_STATUSES),
  /** When its winners were advanced into the final (null: not yet). */
  advancedAt: z.number().nullable(),
  /** A closed source's qualifying places (advanced or not yet); empty while it is open. */
  winners: z.array(z.object({ unitId: z.number(), name: z.string(), rank: z.number(), score: z.number() })),
});
export type BracketSource = z.output<typeof bracketSourceSchema>;

export const bracketSchema = z.object({
  advanceTop: z.number(),
  sources: z.array(bracketSourceSchema),
  /** Whether winners can still be advanced: the final is open and none of its sheets is in. */
  canAdvance: z.boolean(),
});
export type Bracket = z.output<typeof bracketSchema>;

export const advanceResultSchema = z.object({
  /** The sources advanced now, with the units each sent to the final. */
  advanced: z.array(
    z.object({
      sourceId: z.number(),
      name: z.string(),
      units: z.array(z.object({ unitId: z.number(), name: z.string(), rank: z.number() })),
    }),
  ),
  /** Sources still open: their winners follow when they close. */
  waiting: z.array(z.object({ id: z.number(), name: z.string() })),
  /** The final's units now. */
  units: z.number(),
});
export type AdvanceResult = z.output<typeof advanceResultSchema>;

export const roundDetailSchema = roundListItemSchema.extend({
  templateName: z.string(),
  stages: z.array(stageSchema),
  prizeTiers: z.array(z.number()),
  tieBreak: z.string().nullable(),
  flagCount: z.number(),
  lotSeed: z.number(),
  chairId: z.number(),
  chairName: z.string(),
  isChair: z.boolean(),
  roundUnits: z.array(roundUnitSchema),
  roundJudges: z.array(roundJudgeSchema),
  guestAccounts: z.array(z.object({ username: z.string(), password: z.string() })).optional(),
  closedAt: z.number().nullable(),
  /** A final fed by source rounds: the bracket (null: none). */
  bracket: bracketSchema.nullable(),
  /** The finals this round feeds (a township round whose winners go on). */
  feedsInto: z.array(z.object({ id: z.number(), name: z.string(), status: z.enum(ROUND_STATUSES) })),
});
export type RoundDetail = z.output<typeof roundDetailSchema>;

/** The judge's home: my rounds, my units in lot order, which are scored. */
export const myRoundSchema = z.object({
  id: z.number(),
  name: z.string(),
  date: z.string(),
  status: z.enum(ROUND_STATUSES),
  stages: z.array(stageSchema),
  units: z.array(
    z.object({
      unitId: z.number(),
      name: z.string(),
      lotOrder: z.number(),
      /** Stage codes with my submitted sheet. */
      submitted: z.array(z.string()),
    }),
  ),
});
export type MyRound = z.output<typeof myRoundSchema>;

export const scoreEntrySchema = z.object({
  code: z.string().min(1).max(40),
  score: z.number().min(0).max(1000),
  note: freeText(500).default(''),
  photoId: z.number().int().positive().nullable().default(null),
});

export const scoreSubmitSchema = z.object({
  unitId: z.number().int().positive(),
  /** The stage scored (default: the round's first). */
  stage: z.string().max(40).optional(),
  criteria: z.array(scoreEntrySchema).min(1).max(40),
});
export type ScoreSubmit = z.input<typeof scoreSubmitSchema>;

export const sheetSchema = z.object({
  id: z.number(),
  unitId: z.number(),
  unitName: z.string(),
  judgeId: z.number(),
  judgeName: z.string(),
  stage: z.string(),
  submittedAt: z.number(),
  total: z.number(),
  criteria: z.array(
    z.object({
      code: z.string(),
      score: z.number(),
      note: z.string(),
      photoId: z.number().nullable(),
      /** The judge's own score before the chair's correction (null: not corrected). */
      originalScore: z.number().nullable(),
      reason: z.string().nullable(),
    }),
  ),
});
export type Sheet = z.output<typeof sheetSchema>;

export const sheetsQuerySchema = z.object({ unitId: z.coerce.number().int().positive().optional() });

export const sheetParamsSchema = z.object({
  id: z.coerce.number().int().positive(),
  sheetId: z.coerce.number().int().positive(),
});

export const correctionSchema = z.object({
  criteria: z
    .array(z.object({ code: z.string().min(1).max(40), score: z.number().min(0).max(1000) }))
    .min(1)
    .max(40),
  reason: freeText(200, { min: 2 }),
});

export const resultEntrySchema = z.object({
  unitId: z.number(),
  name: z.string(),
  score: z.number(),
  rank: z.number(),
  tier: z.number().nullable(),
  stages: z.record(z.string(), z.number()),
  tieBreak: z.number().nullable(),
  judges: z.number(),
  /** For a county round: the township the unit belongs to. */
  parentName: z.string(),
});

export const resultsSchema = z.object({
  id: z.number(),
  name: z.string(),
  status: z.enum(ROUND_STATUSES),
  method: z.enum(AGGREGATION_METHODS),
  stages: z.array(z.object({ code: z.string(), name: z.string(), weight: z.number(), max: z.number() })),
  tieBreak: z.string().nullable(),
  prizeTiers: z.array(z.number()),
  /** Whether these are the figures fixed at closing (else computed now from the sheets in). */
  final: z.boolean(),
  /** A judge sees the figures of an open round only after submitting all their own sheets. */
  hidden: z.boolean(),
  formula: z.object({ zh: z.string(), en: z.string() }),
  entries: z.array(resultEntrySchema),
  publicityId: z.number().nullable(),
});
export type ContestResults = z.output<typeof resultsSchema>;

export const closeResultSchema = z.object({
  ranked: z.number(),
  flagged: z.number(),
  publicityId: z.number().nullable(),
});
