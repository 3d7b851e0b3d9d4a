import { MODULES } from '../modules/index.ts';
import type { JobDefinition } from './module.ts';
import type { AppSettings } from './settings.ts';

/** Every module's daily jobs with these settings, in module order. */
export function allJobs(settings: AppSettings): JobDefinition[] {
  return MODULES.flatMap((m) => m.jobs?.(settings) ?? []);
}
