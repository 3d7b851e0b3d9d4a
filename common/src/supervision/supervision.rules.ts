import {
  addCalendarDays,
  addWorkingDays,
  isWorkingDay,
  workingDaysBetween,
  type WorkCalendar,
} from '../calendar/calendar.rules.ts';
import type { IndicatorOutcome } from '../ratings/ratings.rules.ts';
import type { Indicator, StandardDefinition } from '../ratings/ratings.schemas.ts';

/**
 * Supervision rules, pure and shared by server and web (docs/supervision.md):
 * - task lists generated from a branch's star shortfalls (一村一策、一星一案);
 * - 销号: an item is struck off only with its evidence in and by a checker other than its owner;
 * - the item's workflow as one table of actions; forbidden moves are refused;
 * - three-colour slips on the working-day calendar (blue: deadline near; yellow: behind schedule; red: overdue),
 *   red items escalating one level up the tree;
 * - extensions, counted;
 * - the monthly ranking and its red and yellow flags.
 */

export const ITEM_LISTS = ['task', 'problem', 'duty'] as const;
export type ItemList = (typeof ITEM_LISTS)[number];

export const ITEM_STATUSES = ['open', 'submitted', 'closed'] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];

export const ITEM_SOURCES = ['shortfall', 'manual', 'finding'] as const;
export type ItemSource = (typeof ITEM_SOURCES)[number];

export const SLIP_COLOURS = ['blue', 'yellow', 'red'] as const;
export type SlipColour = (typeof SLIP_COLOURS)[number];

// ---- The workflow ------------------------------------------------------------------------------------------

export interface ItemActionRule {
  from: readonly ItemStatus[];
  /** null: the status does not change (progress reports). */
  to: ItemStatus | null;
  reasonRequired: boolean;
}

/**
 * open → (progress …) → submitted (evidence in, asks for 销号) → closed (a checker signs it off);
 * a checker may send a submitted item back (with a reason); a closed item is reopened only with a reason.
 */
export const ITEM_ACTIONS = {
  progress: { from: ['open'], to: null, reasonRequired: true },
  submit: { from: ['open'], to: 'submitted', reasonRequired: false },
  close: { from: ['submitted'], to: 'closed', reasonRequired: false },
  reject: { from: ['submitted'], to: 'open', reasonRequired: true },
  reopen: { from: ['closed'], to: 'open', reasonRequired: true },
} as const satisfies Record<string, ItemActionRule>;
export type ItemAction = keyof typeof ITEM_ACTIONS;
export const ITEM_ACTION_NAMES = Object.keys(ITEM_ACTIONS) as ItemAction[];

export type TransitionRefusal = 'forbidden_transition' | 'reason_required';

export function checkItemTransition(
  status: ItemStatus,
  action: ItemAction,
  reason?: string | null,
): { ok: true; to: ItemStatus } | { ok: false; refusal: TransitionRefusal } {
  const rule: ItemActionRule = ITEM_ACTIONS[action];
  if (!rule.from.includes(status)) return { ok: false, refusal: 'forbidden_transition' };
  if (rule.reasonRequired && !reason?.trim()) return { ok: false, refusal: 'reason_required' };
  return { ok: true, to: rule.to ?? status };
}

export type CloseRefusal = 'evidence_missing' | 'checker_is_owner' | 'not_the_checker';

/**
 * 销号: the evidence the item asks for is in (at least `evidenceMin` files) and the one signing off is neither its
 * owner nor the one who submitted it; when the item names a checker, only that checker.
 */
export function closeRefusal(
  item: {
    evidenceMin: number;
    ownerUserId: number | null;
    checkerUserId: number | null;
    submittedBy: number | null;
  },
  files: number,
  actorUserId: number,
): CloseRefusal | null {
  if (actorUserId === item.ownerUserId || actorUserId === item.submittedBy) return 'checker_is_owner';
  if (item.checkerUserId !== null && item.checkerUserId !== actorUserId) return 'not_the_checker';
  if (files < item.evidenceMin) return 'evidence_missing';
  return null;
}

/** A submission for 销号 needs the evidence in first. */
export const submitRefusal = (evidenceMin: number, files: number): 'evidence_missing' | null =>
  files < evidenceMin ? 'evidence_missing' : null;

// ---- Slips --------------------------------------------------------------------------------------------------

