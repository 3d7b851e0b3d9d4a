import { createItemCore, type SupervisionDeps } from './items.core.ts';
import { createItemsService } from './items.service.ts';
import { createPlanningService } from './planning.service.ts';
import { createTeamsService } from './teams.service.ts';

export { slipWhere, starName, type SupervisionDeps } from './items.core.ts';

/**
 * The supervision services: the items' core (reading, slips, the workflow, files), the lists' use cases (items,
 * 销号), planning (generation from shortfalls, extensions, settings, the daily pass) and the teams' visits and
 * findings.
 */
export function createSupervisionService(deps: SupervisionDeps) {
  const core = createItemCore(deps);
  const planning = createPlanningService(core);
  return {
    ...core,
    ...createItemsService(core),
    ...planning,
    ...createTeamsService(core),
  };
}

export type SupervisionService = ReturnType<typeof createSupervisionService>;
