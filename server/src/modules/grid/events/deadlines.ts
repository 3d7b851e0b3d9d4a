import {
  deadlineFor,
  stageOf,
  type EventClass,
  type EventStatus,
  type GridStage,
  type TimeLimit,
} from '@fivestar/common';
import type { DbOrTrx } from '../../../db/database.ts';
import type { CacheVersions } from '../../../kernel/cache-versions.ts';
import type { CalendarService } from '../../calendar/index.ts';
import { allTimeLimits, type TimeLimitRow } from '../records/time-limits.repository.ts';
import type { EventRow } from './events.repository.ts';

/** When a stage has no configured limit: a working day to accept or verify, five to handle. */
const DEFAULT_DAYS: Record<GridStage, number> = { accept: 1, handle: 5, verify: 1 };

/** What the stage clock reads from a report. */
type ClockedRow = Pick<
  EventRow,
  'class' | 'type_code' | 'reported_at' | 'accepted_at' | 'replied_at' | 'extension_days'
>;

/**
 * The stage clock of a report on the working-day calendar: acceptance runs from the report, handling from
 * acceptance (dispatch, 回退 and escalation do not restart it; approved extensions add to it), verification from the
 * reply. A stage's limit is the most specific one configured: the type, its parent type, then the class's default.
 */
export function createDeadlines(calendar: CalendarService, caches: CacheVersions) {
  /** The configured limits, kept in memory and reloaded by every process after a change (kernel/cache-versions.ts). */
  const cachedLimits = caches.cached<TimeLimitRow[]>('grid.time_limits', (q) => allTimeLimits(q));

  async function limitFor(
    q: DbOrTrx,
    cls: EventClass,
    typeCode: string,
    stage: GridStage,
  ): Promise<TimeLimit> {
    const limits = await cachedLimits.get(q);
    const candidates = [typeCode];
    for (let c = typeCode; c.includes('.');) {
      c = c.slice(0, c.lastIndexOf('.'));
      candidates.push(c);
    }
    candidates.push('');
    for (const code of candidates) {
      const hit = limits.find((l) => l.class === cls && l.type_code === code && l.stage === stage);
      if (hit) return { days: hit.days, calendarDays: hit.calendar_days === 1 };
    }
    return { days: DEFAULT_DAYS[stage], calendarDays: false };
  }

  return {
    /** The clock columns for a report that is (or is about to be) in `status` at `now`. */
    async clockFor(q: DbOrTrx, row: ClockedRow, status: EventStatus, now: number) {
      const stage = stageOf(status);
      if (!stage) return { stage_started_at: now, yellow_at: null, due_at: null };
      const start =
        stage === 'accept'
          ? row.reported_at
          : stage === 'handle'
            ? (row.accepted_at ?? now)
            : (row.replied_at ?? now);
      const limit = await limitFor(q, row.class, row.type_code, stage);
      const extra = stage === 'handle' ? row.extension_days : 0;
      const d = deadlineFor(start, limit, await calendar.workCalendar(q), extra);
      return { stage_started_at: start, yellow_at: d.yellowAt, due_at: d.dueAt };
    },

    /** The limits change (inside the writing transaction): every process reads them again after the commit. */
    limitsChanged: (trx: DbOrTrx) => cachedLimits.bump(trx),
  };
}

export type Deadlines = ReturnType<typeof createDeadlines>;
