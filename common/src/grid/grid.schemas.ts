import { z } from 'zod';
import { dateSchema } from '../calendar/calendar.schemas.ts';
import { idNumberSchema, mobileSchema } from '../persons/persons.schemas.ts';
import {
  EVENT_CLASSES,
  EVENT_SOURCES,
  EVENT_STATUSES,
  MEDIATION_STATUSES,
  MEDIATION_STEPS,
  SUPERVISION_LEVELS,
  THREE_ZERO_KINDS,
} from './grid.rules.ts';
import { freeText } from '../identity/free-text.ts';

const id = z.number().int().positive();

// --- dictionary, grids, calendar, limits ----------------------------------------------------------------------

export const eventTypeSchema = z.object({
  id: z.number(),
  code: z.string(),
  class: z.enum(EVENT_CLASSES),
  parentCode: z.string().nullable(),
  nameZh: z.string(),
  nameEn: z.string(),
  threeZero: z.enum(THREE_ZERO_KINDS).nullable(),
  active: z.boolean(),
});
export type EventType = z.infer<typeof eventTypeSchema>;

/** A type's code: lower case, dotted under its parent's (e.g. `dispute.water`). */
export const eventTypeCodeSchema = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9_.]{1,40}$/, 'err.code.format');

export const eventTypeCreateSchema = z.strictObject({
  code: eventTypeCodeSchema,
  class: z.enum(EVENT_CLASSES),
  parentCode: z.string().trim().max(42).nullable().default(null),
  nameZh: z.string().trim().min(1).max(40),
  nameEn: z.string().trim().min(1).max(80),
  threeZero: z.enum(THREE_ZERO_KINDS).nullable().default(null),
});
export const eventTypePatchSchema = z.strictObject({
  nameZh: z.string().trim().min(1).max(40).optional(),
  nameEn: z.string().trim().min(1).max(80).optional(),
  threeZero: z.enum(THREE_ZERO_KINDS).nullable().optional(),
  active: z.boolean().optional(),
});
export type EventTypeCreate = z.infer<typeof eventTypeCreateSchema>;
export type EventTypePatch = z.infer<typeof eventTypePatchSchema>;

export const gridSchema = z.object({
  id: z.number(),
  unitId: z.number(),
  unitName: z.string(),
  name: z.string(),
  stationId: z.number(),
  workerName: z.string().nullable(),
  workerUsername: z.string().nullable(),
  openEvents: z.number(),
});
export type Grid = z.infer<typeof gridSchema>;

/** `GET /api/grid/grids`: the grids in scope, or of one village. */
export const gridsQuerySchema = z.object({ unitId: z.coerce.number().int().positive().optional() });

/** `GET /api/grid/map`: the figures of one year (default: this year). */
export const gridMapQuerySchema = z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() });

/** The grid map: one feature per village (illustrative squares laid out by the village's order), with its figures. */
export const gridMapSchema = z.object({
  type: z.literal('FeatureCollection'),
  truncated: z.boolean(),
  features: z.array(
    z.object({
      type: z.literal('Feature'),
      properties: z.object({
        name: z.string(),
        unitId: z.number(),
        grids: z.number(),
        open: z.number(),
        overdue: z.number(),
        total: z.number(),
      }),
      geometry: z.object({ type: z.literal('Polygon'), coordinates: z.array(z.array(z.array(z.number()))) }),
    }),
  ),
});
export type GridMap = z.infer<typeof gridMapSchema>;

/** The stages a report's clock runs in: acceptance, handling, verification. */
export const GRID_STAGES = ['accept', 'handle', 'verify'] as const;
export type GridStage = (typeof GRID_STAGES)[number];
export const timeLimitSchema = z.object({
  class: z.enum(EVENT_CLASSES),
  typeCode: z.string().nullable(),
  stage: z.enum(GRID_STAGES),
  days: z.number(),
  calendarDays: z.boolean(),
});
export const timeLimitSetSchema = z.strictObject({
  class: z.enum(EVENT_CLASSES),
  typeCode: z.string().trim().max(42).nullable().default(null),
  stage: z.enum(GRID_STAGES),
  days: z.number().int().min(1).max(365),
  calendarDays: z.boolean().default(false),
});
export type TimeLimitEntry = z.infer<typeof timeLimitSchema>;
export type TimeLimitSet = z.infer<typeof timeLimitSetSchema>;

