import {
  idNumberFacts,
  maskIdNumber,
  maskPhone,
  normaliseIdNumber,
  type Person,
  type PersonCreate,
} from '@fivestar/common';
import type { Clock } from '../../clock.ts';
import type { Db, DbOrTrx } from '../../db/database.ts';
import type { CurrentUser } from '../../http/current-user.ts';
import { conflict, notFound } from '../../http/errors.ts';
import { createRateLimiter } from '../../http/rate-limit.ts';
import { decryptField, encryptField, lookupHash, type Keys } from '../../security/crypto.ts';
import { fetchPage } from '../../db/paginate.ts';
import { containsLike } from '../../security/pinyin.ts';
import { inScope, pathInScope, requireUnitInScope } from '../../security/scope.ts';
import type { AuditService } from '../audit/index.ts';

/** The protected columns for a person's ID number and phone: ciphertext, keyed lookup hash, masked display. */
export function protectedIdentity(keys: Keys, idNumber: string | null, phone: string | null) {
  const id = idNumber ? normaliseIdNumber(idNumber) : null;
  return {
    id_number_enc: id ? encryptField(keys.pii, id) : null,
    id_number_hash: id ? lookupHash(keys.lookup, id) : null,
    id_number_masked: id ? maskIdNumber(id) : null,
    phone_enc: phone ? encryptField(keys.pii, phone) : null,
    phone_hash: phone ? lookupHash(keys.lookup, phone) : null,
    phone_masked: phone ? maskPhone(phone) : null,
    ...(id ? idNumberFacts(id) : {}),
  };
}

export function createPersonsService({
  db,
  keys,
  audit,
  clock,
}: {
  db: Db;
  keys: Keys;
  audit: AuditService;
  clock: Clock;
}) {
  const revealLimiter = createRateLimiter({ clock, limit: 20, windowMs: 60 * 60 * 1000 });

  function personQuery(q: DbOrTrx = db) {
    return q
      .selectFrom('persons as p')
      .innerJoin('org_units as o', 'o.id', 'p.org_unit_id')
      .select([
        'p.id',
        'p.org_unit_id',
        'o.name as unit_name',
        'p.name',
        'p.gender',
        'p.birth_date',
        'p.id_number_masked',
        'p.phone_masked',
        'p.is_party_member',
        'p.tags',
      ]);
  }
  type Row = Awaited<ReturnType<ReturnType<typeof personQuery>['executeTakeFirstOrThrow']>>;
  const toPerson = (r: Row): Person => ({
    id: r.id,
    unitId: r.org_unit_id,
    unitName: r.unit_name,
    name: r.name,
    gender: r.gender,
    birthDate: r.birth_date,
    idNumber: r.id_number_masked,
    phone: r.phone_masked,
    isPartyMember: r.is_party_member === 1,
    tags: JSON.parse(r.tags) as string[],
  });

  async function get(user: CurrentUser, id: number): Promise<Person> {
    const row = await personQuery()
      .where('p.id', '=', id)
      .where(inScope('p.org_unit_id', user))
      .executeTakeFirst();
    if (!row) throw notFound();
    return toPerson(row);
  }

  return {
    get,

    async list(user: CurrentUser, query: { q?: string; unitId?: number; page: number; pageSize: number }) {
      let q = personQuery().where(pathInScope('o.path', user));
      if (query.unitId) q = q.where('p.org_unit_id', '=', query.unitId);
      if (query.q) q = q.where(containsLike('p.name', query.q));
      return fetchPage(q, query, (q) => q.orderBy('p.id'), toPerson);
    },

    async create(user: CurrentUser, input: PersonCreate, ip: string) {
      await requireUnitInScope(db, user, input.unitId);
      const identity = protectedIdentity(keys, input.idNumber, input.phone ?? null);
      const existing = await db
        .selectFrom('persons')
        .select('id')
        .where('id_number_hash', '=', identity.id_number_hash)
        .executeTakeFirst();
      if (existing) throw conflict('person.duplicate_id_number', 'idNumber');
      const now = clock.now();
      const id = await db.transaction().execute(async (trx) => {
        const { birthDate, gender, ...columns } = identity;
        const row = await trx
          .insertInto('persons')
          .values({
            org_unit_id: input.unitId,
            name: input.name,
            gender: gender ?? null,
            birth_date: birthDate ?? null,
            ...columns,
            is_party_member: input.isPartyMember ? 1 : 0,
            tags: JSON.stringify(input.tags),
            created_at: now,
            updated_at: now,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await audit.record(trx, {
          actorId: user.id,
          actorName: user.username,
          action: 'person.create',
          objectType: 'person',
          objectId: row.id,
          newValue: {
            name: input.name,
            unitId: input.unitId,
            idNumber: columns.id_number_masked,
            phone: columns.phone_masked,
          },
          ip,
        });
        return row.id;
      });
      return get(user, id);
    },

    /** The unmasked value, for a caller with pii:view who gives a reason; every reveal is audited. */
    async reveal(user: CurrentUser, id: number, field: 'idNumber' | 'phone', reason: string, ip: string) {
      await get(user, id);
      revealLimiter.take(String(user.id));
      const row = await db
        .selectFrom('persons')
        .select(['id_number_enc', 'phone_enc'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      const stored = field === 'idNumber' ? row.id_number_enc : row.phone_enc;
      await audit.record(db, {
        actorId: user.id,
        actorName: user.username,
        action: 'person.reveal',
        objectType: 'person',
        objectId: id,
        newValue: { field, reason },
        ip,
      });
      return { field, value: stored ? decryptField(keys.pii, stored) : null };
    },
  };
}

export type PersonsService = ReturnType<typeof createPersonsService>;
