import {
  plShiftDate,
  quorumOf,
  windowOf,
  type Attendance,
  type MeetingType,
  type PlMakeUp,
  type PlMeeting,
  type PlMeetingDetail,
} from '@fivestar/common';
import { createHash } from 'node:crypto';
import { fileTypeFromBuffer } from 'file-type';
import { sql, type Selectable } from 'kysely';
import type { DbOrTrx } from '../../db/database.ts';
import { fetchPage, type PageQuery } from '../../db/paginate.ts';
import type { Database } from '../../db/schema.ts';
import type { CurrentUser } from '../../http/current-user.ts';
import { AppError, invalidField, notFound } from '../../http/errors.ts';
import { pathUnder, scopedSubtree } from '../../security/scope.ts';
import { countIntoRollups } from './compliance.rollup.ts';
import type { PartyLifeCore } from './partylife.core.ts';
import type { PointsService } from './points.service.ts';

const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/heic'];

export interface MeetingInput {
  unitId: number;
  type: MeetingType;
  heldOn: string;
  topic: string;
  minutes: string;
  attendance: { personId: number; status: Attendance }[];
  fixedActions: { action: string; done: boolean; note: string }[];
  items: string[];
}

const meetingColumns = [
  'm.id',
  'm.org_unit_id',
  'm.unit_path',
  'm.type',
  'm.held_on',
  'm.topic',
  'm.minutes',
  'm.expected',
  'm.present',
  'm.leave',
  'm.absent',
  'm.quorate',
  'm.photos',
  'm.fixed_actions',
  'm.items',
  'm.recorded_name',
  'o.name as unit_name',
] as const;

type MeetingRow = Pick<
  Selectable<Database['pl_meetings']>,
  | 'id'
  | 'org_unit_id'
  | 'type'
  | 'held_on'
  | 'topic'
  | 'expected'
  | 'present'
  | 'leave'
  | 'absent'
  | 'quorate'
  | 'photos'
  | 'recorded_name'
> & { unit_name: string };

const toMeeting = (r: MeetingRow): PlMeeting => ({
  id: r.id,
  unitId: r.org_unit_id,
  unitName: r.unit_name,
  type: r.type as MeetingType,
  heldOn: r.held_on,
  topic: r.topic,
  expected: r.expected,
  present: r.present,
  leave: r.leave,
  absent: r.absent,
  quorate: r.quorate === 1,
  photos: r.photos,
  recordedBy: r.recorded_name,
});

