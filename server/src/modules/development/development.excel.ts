import {
  chinaDate,
  IMPORT_MAX_ROWS,
  inLabourAge,
  inputFieldsOf,
  LABOUR_ABILITIES,
  LABOUR_WHEREABOUTS,
  labourProfileSchema,
  parentFieldOf,
  REGISTRIES,
  type FieldSpec,
  type LabourQuery,
  type RecordListQuery,
  type RegistryCode,
} from '@fivestar/common';
import type ExcelJS from 'exceljs';
import type { Clock } from '../../clock.ts';
import { DEFAULT_IMPORT_LIMITS, ledgerWorkbook, readLedger, type ImportLimits } from '../../files/excel.ts';
import type { Db } from '../../db/database.ts';
import type { CurrentUser } from '../../http/current-user.ts';
import { AppError, notFound } from '../../http/errors.ts';
import type { AuditService } from '../audit/index.ts';
import type { LabourService } from './labour.service.ts';
import { RecordInvalid, type RegistryService } from './registry.service.ts';
import { specOf } from './registry.map.ts';

/**
 * One Excel template per registry, in the layout township offices keep: a title row, a header row, one row per
 * record. The template, the export and the import are built from the same column list (the registry's
 * descriptor), so an exported file re-imports as it is. A `person` field is two columns: 姓名 (checked against the
 * registered person) and 身份证号. Enumerations are written and read as their Chinese labels, with a drop-down.
 */
interface Column {
  key: string;
  header: string;
  width: number;
  field: FieldSpec | null;
}

function columnsOf(code: RegistryCode): Column[] {
  const cols: Column[] = [{ key: 'seq', header: '序号', width: 6, field: null }];
  for (const f of inputFieldsOf(REGISTRIES[code])) {
    if (f.kind === 'person') cols.push({ key: 'personName', header: '姓名', width: 10, field: null });
    const width =
      f.kind === 'longtext'
        ? 40
        : f.kind === 'person' || f.kind === 'idNumber'
          ? 22
          : f.kind === 'date'
            ? 12
            : 16;
    cols.push({ key: f.key, header: f.zh, width, field: f });
  }
  return cols;
}

const LABOUR_COLUMNS: Column[] = [
  { key: 'seq', header: '序号', width: 6, field: null },
  { key: 'unit', header: '村（社区）', width: 14, field: null },
  { key: 'personName', header: '姓名', width: 10, field: null },
  { key: 'idNumber', header: '身份证号', width: 22, field: null },
  { key: 'age', header: '年龄', width: 6, field: null },
  { key: 'ability', header: '劳动能力', width: 12, field: null },
  { key: 'whereabouts', header: '在家/外出', width: 10, field: null },
  { key: 'awayPlace', header: '外出地点', width: 16, field: null },
  { key: 'skills', header: '技能特长', width: 20, field: null },
  { key: 'trainingWish', header: '培训意愿', width: 20, field: null },
];

const BOOL_ZH = { yes: '是', no: '否' };

function label(f: FieldSpec, value: unknown): unknown {
  if (value === null || value === undefined) return '';
  if (f.kind === 'enum') return f.options?.find((o) => o.value === value)?.zh ?? String(value);
  if (f.kind === 'bool') return value ? BOOL_ZH.yes : BOOL_ZH.no;
  return value;
}

function fromLabel(f: FieldSpec, text: string): unknown {
  if (text === '') return f.kind === 'bool' ? false : undefined;
  if (f.kind === 'enum') return f.options?.find((o) => o.zh === text || o.value === text)?.value ?? text;
  if (f.kind === 'bool') return text === BOOL_ZH.yes ? true : text === BOOL_ZH.no ? false : text;
  return text;
}

