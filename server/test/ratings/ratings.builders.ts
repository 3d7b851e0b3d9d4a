import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  calendarOf,
  CALENDAR_SEED,
  chinaDate,
  defaultStandard,
  noticeEndsAt,
  type ApplicationDetail,
  type ApplicationStatus,
  type BranchKind,
  type Indicator,
  type StandardDefinition,
} from '@fivestar/common';
import { expect } from 'vitest';
import { recomputeBranchRatings } from '../../src/modules/ratings/awards.repository.ts';
import { DEMO_EVIDENCE } from '../../src/modules/ratings/demo/demo-evidence.ts';
import type { AwardStatus } from '../../src/modules/ratings/ratings.tables.ts';
import { createWorld, type BuiltUser, type Unit, type Village, type World } from '../builders.ts';
import type { Session } from '../test-app.ts';

/**
 * Typed builders for the ratings tests, on top of `createWorld()`: standards, applications in any state of the
 * cycle, awards and notices, written straight into a fresh database so each test holds exactly the records it
 * names. What a test is about goes through the API; what it only needs to exist is seeded here.
 */

export const DAY = 86_400_000;

/** The rating year of a world: the year (China time) of its clock. */
export const yearOf = (w: World) => Number(chinaDate(w.clock.now()).slice(0, 4));

export interface SeededStandard {
  id: number;
  year: number;
  kind: BranchKind;
  definition: StandardDefinition;
}

