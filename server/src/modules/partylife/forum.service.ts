import type { DbOrTrx } from '../../db/database.ts';
import { fetchPage, type PageQuery } from '../../db/paginate.ts';
import type { CurrentUser } from '../../http/current-user.ts';
import { invalidField, notFound } from '../../http/errors.ts';
import { pathUnder } from '../../security/scope.ts';
import { branchesUnder } from './compliance.ts';
import type { PartyLifeCore } from './partylife.core.ts';

export interface ForumInput {
  heldOn: string;
  title: string;
  topics: string;
  place: string;
  speakers: { unitId: number; strengths: string; gaps: string }[];
  presentUnitIds: number[];
}

const sessionColumns = [
  's.id',
  's.held_on',
  's.title',
  's.topics',
  's.place',
  's.expected',
  's.unit_path',
] as const;

/**
 * The secretaries' forum (创五星 论发展): a township's sessions, the secretaries who report (述职: strengths and gaps),
 * who attended, and follow-up actions — each becomes a supervision task of the village (its secretary answers for
 * it), so it is chased and closed with evidence like every other task.
 */
export function createForumService(core: PartyLifeCore) {
  const { db, clock, supervision, notifications } = core.deps;
  const { today, villageInScope, record } = core;

  const counts = async (q: DbOrTrx, ids: number[]) => {
    const one = async (table: 'pl_forum_speakers' | 'pl_forum_attendance' | 'pl_forum_follow_ups') => {
      if (!ids.length) return new Map<number, number>();
      const rows = await q
        .selectFrom(table)
        .select(['session_id', (eb) => eb.fn.countAll<number>().as('n')])
        .where('session_id', 'in', ids)
        .groupBy('session_id')
        .execute();
      return new Map(rows.map((r) => [r.session_id, Number(r.n)]));
    };
    const [speakers, present, followUps] = await Promise.all([
      one('pl_forum_speakers'),
      one('pl_forum_attendance'),
      one('pl_forum_follow_ups'),
    ]);
    return { speakers, present, followUps };
  };

  async function detail(q: DbOrTrx, user: CurrentUser, id: number) {
    const s = await q
      .selectFrom('pl_forum_sessions as s')
      .select(sessionColumns)
      .where('s.id', '=', id)
      .where(pathUnder('s.unit_path', user.unitPath))
      .executeTakeFirst();
    if (!s) throw notFound();
    const [speakers, present, followUps] = await Promise.all([
      q
        .selectFrom('pl_forum_speakers as x')
        .innerJoin('org_units as o', 'o.id', 'x.org_unit_id')
        .select(['x.org_unit_id', 'o.name', 'x.strengths', 'x.gaps'])
        .where('x.session_id', '=', id)
        .orderBy('x.id')
        .execute(),
      q
        .selectFrom('pl_forum_attendance as a')
        .innerJoin('org_units as o', 'o.id', 'a.org_unit_id')
        .select(['a.org_unit_id', 'o.name'])
        .where('a.session_id', '=', id)
        .orderBy('o.path')
        .execute(),
      q
        .selectFrom('pl_forum_follow_ups as f')
        .innerJoin('org_units as o', 'o.id', 'f.org_unit_id')
        .select(['f.id', 'f.org_unit_id', 'o.name', 'f.title', 'f.deadline', 'f.item_id'])
        .where('f.session_id', '=', id)
        .orderBy('f.id')
        .execute(),
    ]);
    return {
      id: s.id,
      heldOn: s.held_on,
      title: s.title,
      topics: s.topics,
      place: s.place,
      speakers: speakers.length,
      present: present.length,
      expected: s.expected,
      followUps: followUps.length,
      speakerList: speakers.map((x) => ({
        unitId: x.org_unit_id,
        unitName: x.name,
        strengths: x.strengths,
        gaps: x.gaps,
      })),
      presentUnits: present.map((a) => ({ unitId: a.org_unit_id, unitName: a.name })),
      followUpList: followUps.map((f) => ({
        id: f.id,
        unitId: f.org_unit_id,
        unitName: f.name,
        title: f.title,
        deadline: f.deadline,
        itemId: f.item_id,
      })),
    };
  }

  return {
    async list(user: CurrentUser, query: { from?: string; to?: string } & PageQuery) {
      let q = db
        .selectFrom('pl_forum_sessions as s')
        .select(sessionColumns)
        .where(pathUnder('s.unit_path', user.unitPath));
      if (query.from) q = q.where('s.held_on', '>=', query.from);
      if (query.to) q = q.where('s.held_on', '<=', query.to);
      const page = await fetchPage(
        q,
        query,
        (x) => x.orderBy('s.held_on', 'desc').orderBy('s.id', 'desc'),
        (s) => s,
      );
      const c = await counts(
        db,
        page.items.map((s) => s.id),
      );
      return {
        ...page,
        items: page.items.map((s) => ({
          id: s.id,
          heldOn: s.held_on,
          title: s.title,
          topics: s.topics,
          place: s.place,
          speakers: c.speakers.get(s.id) ?? 0,
          present: c.present.get(s.id) ?? 0,
          expected: s.expected,
          followUps: c.followUps.get(s.id) ?? 0,
        })),
      };
    },

    get: (user: CurrentUser, id: number) => detail(db, user, id),

    /** A session of the caller's township: every speaker and attendee a branch of it. */
    async create(user: CurrentUser, input: ForumInput, ip: string) {
      if (input.heldOn > today()) throw invalidField('heldOn', 'partylife.err.future');
      if (user.unitLevel !== 'township') throw invalidField('heldOn', 'partylife.err.forum_township');
      return db.transaction().execute(async (trx) => {
        const branches = await branchesUnder(trx, user.unitPath);
        const ids = new Set(branches.map((b) => b.id));
        input.speakers.forEach((s, i) => {
          if (!ids.has(s.unitId)) throw invalidField(`speakers.${i}.unitId`, 'partylife.err.not_village');
        });
        input.presentUnitIds.forEach((u, i) => {
          if (!ids.has(u)) throw invalidField(`presentUnitIds.${i}`, 'partylife.err.not_village');
        });
        const row = await trx
          .insertInto('pl_forum_sessions')
          .values({
            org_unit_id: user.unitId,
            unit_path: user.unitPath,
            held_on: input.heldOn,
            title: input.title,
            topics: input.topics,
            place: input.place,
            expected: branches.length,
            created_by: user.id,
            created_at: clock.now(),
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        if (input.speakers.length)
          await trx
            .insertInto('pl_forum_speakers')
            .values(
              input.speakers.map((s) => ({
                session_id: row.id,
                org_unit_id: s.unitId,
                strengths: s.strengths,
                gaps: s.gaps,
              })),
            )
            .execute();
        const present = [...new Set(input.presentUnitIds)];
        if (present.length)
          await trx
            .insertInto('pl_forum_attendance')
            .values(present.map((u) => ({ session_id: row.id, org_unit_id: u })))
            .execute();
        await record(trx, user, 'forum.create', 'pl_forum_session', row.id, input, ip);
        return detail(trx, user, row.id);
      });
    },

    /** A follow-up action: a supervision task of the village (its secretary owns it), linked to the session. */
    async createFollowUp(
      user: CurrentUser,
      sessionId: number,
      input: { unitId: number; title: string; deadline: string },
      ip: string,
    ) {
      if (input.deadline < today()) throw invalidField('deadline', 'partylife.err.deadline_past');
      return db
        .transaction()
        .execute(async (trx) => {
          const s = await detail(trx, user, sessionId);
          const unit = await villageInScope(trx, user, input.unitId);
          const owner = await supervision.secretaryOf(trx, unit.id);
          const itemId = await supervision.insertItem(
            trx,
            {
              unit,
              year: Number(input.deadline.slice(0, 4)),
              list: 'task',
              source: 'manual',
              starCode: 'strong_branch',
              indicatorCode: null,
              title: input.title,
              measures: `书记论坛“${s.title}”（${s.heldOn}）议定事项`,
              evidenceRequired: '',
              evidenceMin: 1,
              ownerUserId: owner?.id ?? null,
              ownerName: owner?.display_name ?? `${unit.name}党支部书记`,
              checkerUserId: null,
              deadline: input.deadline,
            },
            { id: user.id, name: user.displayName },
          );
          const row = await trx
            .insertInto('pl_forum_follow_ups')
            .values({
              session_id: sessionId,
              org_unit_id: unit.id,
              unit_path: unit.path,
              title: input.title,
              deadline: input.deadline,
              item_id: itemId,
              created_at: clock.now(),
            })
            .returning('id')
            .executeTakeFirstOrThrow();
          await record(trx, user, 'forum.follow_up', 'pl_forum_session', sessionId, { ...input, itemId }, ip);
          if (owner)
            await notifications.notify(trx, {
              kind: 'partylife.follow_up',
              title: `书记论坛交办：${input.title}`,
              body: `${unit.name}，限 ${input.deadline} 前完成。`,
              path: `/supervision/items/${itemId}`,
              userIds: [owner.id],
            });
          return {
            id: row.id,
            unitId: unit.id,
            unitName: unit.name,
            title: input.title,
            deadline: input.deadline,
            itemId,
          };
        })
        .finally(() => notifications.kick());
    },
  };
}

export type ForumService = ReturnType<typeof createForumService>;
