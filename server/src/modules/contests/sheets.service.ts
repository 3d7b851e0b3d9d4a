import { createHash } from 'node:crypto';
import { scoreSubmitSchema, type ScoreSubmit, type Sheet } from '@fivestar/common';
import type { z } from 'zod';
import type { Clock } from '../../clock.ts';
import type { Db, DbOrTrx } from '../../db/database.ts';
import type { CurrentUser } from '../../http/current-user.ts';
import { AppError, invalidField, notFound } from '../../http/errors.ts';
import type { AuditService } from '../audit/index.ts';
import type { LinksService } from '../links/index.ts';
import { placeConflict } from './contests.judging.ts';
import { manages, requireChair, requireOpen, roundFor, stagesOf, type RoundRow } from './contests.core.ts';

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_:-]{8,100}$/;

export interface SheetsDeps {
  db: Db;
  audit: AuditService;
  clock: Clock;
  links: LinksService;
}

/** JPEG or PNG by their first bytes. */
function imageType(bytes: Uint8Array): 'image/jpeg' | 'image/png' | null {
  if (bytes.length > 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length > 8 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47)
    return 'image/png';
  return null;
}

export function createSheetsService({ db, audit, clock, links }: SheetsDeps) {
  async function readSheets(q: DbOrTrx, where: { roundId: number; ids?: number[]; unitId?: number }) {
    let sq = q
      .selectFrom('contest_sheets as s')
      .innerJoin('users as u', 'u.id', 's.user_id')
      .innerJoin('contest_units as cu', (j) =>
        j.onRef('cu.round_id', '=', 's.round_id').onRef('cu.org_unit_id', '=', 's.org_unit_id'),
      )
      .select([
        's.id',
        's.org_unit_id',
        'cu.name as unit_name',
        's.user_id',
        'u.display_name',
        's.stage',
        's.total',
        's.submitted_at',
      ])
      .where('s.round_id', '=', where.roundId);
    if (where.ids) sq = sq.where('s.id', 'in', where.ids.length ? where.ids : [0]);
    if (where.unitId !== undefined) sq = sq.where('s.org_unit_id', '=', where.unitId);
    const sheets = await sq.orderBy('cu.lot_order').orderBy('s.id').execute();
    const scores = sheets.length
      ? await q
          .selectFrom('contest_scores')
          .selectAll()
          .where(
            'sheet_id',
            'in',
            sheets.map((s) => s.id),
          )
          .execute()
      : [];
    return sheets.map((s): Sheet => ({
      id: s.id,
      unitId: s.org_unit_id,
      unitName: s.unit_name,
      judgeId: s.user_id,
      judgeName: s.display_name,
      stage: s.stage,
      submittedAt: Number(s.submitted_at),
      total: Number(s.total),
      criteria: scores
        .filter((c) => c.sheet_id === s.id)
        .map((c) => ({
          code: c.code,
          score: Number(c.score),
          note: c.note,
          photoId: c.photo_id,
          originalScore: c.original_score === null ? null : Number(c.original_score),
          reason: c.reason,
        })),
    }));
  }

  /** 回避 at the moment of scoring: the round's exclusions, the unit by place, and links in force now. */
  async function conflictOf(
    trx: DbOrTrx,
    round: RoundRow,
    user: CurrentUser,
    unit: { org_unit_id: number; unit_path: string },
  ) {
    const excluded = await trx
      .selectFrom('contest_exclusions')
      .select('reason')
      .where('round_id', '=', round.id)
      .where('user_id', '=', user.id)
      .where('org_unit_id', '=', unit.org_unit_id)
      .executeTakeFirst();
    if (excluded) return true;
    if (placeConflict(user.unitPath, unit.unit_path, round.unit_path)) return true;
    return links.isLinked(trx, { userId: user.id }, unit.org_unit_id);
  }

  return {
    /**
     * A judge's sheet for one unit: checked against the template, 回避 and the assignment, stored and locked. With
     * an Idempotency-Key (the grid reports' scheme) a replay answers the first sheet (`replayed`); the same key with
     * another body is a 422; a second sheet for the same unit is a 409.
     */
    async score(user: CurrentUser, roundId: number, raw: ScoreSubmit, key: string | null, ip: string) {
      if (key !== null && !IDEMPOTENCY_KEY.test(key))
        throw invalidField('Idempotency-Key', 'contests.err.idempotency_key');
      const input = scoreSubmitSchema.parse(raw) as z.output<typeof scoreSubmitSchema>;
      const bodyHash = createHash('sha256').update(JSON.stringify(input)).digest('hex');
      const outcome = await db.transaction().execute(async (trx) => {
        const round = await roundFor(trx, user, roundId);
        if (key !== null) {
          const claimed = await trx
            .insertInto('contest_idempotency')
            .values({ user_id: user.id, key, body_hash: bodyHash, sheet_id: null, created_at: clock.now() })
            .onConflict((oc) => oc.columns(['user_id', 'key']).doNothing())
            .executeTakeFirst();
          if (Number(claimed.numInsertedOrUpdatedRows ?? 0) === 0) {
            const prior = await trx
              .selectFrom('contest_idempotency')
              .select(['body_hash', 'sheet_id'])
              .where('user_id', '=', user.id)
              .where('key', '=', key)
              .executeTakeFirst();
            if (!prior || prior.body_hash !== bodyHash || prior.sheet_id === null)
              throw new AppError('unprocessable', 'contests.err.idempotency_mismatch', [
                { path: 'Idempotency-Key', message: 'contests.err.idempotency_mismatch' },
              ]);
            return { id: prior.sheet_id, replayed: true };
          }
        }
        requireOpen(round);
        const judge = await trx
          .selectFrom('contest_judges')
          .select(['kind', 'expires_at'])
          .where('round_id', '=', round.id)
          .where('user_id', '=', user.id)
          .executeTakeFirst();
        if (!judge) throw new AppError('forbidden', 'contests.err.not_judge');
        const unit = await trx
          .selectFrom('contest_units')
          .select(['org_unit_id', 'unit_path'])
          .where('round_id', '=', round.id)
          .where('org_unit_id', '=', input.unitId)
          .executeTakeFirst();
        if (!unit) throw invalidField('unitId', 'contests.err.unit_not_in_round');
        if (await conflictOf(trx, round, user, unit))
          throw new AppError('conflict_of_interest', 'contests.err.conflict_of_interest', [
            { path: 'unitId', message: 'contests.err.conflict_of_interest' },
          ]);
        const assigned = await trx
          .selectFrom('contest_assignments')
          .select('user_id')
          .where('round_id', '=', round.id)
          .where('user_id', '=', user.id)
          .where('org_unit_id', '=', input.unitId)
          .executeTakeFirst();
        if (!assigned) throw new AppError('forbidden', 'contests.err.not_assigned');
        const stages = stagesOf(round);
        const stage = input.stage === undefined ? stages[0]! : stages.find((s) => s.code === input.stage);
        if (!stage) throw invalidField('stage', 'contests.err.stage');
        const seen = new Set<string>();
        input.criteria.forEach((c, i) => {
          const def = stage.criteria.find((d) => d.code === c.code);
          if (!def || seen.has(c.code)) throw invalidField(`criteria.${i}.code`, 'contests.err.criterion');
          if (c.score > def.max) throw invalidField(`criteria.${i}.score`, 'contests.err.score_max');
          seen.add(c.code);
        });
        const missing = stage.criteria.findIndex((d) => !seen.has(d.code));
        if (missing >= 0) throw invalidField('criteria', 'contests.err.criteria_missing');
        const photoIds = input.criteria.flatMap((c) => (c.photoId === null ? [] : [c.photoId]));
        if (photoIds.length) {
          const found = await trx
            .selectFrom('contest_photos')
            .select('id')
            .where('round_id', '=', round.id)
            .where('uploader_id', '=', user.id)
            .where('id', 'in', photoIds)
            .execute();
          if (found.length !== new Set(photoIds).size) throw invalidField('criteria', 'contests.err.photo');
        }
        const locked = await trx
          .selectFrom('contest_sheets')
          .select('id')
          .where('round_id', '=', round.id)
          .where('user_id', '=', user.id)
          .where('org_unit_id', '=', input.unitId)
          .where('stage', '=', stage.code)
          .executeTakeFirst();
        if (locked)
          throw new AppError('conflict', 'contests.err.locked', [
            { path: 'unitId', message: 'contests.err.locked' },
          ]);
        const total = input.criteria.reduce((a, c) => a + c.score, 0);
        const sheet = await trx
          .insertInto('contest_sheets')
          .values({
            round_id: round.id,
            user_id: user.id,
            org_unit_id: input.unitId,
            stage: stage.code,
            total,
            submitted_at: clock.now(),
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await trx
          .insertInto('contest_scores')
          .values(
            input.criteria.map((c) => ({
              sheet_id: sheet.id,
              code: c.code,
              score: c.score,
              note: c.note,
              photo_id: c.photoId,
              original_score: null,
              reason: null,
              corrected_by: null,
              corrected_at: null,
            })),
          )
          .execute();
        if (key !== null)
          await trx
            .updateTable('contest_idempotency')
            .set({ sheet_id: sheet.id })
            .where('user_id', '=', user.id)
            .where('key', '=', key)
            .execute();
        await audit.record(trx, {
          actorId: user.id,
          actorName: user.username,
          action: 'contests.sheet.submit',
          objectType: 'contest_sheet',
          objectId: sheet.id,
          newValue: { roundId: round.id, ...input, total },
          ip,
        });
        return { id: sheet.id, replayed: false };
      });
      const [sheet] = await readSheets(db, { roundId, ids: [outcome.id] });
      if (!sheet) throw notFound();
      return { sheet, replayed: outcome.replayed };
    },

    async uploadPhoto(user: CurrentUser, roundId: number, bytes: Uint8Array, ip: string) {
      const type = imageType(bytes);
      if (!type) throw new AppError('unsupported_media_type', 'contests.err.photo_type');
      return db.transaction().execute(async (trx) => {
        const round = await roundFor(trx, user, roundId);
        requireOpen(round);
        const judge = await trx
          .selectFrom('contest_judges')
          .select('user_id')
          .where('round_id', '=', round.id)
          .where('user_id', '=', user.id)
          .executeTakeFirst();
        if (!judge) throw new AppError('forbidden', 'contests.err.not_judge');
        const row = await trx
          .insertInto('contest_photos')
          .values({
            round_id: round.id,
            uploader_id: user.id,
            content_type: type,
            size: bytes.length,
            data: Buffer.from(bytes).toString('base64'),
            created_at: clock.now(),
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await audit.record(trx, {
          actorId: user.id,
          actorName: user.username,
          action: 'contests.photo.upload',
          objectType: 'contest_photo',
          objectId: row.id,
          newValue: { roundId, contentType: type, size: bytes.length },
          ip,
        });
        return { id: row.id };
      });
    },

    /** A photo, for whoever may see the sheet it belongs to (the round's managers, or after closing). */
    async photo(user: CurrentUser, id: number) {
      const p = await db.selectFrom('contest_photos').selectAll().where('id', '=', id).executeTakeFirst();
      if (!p) throw notFound();
      const round = await roundFor(db, user, p.round_id);
      if (p.uploader_id !== user.id && !manages(user, round) && round.status !== 'closed') throw notFound();
      return { contentType: p.content_type, bytes: Buffer.from(p.data, 'base64') };
    },

    /**
     * Sheets of a round. The round's managers see all; a judge sees their own, and another judge's sheet of a unit
     * only once their own sheet of that unit is in; everyone in scope sees all once the round is closed.
     */
    async sheets(user: CurrentUser, roundId: number, query: { unitId?: number }) {
      const round = await roundFor(db, user, roundId);
      const all = await readSheets(db, { roundId, unitId: query.unitId });
      if (manages(user, round) || round.status === 'closed') return all;
      const mine = all.filter((s) => s.judgeId === user.id);
      const done = new Set(mine.map((s) => `${s.unitId}:${s.stage}`));
      return all.filter((s) => s.judgeId === user.id || done.has(`${s.unitId}:${s.stage}`));
    },

    /** The chair corrects a sheet with a reason: the judge's own score is kept beside it and the change audited. */
    async correct(
      user: CurrentUser,
      roundId: number,
      sheetId: number,
      input: { criteria: { code: string; score: number }[]; reason: string },
      ip: string,
    ) {
      await db.transaction().execute(async (trx) => {
        const round = await roundFor(trx, user, roundId);
        requireChair(user, round);
        requireOpen(round);
        const sheet = await trx
          .selectFrom('contest_sheets')
          .selectAll()
          .where('id', '=', sheetId)
          .where('round_id', '=', round.id)
          .executeTakeFirst();
        if (!sheet) throw notFound();
        const stage = stagesOf(round).find((s) => s.code === sheet.stage)!;
        const current = await trx
          .selectFrom('contest_scores')
          .selectAll()
          .where('sheet_id', '=', sheetId)
          .execute();
        const changes: { code: string; from: number; to: number }[] = [];
        for (const [i, c] of input.criteria.entries()) {
          const def = stage.criteria.find((d) => d.code === c.code);
          const row = current.find((r) => r.code === c.code);
          if (!def || !row) throw invalidField(`criteria.${i}.code`, 'contests.err.criterion');
          if (c.score > def.max) throw invalidField(`criteria.${i}.score`, 'contests.err.score_max');
          if (Number(row.score) === c.score) continue;
          changes.push({ code: c.code, from: Number(row.score), to: c.score });
          await trx
            .updateTable('contest_scores')
            .set({
              score: c.score,
              original_score: row.original_score ?? row.score,
              reason: input.reason,
              corrected_by: user.id,
              corrected_at: clock.now(),
            })
            .where('sheet_id', '=', sheetId)
            .where('code', '=', c.code)
            .execute();
        }
        if (changes.length === 0) throw invalidField('criteria', 'contests.err.no_change');
        const total = (
          await trx.selectFrom('contest_scores').select('score').where('sheet_id', '=', sheetId).execute()
        ).reduce((a, r) => a + Number(r.score), 0);
        await trx.updateTable('contest_sheets').set({ total }).where('id', '=', sheetId).execute();
        await audit.record(trx, {
          actorId: user.id,
          actorName: user.username,
          action: 'contests.sheet.correct',
          objectType: 'contest_sheet',
          objectId: sheetId,
          oldValue: {
            total: Number(sheet.total),
            scores: changes.map((c) => ({ code: c.code, score: c.from })),
          },
          newValue: {
            total,
            scores: changes.map((c) => ({ code: c.code, score: c.to })),
            reason: input.reason,
          },
          ip,
        });
      });
      const [sheet] = await readSheets(db, { roundId, ids: [sheetId] });
      return sheet!;
    },
  };
}

export type SheetsService = ReturnType<typeof createSheetsService>;
