import type { z } from 'zod';
import type { Permission } from './auth/roles.ts';

/**
 * Route contracts: each domain declares its HTTP routes once, here in common — method, path, who may call it and the
 * zod schemas of what goes in and out. The server registers its handlers from the contract (an undeclared route
 * cannot be mounted), the permission table and the OpenAPI document derive from it, and the web calls the API only
 * through it (`call(route, …)`), so no page writes an API path.
 */

/**
 * Who may call a route:
 * - 'public': anyone, signed in or not
 * - 'authenticated': any signed-in user
 * - a Permission: a signed-in user whose role holds it (else 403)
 * Which records they reach is decided separately, by the one scope rule on the server.
 */
export type Access = 'public' | 'authenticated' | Permission;

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteSpec {
  method: HttpMethod;
  path: `/api/${string}`;
  access: Access;
  /** Path parameters (`:id` in the path). */
  params?: z.ZodType;
  /** The query string. */
  query?: z.ZodType;
  /** A JSON request body. */
  body?: z.ZodType;
  /** The JSON answer. Omitted: the route answers 204 (no body) or, with `file`, bytes. */
  response?: z.ZodType;
  /** Success status (default: 200 with a response, 204 without). */
  status?: 200 | 201 | 204;
  /** The answer is a file (a download, an image or a PDF), not JSON. */
  file?: true;
  /** The request body is raw bytes (`application/octet-stream`) up to this size, not JSON. */
  upload?: { maxBytes: number };
  /** One line for the OpenAPI document. */
  summary?: string;
}

/** Declares one route; the literal types are kept so handlers and callers are typed from the schemas. */
export const route = <const R extends RouteSpec>(spec: R): R => spec;

export interface Contract<R extends Record<string, RouteSpec> = Record<string, RouteSpec>> {
  /** The domain (module) name; also the OpenAPI tag. */
  domain: string;
  routes: R;
}

/** A domain's routes. */
export const defineContract = <const R extends Record<string, RouteSpec>>(
  domain: string,
  routes: R,
): Contract<R> => ({ domain, routes });

/** `GET /api/x/:id` — the key the permission table and the access tests use. */
export const routeKey = (spec: Pick<RouteSpec, 'method' | 'path'>) => `${spec.method} ${spec.path}`;

type Out<S> = S extends z.ZodType ? z.output<S> : undefined;
type In<S> = S extends z.ZodType ? z.input<S> : undefined;

/** What a handler receives, parsed. */
export type ParamsOf<R extends RouteSpec> = Out<R['params']>;
export type QueryOf<R extends RouteSpec> = Out<R['query']>;
export type BodyOf<R extends RouteSpec> = R['upload'] extends object ? Uint8Array : Out<R['body']>;
/** What a handler returns (before the response schema shapes it). */
export type ReplyOf<R extends RouteSpec> = R['file'] extends true
  ? unknown
  : R['response'] extends z.ZodType
    ? z.input<R['response']>
    : void;
/** What a caller gets back (a file route's bytes are the client's business: a Blob in the browser). */
export type ResultOf<R extends RouteSpec> = R['file'] extends true ? unknown : Out<R['response']>;

type Optional<K extends string, T> = undefined extends T ? { [P in K]?: T } : { [P in K]: T };
type IfDeclared<R, K extends keyof R, Name extends string, T> = R[K] extends z.ZodType
  ? Optional<Name, T>
  : { [P in Name]?: never };

/** What a caller sends: path parameters, query and body as their schemas accept them. */
export type CallInput<R extends RouteSpec> = IfDeclared<R, 'params', 'params', In<R['params']>> &
  IfDeclared<R, 'query', 'query', In<R['query']>> &
  (R['upload'] extends object
    ? { body: ArrayBuffer | Uint8Array }
    : IfDeclared<R, 'body', 'body', In<R['body']>>);

/** Fills `:name` segments of a route's path. */
export function pathOf(spec: Pick<RouteSpec, 'path'>, params?: Record<string, unknown>): string {
  return spec.path.replace(/:([A-Za-z0-9_]+)/g, (_, name: string) => {
    const value = params?.[name];
    if (value === undefined || value === null) throw new Error(`missing path parameter "${name}"`);
    return encodeURIComponent(String(value));
  });
}

/** Every route of the given contracts, with its contract's domain. */
export function routesOf(contracts: readonly Contract[]): (RouteSpec & { domain: string; name: string })[] {
  return contracts.flatMap((c) =>
    Object.entries(c.routes).map(([name, spec]) => ({ ...spec, domain: c.domain, name })),
  );
}
