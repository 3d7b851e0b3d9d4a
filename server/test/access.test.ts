import { BUILTIN_ROLES, ROUTE_ACCESS, type Access, type RoleCode } from '@fivestar/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { createWorld, type BuiltUser, type World } from './builders.ts';
import { FAST_HASH, login, TEST_KEYS, type Session } from './test-app.ts';

const declared = Object.entries(ROUTE_ACCESS) as [string, Access][];
// Logging out ends the session, so it is called last.
const ordered = [
  ...declared.filter(([k]) => k !== 'POST /api/auth/logout'),
  ['POST /api/auth/logout', 'authenticated'],
] as [string, Access][];

function urlOf(key: string) {
  return key.split(' ')[1]!.replace(/:id/g, '1');
}

/**
 * Every route × every built-in role (and anonymous) against the declared table. The whole file reads one small world
 * (a village and one account per role at the level it works at): the checks send empty bodies, which the routes
 * refuse before writing anything, so no test changes what another sees.
 */
describe('the declared permission table', () => {
  let ctx: World;
  let accounts: Record<RoleCode, BuiltUser>;
  beforeAll(async () => {
    ctx = await createWorld();
    accounts = await ctx.everyRole(await ctx.village());
  });
  afterAll(async () => ctx.close());

  it('has exactly the routes the app registers', () => {
    const registered = ctx.app.registeredRoutes.map((r) => `${r.method} ${r.url}`).sort();
    expect(registered).toEqual(Object.keys(ROUTE_ACCESS).sort());
  });

  it('a route missing from the table stops the app from starting', async () => {
    const app = await buildApp({ database: ctx.database, keys: TEST_KEYS, hashCost: FAST_HASH });
    expect(() => app.get('/api/not-declared', async () => 'x')).toThrow(/not declared in a route contract/);
    await app.close();
  });

  it('every built-in role has an account under test, with that role', async () => {
    for (const role of BUILTIN_ROLES) {
      const me = (await (await login(ctx.app, accounts[role.code].username)).get('/api/me')).json();
      expect(me.user.role, role.code).toBe(role.code);
      expect(me.user.permissions, role.code).toEqual(role.permissions);
    }
  });

  it('anonymous callers get 401 on every non-public route and never 401/403 on public ones', async () => {
    for (const [key, access] of ordered) {
      const [method] = key.split(' ');
      const res = await ctx.app.inject({
        method: method as 'GET',
        url: urlOf(key),
        payload: method === 'GET' ? undefined : {},
      });
      if (access === 'public') expect([401, 403], key).not.toContain(res.statusCode);
      else expect(res.statusCode, key).toBe(401);
    }
  });

  for (const role of BUILTIN_ROLES) {
    it(`${role.code} gets exactly what the table grants on every route`, async () => {
      const session: Session = await login(ctx.app, accounts[role.code].username);
      for (const [key, access] of ordered) {
        const [method] = key.split(' ');
        if (key === 'POST /api/auth/login') continue;
        const res = await session.request(method!, urlOf(key), method === 'GET' ? undefined : {});
        const allowed =
          access === 'public' || access === 'authenticated' || role.permissions.includes(access as never);
        if (allowed) {
          expect([401, 403], `${role.code} ${key} → ${res.statusCode} ${res.body}`).not.toContain(
            res.statusCode,
          );
        } else {
          expect(res.statusCode, `${role.code} ${key}`).toBe(403);
          expect(res.json().error.code).toBe('forbidden');
        }
      }
    });
  }
});
