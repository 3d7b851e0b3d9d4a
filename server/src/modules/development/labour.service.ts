import {
  ageOn,
  chinaDate,
  inLabourAge,
  labourBirthRange,
  type LabourEntry,
  type LabourProfile,
  type LabourQuery,
} from '@fivestar/common';
import { sql } from 'kysely';
import type { Clock } from '../../clock.ts';
import type { Db, DbOrTrx } from '../../db/database.ts';
import { fetchPage } from '../../db/paginate.ts';
import type { CurrentUser } from '../../http/current-user.ts';
import { conflict, notFound } from '../../http/errors.ts';
import { containsLike } from '../../security/pinyin.ts';
import { pathUnder, scopedSubtree, scopePrefix } from '../../security/scope.ts';
import type { AuditService } from '../audit/index.ts';
import { isUniqueViolation, preconditionFailed } from './registry.service.ts';

/**
 * The labour registry (劳动力台账): everyone in the area aged 16–60 on a given day, the age from the birth date the
 * ID number gives (persons.birth_date is derived from it; nobody types an age). A village's list is a filter on the
 * people module, not a copy; what the registry adds per person is a profile (labour ability, at home or away,
 * skills, training wishes).
 */
export function createLabourService({ db, audit, clock }: { db: Db; audit: AuditService; clock: Clock }) {
  function query(q: DbOrTrx, prefix: string, on: string) {
    const range = labourBirthRange(on);
    return q
      .selectFrom('persons as p')
      .innerJoin('org_units as o', 'o.id', 'p.org_unit_id')
      .leftJoin('dev_labour as l', 'l.person_id', 'p.id')
      .select([
        'p.id',
        'p.org_unit_id',
        'o.name as unit_name',
        'p.name',
        'p.gender',
        'p.birth_date',
        'p.id_number_masked',
        'l.ability',
        'l.whereabouts',
        'l.away_place',
        'l.skills',
        'l.training_wish',
        'l.version',
      ])
      .where(pathUnder('o.path', prefix))
      .where('p.birth_date', '<=', range.bornOnOrBefore)
      .where('p.birth_date', '>', range.bornAfter);
  }
  type Row = Awaited<ReturnType<ReturnType<typeof query>['executeTakeFirstOrThrow']>>;

  async function counts(q: DbOrTrx, ids: number[]) {
    if (ids.length === 0) return { att: new Map<number, number>(), cert: new Map<number, number>() };
    const att = await q
      .selectFrom('dev_training_attendance')
      .select(['person_id', sql<number>`count(*)`.as('n')])
      .where('person_id', 'in', ids)
      .groupBy('person_id')
      .execute();
    const cert = await q
      .selectFrom('dev_certificates')
      .select(['person_id', sql<number>`count(*)`.as('n')])
      .where('person_id', 'in', ids)
      .groupBy('person_id')
      .execute();
    return {
      att: new Map(att.map((r) => [r.person_id, Number(r.n)])),
      cert: new Map(cert.map((r) => [r.person_id, Number(r.n)])),
    };
  }

  const toEntry = (r: Row, on: string, c: Awaited<ReturnType<typeof counts>>): LabourEntry => ({
    personId: r.id,
    unitId: r.org_unit_id,
    unitName: r.unit_name,
    name: r.name,
    gender: (r.gender as LabourEntry['gender']) ?? null,
    idNumber: r.id_number_masked,
    age: ageOn(r.birth_date!, on),
    profile: r.ability
      ? {
          ability: r.ability as LabourProfile['ability'],
          whereabouts: r.whereabouts as LabourProfile['whereabouts'],
          awayPlace: r.away_place ?? '',
          skills: r.skills ?? '',
          trainingWish: r.training_wish ?? '',
        }
      : null,
    attendances: c.att.get(r.id) ?? 0,
    certificates: c.cert.get(r.id) ?? 0,
    version: r.version === null ? 0 : Number(r.version),
  });

  function filtered(
    q: ReturnType<typeof query>,
    f: Omit<LabourQuery, 'page' | 'pageSize' | 'on' | 'unitId'>,
  ) {
    let out = q;
    if (f.ability === 'unknown') out = out.where('l.person_id', 'is', null);
    else if (f.ability) out = out.where('l.ability', '=', f.ability);
    if (f.whereabouts === 'unknown') out = out.where('l.person_id', 'is', null);
    else if (f.whereabouts) out = out.where('l.whereabouts', '=', f.whereabouts);
    if (f.q) out = out.where(containsLike('p.name', f.q));
    return out;
  }

  const today = () => chinaDate(clock.now());

  async function entry(q: DbOrTrx, user: CurrentUser, personId: number, on: string) {
    const row = await query(q, scopePrefix(user), on).where('p.id', '=', personId).executeTakeFirst();
    return row ? toEntry(row, on, await counts(q, [row.id])) : undefined;
  }

  return {
    async list(user: CurrentUser, input: LabourQuery) {
      const on = input.on ?? today();
      const prefix = await scopedSubtree(db, user, input.unitId);
      if (prefix === null) return { items: [], total: 0, page: input.page, pageSize: input.pageSize };
      const page = await fetchPage(
        filtered(query(db, prefix, on), input),
        input,
        // Village by village (the path), then by birth date: the order the index walks, so a county's first page
        // reads 50 rows instead of sorting every person of working age.
        (q) => q.orderBy('o.path').orderBy('p.birth_date').orderBy('p.id'),
        (r) => r,
      );
      const c = await counts(
        db,
        page.items.map((r) => r.id),
      );
      return { ...page, items: page.items.map((r) => toEntry(r, on, c)) };
    },

    /** Every entry of a filter (for the Excel export), in pages of 2,000 to bound memory. */
    async *all(user: CurrentUser, input: Omit<LabourQuery, 'page' | 'pageSize'>) {
      const on = input.on ?? today();
      const prefix = await scopedSubtree(db, user, input.unitId);
      if (prefix === null) return;
      let after = 0;
      for (;;) {
        const rows = await filtered(query(db, prefix, on), input)
          .where('p.id', '>', after)
          .orderBy('p.id')
          .limit(2000)
          .execute();
        if (rows.length === 0) return;
        const c = await counts(
          db,
          rows.map((r) => r.id),
        );
        for (const r of rows) yield toEntry(r, on, c);
        after = rows[rows.length - 1]!.id;
      }
    },

    /**
     * Sets a person's labour profile. Only for someone of labour age today (else 409); `version` is the profile's
     * version the caller saw (0: none yet) — a newer one on file answers 412.
     */
    async setProfile(
      user: CurrentUser,
      personId: number,
      profile: LabourProfile,
      version: number,
      ip: string,
      q?: DbOrTrx,
    ): Promise<LabourEntry> {
      const on = today();
      const write = async (trx: DbOrTrx) => {
        const person = await trx
          .selectFrom('persons as p')
          .innerJoin('org_units as o', 'o.id', 'p.org_unit_id')
          .select(['p.id', 'p.birth_date'])
          .where('p.id', '=', personId)
          .where(pathUnder('o.path', scopePrefix(user)))
          .executeTakeFirst();
        if (!person) throw notFound();
        if (!person.birth_date || !inLabourAge(person.birth_date, on))
          throw conflict('development.labour.out_of_age', 'personId');
        const old = await trx
          .selectFrom('dev_labour')
          .selectAll()
          .where('person_id', '=', personId)
          .executeTakeFirst();
        if ((old ? Number(old.version) : 0) !== version) throw preconditionFailed();
        const columns = {
          ability: profile.ability,
          whereabouts: profile.whereabouts,
          away_place: profile.whereabouts === 'away' ? profile.awayPlace : '',
          skills: profile.skills,
          training_wish: profile.trainingWish,
          updated_by: user.id,
          updated_at: clock.now(),
        };
        if (old) {
          const res = await trx
            .updateTable('dev_labour')
            .set({ ...columns, version: version + 1 })
            .where('person_id', '=', personId)
            .where('version', '=', version)
            .executeTakeFirst();
          if (Number(res.numUpdatedRows) !== 1) throw preconditionFailed();
        } else {
          try {
            await trx
              .insertInto('dev_labour')
              .values({ person_id: personId, ...columns, version: 1 })
              .execute();
          } catch (e) {
            // Someone recorded this person's first profile at the same moment: theirs stands, this one is stale.
            if (isUniqueViolation(e)) throw preconditionFailed();
            throw e;
          }
        }
        await audit.record(trx, {
          actorId: user.id,
          actorName: user.username,
          action: 'development.labour.set',
          objectType: 'dev_labour',
          objectId: personId,
          oldValue: old ?? null,
          newValue: profile,
          ip,
        });
      };
      if (q) await write(q);
      else await db.transaction().execute(write);
      return (await entry(q ?? db, user, personId, on))!;
    },
  };
}

export type LabourService = ReturnType<typeof createLabourService>;
