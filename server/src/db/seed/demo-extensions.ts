import type { Transaction } from 'kysely';
import type { Clock } from '../../clock.ts';
import type { AuditService } from '../../modules/audit/audit.service.ts';
import type { Keys } from '../../security/crypto.ts';
import type { Dialect } from '../database.ts';
import type { Database } from '../schema.ts';
import { seedRatingsDemo } from './ratings.demo.ts';
import { seedGridDemo } from './grid.demo.ts';

/** What a domain module's demo seeder gets: the transaction the foundation seed runs in, and the township built. */
export interface DemoSeedContext {
  trx: Transaction<Database>;
  dialect: Dialect;
  keys: Keys;
  clock: Clock;
  audit: AuditService;
  /** A deterministic random source shared by the whole demo. */
  random: () => number;
  township: { id: number; path: string };
  districts: { id: number; path: string; name: string }[];
  /** The 55 village-level units, in order (secretary01 is units[0]); each with its branch and station ids. */
  units: {
    id: number;
    path: string;
    name: string;
    kind: 'rural' | 'urban';
    branchId: number;
    stationId: number;
  }[];
}

export type DemoSeeder = (ctx: DemoSeedContext) => Promise<void>;

/** Domain modules' demo seeders, run in order after the foundation's records exist. One line per module. */
// Order matters: the seeders share one deterministic random source, and the demo's figures (and the e2e walks
// that rely on, e.g., a three-star branch with an awarded star this year) were drawn in this order.
export const DEMO_SEEDERS: DemoSeeder[] = [seedRatingsDemo, seedGridDemo];
