import {
  chinaDate,
  chinaStartOfDay,
  isCivilDate,
  type DisputeOutcome,
  type RiskCategory,
  type RiskLevel,
  type RiskStatus,
} from '@fivestar/common';
import type { Clock } from '../../../clock.ts';
import type { Db } from '../../../db/database.ts';
import type { CurrentUser } from '../../../http/current-user.ts';
import type { ImportLimits } from '../../../files/excel.ts';
import type { Keys } from '../../../security/crypto.ts';
import { openDeep, sealText } from '../../../security/sealed-text.ts';
import type { AuditService } from '../../audit/index.ts';
import { insertEventRow, insertLogRow, insertParties } from '../events/events.repository.ts';
import type { Counts } from '../grid.counts.ts';
import type { DisputeLedger } from './disputes.service.ts';
import { invert, readRows, rejectCells, workbookOf, type CellError, type Column } from './excel-sheet.ts';
import { insertRisk } from './risks.repository.ts';
import type { RiskLedger } from './risks.service.ts';
import { disputeSubTypesByName } from './types.repository.ts';
import { villagesByName } from './villages.repository.ts';

const RISK_COLUMNS: Column[] = [
  { header: '序号', key: 'seq', width: 6 },
  { header: '村（社区）', key: 'unit', width: 14 },
  { header: '风险类别', key: 'category', width: 12 },
  { header: '风险等级', key: 'level', width: 10 },
  { header: '风险事项', key: 'title', width: 36 },
  { header: '管控措施', key: 'measures', width: 36 },
  { header: '责任人', key: 'owner', width: 10 },
  { header: '复查日期', key: 'reviewDate', width: 12 },
  { header: '状态', key: 'status', width: 10 },
];
const RISK_CATEGORY_ZH: Record<RiskCategory, string> = {
  safety_hazard: '安全隐患',
  dispute_risk: '矛盾风险',
  key_person: '重点人员',
  other: '其他',
};
const RISK_LEVEL_ZH: Record<RiskLevel, string> = { high: '高', medium: '中', low: '低' };
const RISK_STATUS_ZH: Record<RiskStatus, string> = {
  open: '管控中',
  controlled: '已控制',
  resolved: '已消除',
};

const DISPUTE_COLUMNS: Column[] = [
  { header: '序号', key: 'seq', width: 6 },
  { header: '登记日期', key: 'date', width: 12 },
  { header: '村（社区）', key: 'unit', width: 14 },
  { header: '纠纷类型', key: 'type', width: 14 },
  { header: '当事人', key: 'parties', width: 28 },
  { header: '纠纷简要情况', key: 'description', width: 36 },
  { header: '调解员', key: 'mediator', width: 14 },
  { header: '调解次数', key: 'sessions', width: 8 },
  { header: '调解结果', key: 'outcome', width: 10 },
  { header: '协议内容', key: 'agreement', width: 30 },
  { header: '回访日期', key: 'followUp', width: 12 },
];
const OUTCOME_ZH: Record<DisputeOutcome, string> = {
  resolved: '化解结案',
  referred: '移交',
  pending: '调解中',
};

/** An imported dispute is dated 09:00 on its day. */
const NINE_AM = 9 * 3_600_000;

/** The approved request an export is made under, with personal numbers in full (docs/security.md item 18). */
export interface Unmasked {
  requestId: number;
  approvedBy: string | null;
}

interface ExcelDeps {
  db: Db;
  audit: AuditService;
  clock: Clock;
  disputes: DisputeLedger;
  risks: RiskLedger;
  counts: Counts;
  importLimits: ImportLimits;
  keys: Keys;
}

/**
 * The dispute and risk ledgers as Excel: export in the township layout, import a filled template all or nothing
 * (any bad cell and nothing is written; every bad cell is reported as rows.<n>.<column>).
 */
