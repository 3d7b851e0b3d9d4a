import {
  followUpDates,
  followUpProblem,
  inputFieldsOf,
  normaliseIdNumber,
  parentFieldOf,
  recordInputSchema,
  recordProblems,
  maskIdNumber,
  childrenOf,
  type DevRecord,
  type FieldError,
  type FollowUpBody,
  type RecordListQuery,
  type RegistryCode,
} from '@fivestar/common';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Clock } from '../../clock.ts';
import type { Db, DbOrTrx } from '../../db/database.ts';
import { fetchPage } from '../../db/paginate.ts';
import type { CurrentUser } from '../../http/current-user.ts';
import { AppError, conflict, notFound } from '../../http/errors.ts';
import { encryptField, lookupHash, type Keys } from '../../security/crypto.ts';
import { containsLike } from '../../security/pinyin.ts';
import { findUnitInScope, pathBounds, pathUnder, scopedSubtree, scopePrefix } from '../../security/scope.ts';
import type { AuditService } from '../audit/index.ts';
import type { Database } from '../../db/schema.ts';
import { columnOf, dateColumnOf, hasPerson, specOf, TABLE_OF, toColumn, toRecord } from './registry.map.ts';
import { SUMMARY_TABLES, type SummaryIndex } from './summary.index.ts';

/** A write's problems, each naming its field (`values.<key>`, or in an import `rows.<n>.<key>`). */
export class RecordInvalid extends Error {
  constructor(readonly fields: { field: string; message: string }[]) {
    super('record invalid');
  }
}

export function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: string; message?: string };
  return err?.code === '23505' || err?.code === 'SQLITE_CONSTRAINT_UNIQUE';
}

export const preconditionFailed = () => new AppError('precondition_failed', 'development.stale');

/** Villages, townships … in the caller's area, for resolving a name in an Excel row. */
export interface UnitIndex {
  byName: Map<string, { id: number; path: string; name: string }[]>;
}

const zodField = (issuePath: PropertyKey[]) => String(issuePath[0] ?? '');

