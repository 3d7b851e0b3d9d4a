import {
  chinaDate,
  DEFAULT_PARTY_LIFE_SETTINGS,
  DEFAULT_POINT_RULES,
  type PartyLifeAuditAction,
  type PartyLifeSettings,
  type PointRule,
} from '@fivestar/common';
import type { Transaction } from 'kysely';
import type { Clock } from '../../clock.ts';
import type { Db, DbOrTrx } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';
import type { CurrentUser } from '../../http/current-user.ts';
import { invalidField, notFound } from '../../http/errors.ts';
import { findUnitInScope, requireUnitInScope } from '../../security/scope.ts';
import type { AuditService } from '../audit/index.ts';
import type { NotificationsService } from '../notifications/index.ts';
import type { PublicityService } from '../publicity/index.ts';
import type { SupervisionService } from '../supervision/index.ts';

export type Trx = Transaction<Database>;

export interface PartyLifeDeps {
  db: Db;
  audit: AuditService;
  clock: Clock;
  notifications: NotificationsService;
  supervision: SupervisionService;
  publicity: PublicityService;
}

export const VILLAGE_LEVELS = ['village', 'community'];

/** The ids on a materialised path, root first: '/1/4/9/' → [1, 4, 9]. */
export const pathIds = (path: string) => path.split('/').filter(Boolean).map(Number);

/** What every party-life service shares: settings and rules resolved up the tree, scope checks, the audit line. */
export function createPartyLifeCore(deps: PartyLifeDeps) {
  const { audit, clock } = deps;
  const today = () => chinaDate(clock.now());

  /** The settings that apply at a unit: its own row, else the nearest unit above with one, else the defaults. */
  async function settingsFor(q: DbOrTrx, path: string) {
    const ids = pathIds(path);
    const rows = await q.selectFrom('pl_settings').selectAll().where('org_unit_id', 'in', ids).execute();
    for (const id of [...ids].reverse()) {
      const r = rows.find((x) => x.org_unit_id === id);
      if (r) return { unitId: id, isDefault: false, ...(JSON.parse(r.settings) as PartyLifeSettings) };
    }
    return { unitId: ids[ids.length - 1] ?? 0, isDefault: true, ...DEFAULT_PARTY_LIFE_SETTINGS };
  }

  /** The points rule table that applies at a unit, found the same way. */
  async function rulesFor(
    q: DbOrTrx,
    path: string,
  ): Promise<{ unitId: number; isDefault: boolean; rules: PointRule[] }> {
    const ids = pathIds(path);
    const rows = await q
      .selectFrom('pl_point_rules')
      .selectAll()
      .where('org_unit_id', 'in', ids)
      .orderBy('sort')
      .execute();
    for (const id of [...ids].reverse()) {
      const mine = rows.filter((x) => x.org_unit_id === id);
      if (mine.length)
        return {
          unitId: id,
          isDefault: false,
          rules: mine.map((r) => ({
            code: r.code,
            name: r.name,
            points: r.points,
            source: r.source as PointRule['source'],
            meetingType: r.meeting_type as PointRule['meetingType'],
            cap: r.cap,
            capPeriod: r.cap_period as PointRule['capPeriod'],
            memberClass: r.member_class as PointRule['memberClass'],
          })),
        };
    }
    return { unitId: ids[ids.length - 1] ?? 0, isDefault: true, rules: DEFAULT_POINT_RULES };
  }

  /** A village (or community) named in a request, in the caller's scope; otherwise a 400 on the field. */
  async function villageInScope(q: DbOrTrx, user: CurrentUser, unitId: number, field = 'unitId') {
    const unit = await requireUnitInScope(q, user, unitId, field);
    if (!VILLAGE_LEVELS.includes(unit.level)) throw invalidField(field, 'partylife.err.not_village');
    return unit;
  }

  /** The unit a list or setting is asked for: the caller's own, or one in scope (else 404). */
  async function unitOrOwn(q: DbOrTrx, user: CurrentUser, unitId?: number) {
    const unit = await findUnitInScope(q, user, unitId ?? user.unitId);
    if (!unit) throw notFound();
    return unit;
  }

  async function record(
    trx: Trx,
    user: CurrentUser,
    action: PartyLifeAuditAction,
    objectType: string,
    objectId: number,
    newValue: unknown,
    ip: string,
    oldValue: unknown = null,
  ) {
    await audit.record(trx, {
      actorId: user.id,
      actorName: user.username,
      action: `partylife.${action}`,
      objectType,
      objectId,
      oldValue,
      newValue,
      ip,
    });
  }

  return { deps, today, settingsFor, rulesFor, villageInScope, unitOrOwn, record };
}

export type PartyLifeCore = ReturnType<typeof createPartyLifeCore>;
