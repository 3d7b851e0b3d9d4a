import { createHash } from 'node:crypto';
import {
  boundingBox,
  distanceMetres,
  DUPLICATE_HINTS_MAX,
  DUPLICATE_RADIUS_M,
  DUPLICATE_WINDOW_DAYS,
  maskIdNumber,
  maskPhone,
  normaliseIdNumber,
  type DuplicateHint,
  type EventCreate,
} from '@fivestar/common';
import type { Clock } from '../../../clock.ts';
import type { CommitBatcher } from '../../../db/commit-batcher.ts';
import type { Db, DbOrTrx } from '../../../db/database.ts';
import type { CurrentUser } from '../../../http/current-user.ts';
import { AppError, invalidField } from '../../../http/errors.ts';
import { encryptField, lookupHash, type Keys } from '../../../security/crypto.ts';
import { pathBounds, requireUnitInScope, scopePrefix } from '../../../security/scope.ts';
import type { Counts } from '../grid.counts.ts';
import { DAY_MS } from '../grid.dates.ts';
import type { Deadlines } from './deadlines.ts';
import type { EventLog } from './event-log.ts';
import { eventCode, toDetail } from './event-view.ts';
import {
  campaignSubCategories,
  claimKey,
  gridById,
  insertEventRow,
  insertParties,
  keyEvent,
  nearbyInBox,
  nearbyOpen,
  openDisputesWithParties,
  ownGrid,
  priorKey,
  typeByCode,
} from './events.repository.ts';
import type { Events } from './events.service.ts';
import type { Photos } from './photos.service.ts';

const VILLAGE_LEVELS = ['village', 'community'];
const IDEMPOTENCY_KEY = /^[A-Za-z0-9_:-]{8,100}$/;

/** What duplicate hints compare: a report being written, or the centre's question about one. */
interface DuplicateQuery {
  class: string;
  typeCode: string;
  unitId: number;
  lat?: number;
  lng?: number;
  parties: { idNumber?: string }[];
}

interface IntakeDeps {
  db: Db;
  keys: Keys;
  clock: Clock;
  /** The database's group commit: reports from many phones share commits. */
  commits: CommitBatcher;
  events: Events;
  photos: Photos;
  deadlines: Deadlines;
  log: EventLog;
  counts: Counts;
}

/**
 * Intake: a report from a phone (or the centre) checked, written with its parties, photos, clock, counts, log and
 * audit in one transaction, and answered with possible duplicates nearby.
 */
