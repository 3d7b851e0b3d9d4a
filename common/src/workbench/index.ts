import { z } from 'zod';
import { defineContract, route } from '../contract.ts';

/** One group of a user's to-dos, counted, with the web path of the next action. */
export const todoGroupSchema = z.object({
  /** Stable key `<module>.<what>`, e.g. `grid.accept`. */
  key: z.string(),
  /** The group's name in the caller's language. */
  label: z.string(),
  count: z.number(),
  /** Where the next action is (a web path with its filter). */
  path: z.string(),
  /** The menu entry the count belongs to (its nav key), so the menu can show it. */
  nav: z.string(),
  /** How urgent: red when something is overdue. */
  tone: z.enum(['normal', 'warning', 'danger']),
});
export type TodoGroup = z.infer<typeof todoGroupSchema>;

export const workbenchSchema = z.object({
  groups: z.array(todoGroupSchema),
  total: z.number(),
  /** Counts per menu entry (nav key → count). */
  menu: z.record(z.string(), z.number()),
});
export type Workbench = z.infer<typeof workbenchSchema>;

/** The workbench on 首页: every module's to-dos for the caller. */
export const workbenchContract = defineContract('workbench', {
  get: route({ method: 'GET', path: '/api/workbench', access: 'authenticated', response: workbenchSchema }),
});
