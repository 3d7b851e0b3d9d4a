import { sql } from 'kysely';
import type { SlipColour } from '@fivestar/common';

/** SQL conditions of each slip colour on `today` (the same as slipColour, as index-friendly comparisons). */
export function slipWhere(colour: SlipColour, today: string, t = 'i') {
  const c = (x: string) => sql.ref(`${t}.${x}`);
  if (colour === 'red') return sql<boolean>`(${c('status')} <> 'closed' and ${c('deadline')} < ${today})`;
  if (colour === 'yellow')
    return sql<boolean>`(${c('status')} <> 'closed' and ${c('deadline')} >= ${today} and ${c('yellow_on')} <= ${today})`;
  return sql<boolean>`(${c('status')} <> 'closed' and ${c('deadline')} >= ${today} and (${c('yellow_on')} is null or ${c('yellow_on')} > ${today}) and ${c('blue_on')} <= ${today})`;
}