export function createIntake({
  db,
  keys,
  clock,
  commits,
  events,
  photos,
  deadlines,
  log,
  counts,
}: IntakeDeps) {
  /** Type, village, grid and campaign of a new report; a grid worker's report lands on their own grid. */
  async function check(user: CurrentUser, input: EventCreate) {
    const type = await typeByCode.first(db, { code: input.typeCode });
    if (!type || type.active !== 1 || type.class !== input.class)
      throw invalidField('typeCode', 'grid.type_unknown');
    const unit = await requireUnitInScope(db, user, input.unitId);
    if (!VILLAGE_LEVELS.includes(unit.level)) throw invalidField('unitId', 'grid.unit_not_village');
    let gridId: number | null = input.gridId ?? null;
    if (gridId !== null) {
      const grid = await gridById.first(db, { id: gridId });
      if (!grid || grid.org_unit_id !== unit.id) throw invalidField('gridId', 'grid.grid_mismatch');
    } else {
      gridId = (await ownGrid.first(db, { userId: user.id, unitId: unit.id }))?.id ?? null;
    }
    if (input.campaignId !== undefined) {
      const subCategories = await campaignSubCategories(db, input.campaignId);
      if (!subCategories) throw invalidField('campaignId', 'grid.campaign_unknown');
      if (input.campaignSubCategory && !subCategories.includes(input.campaignSubCategory))
        throw invalidField('campaignSubCategory', 'grid.campaign_sub_category');
    }
    return { unit, gridId, typeName: type.name_zh };
  }

  /** Writes a new report (event, parties, photos, counts, log, audit) in `trx`; returns what it wrote. */
  async function write(
    trx: DbOrTrx,
    user: CurrentUser,
    input: EventCreate,
    unitPath: string,
    gridId: number | null,
    ip: string,
  ) {
    const now = clock.now();
    const draft = {
      class: input.class,
      type_code: input.typeCode,
      reported_at: now,
      accepted_at: null,
      replied_at: null,
      extension_days: 0,
    };
    const row = await insertEventRow.first(trx, {
      ...draft,
      ...(await deadlines.clockFor(trx, draft, 'reported', now)),
      org_unit_id: input.unitId,
      unit_path: unitPath,
      grid_id: gridId,
      place: input.place,
      lat: input.lat ?? null,
      lng: input.lng ?? null,
      occurred_at: input.occurredAt ?? null,
      description: input.description,
      scale: input.scale,
      people_involved: input.peopleInvolved,
      source: input.source,
      campaign_id: input.campaignId ?? null,
      campaign_sub_category: input.campaignSubCategory ?? null,
      reporter_id: user.id,
      reporter_name: user.displayName,
      status: 'reported',
      manual_supervision: 'normal',
      escalated_to: null,
      handler_unit_id: null,
      handler_dept: null,
      duplicate_of: null,
      closed_at: null,
      closed_on_time: null,
      escalated: 0,
      mediation_status: 'none',
      mediator_name: null,
      mediation_sessions: 0,
      agreement: null,
      referred_to: null,
      follow_up_at: null,
      archived_at: null,
      updated_at: now,
    });
    if (!row) throw new Error('grid_events insert returned no row');
    const parties = await insertParties(
      trx,
      input.parties.map((p) => {
        const idNumber = p.idNumber ? normaliseIdNumber(p.idNumber) : null;
        return {
          event_id: row.id,
          name: p.name,
          role: p.role,
          id_number_enc: idNumber ? encryptField(keys.pii, idNumber) : null,
          id_number_hash: idNumber ? lookupHash(keys.lookup, idNumber) : null,
          id_number_masked: idNumber ? maskIdNumber(idNumber) : null,
          phone_enc: p.phone ? encryptField(keys.pii, p.phone) : null,
          phone_masked: p.phone ? maskPhone(p.phone) : null,
        };
      }),
    );
    await photos.claim(trx, user, input.photoIds, row.id, 'photoIds');
    await counts.bump(
      trx,
      { unit_path: unitPath, reported_at: now, class: input.class, type_code: input.typeCode },
      { reported: 1 },
    );
    const entry = await log.write(
      trx,
      user,
      row.id,
      {
        action: 'report',
        from: null,
        to: 'reported',
        attachmentIds: input.photoIds,
        detail: {
          class: input.class,
          typeCode: input.typeCode,
          unitId: input.unitId,
          parties: input.parties.length,
        },
      },
      ip,
    );
    return { row, parties, log: entry };
  }

  /**
   * Open reports that may be the same matter: the same type in the same village within the window and radius
   * (reports without coordinates count as nearby), and for disputes, open disputes with a party of the same ID
   * number. At most the ten most recent nearby ones.
   */
  async function duplicateHints(user: CurrentUser, input: DuplicateQuery, excludeId?: number) {
    const hints: DuplicateHint[] = [];
    const args = {
      typeCode: input.typeCode,
      since: clock.now() - DUPLICATE_WINDOW_DAYS * DAY_MS,
      unitId: input.unitId,
      ...pathBounds(scopePrefix(user)),
    };
    const here =
      input.lat !== undefined && input.lng !== undefined ? { lat: input.lat, lng: input.lng } : null;
    const nearby = here
      ? await nearbyInBox.all(db, { ...args, ...boundingBox(here, DUPLICATE_RADIUS_M) })
      : await nearbyOpen.all(db, args);
    for (const r of nearby) {
      if (hints.length === DUPLICATE_HINTS_MAX) break;
      if (r.id === excludeId) continue;
      let distanceM: number | null = null;
      if (here && r.lat !== null && r.lng !== null) {
        distanceM = Math.round(distanceMetres(here, { lat: r.lat, lng: r.lng }));
        if (distanceM > DUPLICATE_RADIUS_M) continue;
      }
      hints.push({
        id: r.id,
        code: eventCode(r.id, Number(r.reported_at)),
        typeCode: r.type_code,
        status: r.status,
        place: r.place,
        reportedAt: Number(r.reported_at),
        reason: 'nearby_same_type',
        distanceM,
      });
    }
    const hashes = input.parties
      .filter((p) => p.idNumber)
      .map((p) => lookupHash(keys.lookup, normaliseIdNumber(p.idNumber!)));
    if (input.class === 'dispute' && hashes.length > 0) {
      for (const r of await openDisputesWithParties(db, user, hashes)) {
        if (r.id === excludeId || hints.some((h) => h.id === r.id)) continue;
        hints.push({
          id: r.id,
          code: eventCode(r.id, Number(r.reported_at)),
          typeCode: r.type_code,
          status: r.status,
          place: r.place,
          reportedAt: Number(r.reported_at),
          reason: 'same_parties',
          distanceM: null,
        });
      }
    }
    return hints;
  }

  return {
    duplicateHints,

    /**
     * A new report. With an Idempotency-Key, the key row is claimed first in the same transaction as the report: a
     * retry (or 20 parallel ones) waits for the first, then answers its report (`replayed`); the same key with
     * another body is a 422.
     */
    async report(user: CurrentUser, input: EventCreate, idempotencyKey: string | null, ip: string) {
      if (idempotencyKey !== null && !IDEMPOTENCY_KEY.test(idempotencyKey))
        throw invalidField('Idempotency-Key', 'grid.idempotency_key');
      const { unit, gridId, typeName } = await check(user, input);
      const bodyHash = createHash('sha256').update(JSON.stringify(input)).digest('hex');
      const outcome = await commits.run(async (trx) => {
        if (idempotencyKey !== null) {
          const key = { user_id: user.id, key: idempotencyKey };
          const claimed = await claimKey.run(trx, { ...key, body_hash: bodyHash, created_at: clock.now() });
          if (Number(claimed.numAffectedRows ?? 0) === 0) {
            const prior = await priorKey.first(trx, key);
            if (!prior || prior.body_hash !== bodyHash || prior.event_id === null)
              throw new AppError('unprocessable', 'grid.idempotency_mismatch', [
                { path: 'Idempotency-Key', message: 'grid.idempotency_mismatch' },
              ]);
            return { id: prior.event_id, written: null };
          }
        }
        const written = await write(trx, user, input, unit.path, gridId, ip);
        if (idempotencyKey !== null)
          await keyEvent.run(trx, { user_id: user.id, key: idempotencyKey, event_id: written.row.id });
        return { id: written.row.id, written };
      });
      // A new report is answered from the rows just written; a replay reads its report back (and re-checks scope).
      const { written } = outcome;
      const event = written
        ? toDetail(
            { ...written.row, type_name: typeName, unit_name: unit.name, handler_unit_name: null },
            written.parties,
            input.photoIds.length ? [...new Set(input.photoIds)].sort((a, b) => a - b) : [],
            [written.log],
            clock.now(),
          )
        : await events.get(user, outcome.id);
      const hints = await duplicateHints(user, input, outcome.id);
      return { event, duplicateHints: hints, replayed: written === null };
    },
  };
}
