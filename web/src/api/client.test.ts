import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { api, ApiError, setApiLanguage, setCsrfToken, setUnauthenticatedHandler } from './client';

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

  it('sends the CSRF token and the UI language on writes', async () => {
    const fetch = mockFetch(201, { id: 7 });
    await api.post('/users', { username: 'a' });
    await api.patch('/users/7', { status: 'disabled' });
    await api.delete('/things/1');
    for (const call of [0, 1, 2]) {
      expect(headersOf(fetch, call)['x-csrf-token']).toBe('csrf-123');
      expect(headersOf(fetch, call)['accept-language']).toBe('zh-CN');
    }
    expect(fetch.mock.calls[0]?.[1]).toMatchObject({ method: 'POST', credentials: 'same-origin' });
    expect(fetch.mock.calls[0]?.[1].body).toBe(JSON.stringify({ username: 'a' }));
  });

  it('does not send the CSRF token on reads, and builds the query string', async () => {
    const fetch = mockFetch(200, { items: [], total: 0, page: 1, pageSize: 20 });
    setApiLanguage('en');
    await api.get('/org/branches', { q: 'wdl', unitId: 4, kind: undefined, page: 1 });
    expect(fetch.mock.calls[0]?.[0]).toBe('/api/org/branches?q=wdl&unitId=4&page=1');
    expect(headersOf(fetch)['x-csrf-token']).toBeUndefined();
    expect(headersOf(fetch)['accept-language']).toBe('en');
  });

  it('turns an error body into an ApiError with code, message and field errors', async () => {
    mockFetch(400, {
      error: {
        code: 'validation_failed',
        message: '身份证号校验位不正确',
        fields: [{ path: 'idNumber', message: 'x' }],
      },
    });
    const err = await api.post('/persons', {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 400, code: 'validation_failed', message: '身份证号校验位不正确' });
    expect((err as ApiError).fields[0]?.path).toBe('idNumber');
  });

  it('calls the sign-in redirect on 401, but not for a failed login', async () => {
    const onUnauthenticated = vi.fn();
    setUnauthenticatedHandler(onUnauthenticated);
    mockFetch(401, { error: { code: 'invalid_credentials', message: '用户名或密码错误' } });
    await expect(api.post('/auth/login', { username: 'x', password: 'y' })).rejects.toMatchObject({
      code: 'invalid_credentials',
    });
    expect(onUnauthenticated).not.toHaveBeenCalled();

    mockFetch(401, { error: { code: 'unauthenticated', message: '请先登录' } });
    await expect(api.get('/org/units')).rejects.toBeInstanceOf(ApiError);
    expect(onUnauthenticated).toHaveBeenCalledTimes(1);
  });
});