/** Number formats and drop-downs of a registry sheet, once its rows are in. */
function decorate(columns: Column[]) {
  return (ws: ExcelJS.Worksheet, n: number) =>
    columns.forEach((c, i) => {
      // ID numbers and dates as text (Excel would turn an 18-digit number into 4.1E+17).
      if (
        c.field?.kind === 'person' ||
        c.field?.kind === 'idNumber' ||
        c.key === 'idNumber' ||
        c.field?.kind === 'date'
      )
        ws.getColumn(i + 1).numFmt = '@';
      const options =
        c.field?.kind === 'enum'
          ? c.field.options
          : c.key === 'ability'
            ? LABOUR_ABILITIES
            : c.key === 'whereabouts'
              ? LABOUR_WHEREABOUTS
              : null;
      if (options) {
        const letter = ws.getColumn(i + 1).letter;
        for (let r = 3; r <= Math.max(n + 2, 502); r++)
          ws.getCell(`${letter}${r}`).dataValidation = {
            type: 'list',
            allowBlank: !c.field?.required,
            formulae: [`"${options.map((o) => o.zh).join(',')}"`],
          };
      }
    });
}

const workbookOf = (
  title: string,
  columns: Column[],
  rows: AsyncIterable<Record<string, unknown>> | Record<string, unknown>[],
) => ledgerWorkbook(title, columns, rows, decorate(columns));

/** Progress of the imports under way, by the id the client gave (kept 10 minutes, visible to its caller only). */
interface Progress {
  userId: number;
  status: 'reading' | 'checking' | 'writing' | 'done' | 'failed';
  total: number;
  processed: number;
  at: number;
}

/** The registry's rows through the Excel kit (bounded before parsing; server/src/files/excel.ts). */
const readRows = (data: Uint8Array, columns: Column[], limits: ImportLimits, onRow: (n: number) => void) =>
  readLedger(
    data,
    columns,
    { limits, maxRows: IMPORT_MAX_ROWS, prefix: 'development.excel', field: 'file' },
    onRow,
  );