/** Meetings with attendance, quorum, photos and make-up tasks; the windows they meet. */
export function createMeetingsService(core: PartyLifeCore, points: PointsService) {
  const { db, clock } = core.deps;
  const { today, settingsFor, villageInScope, record } = core;

  const makeUpQuery = (q: DbOrTrx) =>
    q
      .selectFrom('pl_make_ups as k')
      .innerJoin('pl_meetings as m', 'm.id', 'k.meeting_id')
      .innerJoin('persons as p', 'p.id', 'k.person_id')
      .innerJoin('org_units as o', 'o.id', 'k.org_unit_id')
      .select([
        'k.id',
        'k.meeting_id',
        'k.org_unit_id',
        'o.name as unit_name',
        'k.person_id',
        'p.name as person_name',
        'k.reason',
        'm.type',
        'm.topic',
        'k.deadline',
        'k.done_on',
        'k.note',
      ]);
  type MakeUpRow = Awaited<ReturnType<ReturnType<typeof makeUpQuery>['executeTakeFirstOrThrow']>>;
  const toMakeUp = (r: MakeUpRow, day: string): PlMakeUp => ({
    id: r.id,
    meetingId: r.meeting_id,
    unitId: r.org_unit_id,
    unitName: r.unit_name,
    personId: r.person_id,
    personName: r.person_name,
    reason: r.reason as Attendance,
    meetingType: r.type as MeetingType,
    topic: r.topic,
    deadline: r.deadline,
    doneOn: r.done_on,
    note: r.note,
    overdue: r.done_on === null && r.deadline < day,
  });

  async function detail(q: DbOrTrx, user: CurrentUser, id: number): Promise<PlMeetingDetail> {
    const r = await q
      .selectFrom('pl_meetings as m')
      .innerJoin('org_units as o', 'o.id', 'm.org_unit_id')
      .select(meetingColumns)
      .where('m.id', '=', id)
      .where(pathUnder('m.unit_path', user.unitPath))
      .executeTakeFirst();
    if (!r) throw notFound();
    const [attendance, photos, makeUps] = await Promise.all([
      q
        .selectFrom('pl_attendance as a')
        .innerJoin('persons as p', 'p.id', 'a.person_id')
        .select(['a.person_id', 'p.name', 'a.status'])
        .where('a.meeting_id', '=', id)
        .orderBy('p.id')
        .execute(),
      q
        .selectFrom('pl_photos')
        .select(['id', 'name', 'mime', 'size', 'created_at'])
        .where('meeting_id', '=', id)
        .orderBy('id')
        .execute(),
      makeUpQuery(q).where('k.meeting_id', '=', id).orderBy('k.id').execute(),
    ]);
    const day = today();
    return {
      ...toMeeting(r),
      minutes: r.minutes,
      attendance: attendance.map((a) => ({
        personId: a.person_id,
        name: a.name,
        status: a.status as Attendance,
      })),
      fixedActions: JSON.parse(r.fixed_actions) as PlMeetingDetail['fixedActions'],
      items: JSON.parse(r.items) as string[],
      photoList: photos.map((p) => ({
        id: p.id,
        name: p.name,
        mime: p.mime,
        size: p.size,
        createdAt: Number(p.created_at),
      })),
      makeUps: makeUps.map((k) => toMakeUp(k, day)),
    };
  }

  /** The party members of a village: the people who should attend its meetings. */
  const membersOf = (q: DbOrTrx, unitId: number) =>
    q
      .selectFrom('persons')
      .select(['id as personId', 'name'])
      .where('org_unit_id', '=', unitId)
      .where('is_party_member', '=', 1)
      .orderBy('id')
      .execute();

  return {
    detail,
    membersOf,
    get: (user: CurrentUser, id: number) => detail(db, user, id),

    async members(user: CurrentUser, unitId: number) {
      const unit = await villageInScope(db, user, unitId);
      return membersOf(db, unit.id);
    },

    async list(
      user: CurrentUser,
      query: { unitId?: number; type?: MeetingType; from?: string; to?: string } & PageQuery,
    ) {
      const prefix = await scopedSubtree(db, user, query.unitId);
      if (prefix === null) return { items: [], total: 0, page: query.page, pageSize: query.pageSize };
      let q = db
        .selectFrom('pl_meetings as m')
        .innerJoin('org_units as o', 'o.id', 'm.org_unit_id')
        .select(meetingColumns)
        .where(pathUnder('m.unit_path', prefix));
      if (query.type) q = q.where('m.type', '=', query.type);
      if (query.from) q = q.where('m.held_on', '>=', query.from);
      if (query.to) q = q.where('m.held_on', '<=', query.to);
      return fetchPage(q, query, (x) => x.orderBy('m.held_on', 'desc').orderBy('m.id', 'desc'), toMeeting);
    },

    /**
     * Records a meeting: attendance by member (the village's party members only, each once), the quorum against
     * everyone listed, a make-up task for each member absent or on leave, the window it meets, and the points its
     * attendance credits — all in one transaction with its audit row.
     */
    async create(user: CurrentUser, input: MeetingInput, ip: string) {
      if (input.heldOn > today()) throw invalidField('heldOn', 'partylife.err.future');
      return db.transaction().execute(async (trx) => {
        const unit = await villageInScope(trx, user, input.unitId);
        const settings = await settingsFor(trx, unit.path);
        const members = new Set((await membersOf(trx, unit.id)).map((m) => m.personId));
        const seen = new Set<number>();
        input.attendance.forEach((a, i) => {
          if (!members.has(a.personId))
            throw invalidField(`attendance.${i}.personId`, 'partylife.err.not_member');
          if (seen.has(a.personId)) throw invalidField(`attendance.${i}.personId`, 'partylife.err.duplicate');
          seen.add(a.personId);
        });
        const isThemeDay = input.type === 'theme_day';
        input.fixedActions.forEach((f, i) => {
          if (!isThemeDay) throw invalidField(`fixedActions.${i}`, 'partylife.err.theme_day_only');
          if (!settings.fixedActions.includes(f.action))
            throw invalidField(`fixedActions.${i}.action`, 'partylife.err.fixed_action');
        });
        if (!isThemeDay && input.items.length) throw invalidField('items', 'partylife.err.theme_day_only');
        const quorum = quorumOf(
          input.attendance.map((a) => a.status),
          settings.quorumRatio,
        );
        const now = clock.now();
        const meeting = await trx
          .insertInto('pl_meetings')
          .values({
            org_unit_id: unit.id,
            unit_path: unit.path,
            type: input.type,
            held_on: input.heldOn,
            year: Number(input.heldOn.slice(0, 4)),
            topic: input.topic,
            minutes: input.minutes,
            expected: quorum.expected,
            present: quorum.present,
            leave: quorum.leave,
            absent: quorum.absent,
            quorate: quorum.quorate ? 1 : 0,
            photos: 0,
            fixed_actions: JSON.stringify(input.fixedActions),
            items: JSON.stringify(input.items),
            recorded_by: user.id,
            recorded_name: user.displayName,
            created_at: now,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await trx
          .insertInto('pl_attendance')
          .values(
            input.attendance.map((a) => ({
              meeting_id: meeting.id,
              person_id: a.personId,
              status: a.status,
            })),
          )
          .execute();
        const w = windowOf(settings.frequencies[input.type], input.heldOn);
        const windowMet = w && {
          org_unit_id: unit.id,
          unit_path: unit.path,
          type: input.type,
          window_key: w.key,
          window_start: w.start,
          window_end: w.end,
          meeting_id: meeting.id,
        };
        const firstInWindow =
          windowMet &&
          !(await trx
            .selectFrom('pl_windows')
            .select('id')
            .where('org_unit_id', '=', unit.id)
            .where('type', '=', input.type)
            .where('window_key', '=', windowMet.window_key)
            .executeTakeFirst());
        if (windowMet && firstInWindow) await trx.insertInto('pl_windows').values(windowMet).execute();
        // The compliance rollups count the window (when new) and the meeting in this transaction.
        await countIntoRollups(trx, windowMet && firstInWindow ? [windowMet] : [], [
          { unit_path: unit.path, type: input.type, held_on: input.heldOn },
        ]);
        const missed = input.attendance.filter((a) => a.status !== 'present');
        if (missed.length)
          await trx
            .insertInto('pl_make_ups')
            .values(
              missed.map((a) => ({
                meeting_id: meeting.id,
                org_unit_id: unit.id,
                unit_path: unit.path,
                person_id: a.personId,
                reason: a.status,
                deadline: plShiftDate(input.heldOn, settings.makeUpDays),
                done_on: null,
                note: '',
                created_at: now,
              })),
            )
            .execute();
        const credited = await points.creditAttendance(trx, {
          unit,
          meetingId: meeting.id,
          type: input.type,
          heldOn: input.heldOn,
          personIds: input.attendance.filter((a) => a.status === 'present').map((a) => a.personId),
          userId: user.id,
        });
        await record(
          trx,
          user,
          'meeting.create',
          'pl_meeting',
          meeting.id,
          {
            unitId: unit.id,
            type: input.type,
            heldOn: input.heldOn,
            topic: input.topic,
            quorum,
            makeUps: missed.length,
            pointsCredited: credited,
          },
          ip,
        );
        return detail(trx, user, meeting.id);
      });
    },

    async uploadPhoto(user: CurrentUser, id: number, name: string, body: Uint8Array, ip: string) {
      const buf = Buffer.from(body);
      if (buf.length === 0) throw invalidField('body', 'partylife.err.file_empty');
      const mime = (await fileTypeFromBuffer(buf))?.mime ?? '';
      if (!PHOTO_TYPES.includes(mime))
        throw new AppError('unsupported_media_type', 'partylife.err.photo_type');
      return db.transaction().execute(async (trx) => {
        const m = await trx
          .selectFrom('pl_meetings')
          .select(['id', 'org_unit_id', 'unit_path'])
          .where('id', '=', id)
          .where(pathUnder('unit_path', user.unitPath))
          .executeTakeFirst();
        if (!m) throw notFound();
        const now = clock.now();
        const row = await trx
          .insertInto('pl_photos')
          .values({
            meeting_id: m.id,
            org_unit_id: m.org_unit_id,
            unit_path: m.unit_path,
            name,
            mime,
            size: buf.length,
            sha256: createHash('sha256').update(buf).digest('hex'),
            data: buf.toString('base64'),
            uploaded_by: user.id,
            created_at: now,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await trx
          .updateTable('pl_meetings')
          .set({ photos: sql`photos + 1` })
          .where('id', '=', m.id)
          .execute();
        await record(
          trx,
          user,
          'meeting.photo',
          'pl_meeting',
          m.id,
          { photoId: row.id, name, size: buf.length },
          ip,
        );
        return { id: row.id, name, mime, size: buf.length, createdAt: now };
      });
    },

    async photo(user: CurrentUser, id: number) {
      const f = await db
        .selectFrom('pl_photos')
        .select(['name', 'mime', 'data'])
        .where('id', '=', id)
        .where(pathUnder('unit_path', user.unitPath))
        .executeTakeFirst();
      if (!f) throw notFound();
      return { name: f.name, mime: f.mime, body: Buffer.from(f.data, 'base64') };
    },

    async makeUps(user: CurrentUser, query: { unitId?: number; open?: boolean } & PageQuery) {
      const prefix = await scopedSubtree(db, user, query.unitId);
      if (prefix === null) return { items: [], total: 0, page: query.page, pageSize: query.pageSize };
      let q = makeUpQuery(db).where(pathUnder('k.unit_path', prefix));
      if (query.open) q = q.where('k.done_on', 'is', null);
      const day = today();
      return fetchPage(
        q,
        query,
        (x) =>
          x
            .orderBy(sql`case when k.done_on is null then 0 else 1 end`)
            .orderBy('k.deadline')
            .orderBy('k.id'),
        (r) => toMakeUp(r, day),
      );
    },

    /** A make-up done: the member made up the meeting (date and how). */
    async makeUpDone(user: CurrentUser, id: number, input: { doneOn: string; note: string }, ip: string) {
      if (input.doneOn > today()) throw invalidField('doneOn', 'partylife.err.future');
      return db.transaction().execute(async (trx) => {
        const k = await makeUpQuery(trx)
          .where('k.id', '=', id)
          .where(pathUnder('k.unit_path', user.unitPath))
          .executeTakeFirst();
        if (!k) throw notFound();
        if (k.done_on !== null) throw new AppError('conflict', 'partylife.err.make_up_done');
        await trx
          .updateTable('pl_make_ups')
          .set({ done_on: input.doneOn, note: input.note })
          .where('id', '=', id)
          .execute();
        await record(trx, user, 'make_up.done', 'pl_make_up', id, input, ip);
        return toMakeUp({ ...k, done_on: input.doneOn, note: input.note }, today());
      });
    },
  };
}

export type MeetingsService = ReturnType<typeof createMeetingsService>;
