import { z } from 'zod';
import { freeText } from '../identity/free-text.ts';
import { dateSchema } from '../calendar/calendar.schemas.ts';
import { pageQuery } from '../http/paging.ts';
import {
  ATTENDANCE,
  CAP_PERIODS,
  FREQUENCIES,
  HONOUR_KINDS,
  MEETING_TYPES,
  MEMBER_CLASSES,
  NOMINATION_STATUSES,
  POINT_SOURCES,
  HONOUR_ROUND_STATUSES,
} from './partylife.rules.ts';

/** Short labels are plain strings; longer text is free text (personal numbers in it are sealed). */
const text = (max: number) => (max >= 100 ? freeText(max) : z.string().trim().max(max));
const unitId = z.number().int().positive();
const yearSchema = z.coerce.number().int().min(2000).max(2100);

// ---- Summary -------------------------------------------------------------------------------------------------

export const plSummaryQuerySchema = z.object({ from: dateSchema, to: dateSchema });
export const partyLifeSummarySchema = z.object({
  forumSessions: z.number(),
  meetings: z.object({ held: z.number(), due: z.number(), compliance: z.number() }),
  themeDays: z.number(),
  honours: z.object({ rounds: z.number(), awarded: z.number() }),
});
export type PartyLifeSummary = z.infer<typeof partyLifeSummarySchema>;

// ---- Settings ------------------------------------------------------------------------------------------------

export const partyLifeSettingsSchema = z.object({
  frequencies: z.object(
    Object.fromEntries(MEETING_TYPES.map((t) => [t, z.enum(FREQUENCIES)])) as Record<
      (typeof MEETING_TYPES)[number],
      z.ZodEnum<{ [K in (typeof FREQUENCIES)[number]]: K }>
    >,
  ),
  quorumRatio: z.number().min(0).max(1),
  makeUpDays: z.number().int().min(1).max(365),
  warnDays: z.number().int().min(0).max(90),
  fixedActions: z.array(text(40).min(1)).length(6),
});
export const plSettingsViewSchema = partyLifeSettingsSchema.extend({
  /** The unit whose row applies (the nearest above with one), and whether these are the shipped defaults. */
  unitId: z.number(),
  isDefault: z.boolean(),
});
export const plSettingsQuerySchema = z.object({ unitId: z.coerce.number().int().positive().optional() });
export const plSettingsSetSchema = z.strictObject({ unitId, ...partyLifeSettingsSchema.shape });

// ---- Meetings --------------------------------------------------------------------------------------------------

export const plAttendanceInputSchema = z.strictObject({
  personId: z.number().int().positive(),
  status: z.enum(ATTENDANCE),
});
export const fixedActionInputSchema = z.strictObject({
  action: text(40).min(1),
  done: z.boolean(),
  note: text(200).default(''),
});
export const meetingCreateSchema = z.strictObject({
  unitId,
  type: z.enum(MEETING_TYPES),
  heldOn: dateSchema,
  topic: freeText(120, { min: 1, message: 'partylife.err.topic_required' }),
  minutes: text(4000).default(''),
  attendance: z.array(plAttendanceInputSchema).min(1, 'partylife.err.attendance_required').max(500),
  /** Theme days: the six fixed actions checked off, and the free "N" items. */
  fixedActions: z.array(fixedActionInputSchema).max(6).default([]),
  items: z
    .array(freeText(120, { min: 1 }))
    .max(20)
    .default([]),
});

export const meetingSchema = z.object({
  id: z.number(),
  unitId: z.number(),
  unitName: z.string(),
  type: z.enum(MEETING_TYPES),
  heldOn: z.string(),
  topic: z.string(),
  expected: z.number(),
  present: z.number(),
  leave: z.number(),
  absent: z.number(),
  quorate: z.boolean(),
  photos: z.number(),
  recordedBy: z.string(),
});
export type PlMeeting = z.infer<typeof meetingSchema>;

export const makeUpSchema = z.object({
  id: z.number(),
  meetingId: z.number(),
  unitId: z.number(),
  unitName: z.string(),
  personId: z.number(),
  personName: z.string(),
  reason: z.enum(ATTENDANCE),
  meetingType: z.enum(MEETING_TYPES),
  topic: z.string(),
  deadline: z.string(),
  doneOn: z.string().nullable(),
  note: z.string(),
  overdue: z.boolean(),
});
export type PlMakeUp = z.infer<typeof makeUpSchema>;

export const plPhotoSchema = z.object({
  id: z.number(),
  name: z.string(),
  mime: z.string(),
  size: z.number(),
  createdAt: z.number(),
});

export const meetingDetailSchema = meetingSchema.extend({
  minutes: z.string(),
  attendance: z.array(z.object({ personId: z.number(), name: z.string(), status: z.enum(ATTENDANCE) })),
  fixedActions: z.array(z.object({ action: z.string(), done: z.boolean(), note: z.string() })),
  items: z.array(z.string()),
  photoList: z.array(plPhotoSchema),
  makeUps: z.array(makeUpSchema),
});
export type PlMeetingDetail = z.infer<typeof meetingDetailSchema>;

