import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  authContract,
  gridContract,
  orgContract,
  personsContract,
  ratingsContract,
  usersContract,
} from '@fivestar/common';
import {
  ApiError,
  call,
  clearVersions,
  setApiLanguage,
  setCsrfToken,
  setUnauthenticatedHandler,
  urlOf,
} from './client';

type FetchArgs = [string, RequestInit];

function mockFetch(status: number, body?: unknown) {
  const fn = vi.fn<(...args: FetchArgs) => Promise<Response>>(async () =>
    body === undefined ? new Response(null, { status }) : new Response(JSON.stringify(body), { status }),
  );
  vi.stubGlobal('fetch', fn);
  return fn;
}

const headersOf = (fn: ReturnType<typeof mockFetch>, call = 0) =>
  (fn.mock.calls[call]?.[1].headers ?? {}) as Record<string, string>;

describe('api client', () => {
  beforeEach(() => {
    setCsrfToken('csrf-123');
    setApiLanguage('zh-CN');
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    setCsrfToken(null);
  });

  it('calls a route with the method and path of its contract, the CSRF token and the UI language', async () => {
    const fetch = mockFetch(201, { id: 7 });
    await call(usersContract.routes.create, {
      body: { username: 'a.b', displayName: 'A', role: 'grid_worker', unitId: 4, password: 'x' },
    });
    await call(usersContract.routes.update, { params: { id: 7 }, body: { status: 'disabled' } });
    await call(authContract.routes.logout);
    expect(fetch.mock.calls.map(([url, init]) => `${init.method} ${url}`)).toEqual([
      'POST /api/users',
      'PATCH /api/users/7',
      'POST /api/auth/logout',
    ]);
    for (const call of [0, 1, 2]) {
      expect(headersOf(fetch, call)['x-csrf-token']).toBe('csrf-123');
      expect(headersOf(fetch, call)['accept-language']).toBe('zh-CN');
    }
    expect(fetch.mock.calls[0]?.[1]).toMatchObject({ method: 'POST', credentials: 'same-origin' });
    expect(JSON.parse(String(fetch.mock.calls[1]?.[1].body))).toEqual({ status: 'disabled' });
    expect(fetch.mock.calls[2]?.[1].body).toBeUndefined();
  });

  it('does not send the CSRF token on reads, and builds the query string without empty values', async () => {
    const fetch = mockFetch(200, { items: [], total: 0, page: 1, pageSize: 20 });
    setApiLanguage('en');
    const page = await call(orgContract.routes.branches, {
      query: { q: 'wdl', unitId: 4, kind: undefined, page: 1 },
    });
    expect(page).toEqual({ items: [], total: 0, page: 1, pageSize: 20 });
    expect(fetch.mock.calls[0]?.[0]).toBe('/api/org/branches?q=wdl&unitId=4&page=1');
    expect(fetch.mock.calls[0]?.[1].method).toBe('GET');
    expect(headersOf(fetch)['x-csrf-token']).toBeUndefined();
    expect(headersOf(fetch)['accept-language']).toBe('en');
  });

  it('fills path parameters (encoded) for links and images, and refuses a missing one', () => {
    expect(urlOf(orgContract.routes.branch, { params: { id: 12 } })).toBe('/api/org/branches/12');
    expect(urlOf(orgContract.routes.units, { query: { q: '凤凰', level: undefined } })).toBe(
      `/api/org/units?q=${encodeURIComponent('凤凰')}`,
    );
    expect(() => urlOf(orgContract.routes.branch)).toThrow(/missing path parameter "id"/);
  });

  it('turns an error body into an ApiError with code, message and field errors', async () => {
    mockFetch(400, {
      error: {
        code: 'validation_failed',
        message: '身份证号校验位不正确',
        fields: [{ path: 'idNumber', message: 'x' }],
      },
    });
    const err = await call(personsContract.routes.create, {
      body: { unitId: 1, name: 'x', idNumber: 'x' },
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 400, code: 'validation_failed', message: '身份证号校验位不正确' });
    expect((err as ApiError).fields[0]?.path).toBe('idNumber');
  });

  it('a network failure is an ApiError with status 0', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => {
        throw new TypeError('Failed to fetch');
      }),
    );
    await expect(call(authContract.routes.me)).rejects.toMatchObject({ status: 0, code: 'network' });
  });

  it('calls the sign-in redirect on 401, but not for a failed login', async () => {
    const onUnauthenticated = vi.fn();
    setUnauthenticatedHandler(onUnauthenticated);
    mockFetch(401, { error: { code: 'invalid_credentials', message: '用户名或密码错误' } });
    await expect(
      call(authContract.routes.login, { body: { username: 'x', password: 'y' } }),
    ).rejects.toMatchObject({ code: 'invalid_credentials' });
    expect(onUnauthenticated).not.toHaveBeenCalled();

    mockFetch(401, { error: { code: 'unauthenticated', message: '请先登录' } });
    await expect(call(orgContract.routes.units, { query: {} })).rejects.toBeInstanceOf(ApiError);
    expect(onUnauthenticated).toHaveBeenCalledTimes(1);
  });

  it('sends back the version a record was loaded with (If-Match) and shows who changed it on a 412', async () => {
    clearVersions();
    const answers: Response[] = [
      new Response(JSON.stringify({ id: 7 }), { status: 200, headers: { etag: '"3"' } }),
      new Response(JSON.stringify({ id: 7 }), { status: 200, headers: { etag: '"4"' } }),
      new Response(
        JSON.stringify({
          error: {
            code: 'precondition_failed',
            message: '王五 已于 2026-11-02 09:15 修改了该记录，请刷新后再改',
            params: { by: '王五', at: '2026-11-02T01:15:00.000Z' },
          },
        }),
        { status: 412 },
      ),
      new Response(JSON.stringify({ id: 5 }), { status: 200, headers: { etag: '"9"' } }),
      new Response(JSON.stringify({ ok: true }), { status: 200 }),
      new Response(JSON.stringify({ ok: true }), { status: 200 }),
    ];
    const fetch = vi.fn<(...args: FetchArgs) => Promise<Response>>(async () => answers.shift()!);
    vi.stubGlobal('fetch', fetch);
    const body = { definition: {} } as never;
    await call(ratingsContract.routes.standard, { params: { id: 7 } });
    await call(ratingsContract.routes.updateStandard, { params: { id: 7 }, body });
    expect(headersOf(fetch, 1)['if-match']).toBe('"3"');
    // The answer's version is remembered: the next edit sends "4"; a 412 carries the server's message.
    await expect(
      call(ratingsContract.routes.updateStandard, { params: { id: 7 }, body }),
    ).rejects.toMatchObject({
      status: 412,
      message: '王五 已于 2026-11-02 09:15 修改了该记录，请刷新后再改',
    });
    expect(headersOf(fetch, 2)['if-match']).toBe('"4"');
    // An action below a loaded record sends its version; once it succeeded without a new one, none is sent.
    await call(gridContract.routes.event, { params: { id: 5 } });
    await call(gridContract.routes.accept, { params: { id: 5 }, body: {} as never });
    expect(headersOf(fetch, 4)['if-match']).toBe('"9"');
    await call(gridContract.routes.dispatch, { params: { id: 5 }, body: {} as never });
    expect(headersOf(fetch, 5)['if-match']).toBeUndefined();
  });
});
