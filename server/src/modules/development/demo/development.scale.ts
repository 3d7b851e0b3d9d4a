import { chinaDate, followUpDates, idCheckChar, maskIdNumber } from '@fivestar/common';
import cliProgress from 'cli-progress';
import { sql } from 'kysely';
import type { Db } from '../../../db/database.ts';
import { insertChunked, rng } from '../../../kernel/seed-kit.ts';
import type { ScaleSeeder } from '../../../kernel/seeding.ts';
import { encryptField, lookupHash, type Keys } from '../../../security/crypto.ts';
import { protectedIdentity } from '../../persons/index.ts';
import { bumpEverySummaryShard } from '../summary.index.ts';

/**
 * A synthetic, valid-checksum ID number in region 4198xx (Henan has no prefecture 98: nobody holds these, and they
 * never meet the organisation seeder's 4199xx). Unique for any `seq` below 16.5 million: each block of 1,000
 * sequence numbers has its own birth date (region and order code tell the 1,000 apart), and the blocks' dates are
 * spread over 1961–2006 (a step coprime with the span), so every county has people of every age and a few over 60.
 */
export function scaleIdNumber(seq: number): string {
  const block = Math.floor(seq / 1000);
  const k = seq % 1000;
  const day = (block * 4663) % 16_500;
  const birth = new Date(Date.UTC(1961, 0, 1) + day * 86_400_000).toISOString().slice(0, 10);
  const body = `4198${String(k % 100).padStart(2, '0')}${birth.replaceAll('-', '')}${String(Math.floor(k / 100) * 2 + (block % 2)).padStart(3, '0')}`;
  return body + idCheckChar(body);
}

/**
 * The development registries at province scale: per township a training session, a job fair with employers and an
 * environment campaign; per village a 一村一品 project, collective income on two vouchers, training attendances
 * and campaign sign-ins of its people, a placement and a cleaner; every tenth village a relocated household. With
 * `people` > 0 it first adds that many people of working age across the villages (the labour registry is a filter
 * on them): 10 million is the figure; opt-in, as it takes long to build.
 */
