import {
  findUnsafeText,
  mapFreeText,
  type BodyOf,
  type Contract,
  type ParamsOf,
  type QueryOf,
  type ReplyOf,
  type RouteSpec,
} from '@fivestar/common';
import type { z } from 'zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CurrentUser } from './current-user.ts';
import { AppError } from './errors.ts';
import type { ZApp } from './route.ts';

/** What a route's handler gets: the request parsed by the route's schemas, and the caller. */
export interface HandlerContext<R extends RouteSpec> {
  params: ParamsOf<R>;
  query: QueryOf<R>;
  body: BodyOf<R>;
  /** The signed-in caller; null only on public routes. */
  user: R['access'] extends 'public' ? CurrentUser | null : CurrentUser;
  ip: string;
  request: FastifyRequest;
  /** For headers (a file's content type, cache rules); the status comes from the contract. */
  reply: FastifyReply;
}

export type Handler<R extends RouteSpec> = (ctx: HandlerContext<R>) => Promise<ReplyOf<R>> | ReplyOf<R>;

/** One handler for each route of a contract. */
export type Handlers<C extends Contract> = { [K in keyof C['routes']]: Handler<C['routes'][K]> };

const OCTET = 'application/octet-stream';

declare module 'fastify' {
  interface FastifyInstance {
    /** Seals the personal numbers of one free-text value (security/sealed-text.ts; set by app.ts). */
    sealFreeText?: (text: string) => string;
  }
}

/**
 * Before the schemas run, for every route: each string a caller sends (body, query, path) obeys the one text rule
 * of common/src/http/text.ts (no control, NUL, bidirectional or invisible characters) — 400 with the field's path;
 * and a PATCH whose body changes nothing (`{}`) is a 400, never an empty UPDATE.
 */
export function checkInput(request: FastifyRequest, spec: RouteSpec) {
  for (const [part, value] of [
    ['params', request.params],
    ['query', request.query],
    ['body', Buffer.isBuffer(request.body) ? undefined : request.body],
  ] as const) {
    const bad = findUnsafeText(value);
    if (bad) {
      throw new AppError('validation_failed', 'validation_failed', [
        { path: bad.path || part, message: `err.text.${bad.problem}` },
      ]);
    }
  }
  const body = request.body;
  if (
    spec.method === 'PATCH' &&
    body !== null &&
    typeof body === 'object' &&
    !Buffer.isBuffer(body) &&
    !Array.isArray(body) &&
    Object.keys(body).length === 0
  ) {
    throw new AppError('validation_failed', 'err.patch.empty', [
      { path: 'body', message: 'err.patch.empty' },
    ]);
  }
}

/**
 * Mounts a contract's routes: method, path, schemas and the declared access all come from the contract, so a route
 * cannot be served other than as declared. The access hook (http/access.ts) reads `config.access`.
 */
export function serve<C extends Contract>(app: ZApp, contract: C, handlers: Handlers<C>): void {
  for (const [name, spec] of Object.entries(contract.routes) as [keyof C['routes'] & string, RouteSpec][]) {
    const handler = handlers[name] as unknown as Handler<RouteSpec>;
    if (typeof handler !== 'function') throw new Error(`${contract.domain}.${name}: no handler`);
    const status = spec.status ?? (spec.response || spec.file ? 200 : 204);
    if (spec.upload && !app.hasContentTypeParser(OCTET)) {
      // Raw uploads (evidence files, Excel imports) arrive as bytes; each route sets its own size limit.
      app.addContentTypeParser(OCTET, { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
    }
    app.route({
      method: spec.method,
      url: spec.path,
      config: { access: spec.access },
      ...(spec.upload ? { bodyLimit: spec.upload.maxBytes } : {}),
      preValidation: async (request) => checkInput(request, spec),
      schema: {
        tags: [contract.domain],
        ...(spec.summary ? { summary: spec.summary } : {}),
        ...(spec.file && spec.path.endsWith('openapi.json') ? { hide: true } : {}),
        ...(spec.params ? { params: spec.params } : {}),
        ...(spec.query ? { querystring: spec.query } : {}),
        ...(spec.body ? { body: spec.body } : {}),
        ...(spec.response ? { response: { [status]: spec.response } } : {}),
      },
      handler: async (request, reply) => {
        if (spec.upload && !Buffer.isBuffer(request.body)) throw new AppError('unsupported_media_type');
        // Personal numbers in the body's free-text fields are sealed before any handler sees them (item 16).
        const seal = app.sealFreeText;
        if (
          spec.body &&
          seal &&
          request.body &&
          typeof request.body === 'object' &&
          !Buffer.isBuffer(request.body)
        )
          mapFreeText(spec.body as z.ZodType, request.body, seal);
        const result = await handler({
          params: request.params as never,
          query: request.query as never,
          body: request.body as never,
          user: request.user as never,
          ip: request.ip,
          request,
          reply,
        });
        if (reply.sent) return reply;
        reply.status(status);
        return status === 204 ? reply.send() : reply.send(result);
      },
    });
  }
}