export const meetingListQuerySchema = z.object({
  unitId: z.coerce.number().int().positive().optional(),
  type: z.enum(MEETING_TYPES).optional(),
  from: dateSchema.optional(),
  to: dateSchema.optional(),
  ...pageQuery(20, 200),
});
export const plPhotoUploadQuerySchema = z.object({ name: text(120).min(1) });

export const plMemberSchema = z.object({ personId: z.number(), name: z.string() });
export const plMembersQuerySchema = z.object({ unitId: z.coerce.number().int().positive() });

export const makeUpListQuerySchema = z.object({
  unitId: z.coerce.number().int().positive().optional(),
  open: z.coerce.boolean().optional(),
  ...pageQuery(20, 200),
});
export const makeUpDoneSchema = z.strictObject({ doneOn: dateSchema, note: text(200).default('') });

// ---- Frequency engine ------------------------------------------------------------------------------------------

export const plComplianceQuerySchema = z.object({
  /** Without a year: the latest year (up to this one) with meetings recorded in the area, else this year. */
  year: yearSchema.optional(),
  unitId: z.coerce.number().int().positive().optional(),
});
export const plComplianceRowSchema = z.object({
  unitId: z.number(),
  unitName: z.string(),
  branches: z.number(),
  due: z.number(),
  met: z.number(),
  compliance: z.number(),
});
export const plComplianceSchema = z.object({
  year: z.number(),
  /** Windows are counted up to this day (today, or the year's end). */
  asOf: z.string(),
  /** Whether any meeting is recorded in the area in this year (without one, every window due counts as missed). */
  recorded: z.boolean(),
  /** The latest year up to this one with meetings recorded in the area; null when there is none. */
  latestYear: z.number().nullable(),
  due: z.number(),
  met: z.number(),
  compliance: z.number(),
  rows: z.array(plComplianceRowSchema),
});
export type PlCompliance = z.infer<typeof plComplianceSchema>;

export const plWarningSchema = z.object({
  unitId: z.number(),
  unitName: z.string(),
  type: z.enum(MEETING_TYPES),
  window: z.string(),
  end: z.string(),
  daysLeft: z.number(),
});
export type PlWarning = z.infer<typeof plWarningSchema>;
export const plWarningsQuerySchema = z.object({ unitId: z.coerce.number().int().positive().optional() });

// ---- The secretaries' forum --------------------------------------------------------------------------------------

export const forumSpeakerInputSchema = z.strictObject({
  unitId,
  strengths: text(500).default(''),
  gaps: text(500).default(''),
});
export const forumCreateSchema = z.strictObject({
  heldOn: dateSchema,
  title: freeText(120, { min: 1, message: 'partylife.err.title_required' }),
  topics: text(500).default(''),
  place: text(80).default(''),
  speakers: z.array(forumSpeakerInputSchema).max(60).default([]),
  /** The branches whose secretary attended. */
  presentUnitIds: z.array(unitId).max(500).default([]),
});
export const forumSessionSchema = z.object({
  id: z.number(),
  heldOn: z.string(),
  title: z.string(),
  topics: z.string(),
  place: z.string(),
  speakers: z.number(),
  present: z.number(),
  expected: z.number(),
  followUps: z.number(),
});
export const forumFollowUpSchema = z.object({
  id: z.number(),
  unitId: z.number(),
  unitName: z.string(),
  title: z.string(),
  deadline: z.string(),
  /** The supervision task it became. */
  itemId: z.number().nullable(),
});
export const forumDetailSchema = forumSessionSchema.extend({
  speakerList: z.array(
    z.object({ unitId: z.number(), unitName: z.string(), strengths: z.string(), gaps: z.string() }),
  ),
  presentUnits: z.array(z.object({ unitId: z.number(), unitName: z.string() })),
  followUpList: z.array(forumFollowUpSchema),
});
export const forumListQuerySchema = z.object({
  from: dateSchema.optional(),
  to: dateSchema.optional(),
  ...pageQuery(20, 200),
});
export const forumFollowUpCreateSchema = z.strictObject({
  unitId,
  title: freeText(120, { min: 1, message: 'partylife.err.title_required' }),
  deadline: dateSchema,
});

// ---- Member points -----------------------------------------------------------------------------------------------

