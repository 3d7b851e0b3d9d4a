import type { Transaction } from 'kysely';
import type { Clock } from '../clock.ts';
import type { Db, Dialect } from '../db/database.ts';
import type { Database } from '../db/schema.ts';
import type { AuditService } from '../modules/audit/index.ts';
import type { Keys } from '../security/crypto.ts';

/** The demo township the organisation module builds first; every later module's demo records hang off it. */
export interface DemoTown {
  county: { id: number; path: string; name: string };
  township: { id: number; path: string; name: string };
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
  /** The county's other townships with their generated villages (bare units named “…（示例）”), for county rounds. */
  otherTownships: {
    id: number;
    path: string;
    name: string;
    villages: { id: number; path: string; name: string }[];
  }[];
}

/** What a module's demo seeder gets: the one transaction the whole demo is written in. */
export interface DemoSeedContext {
  trx: Transaction<Database>;
  dialect: Dialect;
  keys: Keys;
  clock: Clock;
  audit: AuditService;
  /** A deterministic random source shared by the whole demo, drawn from in module order. */
  random: () => number;
  /** The one salted hash every demo account shares (hashing 238 passwords would slow the first start). */
  passwordHash: string;
  /** The township; set by the organisation module's seeder, which runs first. */
  readonly town: DemoTown;
  setTown(town: DemoTown): void;
  /** Figures for the start-up banner and the seed's audit row, e.g. { branches: 55 }. */
  counts: Record<string, number>;
}

export type DemoSeeder = (ctx: DemoSeedContext) => Promise<void>;

/** What a module's share of `seed:scale` gets (no single transaction: the tree is written township by township). */
export interface ScaleSeedContext {
  db: Db;
  dialect: Dialect;
  keys: Keys;
  audit: AuditService;
  now: number;
  passwordHash: string;
  /** The number of branches asked for, and of grid events (0: none). */
  branches: number;
  events: number;
  counts: Record<string, number>;
}

export type ScaleSeeder = (ctx: ScaleSeedContext) => Promise<void>;