/** A year's standard of a kind: the shipped default (or `edit`ed), published unless asked for a draft. */
export async function seedStandard(
  w: World,
  input: {
    year: number;
    kind?: BranchKind;
    status?: 'draft' | 'published';
    edit?: (def: StandardDefinition) => StandardDefinition;
  },
): Promise<SeededStandard> {
  const kind = input.kind ?? 'rural';
  const status = input.status ?? 'published';
  const definition = (input.edit ?? ((d) => d))(defaultStandard(kind));
  const now = w.clock.now();
  const row = await w.database.db
    .insertInto('rating_standards')
    .values({
      year: input.year,
      branch_kind: kind,
      status,
      definition: JSON.stringify(definition),
      created_at: now,
      updated_at: now,
      published_at: status === 'published' ? now : null,
      published_by: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, year: input.year, kind, definition };
}

/** A value that passes an indicator (derived indicators read facts; nothing to fill). */
export function passingInput(ind: Indicator) {
  if (ind.type === 'numeric') return { code: ind.code, value: (ind.threshold ?? 0) + 1 };
  if (ind.type === 'veto') return { code: ind.code, triggered: false };
  return { code: ind.code, met: true };
}

/** Where an application in `status` has been, in the order of the cycle (for its event rows). */
const PATH: Record<ApplicationStatus, readonly ApplicationStatus[]> = {
  draft: [],
  submitted: ['submitted'],
  township_review: ['submitted', 'township_review'],
  returned: ['submitted', 'township_review', 'returned'],
  county_review: ['submitted', 'township_review', 'county_review'],
  rated: ['submitted', 'township_review', 'county_review', 'rated'],
  publicity: ['submitted', 'township_review', 'county_review', 'rated', 'publicity'],
  objection: ['submitted', 'township_review', 'county_review', 'rated', 'publicity', 'objection'],
  awarded: ['submitted', 'township_review', 'county_review', 'rated', 'publicity', 'awarded'],
  revoked: ['submitted', 'township_review', 'county_review', 'rated', 'publicity', 'awarded', 'revoked'],
  rejected: ['submitted', 'township_review', 'rejected'],
};
/** The action that reaches a status (the event row's `action`). */
const ACTION: Record<ApplicationStatus, string> = {
  draft: 'create',
  submitted: 'submit',
  township_review: 'start_review',
  returned: 'return',
  county_review: 'recommend',
  rated: 'rate',
  publicity: 'publish',
  objection: 'object',
  awarded: 'award',
  revoked: 'revoke',
  rejected: 'reject',
};

/**
 * A star application of a village in any status of the cycle. Past the draft its indicators are filled so that they
 * pass, with the evidence files they ask for, and accepted once the township has recommended it; a draft is empty.
 */
export async function seedApplication(
  w: World,
  input: {
    village: Village;
    standard: SeededStandard;
    star: string;
    status?: ApplicationStatus;
    noticeId?: number | null;
  },
): Promise<{ id: number }> {
  const { db } = w.database;
  const status = input.status ?? 'draft';
  const path = PATH[status];
  const now = w.clock.now();
  const app = await db
    .insertInto('star_applications')
    .values({
      branch_id: input.village.branchId,
      org_unit_id: input.village.id,
      unit_path: input.village.path,
      year: input.standard.year,
      star_code: input.star,
      standard_id: input.standard.id,
      status,
      round: path.length > 0 ? 1 : 0,
      notice_id: input.noticeId ?? null,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  let from: ApplicationStatus | null = null;
  for (const to of ['draft' as const, ...path]) {
    await db
      .insertInto('rating_events')
      .values({
        application_id: app.id,
        action: ACTION[to],
        from_status: from,
        to_status: to,
        actor_id: null,
        actor_name: 'builder',
        reason: null,
        at: now,
      })
      .execute();
    from = to;
  }
  const filled = path.length > 0;
  const accepted = path.includes('county_review');
  for (const ind of input.standard.definition.indicators.filter((i) => i.starCode === input.star)) {
    const value = passingInput(ind);
    await db
      .insertInto('indicator_results')
      .values({
        application_id: app.id,
        code: ind.code,
        met: filled && 'met' in value ? 1 : null,
        value: filled && 'value' in value ? value.value : null,
        triggered: filled && 'triggered' in value ? 0 : null,
        note: null,
        review: accepted ? 'accepted' : 'pending',
        review_comment: null,
        reviewed_by: null,
        reviewed_at: accepted ? now : null,
        reviewed_snapshot: null,
        changed_since_review: 0,
        updated_at: now,
      })
      .execute();
    for (let f = 0; filled && f < ind.minFiles; f++)
      await seedEvidenceRow(w, { applicationId: app.id, village: input.village, indicator: ind.code });
  }
  return { id: app.id };
}

/** An evidence row pointing at the demo photo (which the evidence service keeps in its folder). */
export async function seedEvidenceRow(
  w: World,
  input: { applicationId: number; village: Village; indicator: string },
): Promise<{ id: number }> {
  return w.database.db
    .insertInto('evidence_files')
    .values({
      application_id: input.applicationId,
      indicator_code: input.indicator,
      org_unit_id: input.village.id,
      unit_path: input.village.path,
      sha256: DEMO_EVIDENCE.sha256,
      mime: DEMO_EVIDENCE.mime,
      ext: DEMO_EVIDENCE.ext,
      size: DEMO_EVIDENCE.body.length,
      name: `${input.indicator}.png`,
      uploaded_by: null,
      created_at: w.clock.now(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

/** Stars a village holds for a year (or once held: `revoked`), with its derived rating brought in step. */
export async function seedAwards(
  w: World,
  input: {
    village: Village;
    year: number;
    stars: string[];
    status?: AwardStatus;
    /** The application each star was named through, by star code. */
    applications?: Record<string, number>;
  },
): Promise<{ ids: Record<string, number> }> {
  const { db } = w.database;
  const now = w.clock.now();
  const ids: Record<string, number> = {};
  for (const star of input.stars) {
    const revoked = input.status === 'revoked';
    const row = await db
      .insertInto('star_awards')
      .values({
        branch_id: input.village.branchId,
        org_unit_id: input.village.id,
        unit_path: input.village.path,
        year: input.year,
        star_code: star,
        status: input.status ?? 'active',
        application_id: input.applications?.[star] ?? null,
        source: input.applications?.[star] ? 'cycle' : 'seed',
        awarded_at: now,
        awarded_by: null,
        revoked_at: revoked ? now : null,
        revoked_by: null,
        revoked_reason: revoked ? '一票否决' : null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids[star] = row.id;
  }
  await recomputeBranchRatings(db, input.year, [input.village.branchId], now);
  return { ids };
}

/**
 * A township's public notice listing the given applications (their `notice_id` is set), open from `startsAt` for
 * `workingDays` working days on the statutory calendar.
 */
export async function seedNotice(
  w: World,
  input: { township: Unit; year: number; applicationIds: number[]; startsAt?: number; workingDays?: number },
): Promise<{ id: number; endsAt: number }> {
  const { db } = w.database;
  const startsAt = input.startsAt ?? w.clock.now();
  const endsAt = noticeEndsAt(startsAt, input.workingDays ?? 5, calendarOf(CALENDAR_SEED));
  const row = await db
    .insertInto('rating_notices')
    .values({
      org_unit_id: input.township.id,
      unit_path: input.township.path,
      year: input.year,
      title: `${input.township.name}${input.year}年度“五星”支部创建评定结果公示`,
      starts_at: startsAt,
      ends_at: endsAt,
      created_by: null,
      created_at: startsAt,
      awarded_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (input.applicationIds.length > 0)
    await db
      .updateTable('star_applications')
      .set({ notice_id: row.id })
      .where('id', 'in', input.applicationIds)
      .execute();
  return { id: row.id, endsAt };
}

export interface RatingsWorld extends World {
  year: number;
  /** The village the secretary serves (甲村). */
  home: Village;
  /** The year's published rural standard. */
  standard: SeededStandard;
  accounts: { county: BuiltUser; township: BuiltUser; secretary: BuiltUser };
  /** Signed-in sessions of the county, the village's township and its secretary: `w.as.township.post(…)`. */
  as: { county: Session; township: Session; secretary: Session };
}

/** A county, a township with one village, the year's published rural standard, and the three officials signed in. */
export async function ratingsWorld(): Promise<RatingsWorld> {
  const w = await createWorld();
  const year = yearOf(w);
  const home = await w.village({ name: '甲村' });
  const standard = await seedStandard(w, { year });
  const accounts = {
    county: await w.user({ role: 'county_admin', unit: await w.county() }),
    township: await w.user({ role: 'township_admin', unit: home.township }),
    secretary: await w.user({ role: 'village_secretary', unit: home }),
  };
  return Object.assign(w, {
    year,
    home,
    standard,
    accounts,
    as: {
      county: await w.login(accounts.county),
      township: await w.login(accounts.township),
      secretary: await w.login(accounts.secretary),
    },
  });
}

/** Uploads a file as evidence of an indicator, as the phone does (raw bytes). */
export function uploadEvidence(
  s: Session,
  appId: number,
  indicator: string,
  body: Buffer,
  name = 'photo.png',
) {
  return s.request(
    'POST',
    `/api/ratings/applications/${appId}/evidence?indicator=${encodeURIComponent(indicator)}&name=${encodeURIComponent(name)}`,
    body,
    { 'content-type': 'application/octet-stream' },
  );
}

/** Fills every indicator of an application so that it passes, uploading evidence files where asked. */
export async function assessAll(s: Session, d: ApplicationDetail) {
  const results = d.indicators.filter((i) => i.type !== 'derived').map(passingInput);
  expect((await s.post(`/api/ratings/applications/${d.id}/assess`, { results })).statusCode).toBe(200);
  for (const i of d.indicators)
    for (let f = 0; f < i.minFiles; f++) {
      const res = await uploadEvidence(s, d.id, i.code, DEMO_EVIDENCE.body, `photo${f}.png`);
      expect(res.statusCode, res.body).toBe(201);
    }
}

/** The text of a PDF (poppler's pdftotext), to check what a document says. */
export function pdfText(pdf: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'fs-pdf-'));
  try {
    writeFileSync(join(dir, 'a.pdf'), pdf);
    return execFileSync('pdftotext', ['-enc', 'UTF-8', join(dir, 'a.pdf'), '-']).toString('utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
