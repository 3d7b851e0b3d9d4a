import { chinaDate } from '@fivestar/common';
import type { Clock } from '../../clock.ts';
import type { DbOrTrx } from '../../db/database.ts';
import type { AuditService } from '../audit/index.ts';
import type { NotificationsService } from '../notifications/index.ts';
import { starName } from './stars.names.ts';

/**
 * Opens a star review for every grid event or dispute recorded since the last look whose type the year's
 * standard marks as a veto for a star (an indicator of type veto listing the event type). One review per event
 * and star; it names the award the village holds for the star (that year's, else the latest before it).
 */
export async function openVetoReviews(
  trx: DbOrTrx,
  {
    audit,
    clock,
    notifications,
  }: { audit: AuditService | null; clock: Clock; notifications: Pick<NotificationsService, 'notify'> },
): Promise<number> {
  const state = await trx
    .selectFrom('sv_state')
    .select('value')
    .where('key', '=', 'veto_cursor')
    .executeTakeFirst();
  const cursor = Number(state?.value ?? 0);
  const maxRow = await trx
    .selectFrom('grid_events')
    .select((eb) => eb.fn.max('id').as('m'))
    .executeTakeFirst();
  const max = Number(maxRow?.m ?? 0);
  if (max <= cursor) return 0;
  const standards = await trx
    .selectFrom('rating_standards')
    .select(['year', 'branch_kind', 'definition'])
    .where('status', '=', 'published')
    .execute();
  // year|kind|eventType → [star, indicator]
  const vetoes = new Map<string, { star: string; indicator: string }[]>();
  const types = new Set<string>();
  for (const s of standards) {
    const def = JSON.parse(s.definition) as {
      indicators: { code: string; starCode: string; type: string; eventTypes?: string[] }[];
    };
    for (const ind of def.indicators)
      if (ind.type === 'veto')
        for (const t of ind.eventTypes ?? []) {
          const key = `${s.year}|${s.branch_kind}|${t}`;
          vetoes.set(key, [...(vetoes.get(key) ?? []), { star: ind.starCode, indicator: ind.code }]);
          types.add(t);
        }
  }
  let opened = 0;
  if (types.size) {
    const events = await trx
      .selectFrom('grid_events as e')
      .innerJoin('party_branches as b', 'b.org_unit_id', 'e.org_unit_id')
      .leftJoin('grid_event_types as t', 't.code', 'e.type_code')
      .select([
        't.name_zh as type_name',
        'e.id',
        'e.type_code',
        'e.org_unit_id',
        'e.unit_path',
        'e.reported_at',
        'e.occurred_at',
        'e.status',
        'b.id as branch_id',
        'b.kind',
      ])
      .where('e.id', '>', cursor)
      .where('e.id', '<=', max)
      .where('e.type_code', 'in', [...types])
      .where('e.status', 'not in', ['invalid', 'recalled'])
      .execute();
    for (const e of events) {
      const year = Number(chinaDate(Number(e.occurred_at ?? e.reported_at)).slice(0, 4));
      for (const v of vetoes.get(`${year}|${e.kind}|${e.type_code}`) ?? []) {
        const award = await trx
          .selectFrom('star_awards')
          .select(['id'])
          .where('branch_id', '=', e.branch_id)
          .where('star_code', '=', v.star)
          .where('year', '<=', year)
          .where('status', '=', 'active')
          .orderBy('year', 'desc')
          .executeTakeFirst();
        const dup = await trx
          .selectFrom('sv_star_reviews')
          .select('id')
          .where('event_id', '=', e.id)
          .where('star_code', '=', v.star)
          .executeTakeFirst();
        if (dup) continue;
        const review = await trx
          .insertInto('sv_star_reviews')
          .values({
            award_id: award?.id ?? null,
            branch_id: e.branch_id,
            org_unit_id: e.org_unit_id,
            unit_path: e.unit_path,
            year,
            star_code: v.star,
            indicator_code: v.indicator,
            trigger: 'veto_event',
            event_id: e.id,
            status: 'open',
            opened_at: clock.now(),
            decided_by: null,
            decided_name: null,
            decided_at: null,
            decision_reason: null,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        opened++;
        await audit?.record(trx, {
          actorName: 'system:supervision',
          action: 'supervision.review.open',
          objectType: 'sv_star_review',
          objectId: review.id,
          newValue: { eventId: e.id, star: v.star, year, awardId: award?.id ?? null },
        });
        const unit = await trx
          .selectFrom('org_units')
          .select('name')
          .where('id', '=', e.org_unit_id)
          .executeTakeFirst();
        await notifications.notify(trx, {
          kind: 'supervision.review',
          title: `${unit?.name ?? ''}${starName(v.star)}待复核`,
          body: `${chinaDate(Number(e.occurred_at ?? e.reported_at))}发生否决事项（${e.type_name ?? e.type_code}），已启动${starName(v.star)}动态复核，请乡镇与县委组织部研判。`,
          path: '/supervision/stars',
          unitPath: e.unit_path,
          permission: 'star:revoke',
        });
        await notifications.notify(trx, {
          kind: 'supervision.review',
          title: `${unit?.name ?? ''}${starName(v.star)}待复核`,
          body: `${chinaDate(Number(e.occurred_at ?? e.reported_at))}发生否决事项（${e.type_name ?? e.type_code}），已启动动态复核。`,
          path: '/supervision/stars',
          unitPath: e.unit_path,
          permission: 'supervision:manage',
        });
      }
    }
  }
  if (state)
    await trx
      .updateTable('sv_state')
      .set({ value: String(max) })
      .where('key', '=', 'veto_cursor')
      .execute();
  else
    await trx
      .insertInto('sv_state')
      .values({ key: 'veto_cursor', value: String(max) })
      .execute();
  return opened;
}
