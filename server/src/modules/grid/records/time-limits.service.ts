import type { TimeLimitEntry, TimeLimitSet } from '@fivestar/common';
import type { Db } from '../../../db/database.ts';
import type { CurrentUser } from '../../../http/current-user.ts';
import { invalidField } from '../../../http/errors.ts';
import type { Deadlines } from '../events/deadlines.ts';
import type { RecordChange } from './changes.ts';
import { allTimeLimits, replaceTimeLimit } from './time-limits.repository.ts';
import { typeOfCode } from './types.repository.ts';

/**
 * Time limits per class, type and stage (grid:admin), in working days or calendar days (the one-month mediation
 * norm). A new limit applies to stages that start after it is set.
 */
export function createTimeLimits({
  db,
  record,
  deadlines,
}: {
  db: Db;
  record: RecordChange;
  deadlines: Deadlines;
}) {
  async function list(): Promise<TimeLimitEntry[]> {
    return (await allTimeLimits(db)).map((r) => ({
      class: r.class,
      typeCode: r.type_code || null,
      stage: r.stage,
      days: r.days,
      calendarDays: r.calendar_days === 1,
    }));
  }

  return {
    list,

    async set(user: CurrentUser, input: TimeLimitSet, ip: string) {
      const typeCode = input.typeCode ?? '';
      if (typeCode) {
        const type = await typeOfCode(db, typeCode);
        if (!type || type.class !== input.class) throw invalidField('typeCode', 'grid.type_unknown');
      }
      await db.transaction().execute(async (trx) => {
        await replaceTimeLimit(trx, {
          class: input.class,
          type_code: typeCode,
          stage: input.stage,
          days: input.days,
          calendar_days: input.calendarDays ? 1 : 0,
        });
        await deadlines.limitsChanged(trx);
        await record(
          trx,
          user,
          {
            action: 'grid.time_limit.set',
            objectType: 'grid_time_limit',
            objectId: `${input.class}:${typeCode}:${input.stage}`,
            newValue: input,
          },
          ip,
        );
      });
      return list();
    },
  };
}
