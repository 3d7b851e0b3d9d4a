import { z } from 'zod';

/** `:id` in a path. */
export const idParamSchema = z.object({ id: z.coerce.number().int().positive() });

/** A page of results, as every list route returns it. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), total: z.number(), page: z.number(), pageSize: z.number() });
}

/** `page` and `pageSize` of a list route's query (pageSize up to `max`, `size` by default). */
export function pageQuery(size = 50, max = 200) {
  return {
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(max).default(size),
  };
}
