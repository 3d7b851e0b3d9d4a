import type { TodoGroup } from '@fivestar/common';
import type { Transaction } from 'kysely';
import type { Clock } from '../clock.ts';
import type { Db, DbHandle, Dialect } from '../db/database.ts';
import type { AppMigration } from '../db/migration-kit.ts';
import type { Database } from '../db/schema.ts';
import type { AccessControl } from '../http/access.ts';
import type { CurrentUser } from '../http/current-user.ts';
import type { Messages } from '../http/messages.ts';
import type { ZApp } from '../http/route.ts';
import type { AuditService } from '../modules/audit/index.ts';
import type { HashCost, Keys } from '../security/crypto.ts';
import type { CacheVersions } from './cache-versions.ts';
import type { FactDefinition, FactRegistry } from './facts.ts';
import type { FileStore } from './file-store.ts';
import type { AppSettings } from './settings.ts';
import type { DemoSeeder, ScaleSeeder } from './seeding.ts';

/**
 * A domain module: one folder under `server/src/modules/<domain>/` whose `index.ts` exports its manifest. The list
 * in `modules/index.ts` drives everything the app does with modules, in its order: migrations, messages, facts for
 * the star engine, daily jobs, demo and scale seeding, and mounting the routes.
 *
 * A module may import another module's public `index.ts` (its manifest and what it chooses to export), never its
 * internals; `db/` and `http/` import no module (both are checked by the linter).
 */
export interface ServerModule<S = unknown> {
  name: string;
  /** Its migrations, oldest first. Released ones are never edited; new names start with the module's name. */
  migrations?: readonly AppMigration[];
  /** Server messages (error texts) in both languages; keys are namespaced `<domain>.…`. */
  messages?: Messages;
  /** Facts it lends the star engine (derived indicators). */
  facts?: readonly FactDefinition[];
  /** Its daily jobs (run once per China day by the jobs module). */
  jobs?: (settings: AppSettings) => readonly JobDefinition[];
  /** The demo township's records of this module (loaded only when the demo is seeded). */
  demo?: () => Promise<DemoSeeder>;
  /** Its share of the province-sized benchmark database (`seed:scale`). */
  scale?: () => Promise<ScaleSeeder>;
  /** Creates its services and mounts its routes; what it returns other modules get with `ctx.use(module)`. */
  register?: (ctx: ModuleContext) => S | Promise<S>;
  /**
   * Its share of a user's to-dos on the workbench (首页): given its services, a source that counts, for one user,
   * the groups of work waiting for them, each with the web path of the next action.
   */
  todos?(services: S): TodoSource;
}

/** What a to-do source gets: the caller and today's civil date in China. */
export interface TodoContext {
  db: Db;
  user: CurrentUser;
  now: number;
  today: string;
}

/** A module's to-do groups for one user (`label` is a message key of the module; empty groups may be left out). */
export type TodoSource = (ctx: TodoContext) => Promise<TodoGroup[]>;

/** Declares a module; `S` is what its `register` returns (its services). */
export const defineModule = <S = undefined>(module: ServerModule<S>): ServerModule<S> => module;

/** What a module's `register` gets. */
export interface ModuleContext {
  app: ZApp;
  database: DbHandle;
  db: Db;
  dialect: Dialect;
  keys: Keys;
  clock: Clock;
  hashCost: HashCost;
  settings: AppSettings;
  /** The audit chain: every write records its row in its own transaction. */
  audit: AuditService;
  access: AccessControl;
  facts: FactRegistry;
  /** In-process caches kept correct across server processes (kernel/cache-versions.ts): every module that caches
   * data it or another process may change uses one. */
  caches: CacheVersions;
  /** THE store of uploaded files (kernel/file-store.ts; FIVESTAR_FILES_DIR): every module that keeps files. */
  files: FileStore;
  /** Every module's daily jobs, in module order (the jobs module runs them). */
  jobs: readonly JobDefinition[];
  /** The services of a module registered earlier in the list. */
  use<T>(module: ServerModule<T>): T;
  /** Every module's to-do source, in module order (complete once all modules are registered: call it per request). */
  todoSources(): readonly { module: string; source: TodoSource }[];
}

/** The audit actor of everything the daily jobs do. */
export const JOB_ACTOR = 'system:jobs';

export interface JobContext {
  trx: Transaction<Database>;
  audit: AuditService;
  now: number;
}

/** One daily job: its work runs in one transaction with its audit rows; it returns what it counted. */
export interface JobDefinition {
  name: string;
  /** The configured figure the job works with, shown to administrators, e.g. { days: 90 }. */
  setting: Record<string, number>;
  run(ctx: JobContext): Promise<Record<string, number>>;
}
