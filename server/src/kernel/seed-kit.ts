import { idCheckChar } from '@fivestar/common';
import { sql } from 'kysely';
import type { DbOrTrx, Dialect } from '../db/database.ts';
import type { Database } from '../db/schema.ts';
import { pinyinKeys } from '../security/pinyin.ts';

/** Inserts rows in chunks (SQLite caps bound parameters per statement). */
export async function insertChunked<T extends keyof Database & string>(
  db: DbOrTrx,
  table: T,
  rows: Record<string, unknown>[],
  chunk = 400,
) {
  for (let i = 0; i < rows.length; i += chunk) {
    // Rows are built to the table's shape by the caller.
    await db
      .insertInto(table)
      .values(rows.slice(i, i + chunk) as never)
      .execute();
  }
}

/** After inserts with explicit ids, moves PostgreSQL's sequences past them. */
export async function resetSequences(db: DbOrTrx, dialect: Dialect, tables: string[]) {
  if (dialect !== 'postgres') return;
  for (const t of tables) {
    await sql
      .raw(`select setval(pg_get_serial_sequence('${t}', 'id'), greatest((select max(id) from ${t}), 1))`)
      .execute(db);
  }
}

export async function nextIds(db: DbOrTrx) {
  const max = async (
    t: 'org_units' | 'persons' | 'party_branches' | 'grid_stations' | 'grid_workers' | 'users',
  ) =>
    Number(
      (
        await db
          .selectFrom(t)
          .select((eb) => eb.fn.max('id').as('m'))
          .executeTakeFirst()
      )?.m ?? 0,
    ) + 1;
  return {
    unit: await max('org_units'),
    person: await max('persons'),
    branch: await max('party_branches'),
    station: await max('grid_stations'),
    worker: await max('grid_workers'),
    user: await max('users'),
  };
}

/** Builds org unit rows with ids and materialised paths assigned in memory. */
export class UnitTree {
  readonly rows: Record<string, unknown>[] = [];
  constructor(
    private nextId: number,
    private readonly now: number,
    private readonly withPinyin = true,
  ) {}
  add(parent: { id: number; path: string } | null, level: string, code: string, name: string, sort = 0) {
    const id = this.nextId++;
    const path = `${parent ? parent.path : '/'}${id}/`;
    this.rows.push({
      id,
      parent_id: parent ? parent.id : null,
      level,
      code,
      name,
      path,
      pinyin: this.withPinyin ? pinyinKeys(name) : '',
      sort,
      created_at: this.now,
    });
    return { id, path, name };
  }
}

/**
 * A synthetic, valid-checksum ID number in a range no real person holds: region 4199xx does not exist (Henan has
 * no prefecture 99), so these can never be anyone's number. Region and order code come from `seq`, so numbers are
 * unique for seq < 50,000 whatever the birth date; callers with more people vary the birth year by
 * `idBlock(seq)` (see seed:scale).
 */
export function fictionalIdNumber(
  seq: number,
  birth: { y: number; m: number; d: number },
  male: boolean,
): string {
  const region = `4199${String(seq % 100).padStart(2, '0')}`;
  const order = (Math.floor(seq / 100) % 500) * 2 + (male ? 1 : 0);
  const body = `${region}${birth.y}${String(birth.m).padStart(2, '0')}${String(birth.d).padStart(2, '0')}${String(order).padStart(3, '0')}`;
  return body + idCheckChar(body);
}

/** Which block of 50,000 a sequence number falls in; different blocks must use disjoint birth years. */
export function idBlock(seq: number): number {
  return Math.floor(seq / 50_000);
}

/** A deterministic pseudo-random generator, so the demo is the same on every machine. */
export function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An illustrative Chinese name (surname + a common given name). */
const SURNAMES =
  '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文';
const GIVEN_M = [
  '建国',
  '国强',
  '志强',
  '卫东',
  '红军',
  '振华',
  '永刚',
  '海涛',
  '明亮',
  '庆丰',
  '德胜',
  '保国',
  '新民',
  '长青',
  '立新',
];
const GIVEN_F = [
  '秀英',
  '桂兰',
  '玉梅',
  '丽娟',
  '红霞',
  '春花',
  '淑芬',
  '海燕',
  '晓梅',
  '凤英',
  '素珍',
  '美华',
];

export function personName(random: () => number, male: boolean): string {
  const surname = SURNAMES[Math.floor(random() * SURNAMES.length)]!;
  const given = male ? GIVEN_M : GIVEN_F;
  return surname + given[Math.floor(random() * given.length)]!;
}
