import { MODULES } from '../modules/index.ts';
import type { JobDefinition, ServerModule } from './module.ts';
import type { AppSettings } from './settings.ts';

/** The daily jobs of the given modules (default: all of them) with these settings, in module order. */
export function allJobs(
  settings: AppSettings,
  modules: readonly ServerModule<unknown>[] = MODULES,
): JobDefinition[] {
  return modules.flatMap((m) => m.jobs?.(settings) ?? []);
}
