import { orgContract } from '@fivestar/common';
import type { ZApp } from '../../http/route.ts';
import { serve } from '../../http/serve.ts';
import type { OrgService } from './org.service.ts';

export function orgRoutes(app: ZApp, { org }: { org: OrgService }) {
  serve(app, orgContract, {
    units: ({ user, query }) => org.listUnits(user, query),
    unit: ({ user, params }) => org.getUnit(user, params.id),
    children: ({ user, params }) => org.children(user, params.id),
    renameUnit: ({ user, params, body, ip }) =>
      body.name === undefined ? org.getUnit(user, params.id) : org.renameUnit(user, params.id, body.name, ip),
    branches: ({ user, query }) => org.listBranches(user, query),
    branch: ({ user, params }) => org.getBranch(user, params.id),
    stations: ({ user, query }) => org.listStations(user, query),
    workers: ({ user, query }) => org.listWorkers(user, query),
  });
}
