import { type PartyLifeSettings } from '@fivestar/common';
import { sql } from 'kysely';
import type { CurrentUser } from '../../http/current-user.ts';
import { invalidField, notFound } from '../../http/errors.ts';
import { pathUnder, scopedSubtree } from '../../security/scope.ts';
import {
  complianceRows,
  complianceUnder,
  hasMeetingsIn,
  latestMeetingYear,
  totals,
  warningsUnder,
} from './compliance.ts';
import {
  complianceByCounty,
  meetingsHeldAbove,
  ROLLUP_LEVELS,
  type BranchesPerCounty,
} from './compliance.rollup.ts';
import type { PartyLifeCore } from './partylife.core.ts';

/** Settings, the frequency engine's figures (compliance, warnings) and the summary. */
export function createOverviewService(core: PartyLifeCore, branchesPerCounty: BranchesPerCounty) {
  const { db, clock } = core.deps;
  const { today, settingsFor, unitOrOwn, record } = core;

  return {
    async settings(user: CurrentUser, unitId?: number) {
      const unit = await unitOrOwn(db, user, unitId);
      return settingsFor(db, unit.path);
    },

    /** A township's (or county's) settings; applies to every branch under it without a row of its own below. */
    async setSettings(user: CurrentUser, input: PartyLifeSettings & { unitId: number }, ip: string) {
      const { unitId, ...settings } = input;
      return db.transaction().execute(async (trx) => {
        const unit = await unitOrOwn(trx, user, unitId);
        if (!['province', 'city', 'county', 'township'].includes(unit.level))
          throw invalidField('unitId', 'partylife.err.settings_level');
        const before = await settingsFor(trx, unit.path);
        const now = clock.now();
        const existing = await trx
          .selectFrom('pl_settings')
          .select(['id', 'version'])
          .where('org_unit_id', '=', unit.id)
          .executeTakeFirst();
        if (existing)
          await trx
            .updateTable('pl_settings')
            .set({ settings: JSON.stringify(settings), version: existing.version + 1, updated_at: now })
            .where('id', '=', existing.id)
            .execute();
        else
          await trx
            .insertInto('pl_settings')
            .values({ org_unit_id: unit.id, settings: JSON.stringify(settings), version: 1, updated_at: now })
            .execute();
        await record(trx, user, 'settings', 'org_unit', unit.id, settings, ip, before);
        return settingsFor(trx, unit.path);
      });
    },

    /**
     * The year's windows up to today (or the year's end), over the caller's area or a unit in it. Without a year:
     * the latest year with meetings recorded in the area (else this year), so the page opens on figures that mean
     * something; `recorded` says whether the year holds any meeting at all.
     */
    async compliance(user: CurrentUser, query: { year?: number; unitId?: number }) {
      const unit = await unitOrOwn(db, user, query.unitId);
      const day = today();
      const thisYear = Number(day.slice(0, 4));
      const latestYear = await latestMeetingYear(db, unit.path, thisYear);
      const year = query.year ?? latestYear ?? thisYear;
      const recorded = year === latestYear || (await hasMeetingsIn(db, unit.path, year));
      const end = `${year}-12-31`;
      const asOf = day < end ? day : end;
      const branches = ROLLUP_LEVELS.includes(unit.level)
        ? await complianceByCounty(db, branchesPerCounty, unit.path, `${year}-01-01`, asOf)
        : await complianceUnder(db, unit.path, `${year}-01-01`, asOf);
      return {
        year,
        asOf,
        recorded,
        latestYear,
        ...totals(branches),
        rows: await complianceRows(db, unit, branches),
      };
    },

    async warnings(user: CurrentUser, unitId?: number) {
      const prefix = await scopedSubtree(db, user, unitId);
      if (prefix === null) throw notFound();
      return (await warningsUnder(db, prefix, today())).slice(0, 500);
    },

    /** Counted from rows over the caller's area: forum sessions, windows met and due, theme days, honours. */
    async summary(user: CurrentUser, query: { from: string; to: string }) {
      if (query.from > query.to) throw invalidField('to', 'partylife.err.range');
      const prefix = user.unitPath;
      const count = async (
        table: 'pl_forum_sessions' | 'pl_meetings' | 'pl_honours',
        dateColumn: 'held_on' | 'awarded_on',
        extra?: (q: ReturnType<typeof base>) => ReturnType<typeof base>,
      ) => {
        let q = base(table, dateColumn);
        if (extra) q = extra(q);
        return Number((await q.executeTakeFirstOrThrow()).n);
      };
      const base = (table: 'pl_forum_sessions' | 'pl_meetings' | 'pl_honours', dateColumn: string) =>
        db
          .selectFrom(table)
          .select(sql<number>`count(*)`.as('n'))
          .where(pathUnder('unit_path', prefix))
          .where(sql.ref(dateColumn), '>=', query.from)
          .where(sql.ref(dateColumn), '<=', query.to);
      // Above a county: theme days and windows from the rollups (compliance.rollup.ts).
      const above = ROLLUP_LEVELS.includes(user.unitLevel);
      const [forumSessions, themeDays, awarded, rounds, branches] = await Promise.all([
        count('pl_forum_sessions', 'held_on'),
        above
          ? meetingsHeldAbove(db, prefix, 'theme_day', query.from, query.to)
          : count('pl_meetings', 'held_on', (q) => q.where(sql.ref('type'), '=', 'theme_day')),
        count('pl_honours', 'awarded_on'),
        db
          .selectFrom('pl_honour_rounds')
          .select(sql<number>`count(*)`.as('n'))
          .where(pathUnder('unit_path', prefix))
          .where('year', '>=', Number(query.from.slice(0, 4)))
          .where('year', '<=', Number(query.to.slice(0, 4)))
          .executeTakeFirstOrThrow(),
        above
          ? complianceByCounty(db, branchesPerCounty, prefix, query.from, query.to)
          : complianceUnder(db, prefix, query.from, query.to),
      ]);
      const t = totals(branches);
      return {
        forumSessions,
        meetings: { held: t.met, due: t.due, compliance: t.compliance },
        themeDays,
        honours: { rounds: Number(rounds.n), awarded },
      };
    },
  };
}

export type OverviewService = ReturnType<typeof createOverviewService>;
