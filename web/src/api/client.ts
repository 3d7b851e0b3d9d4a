import {
  pathOf,
  type CallInput,
  type ErrorBody,
  type FieldError,
  type ResultOf,
  type RouteSpec,
} from '@fivestar/common';

/** A page of results as every list endpoint returns it. */
export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

/** Any non-2xx answer (or a network failure, status 0) from the API. `message` is in the UI language. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: FieldError[];
  /** The answer's body as sent (e.g. an import's row-by-row report on a 422). */
  readonly body: unknown;

  constructor(status: number, code: string, message: string, fields: FieldError[] = [], body?: unknown) {
    super(message);
    this.body = body;
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.fields = fields;
  }
}

export type QueryValue = string | number | boolean | null | undefined;
export type Query = Record<string, QueryValue>;

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

let csrfToken: string | null = null;
let language = 'zh-CN';
let onUnauthenticated: () => void = () => {
  if (window.location.pathname !== '/login') {
    const next = window.location.pathname + window.location.search;
    window.location.assign(`/login?next=${encodeURIComponent(next)}`);
  }
};

/** The token from login or /api/me; sent as `x-csrf-token` on every write. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** The UI language, sent as `accept-language` so server messages come back translated. */
export function setApiLanguage(lang: string): void {
  language = lang;
}

/** Replaces what happens on a 401 outside the login page (the app navigates with its router). */
export function setUnauthenticatedHandler(handler: () => void): void {
  onUnauthenticated = handler;
}

/** `path` (under /api) with the query string; empty values are left out. */
export function buildUrl(path: string, query?: Query): string {
  const url = path.startsWith('/api/') ? path : `/api${path}`;
  if (!query) return url;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${url}?${qs}` : url;
}

function isErrorBody(body: unknown): body is ErrorBody {
  return typeof body === 'object' && body !== null && 'error' in body && typeof body.error === 'object';
}

/**
 * Optimistic concurrency (docs/security.md item 36), kept here so pages need nothing: the edit version a record came
 * with (`ETag: "<n>"` on its GET) is remembered by its path and sent back as `If-Match` by a write to that path or
 * below it (`PATCH /api/ratings/standards/7`, `POST /api/grid/events/5/accept`), unless the call sets one itself.
 * A write that succeeds replaces the remembered version with the one it answers, or forgets it. A stale write
 * answers 412 and the server's message says who changed the record and when, and to reload.
 */
const versions = new Map<string, string>();
const VERSION_RE = /^(W\/)?"\d+"$/;

function versionKeyOf(path: string): string | null {
  let best: string | null = null;
  for (const key of versions.keys())
    if ((path === key || path.startsWith(`${key}/`)) && (!best || key.length > best.length)) best = key;
  return best;
}

/** Forgets every remembered version (sign-out, tests). */
export function clearVersions(): void {
  versions.clear();
}

interface RequestOptions {
  body?: unknown;
  query?: Query;
  headers?: Record<string, string>;
  /** Send the body as bytes (application/octet-stream), not JSON. */
  raw?: boolean;
  /** Answer with the bytes (a Blob), not JSON. */
  file?: boolean;
}

async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const { body, query, raw, file } = options;
  const headers: Record<string, string> = {
    accept: file ? '*/*' : 'application/json',
    'accept-language': language,
    ...options.headers,
  };
  if (body !== undefined) headers['content-type'] = raw ? 'application/octet-stream' : 'application/json';
  if (WRITE_METHODS.has(method) && csrfToken) headers['x-csrf-token'] = csrfToken;
  const versionKey = WRITE_METHODS.has(method) ? versionKeyOf(path) : null;
  if (versionKey && !Object.keys(headers).some((h) => h.toLowerCase() === 'if-match'))
    headers['if-match'] = versions.get(versionKey)!;

  let res: Response;
  try {
    res = await fetch(buildUrl(path, query), {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : raw ? (body as BodyInit) : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'network', '');
  }

  const tag = res.headers?.get?.('etag') ?? null;
  if (res.ok && method === 'GET' && !file) {
    if (tag && VERSION_RE.test(tag)) versions.set(path, tag);
  } else if (res.ok && versionKey) {
    if (tag && VERSION_RE.test(tag)) versions.set(versionKey, tag);
    else versions.delete(versionKey);
  }
  if (res.status === 204) return undefined as T;
  if (file && res.ok) return (await res.blob()) as T;
  const text = await res.text();
  let parsed: unknown = undefined;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
  }
  if (res.ok) return parsed as T;

  const err = isErrorBody(parsed)
    ? new ApiError(res.status, parsed.error.code, parsed.error.message, parsed.error.fields, parsed)
    : new ApiError(res.status, 'internal', `HTTP ${res.status}`, [], parsed);
  if (res.status === 401 && !path.endsWith('/auth/login')) {
    csrfToken = null;
    if (window.location.pathname !== '/login') onUnauthenticated();
  }
  // The password expired while signed in: the server now serves only the change-password page's routes.
  if (err.code === 'password_expired' && window.location.pathname !== '/change-password') {
    window.location.assign('/change-password');
  }
  // The session still owes its second sign-in step: the guard sends the browser to it.
  if (err.code === 'mfa_required' && !['/login', '/mfa/enrol'].includes(window.location.pathname)) {
    window.location.assign('/');
  }
  throw err;
}

/** Extra request headers of one call, e.g. an `idempotency-key`, or `If-Match` with the version being edited. */
type CallHeaders = { headers?: Record<string, string> };
type Args<R extends RouteSpec> =
  object extends CallInput<R> ? [input?: CallInput<R> & CallHeaders] : [input: CallInput<R> & CallHeaders];

/**
 * Calls a route of a contract — the one way pages reach the API: method and path come from the contract, the input
 * and the answer are typed by its schemas. A file route answers a Blob.
 */
export function call<R extends RouteSpec>(
  route: R,
  ...[input]: Args<R>
): Promise<R['file'] extends true ? Blob : ResultOf<R>> {
  const { params, query, body, headers } = (input ?? {}) as {
    params?: object;
    query?: Query;
    body?: unknown;
    headers?: Record<string, string>;
  };
  return request(route.method, pathOf(route, params as Record<string, unknown>), {
    body,
    query,
    headers,
    raw: !!route.upload,
    file: !!route.file,
  });
}

/** The address of a route, for a link, an image or a download the browser fetches itself. */
export function urlOf<R extends RouteSpec>(route: R, input: { params?: object; query?: Query } = {}): string {
  return buildUrl(pathOf(route, input.params as Record<string, unknown>), input.query);
}

/** The one typed wrapper around the FiveStar HTTP API (base path /api). */
export const api = {
  get: <T>(path: string, query?: Query) => request<T>('GET', path, { query }),
  post: <T>(path: string, body?: unknown, headers?: Record<string, string>) =>
    request<T>('POST', path, { body, headers }),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, { body }),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, { body }),
  delete: <T = void>(path: string) => request<T>('DELETE', path),
};