export function createRegistryService({
  db,
  keys,
  audit,
  clock,
  summaryIndex,
}: {
  db: Db;
  keys: Keys;
  audit: AuditService;
  clock: Clock;
  /** Its shards are bumped by every write to a table the summary counts. */
  summaryIndex: Pick<SummaryIndex, 'changed'>;
}) {
  /** A registry's rows with the unit and (where it has one) the person joined, for lists and single reads. */
  function baseQuery(q: DbOrTrx, code: RegistryCode) {
    const spec = specOf(code);
    const table = TABLE_OF[code];
    // The tables differ; every one has the columns this query names (checked by a test on the schema).
    const base = (q as unknown as Kysely<Record<string, Record<string, unknown>>>)
      .selectFrom(`${table} as t`)
      .innerJoin('org_units as o', 'o.id', 't.org_unit_id')
      .selectAll('t')
      .select('o.name as unit_name');
    if (!hasPerson(spec))
      return base.select([sql<null>`null`.as('person_name'), sql<null>`null`.as('person_masked')]);
    return base
      .innerJoin('persons as p', 'p.id', 't.person_id')
      .select(['p.name as person_name', 'p.id_number_masked as person_masked']);
  }

  const asRecord = (code: RegistryCode, r: Record<string, unknown>) =>
    toRecord(specOf(code), r, {
      unitName: String(r.unit_name),
      personName: (r.person_name as string | null) ?? null,
      personMasked: (r.person_masked as string | null) ?? null,
    });

  /** A record in the caller's area, or undefined (out of scope reads like missing). */
  async function find(q: DbOrTrx, user: CurrentUser, code: RegistryCode, id: number) {
    const row = await baseQuery(q, code)
      .where('t.id', '=', id)
      .where(pathUnder('t.unit_path', scopePrefix(user)))
      .executeTakeFirst();
    return row as Record<string, unknown> | undefined;
  }

  async function get(user: CurrentUser, code: RegistryCode, id: number): Promise<DevRecord> {
    const row = await find(db, user, code, id);
    if (!row) throw notFound();
    return asRecord(code, row);
  }

  async function list(user: CurrentUser, code: RegistryCode, query: RecordListQuery) {
    const spec = specOf(code);
    const prefix = await scopedSubtree(db, user, query.unitId);
    if (prefix === null) return { items: [], total: 0, page: query.page, pageSize: query.pageSize };
    let q = baseQuery(db, code).where(pathUnder('t.unit_path', prefix));
    if (query.parentId !== undefined) q = q.where('t.parent_id', '=', query.parentId);
    const dateCol = dateColumnOf(spec);
    if (dateCol && query.from) q = q.where(`t.${dateCol}`, '>=', query.from);
    if (dateCol && query.to) q = q.where(`t.${dateCol}`, '<=', query.to);
    if (query.q) {
      const search = spec.searchField ? columnOf(spec.fields.find((f) => f.key === spec.searchField)!) : null;
      const text = query.q;
      q = q.where((eb) =>
        eb.or([
          ...(search ? [containsLike(`t.${search}`, text)] : []),
          ...(hasPerson(spec) ? [containsLike('p.name', text)] : []),
          containsLike('o.name', text),
        ]),
      );
    }
    return fetchPage(
      q,
      query,
      (q) =>
        dateCol ? q.orderBy(`t.${dateCol}`, 'desc').orderBy('t.id', 'desc') : q.orderBy('t.id', 'desc'),
      (r) => asRecord(code, r as Record<string, unknown>),
    );
  }

  /** The person with this ID number in the caller's area. */
  async function personByIdNumber(q: DbOrTrx, user: CurrentUser, idNumber: string) {
    const hash = lookupHash(keys.lookup, normaliseIdNumber(idNumber));
    const { lower, upper } = pathBounds(scopePrefix(user));
    const row = await q
      .selectFrom('persons as p')
      .innerJoin('org_units as o', 'o.id', 'p.org_unit_id')
      .select(['p.id', 'p.name', 'p.org_unit_id', 'p.birth_date', 'o.path'])
      .where('p.id_number_hash', '=', hash)
      .where('o.path', '>=', lower)
      .where('o.path', '<', upper)
      .executeTakeFirst();
    return row ? { ...row, hash } : undefined;
  }

  async function unitIndex(q: DbOrTrx, user: CurrentUser): Promise<UnitIndex> {
    const units = await q
      .selectFrom('org_units')
      .select(['id', 'name', 'path'])
      .where(pathUnder('path', scopePrefix(user)))
      .execute();
    const byName = new Map<string, { id: number; path: string; name: string }[]>();
    for (const u of units) byName.set(u.name, [...(byName.get(u.name) ?? []), u]);
    return { byName };
  }

  /**
   * Checks a record's values and resolves its unit, person and parent in the caller's area; returns the columns to
   * store, or throws RecordInvalid naming each bad field. `raw` are the values as sent (an Excel row arrives with
   * the unit's name in `unit`, resolved through `units`).
   */
  async function resolve(
    q: DbOrTrx,
    user: CurrentUser,
    code: RegistryCode,
    parentId: number | undefined,
    raw: Record<string, unknown>,
    /** From an Excel row: units by name, and the name written next to an ID number (checked against the person). */
    opts: { units?: UnitIndex; personName?: string } = {},
  ): Promise<{ columns: Record<string, unknown>; unitName: string }> {
    const units = opts.units;
    const spec = specOf(code);
    const problems: { field: string; message: string }[] = [];
    let input = { ...raw };
    if (units) {
      const unitField = spec.fields.find((f) => f.kind === 'unit');
      if (unitField && typeof raw[unitField.key] === 'string' && raw[unitField.key] !== '') {
        const found = units.byName.get(String(raw[unitField.key]));
        if (!found) problems.push({ field: unitField.key, message: 'development.err.unit_unknown' });
        else if (found.length > 1)
          problems.push({ field: unitField.key, message: 'development.err.unit_ambiguous' });
        else input = { ...input, [unitField.key]: found[0]!.id };
      }
    }
    const parsed = recordInputSchema(code).safeParse(input);
    if (!parsed.success) {
      const seen = new Set(problems.map((p) => p.field));
      for (const issue of parsed.error.issues) {
        const field =
          zodField(issue.path) ||
          (issue.code === 'unrecognized_keys' ? String(issue.keys[0] ?? '') : '') ||
          'values';
        if (seen.has(field)) continue;
        seen.add(field);
        const message =
          issue.code === 'unrecognized_keys'
            ? 'development.err.unknown_field'
            : issue.message.startsWith('err.') || issue.message.startsWith('development.')
              ? issue.message
              : issue.code === 'invalid_type' && (input[field] === undefined || input[field] === '')
                ? 'development.err.required'
                : 'development.err.invalid';
        problems.push({ field, message });
      }
    }
    if (problems.length) throw new RecordInvalid(problems);
    const values = parsed.data as Record<string, unknown>;
    const cross = recordProblems(code, values);
    if (cross.length) throw new RecordInvalid(cross);

    const columns: Record<string, unknown> = {};
    let unitId: number | null = null;
    let unitPath: string | null = null;
    let unitName = '';

    const parentField = parentFieldOf(spec);
    let parent: Record<string, unknown> | undefined;
    if (parentField) {
      if (parentId === undefined)
        throw new RecordInvalid([{ field: 'parentId', message: 'development.err.required' }]);
      parent = await find(q, user, parentField.parent!, parentId);
      if (!parent)
        throw new RecordInvalid([{ field: 'parentId', message: 'development.err.parent_unknown' }]);
      columns.parent_id = parentId;
      // A record that hangs off another is the parent's village's unless it names a person or a unit.
      unitId = Number(parent.org_unit_id);
      unitPath = String(parent.unit_path);
      unitName = String(parent.unit_name);
    }

    for (const f of inputFieldsOf(spec)) {
      const v = values[f.key];
      if (f.kind === 'unit') {
        const unit = await findUnitInScope(q, user, Number(v));
        if (!unit) throw new RecordInvalid([{ field: f.key, message: 'unit.out_of_scope' }]);
        unitId = unit.id;
        unitPath = unit.path;
        unitName = unit.name;
      } else if (f.kind === 'person') {
        const person = await personByIdNumber(q, user, String(v));
        if (!person) throw new RecordInvalid([{ field: f.key, message: 'development.err.person_unknown' }]);
        if (opts.personName && opts.personName !== person.name)
          throw new RecordInvalid([{ field: 'personName', message: 'development.err.name_mismatch' }]);
        columns.person_id = person.id;
        columns.id_number_hash = person.hash;
        unitId = person.org_unit_id;
        unitPath = person.path;
        unitName = '';
      } else if (f.kind === 'idNumber') {
        const id = normaliseIdNumber(String(v));
        columns.id_number_enc = encryptField(keys.pii, id);
        columns.id_number_hash = lookupHash(keys.lookup, id);
        columns.id_number_masked = maskIdNumber(id);
      } else {
        columns[columnOf(f)] = toColumn(f, v);
      }
    }
    if (unitId === null || unitPath === null)
      throw new RecordInvalid([{ field: 'unit', message: 'development.err.required' }]);
    columns.org_unit_id = unitId;
    columns.unit_path = unitPath;

    // Rules between a record and the one it hangs off.
    if (code === 'trainingAttendance' && parent) {
      const on = String(values.signedOn);
      if (on < String(parent.start_date) || on > String(parent.end_date))
        throw new RecordInvalid([{ field: 'signedOn', message: 'development.err.outside_session' }]);
    }
    if (code === 'campaignSignins' && parent) {
      const on = String(values.signedOn);
      if (on < String(parent.period_from) || on > String(parent.period_to))
        throw new RecordInvalid([{ field: 'signedOn', message: 'development.err.outside_period' }]);
    }
    if (code === 'placements') {
      const due = followUpDates(String(values.placedOn));
      columns.m3_due = due.m3;
      columns.m6_due = due.m6;
    }
    return { columns, unitName };
  }

  /** Duplicate rules the unique indexes also enforce: one attendance per person per session, one sign-in per period. */
  async function duplicateOf(
    q: DbOrTrx,
    code: RegistryCode,
    columns: Record<string, unknown>,
    exceptId?: number,
  ) {
    if (code !== 'trainingAttendance' && code !== 'campaignSignins') return false;
    const table = TABLE_OF[code];
    const row = await q
      .selectFrom(table)
      .select('id')
      .where('parent_id', '=', columns.parent_id as number)
      .where('id_number_hash', '=', columns.id_number_hash as string)
      .executeTakeFirst();
    return row !== undefined && row.id !== exceptId;
  }
  const duplicateKey = (code: RegistryCode) =>
    code === 'trainingAttendance' ? 'development.duplicate_attendance' : 'development.duplicate_signin';
  const duplicateField = (code: RegistryCode) => (code === 'trainingAttendance' ? 'person' : 'idNumber');

  const invalid = (e: RecordInvalid, prefix = 'values'): AppError =>
    new AppError(
      'validation_failed',
      'validation_failed',
      e.fields.map((f) => ({
        path: f.field === 'parentId' ? 'parentId' : `${prefix}.${f.field}`,
        message: f.message,
      })),
    );

  /** Audited values: what the API shows (ID numbers masked), never the stored ciphertext. */
  const auditValues = (r: DevRecord) => ({ unitId: r.unitId, parentId: r.parentId, ...r.values });

  async function insert(
    trx: DbOrTrx,
    user: CurrentUser,
    code: RegistryCode,
    columns: Record<string, unknown>,
  ): Promise<number> {
    const now = clock.now();
    try {
      const row = await (trx as unknown as Db)
        .insertInto(TABLE_OF[code])
        .values({ ...columns, created_by: user.id, created_at: now, updated_at: now } as never)
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    } catch (e) {
      if (isUniqueViolation(e)) throw conflict(duplicateKey(code), `values.${duplicateField(code)}`);
      throw e;
    }
  }

  /**
   * In the writing transaction: rows of `code` at these paths were written (created, changed from or to, removed),
   * so the summary's shards holding them are bumped. `insert` does not: its callers call this (once per import).
   */
  async function summaryChanged(trx: DbOrTrx, code: RegistryCode, paths: unknown[]) {
    if (SUMMARY_TABLES.has(TABLE_OF[code])) await summaryIndex.changed(trx, paths.map(String));
  }

  /** The paths of the rows hanging off a fair or a campaign (counted with its date or period). */
  async function childPaths(
    trx: DbOrTrx,
    table: 'dev_fair_employers' | 'dev_campaign_signins',
    parentId: number,
  ) {
    const rows = await trx
      .selectFrom(table)
      .select('unit_path')
      .distinct()
      .where('parent_id', '=', parentId)
      .execute();
    return rows.map((r) => r.unit_path);
  }

  return {
    get,
    list,
    summaryChanged,
    find,
    resolve,
    unitIndex,
    duplicateOf,
    duplicateKey,
    insert,
    asRecord,
    personByIdNumber,

    async create(
      user: CurrentUser,
      code: RegistryCode,
      parentId: number | undefined,
      values: Record<string, unknown>,
      ip: string,
    ) {
      const id = await db.transaction().execute(async (trx) => {
        let columns: Record<string, unknown>;
        try {
          ({ columns } = await resolve(trx, user, code, parentId, values));
        } catch (e) {
          if (e instanceof RecordInvalid) throw invalid(e);
          throw e;
        }
        if (await duplicateOf(trx, code, columns))
          throw conflict(duplicateKey(code), `values.${duplicateField(code)}`);
        const id = await insert(trx, user, code, columns);
        await summaryChanged(trx, code, [columns.unit_path]);
        const created = asRecord(code, (await find(trx, user, code, id))!);
        await audit.record(trx, {
          actorId: user.id,
          actorName: user.username,
          action: `development.${code}.create`,
          objectType: TABLE_OF[code],
          objectId: id,
          newValue: auditValues(created),
          ip,
        });
        return id;
      });
      return get(user, code, id);
    },

    /** Replaces a record's values; `version` is the one the caller edited (a newer one on file answers 412). */
    async update(
      user: CurrentUser,
      code: RegistryCode,
      id: number,
      version: number,
      values: Record<string, unknown>,
      ip: string,
    ) {
      await db.transaction().execute(async (trx) => {
        const old = await find(trx, user, code, id);
        if (!old) throw notFound();
        if (Number(old.version) !== version) throw preconditionFailed();
        let columns: Record<string, unknown>;
        try {
          ({ columns } = await resolve(
            trx,
            user,
            code,
            (old.parent_id as number | null) ?? undefined,
            values,
          ));
        } catch (e) {
          if (e instanceof RecordInvalid) throw invalid(e);
          throw e;
        }
        if (await duplicateOf(trx, code, columns, id))
          throw conflict(duplicateKey(code), `values.${duplicateField(code)}`);
        if (code === 'placements' && old.m3_done_on && old.placed_on !== columns.placed_on)
          throw conflict('development.placement_followed_up', 'values.placedOn');
        try {
          const res = await (trx as unknown as Db)
            .updateTable(TABLE_OF[code])
            .set({ ...columns, version: version + 1, updated_at: clock.now() } as never)
            .where('id', '=', id)
            .where('version', '=', version)
            .executeTakeFirst();
          if (Number(res.numUpdatedRows) !== 1) throw preconditionFailed();
        } catch (e) {
          if (isUniqueViolation(e)) throw conflict(duplicateKey(code), `values.${duplicateField(code)}`);
          throw e;
        }
        await summaryChanged(trx, code, [old.unit_path, columns.unit_path]);
        // The employers of a fair are counted by its date, the sign-ins of a campaign by its period.
        if (code === 'jobFairs' && old.held_on !== columns.held_on)
          await summaryIndex.changed(trx, await childPaths(trx, 'dev_fair_employers', id));
        if (
          code === 'campaigns' &&
          (old.period_from !== columns.period_from || old.period_to !== columns.period_to)
        )
          await summaryIndex.changed(trx, await childPaths(trx, 'dev_campaign_signins', id));
        const now = asRecord(code, (await find(trx, user, code, id))!);
        await audit.record(trx, {
          actorId: user.id,
          actorName: user.username,
          action: `development.${code}.update`,
          objectType: TABLE_OF[code],
          objectId: id,
          oldValue: auditValues(asRecord(code, old)),
          newValue: auditValues(now),
          ip,
        });
      });
      return get(user, code, id);
    },

    /** Removes a record nothing hangs off (a session with attendances stays: 409). */
    async remove(user: CurrentUser, code: RegistryCode, id: number, ip: string) {
      await db.transaction().execute(async (trx) => {
        const old = await find(trx, user, code, id);
        if (!old) throw notFound();
        for (const child of childrenOf(code)) {
          const n = await trx
            .selectFrom(TABLE_OF[child])
            .select('id')
            .where('parent_id', '=', id)
            .executeTakeFirst();
          if (n) throw conflict('development.has_children');
        }
        const file = await trx
          .selectFrom('dev_files')
          .select('id')
          .where('registry', '=', code)
          .where('record_id', '=', id)
          .executeTakeFirst();
        if (file) throw conflict('development.has_files');
        await trx.deleteFrom(TABLE_OF[code]).where('id', '=', id).execute();
        await summaryChanged(trx, code, [old.unit_path]);
        await audit.record(trx, {
          actorId: user.id,
          actorName: user.username,
          action: `development.${code}.delete`,
          objectType: TABLE_OF[code],
          objectId: id,
          oldValue: auditValues(asRecord(code, old)),
          ip,
        });
      });
    },

    async followUps(user: CurrentUser, id: number) {
      const row = (await find(db, user, 'placements', id)) as
        Selectable<Database['dev_placements']> | undefined;
      if (!row) throw notFound();
      return followUpView(row);
    },

    /** Records the 3- or 6-month follow-up of a placement (not before it is due, in order, once: else 409). */
    async followUp(user: CurrentUser, id: number, body: FollowUpBody, ip: string) {
      await db.transaction().execute(async (trx) => {
        const row = (await find(trx, user, 'placements', id)) as
          Selectable<Database['dev_placements']> | undefined;
        if (!row) throw notFound();
        const problem = followUpProblem(
          { placedOn: row.placed_on, m3DoneOn: row.m3_done_on, m6DoneOn: row.m6_done_on },
          body.stage,
          body.doneOn,
        );
        if (problem) throw conflict(`development.follow_up.${problem}`, 'doneOn');
        const today = chinaToday(clock.now());
        if (body.doneOn > today) throw conflict('development.follow_up.future', 'doneOn');
        const set =
          body.stage === 3
            ? { m3_done_on: body.doneOn, m3_employed: body.stillEmployed ? 1 : 0, m3_note: body.note }
            : { m6_done_on: body.doneOn, m6_employed: body.stillEmployed ? 1 : 0, m6_note: body.note };
        await trx
          .updateTable('dev_placements')
          .set({ ...set, version: Number(row.version) + 1, updated_at: clock.now() })
          .where('id', '=', id)
          .execute();
        await audit.record(trx, {
          actorId: user.id,
          actorName: user.username,
          action: 'development.placements.follow_up',
          objectType: 'dev_placements',
          objectId: id,
          newValue: body,
          ip,
        });
      });
      const row = (await find(db, user, 'placements', id)) as Selectable<Database['dev_placements']>;
      return followUpView(row);
    },
  };
}

const chinaToday = (now: number) => new Date(now + 8 * 3600_000).toISOString().slice(0, 10);

function followUpView(row: Selectable<Database['dev_placements']>) {
  const employed = (v: number | null) => (v === null ? null : v === 1);
  return {
    id: row.id,
    placedOn: row.placed_on,
    m3: { due: row.m3_due, doneOn: row.m3_done_on, stillEmployed: employed(row.m3_employed) },
    m6: { due: row.m6_due, doneOn: row.m6_done_on, stillEmployed: employed(row.m6_employed) },
    version: Number(row.version),
  };
}

export type RegistryService = ReturnType<typeof createRegistryService>;
export type { FieldError };