// --- attachments -------------------------------------------------------------------------------------------------

export const ATTACHMENT_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export type AttachmentType = (typeof ATTACHMENT_TYPES)[number];
export const attachmentCreateSchema = z.strictObject({
  contentType: z.enum(ATTACHMENT_TYPES),
  /** Base64 of the image bytes (the phone downsizes photos before upload). */
  data: z.string().min(8).max(1_000_000),
  fileName: freeText(120).optional(),
});
export const attachmentSchema = z.object({
  id: z.number(),
  contentType: z.string(),
  size: z.number(),
  sha256: z.string(),
});

// --- events --------------------------------------------------------------------------------------------------

export const PARTY_ROLES = ['party', 'applicant', 'respondent'] as const;
export type PartyRole = (typeof PARTY_ROLES)[number];

export const partyInputSchema = z.strictObject({
  name: z.string().trim().min(1).max(40),
  role: z.enum(PARTY_ROLES).default('party'),
  idNumber: idNumberSchema.optional(),
  phone: mobileSchema.optional(),
});
export const partySchema = z.object({
  name: z.string(),
  role: z.string(),
  idNumber: z.string().nullable().describe('masked'),
  phone: z.string().nullable().describe('masked'),
});

export const EVENT_SCALES = ['small', 'medium', 'large'] as const;
export type EventScale = (typeof EVENT_SCALES)[number];
/** Where a report is escalated to. */
export const ESCALATION_LEVELS = ['township', 'county'] as const;
export type EscalationLevel = (typeof ESCALATION_LEVELS)[number];

export const eventCreateSchema = z.strictObject({
  class: z.enum(EVENT_CLASSES),
  typeCode: z.string().trim().min(1).max(42),
  unitId: id,
  gridId: id.optional(),
  place: freeText(120, { min: 1 }),
  lat: z.number().min(-90).max(90).optional(),
  lng: z.number().min(-180).max(180).optional(),
  occurredAt: z.number().int().positive().optional(),
  description: freeText(2000, { min: 1 }),
  scale: z.enum(EVENT_SCALES).default('small'),
  peopleInvolved: z.number().int().min(0).max(100_000).default(0),
  source: z.enum(EVENT_SOURCES).default('grid_worker'),
  campaignId: id.optional(),
  campaignSubCategory: z.string().trim().max(40).optional(),
  parties: z.array(partyInputSchema).max(20).default([]),
  photoIds: z.array(id).max(9).default([]),
});
export type EventCreate = z.infer<typeof eventCreateSchema>;

export const duplicateHintSchema = z.object({
  id: z.number(),
  code: z.string(),
  typeCode: z.string(),
  status: z.enum(EVENT_STATUSES),
  place: z.string(),
  reportedAt: z.number(),
  reason: z.enum(['nearby_same_type', 'same_parties']),
  distanceM: z.number().nullable(),
});
export type DuplicateHint = z.infer<typeof duplicateHintSchema>;

export const duplicateQuerySchema = z.strictObject({
  class: z.enum(EVENT_CLASSES),
  typeCode: z.string().trim().min(1).max(42),
  unitId: id,
  lat: z.number().min(-90).max(90).optional(),
  lng: z.number().min(-180).max(180).optional(),
  parties: z.array(partyInputSchema).max(20).default([]),
});

export const eventSummarySchema = z.object({
  id: z.number(),
  code: z.string(),
  class: z.enum(EVENT_CLASSES),
  typeCode: z.string(),
  typeName: z.string(),
  unitId: z.number(),
  unitName: z.string(),
  gridId: z.number().nullable(),
  place: z.string(),
  status: z.enum(EVENT_STATUSES),
  supervision: z.enum(SUPERVISION_LEVELS),
  source: z.enum(EVENT_SOURCES),
  reportedAt: z.number(),
  dueAt: z.number().nullable(),
  closedAt: z.number().nullable(),
  handlerUnitId: z.number().nullable(),
  handlerUnitName: z.string().nullable(),
  handlerDept: z.string().nullable(),
  duplicateOf: z.number().nullable(),
});
export type EventSummary = z.infer<typeof eventSummarySchema>;

