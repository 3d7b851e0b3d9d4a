import type { OrgUnit } from '@fivestar/common';
import { api } from './client';

/** The direct children of a unit (each with its childCount), for lazily loaded trees. */
export function fetchChildren(unitId: number): Promise<OrgUnit[]> {
  return api.get<OrgUnit[]>(`/org/units/${unitId}/children`);
}
