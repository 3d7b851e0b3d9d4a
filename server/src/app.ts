import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifySwagger from '@fastify/swagger';
import { MFA_PENDING_ROUTES, PASSWORD_CHANGE_ROUTES, systemContract } from '@fivestar/common';
import Fastify, { type FastifyServerOptions } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { systemClock, type Clock } from './clock.ts';
import type { DbHandle } from './db/database.ts';
import { registerAccessControl } from './http/access.ts';
import { registerDrain } from './http/drain.ts';
import { frameworkError, registerErrorHandler, requestLang } from './http/error-handler.ts';
import { registerMessages, translate } from './http/messages.ts';
import { serve } from './http/serve.ts';
import { registerWebApp } from './http/web.ts';
import { createCacheVersions } from './kernel/cache-versions.ts';
import { createFactRegistry } from './kernel/facts.ts';
import { createFileStore } from './kernel/file-store.ts';
import { allJobs } from './kernel/jobs.ts';
import type { ModuleContext, ServerModule } from './kernel/module.ts';
import { settingsOf, type AppSettings } from './kernel/settings.ts';
import { createAnchorKeeper, createAuditService } from './modules/audit/index.ts';
import { openText, revealsText, sealText } from './security/sealed-text.ts';
import { sessionCookieName } from './modules/auth/index.ts';
import type { BackupStatus } from './modules/backup/index.ts';
import { MODULES } from './modules/index.ts';
import { DEFAULT_HASH_COST, type HashCost, type Keys } from './security/crypto.ts';
import { VERSION } from './version.ts';

export interface AppOptions {
  database: DbHandle;
  keys: Keys;
  clock?: Clock;
  hashCost?: HashCost;
  /** Default: errors only, to stderr — a 500 is never silent, in tests and tools alike (main.ts sets LOG_LEVEL). */
  logger?: FastifyServerOptions['logger'];
  /** Folder of the built web app; served with an SPA fallback when it exists. */
  webDist?: string;
  /** The modules' figures (password age, idle accounts, retention, sign-in rate, cookie, evidence folder). */
  settings?: Partial<AppSettings>;
  /** When backups are configured (FIVESTAR_BACKUP_DIR): the newest copy, reported by /api/health. */
  backupStatus?: () => Promise<BackupStatus>;
  /** The modules to mount (default: all of them, in order). */
  modules?: readonly ServerModule<unknown>[];
}

/**
 * The request log never keeps query strings: searches carry names and phone numbers (`/api/persons?q=138…`). The
 * request serializer logs the path only, whatever logger is configured.
 */
export function withoutQueryStrings(logger: FastifyServerOptions['logger']): FastifyServerOptions['logger'] {
  if (!logger) return logger;
  const base = logger === true ? {} : (logger as Exclude<typeof logger, boolean>);
  return {
    ...base,
    serializers: {
      ...(base as { serializers?: Record<string, unknown> }).serializers,
      req: (req: { method: string; url: string; ip?: string; id?: string }) => ({
        method: req.method,
        url: req.url.split('?')[0],
        remoteAddress: req.ip,
      }),
    },
  } as FastifyServerOptions['logger'];
}

