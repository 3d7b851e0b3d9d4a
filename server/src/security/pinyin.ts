import { pinyin } from 'pinyin-pro';
import { sql, type SqlBool } from 'kysely';

/** Search keys for a Chinese name: full pinyin and initials, e.g. 王德隆村 → "wangdelongcun wdlc". */
export function pinyinKeys(name: string): string {
  const syllables = pinyin(name, { toneType: 'none', type: 'array', nonZh: 'consecutive' }).map((s) =>
    s.toLowerCase().replace(/\s+/g, ''),
  );
  return `${syllables.join('')} ${syllables.map((s) => s[0] ?? '').join('')}`;
}

/** Escapes LIKE wildcards in user input (we use `\` as the escape character). */
export function likeContains(q: string): string {
  return `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** `lower(column) LIKE '%q%'` with wildcards in q taken literally, on both engines. */
export function containsLike(column: string, q: string) {
  return sql<SqlBool>`lower(${sql.ref(column)}) like ${likeContains(q)} escape '\\'`;
}