export function createLedgerExcel({
  db,
  audit,
  clock,
  disputes,
  risks,
  counts,
  importLimits,
  keys,
}: ExcelDeps) {
  /** Free text from a sheet is sealed like a form's (item 16); an export shows it as the reader may see it. */
  const seal = (text: string) => sealText(keys, text);
  /** Every export is audited: who (and in which role), how many rows, with which filter. */
  const exported = (
    user: CurrentUser,
    action: string,
    rows: number,
    filter: object,
    ip: string | null,
    unmasked?: Unmasked,
  ) => ({
    actorId: user.id,
    actorName: user.username,
    action,
    objectType: 'export',
    newValue: { role: user.role, rows, filter, ...(unmasked ? { unmasked } : {}) },
    ip,
  });
  /** An import is audited once, with its row count. */
  const imported = (user: CurrentUser, action: string, objectType: string, rows: number, ip: string) => ({
    actorId: user.id,
    actorName: user.username,
    action,
    objectType,
    newValue: { rows },
    ip,
  });

  return {
    /** Masked for everyone; in full only under an approved request (`unmasked`, unmasked-exports.service.ts). */
    async exportRisks(user: CurrentUser, ip: string | null = null, unmasked?: Unmasked) {
      const { items } = openDeep(keys, await risks.page(user, { page: 1, pageSize: 500 }), !!unmasked);
      await audit.record(db, exported(user, 'grid.risk.export', items.length, {}, ip, unmasked));
      return workbookOf(
        `${user.unitName}风险台账（${chinaDate(clock.now())}）`,
        RISK_COLUMNS,
        items.map((r) => ({
          unit: r.unitName,
          category: RISK_CATEGORY_ZH[r.category],
          level: RISK_LEVEL_ZH[r.level],
          title: r.title,
          measures: r.measures,
          owner: r.ownerName,
          reviewDate: r.reviewDate,
          status: RISK_STATUS_ZH[r.status],
        })),
      );
    },

    async importRisks(user: CurrentUser, data: string, ip: string) {
      const rows = await readRows(data, RISK_COLUMNS, importLimits);
      const units = await villagesByName(db, user);
      const category = invert(RISK_CATEGORY_ZH);
      const level = invert(RISK_LEVEL_ZH);
      const status = invert(RISK_STATUS_ZH);
      const errors: CellError[] = [];
      const values = rows.map(({ rowNumber, values: v }) => {
        const err = (column: string, message: string) => errors.push({ row: rowNumber, column, message });
        const unit = units.get(v.unit!);
        if (!unit) err('unit', 'grid.excel.unknown_unit');
        if (!category[v.category!]) err('category', 'grid.excel.bad_value');
        if (!level[v.level!]) err('level', 'grid.excel.bad_value');
        if (!v.title) err('title', 'grid.excel.required');
        if (!v.owner) err('owner', 'grid.excel.required');
        if (!isCivilDate(v.reviewDate!)) err('reviewDate', 'grid.excel.bad_date');
        if (v.status && !status[v.status]) err('status', 'grid.excel.bad_value');
        return {
          org_unit_id: unit?.id ?? 0,
          category: category[v.category!]!,
          level: level[v.level!]!,
          title: seal(v.title!.slice(0, 200)),
          measures: seal(v.measures!.slice(0, 2000)),
          owner_name: v.owner!.slice(0, 40),
          review_date: v.reviewDate!,
          status: v.status ? status[v.status]! : 'open',
        };
      });
      if (errors.length) rejectCells(errors);
      const now = clock.now();
      await db.transaction().execute(async (trx) => {
        for (const v of values) await insertRisk(trx, { ...v, created_at: now, updated_at: now });
        await audit.record(trx, imported(user, 'grid.risk.import', 'grid_risk', values.length, ip));
      });
      return { imported: values.length };
    },

    async exportDisputes(
      user: CurrentUser,
      from?: string,
      to?: string,
      ip: string | null = null,
      unmasked?: Unmasked,
    ) {
      const page = await disputes.page(user, { from, to, page: 1, pageSize: 5000 });
      const { items } = openDeep(keys, page, !!unmasked);
      await audit.record(db, exported(user, 'grid.dispute.export', items.length, { from, to }, ip, unmasked));
      const period = from || to ? `（${from ?? ''}至${to ?? ''}）` : '';
      return workbookOf(
        `${user.unitName}矛盾纠纷分类台账${period}`,
        DISPUTE_COLUMNS,
        items.map((r) => ({
          date: chinaDate(r.reportedAt),
          unit: r.unitName,
          type: r.disputeTypeName,
          parties: r.parties,
          description: r.description,
          mediator: r.mediatorName ?? '',
          sessions: r.sessions,
          outcome: OUTCOME_ZH[r.outcome],
          agreement: r.agreement ?? '',
          followUp: r.followUpAt ? chinaDate(r.followUpAt) : '',
        })),
      );
    },

    /**
     * Historical disputes into the ledger (e.g. kept in Excel before the platform). A settled or referred one comes
     * in closed and archived, a pending one in handling; each counts in the statistics like a reported one.
     */
    async importDisputes(user: CurrentUser, data: string, ip: string) {
      const rows = await readRows(data, DISPUTE_COLUMNS, importLimits);
      const units = await villagesByName(db, user);
      const typeByName = await disputeSubTypesByName(db);
      const outcomeOf = invert(OUTCOME_ZH);
      const errors: CellError[] = [];
      const parsed = rows.map(({ rowNumber, values: v }) => {
        const err = (column: string, message: string) => errors.push({ row: rowNumber, column, message });
        const unit = units.get(v.unit!);
        if (!unit) err('unit', 'grid.excel.unknown_unit');
        const type = typeByName.get(v.type!);
        if (!type) err('type', 'grid.excel.unknown_type');
        if (!isCivilDate(v.date!)) err('date', 'grid.excel.bad_date');
        if (!v.description) err('description', 'grid.excel.required');
        const outcome = outcomeOf[v.outcome!];
        if (!outcome) err('outcome', 'grid.excel.bad_value');
        if (v.followUp && !isCivilDate(v.followUp)) err('followUp', 'grid.excel.bad_date');
        const sessions = v.sessions ? Number(v.sessions) : 0;
        if (!Number.isInteger(sessions) || sessions < 0) err('sessions', 'grid.excel.bad_value');
        return { v, unit: unit!, type: type!, outcome: outcome!, sessions };
      });
      if (errors.length) rejectCells(errors);
      const now = clock.now();
      await db.transaction().execute(async (trx) => {
        for (const { v, unit, type, outcome, sessions } of parsed) {
          const at = chinaStartOfDay(v.date!) + NINE_AM;
          const followUp = v.followUp ? chinaStartOfDay(v.followUp) + NINE_AM : null;
          const done = outcome !== 'pending';
          const finished = done ? (followUp ?? at) : null;
          const row = await insertEventRow.first(trx, {
            class: 'dispute',
            type_code: type,
            org_unit_id: unit.id,
            unit_path: unit.path,
            grid_id: null,
            place: unit.name,
            lat: null,
            lng: null,
            occurred_at: at,
            description: seal(v.description!.slice(0, 2000)),
            scale: 'small',
            people_involved: 0,
            source: 'resident',
            campaign_id: null,
            campaign_sub_category: null,
            reporter_id: user.id,
            reporter_name: user.displayName,
            status: done ? 'closed' : 'in_handling',
            stage_started_at: at,
            yellow_at: null,
            due_at: null,
            extension_days: 0,
            manual_supervision: 'normal',
            escalated_to: null,
            handler_unit_id: unit.id,
            handler_dept: null,
            duplicate_of: null,
            reported_at: at,
            accepted_at: at,
            replied_at: finished,
            closed_at: finished,
            closed_on_time: done ? 1 : null,
            escalated: 0,
            mediation_status: done ? 'archived' : 'mediating',
            mediator_name: v.mediator || null,
            mediation_sessions: sessions,
            agreement: outcome === 'resolved' ? seal(v.agreement || '（导入）') : null,
            referred_to: outcome === 'referred' ? seal(v.agreement || '（导入）') : null,
            follow_up_at: followUp,
            archived_at: finished,
            updated_at: now,
          });
          if (!row) throw new Error('grid_events insert returned no row');
          await counts.bump(
            trx,
            { unit_path: unit.path, reported_at: at, class: 'dispute', type_code: type },
            { reported: 1, closed: done ? 1 : 0, on_time: done ? 1 : 0 },
          );
          // The ledger's parties are names (an ID number in brackets is left out: it was masked on export).
          const names = v
            .parties!.split(/[、，,;；]/)
            .map((s) => s.replace(/[(（].*$/, '').trim())
            .filter(Boolean);
          await insertParties(
            trx,
            names.slice(0, 20).map((name) => ({
              event_id: row.id,
              name: name.slice(0, 40),
              role: 'party',
              id_number_enc: null,
              id_number_hash: null,
              id_number_masked: null,
              phone_enc: null,
              phone_masked: null,
            })),
          );
          await insertLogRow.first(trx, {
            event_id: row.id,
            action: 'import',
            from_status: null,
            to_status: row.status,
            actor_id: user.id,
            actor_name: user.displayName,
            at: now,
            reason: '台账导入',
            attachment_ids: '[]',
            detail: null,
          });
        }
        await audit.record(trx, imported(user, 'grid.dispute.import', 'grid_event', parsed.length, ip));
      });
      return { imported: parsed.length };
    },
  };
}