/** The thresholds of the slips and flags; configurable per township (defaults are guesses, docs/supervision.md). */
export interface SupervisionSettings {
  /** Blue from this many working days before the deadline. */
  blueDays: number;
  /** Yellow when the share of working time used exceeds reported progress by more than this (percentage points). */
  behindPoints: number;
  /** Red and flagged flags: the top and bottom N villages of the month. */
  flagCount: number;
}
export const DEFAULT_SUPERVISION_SETTINGS: SupervisionSettings = {
  blueDays: 3,
  behindPoints: 30,
  flagCount: 3,
};

/** The working day `n` working days before `date` (n = 0: `date` itself). */
export function subtractWorkingDays(date: string, n: number, cal: WorkCalendar): string {
  let d = date;
  let left = n;
  while (left > 0) {
    d = addCalendarDays(d, -1);
    if (isWorkingDay(d, cal)) left--;
  }
  return d;
}

/**
 * The civil dates from which an open item shows blue and yellow (null: never before it is overdue). Stored with the
 * item, so counting slips is a comparison of dates; recomputed when progress, deadline or settings change.
 * - blue: `blueDays` working days before the deadline;
 * - yellow: the first day on which the working time used (working days since the start over working days to the
 *   deadline) is more than `behindPoints` ahead of the reported progress.
 */
export function slipDates(
  item: { startDate: string; deadline: string; progress: number },
  settings: SupervisionSettings,
  cal: WorkCalendar,
): { blueOn: string; yellowOn: string | null } {
  const blueOn = subtractWorkingDays(item.deadline, settings.blueDays, cal);
  const total = workingDaysBetween(item.startDate, item.deadline, cal);
  const allowed = item.progress + settings.behindPoints;
  let yellowOn: string | null = null;
  if (total > 0 && allowed < 100) {
    // used(k) = 100·k/total > allowed  ⇔  k > allowed·total/100: the first such whole k.
    const k = Math.floor((allowed * total) / 100) + 1;
    if (k <= total) yellowOn = addWorkingDays(item.startDate, k, cal);
  }
  return { blueOn, yellowOn };
}

/** The slip an item carries on `today`: red overdue, yellow behind schedule, blue deadline near; none when closed. */
export function slipColour(
  item: { status: ItemStatus; deadline: string; blueOn: string; yellowOn: string | null },
  today: string,
): SlipColour | null {
  if (item.status === 'closed') return null;
  if (item.deadline < today) return 'red';
  if (item.yellowOn !== null && item.yellowOn <= today) return 'yellow';
  if (item.blueOn <= today) return 'blue';
  return null;
}

/** Working days an open item is overdue on `today` (0 when not overdue). */
export const overdueWorkingDays = (deadline: string, today: string, cal: WorkCalendar) =>
  deadline < today ? Math.max(1, workingDaysBetween(deadline, today, cal)) : 0;

/**
 * Red items escalate one level up the tree: the unit that answers for the item's unit (a village's 管区 or
 * township). Returns the unit id of the escalation, or null when the item is not red or has no parent.
 */
export function escalationUnit(
  item: { status: ItemStatus; deadline: string; parentUnitId: number | null },
  today: string,
): number | null {
  if (item.status === 'closed' || item.deadline >= today) return null;
  return item.parentUnitId;
}

// ---- Extensions ---------------------------------------------------------------------------------------------

export type ExtensionRefusal = 'not_later' | 'pending_exists' | 'closed';

export function extensionRefusal(
  item: { status: ItemStatus; deadline: string },
  newDeadline: string,
  pending: number,
): ExtensionRefusal | null {
  if (item.status === 'closed') return 'closed';
  if (pending > 0) return 'pending_exists';
  if (newDeadline <= item.deadline) return 'not_later';
  return null;
}

// ---- Generation from shortfalls -----------------------------------------------------------------------------

export interface GeneratedTask {
  starCode: string;
  indicatorCode: string;
  title: string;
  measures: string;
  evidenceMin: number;
  reason: IndicatorOutcome['reason'] | 'not_applied';
}

/**
 * 一星一案: for every star a branch lacks, one task per indicator the star engine says is not yet met (failed,
 * below its threshold, missing evidence, a derived fact unavailable or not met, a veto triggered); with no
 * application for the star, every indicator is a task ("not applied"). Stars held produce nothing.
 */
