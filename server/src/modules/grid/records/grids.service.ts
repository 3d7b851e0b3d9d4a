import { chinaDate, type Grid, type GridMap } from '@fivestar/common';
import type { Clock } from '../../../clock.ts';
import type { Db } from '../../../db/database.ts';
import type { CurrentUser } from '../../../http/current-user.ts';
import { yearRange } from '../grid.dates.ts';
import { gridCounts, gridsInScope, villageFigures } from './grids.repository.ts';
import { villagesInTreeOrder } from './villages.repository.ts';

/** The map shows at most this many villages (a township has dozens; a county's hundreds are cut). */
const MAP_VILLAGES = 300;
/** The illustrative geometry: squares of this many degrees, laid out in the villages' order. */
const CELL = 0.02;
const ORIGIN = { lng: 115.4, lat: 35.95 };

/** Grids with their workers, and the grid map (illustrative geometry, real figures). */
export function createGrids({ db, clock }: { db: Db; clock: Clock }) {
  return {
    async list(user: CurrentUser, unitId?: number): Promise<Grid[]> {
      return (await gridsInScope(db, user, unitId)).map((r) => ({
        id: r.id,
        unitId: r.org_unit_id,
        unitName: r.unit_name,
        name: r.name,
        stationId: r.station_id,
        workerName: r.worker_name,
        workerUsername: r.worker_username,
        openEvents: Number(r.open_events ?? 0),
      }));
    },

    /** Villages of the caller's scope with open / overdue / this year's reports, as GeoJSON for the map. */
    async map(user: CurrentUser, year = Number(chinaDate(clock.now()).slice(0, 4))): Promise<GridMap> {
      const villages = await villagesInTreeOrder(db, user, MAP_VILLAGES + 1);
      const shown = villages.slice(0, MAP_VILLAGES);
      const ids = shown.map((v) => v.id);
      const [figures, grids] = await Promise.all([
        villageFigures(db, ids, clock.now(), yearRange(year).start),
        gridCounts(db, ids),
      ]);
      const cols = Math.max(1, Math.ceil(Math.sqrt(shown.length * 1.4)));
      return {
        type: 'FeatureCollection',
        truncated: villages.length > MAP_VILLAGES,
        features: shown.map((v, i) => {
          const f = figures.find((r) => r.org_unit_id === v.id);
          const x = ORIGIN.lng + (i % cols) * CELL;
          const y = ORIGIN.lat - Math.floor(i / cols) * CELL * 0.8;
          const [w, h] = [CELL * 0.96, CELL * 0.77];
          return {
            type: 'Feature',
            properties: {
              name: v.name,
              unitId: v.id,
              grids: Number(grids.find((g) => g.org_unit_id === v.id)?.n ?? 0),
              open: Number(f?.open ?? 0),
              overdue: Number(f?.overdue ?? 0),
              total: Number(f?.total ?? 0),
            },
            geometry: {
              type: 'Polygon',
              coordinates: [
                [
                  [x, y],
                  [x + w, y],
                  [x + w, y - h],
                  [x, y - h],
                  [x, y],
                ],
              ],
            },
          };
        }),
      };
    },
  };
}