export async function seedDevelopmentScale(
  db: Db,
  { keys, now, people, registries = true }: { keys: Keys; now: number; people: number; registries?: boolean },
): Promise<Record<string, number>> {
  const random = rng(11_000_011);
  const year = Number(chinaDate(now).slice(0, 4));
  const date = (from: string, days: number) =>
    new Date(Date.parse(`${from}T00:00:00Z`) + Math.floor(random() * days) * 86_400_000)
      .toISOString()
      .slice(0, 10);
  const stamp = { created_by: null, created_at: now, updated_at: now };
  const villages = await db
    .selectFrom('org_units')
    .select(['id', 'path', 'parent_id'])
    .where('level', '=', 'village')
    .orderBy('id')
    .execute();
  const townships = await db
    .selectFrom('org_units')
    .select(['id', 'path'])
    .where('level', '=', 'township')
    .orderBy('id')
    .execute();
  const townshipOf = new Map<number, { id: number; path: string }>();
  {
    const byId = new Map(townships.map((t) => [t.id, t]));
    const districts = await db
      .selectFrom('org_units')
      .select(['id', 'parent_id'])
      .where('level', '=', 'district')
      .execute();
    const districtTown = new Map(districts.map((d) => [d.id, byId.get(d.parent_id!)]));
    for (const v of villages) townshipOf.set(v.id, byId.get(v.parent_id!) ?? districtTown.get(v.parent_id!)!);
  }

  // ---- People ----
  const sample = new Map<number, { id: number; hash: string }[]>();
  const base = await db
    .selectFrom('persons as p')
    .innerJoin('org_units as o', 'o.id', 'p.org_unit_id')
    .select(['p.id', 'p.org_unit_id', 'p.id_number_hash'])
    .where('o.level', '=', 'village')
    .where('p.id_number_hash', 'is not', null)
    .execute();
  for (const p of base) {
    const list = sample.get(p.org_unit_id) ?? [];
    if (list.length < 4) list.push({ id: p.id, hash: p.id_number_hash! });
    sample.set(p.org_unit_id, list);
  }
  if (people > 0) {
    let nextId =
      Number(
        (
          await db
            .selectFrom('persons')
            .select((eb) => eb.fn.max('id').as('m'))
            .executeTakeFirst()
        )?.m ?? 0,
      ) + 1;
    const bar = new cliProgress.SingleBar(
      { format: 'seed:scale people [{bar}] {percentage}% | {value}/{total} | {eta_formatted} left' },
      cliProgress.Presets.shades_classic,
    );
    bar.start(people, 0);
    const batch = 20_000;
    for (let done = 0; done < people; done += batch) {
      const rows: Record<string, unknown>[] = [];
      for (let i = done; i < Math.min(people, done + batch); i++) {
        const v = villages[i % villages.length]!;
        const idNumber = scaleIdNumber(i);
        const { birthDate, gender, ...cols } = protectedIdentity(keys, idNumber, null);
        const id = nextId++;
        rows.push({
          id,
          org_unit_id: v.id,
          name: `村民${id}`,
          gender: gender ?? null,
          birth_date: birthDate ?? null,
          ...cols,
          is_party_member: 0,
          tags: '[]',
          created_at: now,
          updated_at: now,
        });
        const list = sample.get(v.id) ?? [];
        if (list.length < 8) list.push({ id, hash: cols.id_number_hash! });
        sample.set(v.id, list);
      }
      await db.transaction().execute((trx) => insertChunked(trx, 'persons', rows, 300));
      bar.update(Math.min(people, done + batch));
    }
    bar.stop();
  }

  if (!registries) {
    await sql`analyze`.execute(db);
    return { people };
  }

  // ---- Per township: a session, a fair with employers, a campaign ----
  const sessionOf = new Map<number, { id: number; day: string }>();
  const fairOf = new Map<number, number>();
  const campaignOf = new Map<number, number>();
  await db.transaction().execute(async (trx) => {
    for (const t of townships) {
      const day = date(`${year}-01-05`, 300);
      const s = await trx
        .insertInto('dev_training_sessions')
        .values({
          ...stamp,
          org_unit_id: t.id,
          unit_path: t.path,
          topic: 'planting',
          title: '种植技术培训',
          start_date: day,
          end_date: day,
          place: '乡镇便民服务中心',
          trainer: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      sessionOf.set(t.id, { id: s.id, day });
      const f = await trx
        .insertInto('dev_job_fairs')
        .values({
          ...stamp,
          org_unit_id: t.id,
          unit_path: t.path,
          name: '春风行动招聘会',
          held_on: day,
          place: '乡镇广场',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      fairOf.set(t.id, f.id);
      const c = await trx
        .insertInto('dev_campaigns')
        .values({
          ...stamp,
          org_unit_id: t.id,
          unit_path: t.path,
          kind: 'clean_home',
          name: '全民动手·清洁家园',
          period_from: `${year}-06-01`,
          period_to: `${year}-06-30`,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      campaignOf.set(t.id, c.id);
    }
  });

  const counts: Record<string, number> = {};
  const tables: Record<string, Record<string, unknown>[]> = {};
  const push = (table: string, row: Record<string, unknown>) =>
    (tables[table] ??= []).push({ ...stamp, ...row });
  const flush = async () => {
    await db.transaction().execute(async (trx) => {
      for (const [table, rows] of Object.entries(tables)) {
        await insertChunked(trx, table as 'dev_projects', rows, 200);
        counts[table] = (counts[table] ?? 0) + rows.length;
      }
    });
    for (const k of Object.keys(tables)) delete tables[k];
  };
  for (const [i, v] of villages.entries()) {
    const town = townshipOf.get(v.id)!;
    const at = { org_unit_id: v.id, unit_path: v.path };
    if (i % 10 === 0)
      for (const origin of ['outside', 'outside', 'local'])
        push('dev_fair_employers', {
          ...at,
          parent_id: fairOf.get(town.id)!,
          name: '某企业',
          origin,
          jobs: 20,
        });
    push('dev_projects', {
      ...at,
      name: '特色种养项目',
      product: '蔬菜',
      leader: '书记',
      team: '村两委',
      plan: '党支部 + 龙头企业 + 农户',
      followed_through: 1,
      enterprise: null,
      households: 50,
      land_mu: 20_000,
      status: 'active',
      started_on: `${year - 1}-03-01`,
    });
    for (const k of [0, 1])
      push('dev_collective_income', {
        ...at,
        category: 'rent',
        amount_yuan: 3_000_000 + Math.floor(random() * 6_000_000),
        received_on: date(`${year}-01-01`, 300),
        voucher_no: `V${i}-${k}`,
        note: null,
      });
    if (i % 10 === 0)
      push('dev_relocations', {
        ...at,
        household_head: '户主',
        people: 4,
        destination: '安置社区',
        handover_on: '2021-06-01',
      });
    const folks = sample.get(v.id) ?? [];
    const session = sessionOf.get(town.id)!;
    for (const p of folks.slice(0, 4))
      push('dev_training_attendance', {
        ...at,
        parent_id: session.id,
        person_id: p.id,
        id_number_hash: p.hash,
        signed_on: session.day,
      });
    const placed = folks[0];
    if (placed) {
      const placedOn = date(`${year}-01-01`, 300);
      const due = followUpDates(placedOn);
      push('dev_placements', {
        ...at,
        person_id: placed.id,
        id_number_hash: placed.hash,
        employer: '某企业',
        placed_on: placedOn,
        fair_name: null,
        m3_due: due.m3,
        m3_done_on: null,
        m3_employed: null,
        m3_note: null,
        m6_due: due.m6,
        m6_done_on: null,
        m6_employed: null,
        m6_note: null,
      });
    }
    const cleaner = folks[1];
    if (cleaner)
      push('dev_cleaners', {
        ...at,
        person_id: cleaner.id,
        id_number_hash: cleaner.hash,
        area: '主干道',
        since: '2022-01-01',
        until: null,
      });
    for (let k = 0; k < 5; k++) {
      const idNumber = scaleIdNumber(50_000_000 + i * 5 + k);
      push('dev_campaign_signins', {
        ...at,
        parent_id: campaignOf.get(town.id)!,
        name: '村民',
        id_number_enc: encryptField(keys.pii, idNumber),
        id_number_hash: lookupHash(keys.lookup, idNumber),
        id_number_masked: maskIdNumber(idNumber),
        role: k === 0 ? 'cadre' : 'villager',
        signed_on: `${year}-06-10`,
      });
    }
    if (i % 2000 === 1999) await flush();
  }
  await flush();
  // Rows written past the registry service: every shard of the summary's index is reloaded.
  await bumpEverySummaryShard(db);
  await sql`analyze`.execute(db);
  return { ...counts, people };
}

export const developmentScaleSeeder: ScaleSeeder = async (ctx) => {
  const people = Number(process.env.SCALE_PEOPLE ?? 0);
  Object.assign(
    ctx.counts,
    Object.fromEntries(
      Object.entries(await seedDevelopmentScale(ctx.db, { keys: ctx.keys, now: ctx.now, people })).map(
        ([k, v]) => [`development.${k}`, v],
      ),
    ),
  );
};