export const eventLogSchema = z.object({
  id: z.number(),
  action: z.string(),
  fromStatus: z.string().nullable(),
  toStatus: z.string().nullable(),
  actorName: z.string(),
  at: z.number(),
  reason: z.string().nullable(),
  attachmentIds: z.array(z.number()),
  /** The step moved the deadline (e.g. 受理 starts the handling clock): the deadline before and after. */
  dueChange: z.object({ from: z.number().nullable(), to: z.number().nullable() }).nullable(),
});

export const eventDetailSchema = eventSummarySchema.extend({
  description: z.string(),
  lat: z.number().nullable(),
  lng: z.number().nullable(),
  occurredAt: z.number().nullable(),
  scale: z.string(),
  peopleInvolved: z.number(),
  campaignId: z.number().nullable(),
  campaignSubCategory: z.string().nullable(),
  reporterName: z.string(),
  escalatedTo: z.string().nullable(),
  extensionDays: z.number(),
  manualSupervision: z.enum(SUPERVISION_LEVELS),
  parties: z.array(partySchema),
  photoIds: z.array(z.number()),
  log: z.array(eventLogSchema),
  allowedActions: z.array(z.string()),
  mediation: z
    .object({
      disputeType: z.string().nullable(),
      status: z.enum(MEDIATION_STATUSES),
      mediatorName: z.string().nullable(),
      sessions: z.number(),
      agreement: z.string().nullable(),
      referredTo: z.string().nullable(),
      followUpAt: z.number().nullable(),
      archivedAt: z.number().nullable(),
    })
    .nullable(),
});
export type EventDetail = z.infer<typeof eventDetailSchema>;

export const eventCreatedSchema = z.object({
  event: eventDetailSchema,
  duplicateHints: z.array(duplicateHintSchema),
  /** true when this request repeated an earlier one with the same Idempotency-Key. */
  replayed: z.boolean(),
});

const csvOf = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .transform((s) => s.split(',').filter(Boolean))
    .pipe(z.array(z.enum(values)));