/** The composition root: services wired to routes. main.ts and every test build the app here. */
export async function buildApp(options: AppOptions) {
  const { database, keys } = options;
  const { db, dialect } = database;
  const clock = options.clock ?? systemClock;
  const hashCost = options.hashCost ?? DEFAULT_HASH_COST;
  const settings = settingsOf(options.settings);
  const modules = options.modules ?? MODULES;

  const app = Fastify({
    logger: withoutQueryStrings(options.logger ?? { level: 'error', stream: process.stderr }),
    exposeHeadRoutes: false,
    trustProxy: false,
    bodyLimit: 1024 * 1024,
    genReqId: () => crypto.randomUUID(),
    frameworkErrors: frameworkError,
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
    hsts: settings.secureCookie ? { maxAge: 31536000 } : false,
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
          session: { type: 'apiKey', in: 'cookie', name: sessionCookieName(settings.secureCookie) },
        },
      },
    },
    transform: jsonSchemaTransform,
  });

  const access = registerAccessControl(app, {
    passwordChangeRoutes: PASSWORD_CHANGE_ROUTES,
    mfaPendingRoutes: MFA_PENDING_ROUTES,
  });
  // Personal numbers in free text (docs/security.md item 16): sealed when written (http/serve.ts), opened — masked
  // unless the reader holds pii:view — in every JSON answer here; file exports open them with openDeep.
  app.decorate('sealFreeText', (text: string) => sealText(keys, text));
  app.addHook('onSend', async (request, _reply, payload) =>
    typeof payload === 'string' && payload.includes('⟦pii:')
      ? openText(keys, payload, revealsText(request.user))
      : payload,
  );
  app.addHook('onSend', async (request, reply) => {
    if (request.url.startsWith('/api') && !reply.hasHeader('cache-control'))
      reply.header('cache-control', 'no-store');
  });

  serve(app, systemContract, {
    health: async () => {
      await db.selectFrom('app_meta').select('key').limit(1).execute();
      const backup = await options.backupStatus?.();
      return { status: 'ok' as const, db: dialect, version: VERSION, ...(backup ? { backup } : {}) };
    },
    openapi: () => app.swagger(),
  });

  // The modules, in list order: messages, facts and jobs first (a module's routes may use any of them), then each
  // module's services and routes.
  for (const m of modules) if (m.messages) registerMessages(m.messages);
  // The audit anchor outside the database (issue 13 item 5), kept current after audit rows and at close.
  const anchorKeeper = settings.auditAnchorFile
    ? createAnchorKeeper({ db, key: keys.audit, file: settings.auditAnchorFile, now: () => clock.now() })
    : null;
  if (anchorKeeper) app.addHook('onClose', async () => anchorKeeper.flush());
  const services = new Map<ServerModule<unknown>, unknown>();
  let todoSources: ReturnType<ModuleContext['todoSources']> = [];
  const ctx: ModuleContext = {
    app,
    database,
    db,
    dialect,
    keys,
    clock,
    hashCost,
    settings,
    audit: createAuditService({ key: keys.audit, clock, dialect, onRecord: () => anchorKeeper?.touch() }),
    access,
    facts: createFactRegistry(modules.flatMap((m) => m.facts ?? [])),
    caches: createCacheVersions(db),
    files: createFileStore(settings.filesDir),
    jobs: allJobs(settings, modules),
    use<T>(module: ServerModule<T>): T {
      if (!services.has(module)) throw new Error(`module ${module.name} is used before it is registered`);
      return services.get(module) as T;
    },

    todoSources: () => todoSources,
  };
  for (const m of modules) services.set(m, await m.register?.(ctx));
  todoSources = modules.flatMap((m) =>
    m.todos ? [{ module: m.name, source: m.todos(services.get(m)) }] : [],
  );

  // The web app (http/web.ts: pre-compressed, cached by kind), with client-side routes answered by index.html;
  // unknown API routes get a JSON 404.
  const serveWeb = await registerWebApp(app, options.webDist ?? null);
  app.setNotFoundHandler((request, reply) => {
    if (serveWeb && request.method === 'GET' && !request.url.startsWith('/api')) {
      return reply.sendFile('index.html');
    }
    return reply
      .status(404)
      .send({ error: { code: 'not_found', message: translate('route_not_found', requestLang(request)) } });
  });

  return Object.assign(app, {
    /** The services a module's `register` returned (tests and the server's start-up use them). */
    module: ctx.use,
    audit: ctx.audit,
    facts: ctx.facts,
    /** The versioned in-process caches (kernel/cache-versions.ts); `caches.refresh()` reads their versions now. */
    caches: ctx.caches,
    registeredRoutes: access.routes,
    /** Graceful stop (http/drain.ts): answer what is in flight, 503 the rest, then close. */
    drain: () => drainer.drain(),
  });
}

export type App = Awaited<ReturnType<typeof buildApp>>;
