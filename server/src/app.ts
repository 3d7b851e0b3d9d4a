import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import Fastify, { type FastifyServerOptions } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { z } from 'zod';
import { systemClock, type Clock } from './clock.ts';
import type { DbHandle } from './db/database.ts';
import { registerAccessControl, type RegisteredRoute } from './http/access.ts';
import { registerDrain } from './http/drain.ts';
import { registerErrorHandler, requestLang } from './http/error-handler.ts';
import { translate } from './http/messages.ts';
import { createRateLimiter } from './http/rate-limit.ts';
import { createAuditService } from './modules/audit/audit.service.ts';
import { auditRoutes } from './modules/audit/audit.routes.ts';
import type { BackupStatus } from './modules/backup/backup.service.ts';
import { authRoutes } from './modules/auth/auth.routes.ts';
import { createAuthService } from './modules/auth/auth.service.ts';
import { createSessionStore, sessionCookieName } from './modules/auth/sessions.ts';
import { createGridRecordsService } from './modules/grid/grid-records.service.ts';
import { createGridExcel } from './modules/grid/grid.excel.ts';
import { gridRoutes } from './modules/grid/grid.routes.ts';
import { createGridService } from './modules/grid/grid.service.ts';
import { createDailyJobs, type JobSettings } from './modules/jobs/jobs.module.ts';
import { jobsRoutes } from './modules/jobs/jobs.routes.ts';
import './modules/grid/grid.facts.ts';
import { orgRoutes } from './modules/org/org.routes.ts';
import { createOrgService } from './modules/org/org.service.ts';
import { personsRoutes } from './modules/persons/persons.routes.ts';
import { createPersonsService } from './modules/persons/persons.service.ts';
import { createRatingsModule } from './modules/ratings/ratings.module.ts';
import { usersRoutes } from './modules/users/users.routes.ts';
import { createUsersService } from './modules/users/users.service.ts';
import { DEFAULT_HASH_COST, type HashCost, type Keys } from './security/crypto.ts';
import { VERSION } from './version.ts';

export interface AppOptions {
  database: DbHandle;
  keys: Keys;
  clock?: Clock;
  hashCost?: HashCost;
  logger?: FastifyServerOptions['logger'];
  /** Folder of the built web app; served with an SPA fallback when it exists. */
  webDist?: string;
  secureCookie?: boolean;
  /** Sign-in attempts per IP per minute. */
  loginRateLimit?: number;
  /** Where evidence files are stored by content hash (default data/evidence). */
  evidenceDir?: string;
  /** Password age, idle-account and dispute-retention figures (defaults: 90 days, 90 days, 3 years). */
  jobs?: Partial<JobSettings>;
  /** When backups are configured (FIVESTAR_BACKUP_DIR): the newest copy, reported by /api/health. */
  backupStatus?: () => Promise<BackupStatus>;
}

/** The composition root: services wired to routes. main.ts and every test build the app here. */
export async function buildApp(options: AppOptions) {
  const { database, keys } = options;
  const { db, dialect } = database;
  const clock = options.clock ?? systemClock;
  const hashCost = options.hashCost ?? DEFAULT_HASH_COST;

  const app = Fastify({
    logger: options.logger ?? false,
    exposeHeadRoutes: false,
    trustProxy: false,
    bodyLimit: 1024 * 1024,
    genReqId: () => crypto.randomUUID(),
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandler(app);
  const drainer = registerDrain(app);

  await app.register(fastifyCookie);
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
    // HSTS only behind TLS: over the township's plain-http LAN it would lock browsers out.
    hsts: options.secureCookie ? { maxAge: 31536000 } : false,
    frameguard: { action: 'deny' }, // X-Frame-Options for browsers that ignore frame-ancestors
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginEmbedderPolicy: false,
  });
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'FiveStar 五星支部创建管理平台 API', version: VERSION },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: sessionCookieName(options.secureCookie ?? false) },
        },
      },
    },
    transform: jsonSchemaTransform,
  });

  // Services
  const audit = createAuditService({ key: keys.audit, clock, dialect });
  const jobSettings = createDailyJobs.settings(options.jobs);
  const sessions = createSessionStore({
    db,
    clock,
    passwordMaxAgeMs: jobSettings.passwordMaxAgeDays * 86_400_000,
  });
  const auth = createAuthService({ db, clock, audit, sessions, hashCost });
  const org = createOrgService({ db, audit });
  const persons = createPersonsService({ db, keys, audit, clock });
  const users = createUsersService({ db, audit, clock, sessions, hashCost });
  const grid = createGridService({ db, dialect, keys, audit, clock, commits: database.commits });
  const gridRecords = createGridRecordsService({ db, dialect, audit, clock, grid });
  const gridExcel = createGridExcel({ db, audit, clock, records: gridRecords, grid });
  const jobs = createDailyJobs({ db, audit, clock, settings: jobSettings, log: (m) => app.log.info(m) });
  const loginLimiter = createRateLimiter({ clock, limit: options.loginRateLimit ?? 30, windowMs: 60_000 });

  const routes: RegisteredRoute[] = [];
  registerAccessControl(app, sessions, routes, options.secureCookie ?? false);
  app.addHook('onSend', async (request, reply) => {
    if (request.url.startsWith('/api') && !reply.hasHeader('cache-control'))
      reply.header('cache-control', 'no-store');
  });

  // Routes
  app.get(
    '/api/health',
    {
      schema: {
        tags: ['system'],
        response: {
          200: z.object({
            status: z.literal('ok'),
            db: z.enum(['sqlite', 'postgres']),
            version: z.string(),
            // Public on purpose (monitoring reads it without a session): times only — no path, file or size.
            backup: z
              .object({ latestAt: z.string().nullable(), ageHours: z.number().nullable(), ok: z.boolean() })
              .optional(),
          }),
        },
      },
    },
    async () => {
      await db.selectFrom('app_meta').select('key').limit(1).execute();
      const backup = await options.backupStatus?.();
      return { status: 'ok' as const, db: dialect, version: VERSION, ...(backup ? { backup } : {}) };
    },
  );
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  authRoutes(app, { auth, loginLimiter, secureCookie: options.secureCookie ?? false });
  orgRoutes(app, { org });
  personsRoutes(app, { persons });
  usersRoutes(app, { users });
  auditRoutes(app, { db });
  const ratings = createRatingsModule(app, {
    db,
    audit,
    clock,
    evidenceDir: options.evidenceDir ?? 'data/evidence',
    piiKey: keys.pii,
  });
  gridRoutes(app, { grid, records: gridRecords, excel: gridExcel });
  jobsRoutes(app, { jobs });

  // The web app, with client-side routes answered by index.html; unknown API routes get a JSON 404.
  const webDist = options.webDist ? resolve(options.webDist) : null;
  const serveWeb = webDist !== null && existsSync(resolve(webDist, 'index.html'));
  if (serveWeb) await app.register(fastifyStatic, { root: webDist, wildcard: false, index: false });
  app.setNotFoundHandler((request, reply) => {
    if (serveWeb && request.method === 'GET' && !request.url.startsWith('/api')) {
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    }
    return reply
      .status(404)
      .send({ error: { code: 'not_found', message: translate('route_not_found', requestLang(request)) } });
  });

  return Object.assign(app, {
    services: { audit, auth, org, persons, users, sessions, ...ratings, grid, gridRecords, jobs },
    registeredRoutes: routes,
    /** Graceful stop (http/drain.ts): answer what is in flight, 503 the rest, then close. */
    drain: () => drainer.drain(),
  });
}

export type App = Awaited<ReturnType<typeof buildApp>>;