export const EVENT_SORTS = ['reportedAt', '-reportedAt', 'dueAt', '-dueAt', 'id', '-id'] as const;
export const eventListQuerySchema = z.object({
  class: z.enum(EVENT_CLASSES).optional(),
  status: csvOf(EVENT_STATUSES).optional(),
  typeCode: z.string().trim().max(42).optional(),
  unitId: z.coerce.number().int().positive().optional(),
  gridId: z.coerce.number().int().positive().optional(),
  supervision: z.enum(SUPERVISION_LEVELS).optional(),
  from: dateSchema.optional(),
  to: dateSchema.optional(),
  /** Words in the code, place or description. */
  q: z.string().trim().max(50).optional(),
  /** `me`: the events waiting for the caller's unit to answer (see `awaitsReplyFrom`). */
  awaiting: z.enum(['me']).optional(),
  sort: z.enum(EVENT_SORTS).default('-reportedAt'),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type EventListQuery = z.infer<typeof eventListQuerySchema>;

export const actionBodySchema = z.strictObject({
  reason: freeText(2000).optional(),
  attachmentIds: z.array(id).max(9).default([]),
  /** dispatch: the village (or community) that handles it, or a department by name. */
  handlerUnitId: id.optional(),
  handlerDept: z.string().trim().max(60).optional(),
  /** escalate */
  escalateTo: z.enum(ESCALATION_LEVELS).optional(),
  /** supervise (督办) */
  level: z.enum(SUPERVISION_LEVELS).optional(),
  /** extend: approved extra days */
  days: z.number().int().min(1).max(90).optional(),
});
export type ActionBody = z.infer<typeof actionBodySchema>;

export const mergeBodySchema = z.strictObject({ intoId: id, reason: freeText(500).optional() });

export const mediationBodySchema = z.strictObject({
  step: z.enum(MEDIATION_STEPS),
  mediatorName: z.string().trim().max(40).optional(),
  note: freeText(2000).optional(),
  agreement: freeText(2000).optional(),
  referredTo: freeText(60).optional(),
  attachmentIds: z.array(id).max(9).default([]),
});
export type MediationBody = z.infer<typeof mediationBodySchema>;

// --- ledgers ---------------------------------------------------------------------------------------------------

/** How a dispute ended: settled by agreement, referred elsewhere, or still being mediated. */
export const DISPUTE_OUTCOMES = ['resolved', 'referred', 'pending'] as const;
export type DisputeOutcome = (typeof DISPUTE_OUTCOMES)[number];

export const disputeLedgerRowSchema = z.object({
  id: z.number(),
  code: z.string(),
  unitName: z.string(),
  disputeType: z.string(),
  disputeTypeName: z.string(),
  parties: z.string().describe('names; ID numbers masked'),
  description: z.string(),
  reportedAt: z.number(),
  mediatorName: z.string().nullable(),
  sessions: z.number(),
  outcome: z.enum(DISPUTE_OUTCOMES),
  agreement: z.string().nullable(),
  followUpAt: z.number().nullable(),
  archivedAt: z.number().nullable(),
  status: z.enum(EVENT_STATUSES),
  mediationStatus: z.enum(MEDIATION_STATUSES),
});
export const disputeLedgerQuerySchema = z.object({
  from: dateSchema.optional(),
  to: dateSchema.optional(),
  disputeType: z.string().trim().max(42).optional(),
  unitId: z.coerce.number().int().positive().optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(100),
});
export type DisputeLedgerQuery = z.infer<typeof disputeLedgerQuerySchema>;
export type DisputeLedgerRow = z.infer<typeof disputeLedgerRowSchema>;

export const RISK_CATEGORIES = ['safety_hazard', 'dispute_risk', 'key_person', 'other'] as const;
export type RiskCategory = (typeof RISK_CATEGORIES)[number];
export const RISK_LEVELS = ['high', 'medium', 'low'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];
export const RISK_STATUSES = ['open', 'controlled', 'resolved'] as const;
export type RiskStatus = (typeof RISK_STATUSES)[number];
export const riskSchema = z.object({
  id: z.number(),
  unitId: z.number(),
  unitName: z.string(),
  category: z.enum(RISK_CATEGORIES),
  level: z.enum(RISK_LEVELS),
  title: z.string(),
  measures: z.string(),
  ownerName: z.string(),
  reviewDate: z.string(),
  status: z.enum(RISK_STATUSES),
  overdueReview: z.boolean(),
});
export const riskCreateSchema = z.strictObject({
  unitId: id,
  category: z.enum(RISK_CATEGORIES),
  level: z.enum(RISK_LEVELS),
  title: freeText(200, { min: 1 }),
  measures: freeText(2000).default(''),
  ownerName: z.string().trim().min(1).max(40),
  reviewDate: dateSchema,
});
export const riskPatchSchema = z.strictObject({
  level: z.enum(RISK_LEVELS).optional(),
  measures: freeText(2000).optional(),
  ownerName: z.string().trim().min(1).max(40).optional(),
  reviewDate: dateSchema.optional(),
  status: z.enum(RISK_STATUSES).optional(),
});
export const riskListQuerySchema = z.object({
  level: z.enum(RISK_LEVELS).optional(),
  status: z.enum(RISK_STATUSES).optional(),
  unitId: z.coerce.number().int().positive().optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(100),
});
export type Risk = z.infer<typeof riskSchema>;
export type RiskCreate = z.infer<typeof riskCreateSchema>;
export type RiskPatch = z.infer<typeof riskPatchSchema>;
export type RiskListQuery = z.infer<typeof riskListQuerySchema>;

/** An .xlsx file as base64, in the ledger template's layout (export one first). */
export const ledgerImportSchema = z.strictObject({ data: z.string().min(8).max(1_000_000) });
export const ledgerImportResultSchema = z.object({ imported: z.number() });
export const ledgerExportQuerySchema = z.object({ from: dateSchema.optional(), to: dateSchema.optional() });

// --- campaigns -------------------------------------------------------------------------------------------------

export const campaignSchema = z.object({
  id: z.number(),
  code: z.string(),
  name: z.string(),
  startDate: z.string(),
  endDate: z.string(),
  subCategories: z.array(z.string()),
  cases: z.number(),
  /** The campaign's cases in the caller's scope, by sub-category (every sub-category listed, zeros included). */
  bySubCategory: z.record(z.string(), z.number()),
});
export type Campaign = z.infer<typeof campaignSchema>;
/** A campaign's code: lower case, digits, `_` and `-`. */
export const campaignCodeSchema = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9_-]{1,40}$/, 'err.code.format');
export const campaignCreateSchema = z.strictObject({
  code: campaignCodeSchema,
  name: z.string().trim().min(1).max(60),
  startDate: dateSchema,
  endDate: dateSchema,
  subCategories: z.array(z.string().trim().min(1).max(40)).min(1).max(30),
});
/** Editing a campaign: its name, period and sub-categories (a sub-category in use cannot be dropped). */
export const campaignPatchSchema = z.strictObject({
  name: z.string().trim().min(1).max(60).optional(),
  startDate: dateSchema.optional(),
  endDate: dateSchema.optional(),
  subCategories: z.array(z.string().trim().min(1).max(40)).min(1).max(30).optional(),
});
export const campaignCaseCreateSchema = z.strictObject({
  unitId: id,
  subCategory: z.string().trim().min(1).max(40),
  title: freeText(200, { min: 1 }),
  occurredOn: dateSchema,
});
export type CampaignCreate = z.infer<typeof campaignCreateSchema>;
export type CampaignPatch = z.infer<typeof campaignPatchSchema>;
export type CampaignCaseCreate = z.infer<typeof campaignCaseCreateSchema>;
/** A campaign case is filed open and resolved once dealt with (the demo's history holds both). */
export const CAMPAIGN_CASE_STATUSES = ['open', 'resolved'] as const;
export type CampaignCaseStatus = (typeof CAMPAIGN_CASE_STATUSES)[number];