export const pointRuleSchema = z.strictObject({
  code: z
    .string()
    .trim()
    .regex(/^[a-z][a-z0-9_]{1,39}$/, 'partylife.err.rule_code'),
  name: text(40).min(1),
  points: z.number().int().min(1).max(100),
  source: z.enum(POINT_SOURCES),
  meetingType: z.enum(MEETING_TYPES).nullable(),
  cap: z.number().int().min(1).max(1000).nullable(),
  capPeriod: z.enum(CAP_PERIODS),
  memberClass: z.enum(MEMBER_CLASSES),
});
export const pointRulesViewSchema = z.object({
  unitId: z.number(),
  isDefault: z.boolean(),
  rules: z.array(pointRuleSchema),
});
export const pointRulesSetSchema = z.strictObject({
  unitId,
  rules: z.array(pointRuleSchema).min(1).max(50),
});
export const claimCreateSchema = z.strictObject({
  personId: z.number().int().positive(),
  ruleCode: z.string().trim().min(1).max(40),
  earnedOn: dateSchema,
  note: freeText(300, { min: 1, message: 'partylife.err.note_required' }),
});
export const claimSchema = z.object({
  id: z.number(),
  unitId: z.number(),
  unitName: z.string(),
  personId: z.number(),
  personName: z.string(),
  ruleCode: z.string(),
  ruleName: z.string(),
  points: z.number(),
  earnedOn: z.string(),
  note: z.string(),
  status: z.enum(['pending', 'credited', 'rejected']),
  reason: z.string(),
});
export const claimListQuerySchema = z.object({
  unitId: z.coerce.number().int().positive().optional(),
  status: z.enum(['pending', 'credited', 'rejected']).optional(),
  ...pageQuery(20, 200),
});
export const claimDecideSchema = z.strictObject({
  approve: z.boolean(),
  reason: text(200).default(''),
});
export const plRankingQuerySchema = z.object({
  year: yearSchema,
  quarter: z.coerce.number().int().min(1).max(4).optional(),
  unitId: z.coerce.number().int().positive().optional(),
});
export const plRankingSchema = z.object({
  year: z.number(),
  quarter: z.number().nullable(),
  members: z.array(
    z.object({
      rank: z.number(),
      personId: z.number(),
      name: z.string(),
      unitName: z.string(),
      points: z.number(),
    }),
  ),
  branches: z.array(
    z.object({
      rank: z.number(),
      unitId: z.number(),
      unitName: z.string(),
      members: z.number(),
      total: z.number(),
      average: z.number(),
    }),
  ),
});

export const pointNoticeCreateSchema = z.strictObject({
  year: z.number().int().min(2000).max(2100),
  quarter: z.number().int().min(1).max(4),
});
export const pointNoticeSchema = z.object({
  id: z.number(),
  year: z.number(),
  quarter: z.number(),
  publicityId: z.number(),
  status: z.enum(['open', 'ended']),
  endsOn: z.string(),
  members: z.number(),
  openObjections: z.number(),
  upheld: z.number(),
});

// ---- Honour selections ---------------------------------------------------------------------------------------------

export const honourRoundCreateSchema = z.strictObject({
  title: text(40).min(1, 'partylife.err.title_required'),
  kind: z.enum(HONOUR_KINDS),
  year: z.number().int().min(2000).max(2100),
  quotaBase: z.number().int().min(0).max(100),
  quotaPer: z.number().int().min(1).max(1000).nullable().default(null),
});
export const roundSchema = z.object({
  id: z.number(),
  unitId: z.number(),
  unitName: z.string(),
  title: z.string(),
  kind: z.enum(HONOUR_KINDS),
  year: z.number(),
  quotaBase: z.number(),
  quotaPer: z.number().nullable(),
  status: z.enum(HONOUR_ROUND_STATUSES),
  /** Its 公示 (the public notice page), once published. */
  publicityId: z.number().nullable(),
  nominations: z.number(),
  awarded: z.number(),
});
export const nominationSchema = z.object({
  id: z.number(),
  roundId: z.number(),
  unitId: z.number(),
  unitName: z.string(),
  nominee: z.string(),
  reason: z.string(),
  status: z.enum(NOMINATION_STATUSES),
});
export const honourRoundDetailSchema = roundSchema.extend({
  nominationList: z.array(nominationSchema),
  /** Per village (household titles) or for the whole round (village titles): the quota and what is used of it. */
  quotas: z.array(
    z.object({ unitId: z.number(), unitName: z.string(), quota: z.number(), used: z.number() }),
  ),
});
export const honourRoundListQuerySchema = z.object({ year: yearSchema.optional() });
export const nominationCreateSchema = z.strictObject({
  unitId,
  nominee: text(60).min(1, 'partylife.err.nominee_required'),
  reason: text(500).default(''),
});
export const nominationStepSchema = z.strictObject({
  action: z.enum(['recommend', 'approve', 'reject']),
});
export const roundStepSchema = z.strictObject({ action: z.enum(['review', 'publish', 'award']) });
export const honourSchema = z.object({
  id: z.number(),
  year: z.number(),
  title: z.string(),
  kind: z.enum(HONOUR_KINDS),
  unitId: z.number(),
  unitName: z.string(),
  holder: z.string(),
  awardedOn: z.string(),
});
export const honourListQuerySchema = z.object({
  year: yearSchema.optional(),
  unitId: z.coerce.number().int().positive().optional(),
});
