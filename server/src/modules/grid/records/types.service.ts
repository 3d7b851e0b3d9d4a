import type { EventType, EventTypeCreate, EventTypePatch } from '@fivestar/common';
import type { Clock } from '../../../clock.ts';
import type { Db } from '../../../db/database.ts';
import type { CurrentUser } from '../../../http/current-user.ts';
import { conflict, invalidField, notFound } from '../../../http/errors.ts';
import type { RecordChange } from './changes.ts';
import {
  activeSubTypes,
  allTypes,
  insertType,
  typeById,
  typeOfCode,
  updateType,
  type TypeRow,
} from './types.repository.ts';

const toType = (r: TypeRow): EventType => ({
  id: r.id,
  code: r.code,
  class: r.class,
  parentCode: r.parent_code,
  nameZh: r.name_zh,
  nameEn: r.name_en,
  threeZero: r.three_zero,
  active: r.active === 1,
});

/**
 * The event-type dictionary (grid:admin): 类型 with their 子类, two levels, per class. Types are never deleted
 * (reports keep their code); deactivating a type takes its sub-types with it, and a sub-type comes back only under
 * an active parent.
 */
export function createTypes({ db, clock, record }: { db: Db; clock: Clock; record: RecordChange }) {
  async function list(): Promise<EventType[]> {
    return (await allTypes(db)).map(toType);
  }
  async function one(id: number): Promise<EventType> {
    const row = await typeById(db, id);
    if (!row) throw notFound();
    return toType(row);
  }

  return {
    list,

    async create(user: CurrentUser, input: EventTypeCreate, ip: string) {
      if (await typeOfCode(db, input.code)) throw conflict('grid.duplicate_code', 'code');
      if (input.parentCode) {
        const parent = await typeOfCode(db, input.parentCode);
        if (!parent || parent.class !== input.class) throw invalidField('parentCode', 'grid.type_unknown');
        if (parent.parent_code !== null || parent.active !== 1)
          throw invalidField('parentCode', 'grid.type_parent');
      }
      const id = await db.transaction().execute(async (trx) => {
        const id = await insertType(trx, {
          code: input.code,
          class: input.class,
          parent_code: input.parentCode,
          name_zh: input.nameZh,
          name_en: input.nameEn,
          three_zero: input.threeZero,
          sort: 1000,
          active: 1,
          created_at: clock.now(),
        });
        await record(
          trx,
          user,
          { action: 'grid.type.create', objectType: 'grid_event_type', objectId: id, newValue: input },
          ip,
        );
        return id;
      });
      return one(id);
    },

    async patch(user: CurrentUser, id: number, input: EventTypePatch, ip: string) {
      const row = await typeById(db, id);
      if (!row) throw notFound();
      if (input.active === true && row.parent_code !== null) {
        const parent = await typeOfCode(db, row.parent_code);
        if (parent?.active !== 1) throw conflict('grid.type_parent_inactive', 'active');
      }
      await db.transaction().execute(async (trx) => {
        if (input.active === false && row.parent_code === null) {
          for (const child of await activeSubTypes(trx, row.code)) {
            await updateType(trx, child.id, { active: 0 });
            await record(
              trx,
              user,
              {
                action: 'grid.type.update',
                objectType: 'grid_event_type',
                objectId: child.id,
                oldValue: { active: true },
                newValue: { active: false, cascadedFrom: row.code },
              },
              ip,
            );
          }
        }
        await updateType(trx, id, {
          ...(input.nameZh !== undefined ? { name_zh: input.nameZh } : {}),
          ...(input.nameEn !== undefined ? { name_en: input.nameEn } : {}),
          ...(input.threeZero !== undefined ? { three_zero: input.threeZero } : {}),
          ...(input.active !== undefined ? { active: input.active ? 1 : 0 } : {}),
        });
        await record(
          trx,
          user,
          {
            action: 'grid.type.update',
            objectType: 'grid_event_type',
            objectId: id,
            oldValue: row,
            newValue: input,
          },
          ip,
        );
      });
      return one(id);
    },
  };
}