export const campaignCaseSchema = z.object({
  id: z.number(),
  unitName: z.string(),
  subCategory: z.string(),
  title: z.string(),
  occurredOn: z.string(),
  status: z.enum(CAMPAIGN_CASE_STATUSES),
});
export type CampaignCase = z.infer<typeof campaignCaseSchema>;

// --- statistics ------------------------------------------------------------------------------------------------

export const gridSummaryQuerySchema = z.object({ from: dateSchema, to: dateSchema });
export const gridSummarySchema = z.object({
  total: z.number(),
  byClass: z.object({ event: z.number(), dispute: z.number() }),
  disputesClosed: z.number(),
  onTimeRate: z.number().nullable(),
  byType: z.record(z.string(), z.number()),
  campaigns: z.array(
    z.object({ name: z.string(), total: z.number(), bySubCategory: z.record(z.string(), z.number()) }),
  ),
});
export type GridSummary = z.infer<typeof gridSummarySchema>;

export const statsSchema = z.object({
  byMonth: z.array(z.object({ month: z.string(), event: z.number(), dispute: z.number() })),
  byVillage: z.array(z.object({ unitId: z.number(), unitName: z.string(), total: z.number() })),
  byGrid: z.array(z.object({ gridId: z.number(), gridName: z.string(), total: z.number() })),
  byType: z.array(z.object({ typeCode: z.string(), typeName: z.string(), total: z.number() })),
  closureRate: z.number().nullable(),
  onTimeRate: z.number().nullable(),
  avgHandlingDays: z.number().nullable(),
  escalations: z.number(),
});
export type GridStats = z.infer<typeof statsSchema>;

export const threeZeroSchema = z.object({
  unitId: z.number(),
  unitName: z.string(),
  year: z.number(),
  petitions: z.number(),
  accidents: z.number(),
  cases: z.number(),
  derived: z.boolean(),
  achieved: z.boolean(),
  overridden: z.boolean(),
  overrideReason: z.string().nullable(),
});
export type ThreeZeroStatus = z.infer<typeof threeZeroSchema>;
export const threeZeroQuerySchema = z.object({ year: z.coerce.number().int().min(2000).max(2100) });
export const threeZeroOverrideSchema = z.strictObject({
  unitId: id,
  year: z.number().int().min(2000).max(2100),
  /** null removes the override. */
  achieved: z.boolean().nullable(),
  reason: freeText(500, { min: 2 }),
});
export type ThreeZeroOverride = z.infer<typeof threeZeroOverrideSchema>;

export const reminderSchema = z.object({
  eventId: z.number(),
  code: z.string(),
  level: z.enum(SUPERVISION_LEVELS),
  status: z.enum(EVENT_STATUSES),
  dueAt: z.number().nullable(),
  message: z.string(),
});
export type Reminder = z.infer<typeof reminderSchema>;
