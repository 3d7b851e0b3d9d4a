import { useEffect, useState } from 'react';
import type { EventType, OrgUnit, orgContract } from '@fivestar/common';
import { orgTreeAddresses } from '@fivestar/common/org/addresses';
import { call } from '../../../api/client';
import { useOnline } from '../../../components/useOnline';
import { reportRoutes } from '../offline/outbox';

/**
 * What the phone's report form reads from the server, each kept on the phone so the form also works offline after a
 * reload: the event-type dictionary and the units the user may report for. A failing call leaves the cached copy.
 */

const TYPES_CACHE = 'fivestar.grid.types';
const UNITS_CACHE = 'fivestar.grid.units';

/** The unit tree's children route by method and path only (see reportRoutes for why). */
const treeRoutes = orgTreeAddresses as unknown as Pick<(typeof orgContract)['routes'], 'children'>;

function readCache<T>(key: string, empty: T): T {
  try {
    return (JSON.parse(localStorage.getItem(key) ?? 'null') as T | null) ?? empty;
  } catch {
    return empty;
  }
}

function writeCache(key: string, value: unknown): void {
  try {
    localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // private mode or full storage: the form still works while the page is open
  }
}

/**
 * The event-type dictionary: the cached copy at once, the server's when it answers, asked again whenever the network
 * returns (a first visit that lost the network before the answer still gets the types).
 */
export function useTypes(): EventType[] {
  const [types, setTypes] = useState<EventType[]>(() => readCache<EventType[]>(TYPES_CACHE, []));
  const online = useOnline();
  useEffect(() => {
    if (!online) return;
    call(reportRoutes.types).then(
      (t) => {
        setTypes(t);
        writeCache(TYPES_CACHE, t);
      },
      () => undefined,
    );
  }, [online]);
  return types;
}

export const isVillage = (level: string) => level === 'village' || level === 'community';

/**
 * The children of the given units, loaded on demand with the same route as the app's unit tree picker, kept on the
 * phone (by parent id) for offline use, and asked again whenever the network returns.
 */
export function useUnitChildren(parents: number[]): Record<number, OrgUnit[]> {
  const [known, setKnown] = useState<Record<number, OrgUnit[]>>(() =>
    readCache<Record<number, OrgUnit[]>>(UNITS_CACHE, {}),
  );
  const wanted = parents.join(',');
  const online = useOnline();
  useEffect(() => {
    if (!online) return;
    let live = true;
    for (const id of wanted ? wanted.split(',').map(Number) : []) {
      call(treeRoutes.children, { params: { id } }).then(
        (units) => {
          if (!live) return;
          setKnown((k) => {
            const next = { ...k, [id]: units };
            writeCache(UNITS_CACHE, next);
            return next;
          });
        },
        () => undefined,
      );
    }
    return () => {
      live = false;
    };
  }, [wanted, online]);
  return known;
}