export function createDevelopmentExcel({
  db,
  audit,
  clock,
  registry,
  labour,
  importLimits = DEFAULT_IMPORT_LIMITS,
}: {
  importLimits?: ImportLimits;
  db: Db;
  audit: AuditService;
  clock: Clock;
  registry: RegistryService;
  labour: LabourService;
}) {
  const progress = new Map<string, Progress>();
  function track(user: CurrentUser, importId: string | undefined) {
    const now = clock.now();
    for (const [k, p] of progress) if (now - p.at > 10 * 60_000) progress.delete(k);
    const p: Progress = { userId: user.id, status: 'reading', total: 0, processed: 0, at: now };
    if (importId) progress.set(importId, p);
    return p;
  }

  function fail(errors: { row: number; column: string; message: string }[]): never {
    throw new AppError(
      'validation_failed',
      'development.excel.rows_invalid',
      errors.slice(0, 200).map((e) => ({ path: `rows.${e.row}.${e.column}`, message: e.message })),
    );
  }

  async function parentTitle(user: CurrentUser, code: RegistryCode, parentId?: number) {
    const parentField = parentFieldOf(REGISTRIES[code]);
    if (!parentField) return '';
    if (parentId === undefined) return '';
    const parent = await registry.find(db, user, parentField.parent!, parentId);
    if (!parent) throw notFound();
    return `（${String(parent.title ?? parent.name ?? '')}）`;
  }

  return {
    progressOf(user: CurrentUser, importId: string) {
      const p = progress.get(importId);
      if (!p || p.userId !== user.id) throw notFound();
      return { status: p.status, total: p.total, processed: p.processed };
    },

    async template(user: CurrentUser, code: RegistryCode) {
      const spec = specOf(code);
      return (await workbookOf(`${user.unitName}${spec.zh}`, columnsOf(code), [])).buffer;
    },

    async export(
      user: CurrentUser,
      code: RegistryCode,
      query: Omit<RecordListQuery, 'page' | 'pageSize'>,
      ip: string,
    ) {
      const spec = specOf(code);
      const columns = columnsOf(code);
      const title = `${user.unitName}${spec.zh}${await parentTitle(user, code, query.parentId)}`;
      async function* rows() {
        for (let page = 1; ; page++) {
          const { items } = await registry.list(user, code, { ...query, page, pageSize: 200 });
          for (const r of items) {
            const row: Record<string, unknown> = {};
            for (const c of columns) {
              if (c.key === 'personName') row[c.key] = r.personName ?? '';
              else if (c.field?.kind === 'unit') row[c.key] = r.unitName;
              else if (c.field) row[c.key] = label(c.field, r.values[c.key]);
            }
            yield row;
          }
          if (items.length < 200) return;
        }
      }
      const out = await workbookOf(title, columns, rows());
      await audit.record(db, {
        actorId: user.id,
        actorName: user.username,
        action: `development.${code}.export`,
        objectType: 'dev_export',
        newValue: { role: user.role, rows: out.rows, filter: query },
        ip,
      });
      return out.buffer;
    },

    /**
     * All or nothing: every row is checked (the same checks as a form, in the caller's area) in one transaction;
     * any bad cell and nothing is written, each bad cell named as rows.<row number>.<field>.
     */
    async import(
      user: CurrentUser,
      code: RegistryCode,
      data: Uint8Array,
      query: { parentId?: number; importId?: string },
      ip: string,
    ) {
      const p = track(user, query.importId);
      try {
        const columns = columnsOf(code);
        const rows = await readRows(data, columns, importLimits, (n) => (p.total = n));
        p.status = 'checking';
        const imported = await db.transaction().execute(async (trx) => {
          const units = await registry.unitIndex(trx, user);
          const errors: { row: number; column: string; message: string }[] = [];
          const ready: Record<string, unknown>[] = [];
          const seen = new Map<string, number>();
          for (const { rowNumber, values } of rows) {
            const raw: Record<string, unknown> = {};
            for (const c of columns) if (c.field) raw[c.key] = fromLabel(c.field, values[c.key] ?? '');
            for (const k of Object.keys(raw)) if (raw[k] === undefined) delete raw[k];
            try {
              const { columns: cols } = await registry.resolve(trx, user, code, query.parentId, raw, {
                units,
                personName: values.personName || undefined,
              });
              const key =
                cols.id_number_hash && cols.parent_id
                  ? `${String(cols.parent_id)}:${String(cols.id_number_hash)}`
                  : null;
              const dupField = code === 'trainingAttendance' ? 'person' : 'idNumber';
              if (key && seen.has(key))
                errors.push({ row: rowNumber, column: dupField, message: 'development.excel.duplicate_row' });
              else if (key && (await registry.duplicateOf(trx, code, cols)))
                errors.push({ row: rowNumber, column: dupField, message: registry.duplicateKey(code) });
              if (key) seen.set(key, rowNumber);
              ready.push(cols);
            } catch (e) {
              if (!(e instanceof RecordInvalid)) throw e;
              for (const f of e.fields) {
                if (f.field === 'parentId')
                  throw new AppError('validation_failed', f.message, [
                    { path: 'parentId', message: f.message },
                  ]);
                errors.push({ row: rowNumber, column: f.field, message: f.message });
              }
            }
            p.processed++;
          }
          if (errors.length) fail(errors);
          p.status = 'writing';
          p.processed = 0;
          for (const cols of ready) {
            await registry.insert(trx, user, code, cols);
            p.processed++;
          }
          await registry.summaryChanged(
            trx,
            code,
            ready.map((c) => c.unit_path),
          );
          await audit.record(trx, {
            actorId: user.id,
            actorName: user.username,
            action: `development.${code}.import`,
            objectType: `dev_import`,
            newValue: { rows: ready.length, parentId: query.parentId ?? null },
            ip,
          });
          return ready.length;
        });
        p.status = 'done';
        return { imported };
      } catch (e) {
        p.status = 'failed';
        throw e;
      }
    },

    async labourTemplate(user: CurrentUser) {
      return (await workbookOf(`${user.unitName}劳动力台账`, LABOUR_COLUMNS, [])).buffer;
    },

    async labourExport(user: CurrentUser, query: Omit<LabourQuery, 'page' | 'pageSize'>, ip: string) {
      const on = query.on ?? chinaDate(clock.now());
      async function* rows() {
        for await (const e of labour.all(user, query)) {
          yield {
            unit: e.unitName,
            personName: e.name,
            idNumber: e.idNumber ?? '',
            age: e.age,
            ability: LABOUR_ABILITIES.find((o) => o.value === e.profile?.ability)?.zh ?? '',
            whereabouts: LABOUR_WHEREABOUTS.find((o) => o.value === e.profile?.whereabouts)?.zh ?? '',
            awayPlace: e.profile?.awayPlace ?? '',
            skills: e.profile?.skills ?? '',
            trainingWish: e.profile?.trainingWish ?? '',
          };
        }
      }
      const out = await workbookOf(`${user.unitName}劳动力台账（${on}）`, LABOUR_COLUMNS, rows());
      await audit.record(db, {
        actorId: user.id,
        actorName: user.username,
        action: 'development.labour.export',
        objectType: 'dev_export',
        newValue: { role: user.role, rows: out.rows, filter: query },
        ip,
      });
      return out.buffer;
    },

    /** Labour profiles by ID number, all or nothing (a person outside 16–60 or unknown names the row). */
    async labourImport(user: CurrentUser, data: Uint8Array, query: { importId?: string }, ip: string) {
      const p = track(user, query.importId);
      try {
        const rows = await readRows(data, LABOUR_COLUMNS, importLimits, (n) => (p.total = n));
        p.status = 'checking';
        const imported = await db.transaction().execute(async (trx) => {
          const errors: { row: number; column: string; message: string }[] = [];
          const ready: {
            personId: number;
            profile: ReturnType<typeof labourProfileSchema.parse>;
            version: number;
          }[] = [];
          for (const { rowNumber, values: v } of rows) {
            const err = (column: string, message: string) => errors.push({ row: rowNumber, column, message });
            const person = /^\d{17}[\dXx]$/.test(v.idNumber ?? '')
              ? await registry.personByIdNumber(trx, user, v.idNumber!)
              : undefined;
            if (!person) err('idNumber', 'development.err.person_unknown');
            else if (v.personName && v.personName !== person.name)
              err('personName', 'development.err.name_mismatch');
            else if (!person.birth_date || !inLabourAge(person.birth_date, chinaDate(clock.now())))
              err('idNumber', 'development.labour.out_of_age');
            const parsed = labourProfileSchema.safeParse({
              ability: LABOUR_ABILITIES.find((o) => o.zh === v.ability)?.value ?? v.ability,
              whereabouts: LABOUR_WHEREABOUTS.find((o) => o.zh === v.whereabouts)?.value ?? v.whereabouts,
              awayPlace: v.awayPlace ?? '',
              skills: v.skills ?? '',
              trainingWish: v.trainingWish ?? '',
            });
            if (!parsed.success)
              for (const i of parsed.error.issues) err(String(i.path[0]), 'development.err.option');
            if (person && parsed.success) {
              const old = await trx
                .selectFrom('dev_labour')
                .select('version')
                .where('person_id', '=', person.id)
                .executeTakeFirst();
              ready.push({
                personId: person.id,
                profile: parsed.data,
                version: old ? Number(old.version) : 0,
              });
            }
            p.processed++;
          }
          if (errors.length) fail(errors);
          p.status = 'writing';
          p.processed = 0;
          for (const r of ready) {
            try {
              await labour.setProfile(user, r.personId, r.profile, r.version, ip, trx);
            } catch (e) {
              if (e instanceof AppError && e.code === 'conflict') {
                const row = rows[ready.indexOf(r)]!;
                fail([{ row: row.rowNumber, column: 'idNumber', message: 'development.labour.out_of_age' }]);
              }
              throw e;
            }
            p.processed++;
          }
          return ready.length;
        });
        p.status = 'done';
        return { imported };
      } catch (e) {
        p.status = 'failed';
        throw e;
      }
    },
  };
}

export type DevelopmentExcel = ReturnType<typeof createDevelopmentExcel>;
