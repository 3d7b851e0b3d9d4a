import { orgContract, type OrgUnit } from '@fivestar/common';
import { call } from './client';

/** The direct children of a unit (each with its childCount), for lazily loaded trees. */
export function fetchChildren(unitId: number): Promise<OrgUnit[]> {
  return call(orgContract.routes.children, { params: { id: unitId } });
}
