import { sql, type SelectQueryBuilder } from 'kysely';

export interface PageQuery {
  page: number;
  pageSize: number;
}

export interface PageResult<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export function emptyPage<T>(p: PageQuery): PageResult<T> {
  return { items: [], total: 0, page: p.page, pageSize: p.pageSize };
}

/**
 * One page of a filtered query and the total it pages through: the count runs on the same filters with the
 * selection cleared, the page in the given order.
 */
export async function fetchPage<DB, TB extends keyof DB, O, T>(
  q: SelectQueryBuilder<DB, TB, O>,
  p: PageQuery,
  order: (q: SelectQueryBuilder<DB, TB, O>) => SelectQueryBuilder<DB, TB, O>,
  map: (row: O) => T,
): Promise<PageResult<T>> {
  const count = (await q
    .clearSelect()
    .select(sql<number>`count(*)`.as('n'))
    .executeTakeFirstOrThrow()) as { n: number | string };
  const rows = await order(q)
    .limit(p.pageSize)
    .offset((p.page - 1) * p.pageSize)
    .execute();
  return { items: rows.map(map), total: Number(count.n), page: p.page, pageSize: p.pageSize };
}