export function tasksFromShortfalls(
  def: StandardDefinition,
  held: readonly string[],
  outcomes: ReadonlyMap<string, readonly IndicatorOutcome[]>,
): GeneratedTask[] {
  const have = new Set(held);
  const out: GeneratedTask[] = [];
  for (const star of def.stars) {
    if (have.has(star.code)) continue;
    const inds = def.indicators.filter((i) => i.starCode === star.code);
    const evaluated = outcomes.get(star.code);
    for (const ind of inds) {
      const outcome = evaluated?.find((o) => o.code === ind.code);
      if (outcome?.ok) continue;
      out.push({
        starCode: star.code,
        indicatorCode: ind.code,
        title: ind.title,
        measures: measuresFor(ind, outcome?.reason ?? 'not_applied'),
        evidenceMin: Math.max(1, ind.minFiles),
        reason: outcome?.reason ?? 'not_applied',
      });
    }
  }
  return out;
}

/** A first wording of the measures (the township edits it): what the indicator asks for. */
function measuresFor(ind: Indicator, reason: GeneratedTask['reason']): string {
  if (ind.type === 'veto') return `杜绝“${ind.title}”，落实防范措施并留存记录`;
  if (ind.type === 'numeric') return `达到 ${ind.threshold ?? ''}${ind.unit ?? ''}，报送台账`;
  if (reason === 'missing_evidence' || ind.type === 'evidence')
    return `完成“${ind.title}”并上传佐证材料（至少 ${Math.max(1, ind.minFiles)} 份）`;
  return `完成“${ind.title}”并上传佐证材料`;
}

// ---- Ranking ------------------------------------------------------------------------------------------------

export interface VillageMonth {
  unitId: number;
  /** Items due on or before the month's end. */
  due: number;
  /** Of those, closed by their deadline. */
  closedOnTime: number;
  /** Items open and overdue at the month's end. */
  overdue: number;
  /** Items closed in the month. */
  closedInMonth: number;
}

export interface RankedVillage extends VillageMonth {
  rank: number;
  /** On-time rate in percent, two decimals (100 when nothing was due). */
  rate: number;
  flag: 'red' | 'yellow' | null;
}

/**
 * The monthly ranking: by the share of due items closed on time (higher first), then fewer overdue, then more closed
 * in the month; equal keys share a rank. The top `n` get the red flag (流动红旗), the bottom `n` the yellow flag
 * (黄旗) — never both, so with fewer than 2n villages the bottom is cut short; villages tied at a cut share the flag.
 * Villages with nothing due come last, unflagged.
 */
export function rankVillages(rows: readonly VillageMonth[], n: number): RankedVillage[] {
  const rate = (r: VillageMonth) => (r.due === 0 ? 100 : Math.round((r.closedOnTime / r.due) * 10000) / 100);
  // Villages with nothing due yet rank after the others and carry no flag: there is nothing to judge them on.
  const sorted = [...rows].sort(
    (a, b) =>
      Number(b.due > 0) - Number(a.due > 0) ||
      rate(b) - rate(a) ||
      a.overdue - b.overdue ||
      b.closedInMonth - a.closedInMonth ||
      a.unitId - b.unitId,
  );
  const key = (r: VillageMonth) => `${r.due > 0}|${rate(r)}|${r.overdue}|${r.closedInMonth}`;
  let rank = 0;
  const ranked = sorted.map((r, i) => {
    if (i === 0 || key(r) !== key(sorted[i - 1]!)) rank = i + 1;
    return { ...r, rank, rate: rate(r), flag: null as RankedVillage['flag'] };
  });
  // Ties at a cut share the flag: red for every rank within the top n, yellow for every rank within the bottom n.
  const judged = ranked.filter((r) => r.due > 0);
  for (const r of judged) if (r.rank <= n) r.flag = 'red';
  const bottomRank = judged.length > 0 ? judged[Math.max(0, judged.length - n)]!.rank : Infinity;
  for (const r of judged) if (r.flag === null && r.rank >= bottomRank) r.flag = 'yellow';
  return ranked;
}

// ---- Dates --------------------------------------------------------------------------------------------------

/** Monday of the ISO week of `date`, and the Sunday that ends it. */
export function weekOf(date: string): { start: string; end: string } {
  const dow = (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;
  const start = addCalendarDays(date, -dow);
  return { start, end: addCalendarDays(start, 6) };
}

/** First and last day of the month 'YYYY-MM'. */
export function monthBounds(month: string): { start: string; end: string } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { start: `${month}-01`, end: `${month}-${String(last).padStart(2, '0')}` };
}

/** The unit one level up from a materialised path '/1/4/9/' → 4 (null at the root). */
export function parentOfPath(path: string): number | null {
  const ids = path.split('/').filter(Boolean);
  return ids.length >= 2 ? Number(ids[ids.length - 2]) : null;
}
