import type { PersonTag, RoleCode } from '@fivestar/common';
import { hashPassword } from '../src/security/crypto.ts';
import { pinyinKeys } from '../src/security/pinyin.ts';
import { fictionalIdNumber } from '../src/kernel/seed-kit.ts';
import { protectedIdentity } from '../src/modules/persons/index.ts';
import {
  createTestApp,
  FAST_HASH,
  login,
  TEST_KEYS,
  TEST_PASSWORD,
  type Session,
  type TestContext,
} from './test-app.ts';

/**
 * Typed builders: each test builds the small world it needs on a fresh database (no demo township), so it depends
 * on no other test and on none of the demo's counts.
 *
 *   const w = await createWorld();
 *   const village = await w.village();                  // a township, its district and one village with a branch
 *   const secretary = await w.user({ role: 'village_secretary', unit: village });
 *   const s = await w.login(secretary);
 *
 * Module builders (e.g. `seedEvent` in grid.builders.ts) take the world and add their records.
 */
export interface Unit {
  id: number;
  path: string;
  name: string;
  level: string;
}
export interface Village extends Unit {
  branchId: number;
  stationId: number;
  township: Unit;
  district: Unit;
}
export interface BuiltUser {
  id: number;
  username: string;
  unitId: number;
  role: RoleCode;
}

export interface World extends TestContext {
  /** 河南省 › 测试市 › 测试县 (made once; each `township()` adds a township under it). */
  county(): Promise<Unit>;
  /** A bare unit of any level under any unit (another county, a village right under the city): no branch, no station. */
  unitUnder(parent: Unit, level: string, name: string): Promise<Unit>;
  township(input?: { name?: string }): Promise<Unit>;
  district(input?: { township?: Unit; name?: string }): Promise<Unit>;
  /** A village (or community) with its party branch and grid station; `secretary`: the branch's secretary too. */
  village(input?: {
    name?: string;
    district?: Unit;
    kind?: 'rural' | 'urban';
    memberCount?: number;
    secretary?: { name?: string; phone?: string };
  }): Promise<Village>;
  /** An account; its password is TEST_PASSWORD unless given. */
  user(input: {
    role: RoleCode;
    unit: Unit;
    username?: string;
    displayName?: string;
    password?: string;
  }): Promise<BuiltUser>;
  /** One account of every built-in role, each at the level it works at, around one village. */
  everyRole(village: Village): Promise<Record<RoleCode, BuiltUser>>;
  person(input: {
    unit: Unit;
    name?: string;
    idNumber?: string | null;
    phone?: string | null;
    tags?: PersonTag[];
    partyMember?: boolean;
    birth?: { y: number; m: number; d: number };
    male?: boolean;
  }): Promise<{ id: number; idNumber: string | null; phone: string | null }>;
  /** A grid worker on the village's station: the person, the worker row and the account (a string: its username). */
  gridWorker(
    village: Village,
    input?: string | { username?: string; phone?: string },
  ): Promise<BuiltUser & { personId: number; phone: string }>;
  login(user: BuiltUser | string, password?: string): Promise<Session>;
}

let seq = 0;
const next = () => ++seq;

/** A fresh database and app with the roles only; builders add the rest. */
export async function createWorld(options: Parameters<typeof createTestApp>[0] = {}): Promise<World> {
  const ctx = await createTestApp({ ...options, seed: false });
  const { db } = ctx.database;
  const now = ctx.clock.now();
  const passwordHash = await hashPassword(TEST_PASSWORD, FAST_HASH);
  /** The builders write the tree directly, as another process would: they bump the org module's cached counts. */
  const orgChanged = () => ctx.app.caches.bump(db, 'org');

  async function unit(parent: Unit | null, level: string, name: string): Promise<Unit> {
    const n = next();
    const row = await db
      .insertInto('org_units')
      .values({
        parent_id: parent?.id ?? null,
        level,
        code: `T${String(n).padStart(10, '0')}`,
        name,
        path: '/',
        pinyin: pinyinKeys(name),
        sort: n,
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const path = `${parent ? parent.path : '/'}${row.id}/`;
    await db.updateTable('org_units').set({ path }).where('id', '=', row.id).execute();
    await orgChanged();
    return { id: row.id, path, name, level };
  }

  let countyUnit: Unit | null = null;
  let firstTownship: Unit | null = null;
  let firstDistrict: Unit | null = null;
  const districtTownship = new Map<number, Unit>();

  const world: World = {
    ...ctx,
    unitUnder: (parent, level, name) => unit(parent, level, name),
    async county() {
      if (!countyUnit) {
        const province = await unit(null, 'province', '河南省');
        const city = await unit(province, 'city', '测试市');
        countyUnit = await unit(city, 'county', '测试县');
      }
      return countyUnit;
    },
    async township(input = {}) {
      const t = await unit(await world.county(), 'township', input.name ?? `测试${next()}镇`);
      await db
        .insertInto('grid_stations')
        .values({ org_unit_id: t.id, kind: 'centre', name: `${t.name}网格化管理中心`, created_at: now })
        .execute();
      await orgChanged();
      firstTownship ??= t;
      return t;
    },
    async district(input = {}) {
      const township = input.township ?? firstTownship ?? (await world.township());
      const d = await unit(township, 'district', input.name ?? `第${next()}管区`);
      districtTownship.set(d.id, township);
      firstDistrict ??= d;
      return d;
    },
    async village(input = {}) {
      const district = input.district ?? firstDistrict ?? (await world.district());
      const kind = input.kind ?? 'rural';
      const v = await unit(
        district,
        kind === 'urban' ? 'community' : 'village',
        input.name ?? `测试${next()}村`,
      );
      const branch = await db
        .insertInto('party_branches')
        .values({
          org_unit_id: v.id,
          name: `${v.name}党支部`,
          kind,
          org_type: kind === 'urban' ? 'general_branch' : 'branch',
          secretary_person_id: null,
          member_count: input.memberCount ?? 30,
          is_relocation_community: 0,
          created_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const station = await db
        .insertInto('grid_stations')
        .values({ org_unit_id: v.id, kind: 'station', name: `${v.name}网格工作站`, created_at: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (input.secretary) {
        const secretary = await world.person({
          unit: v,
          name: input.secretary.name,
          phone: input.secretary.phone,
          partyMember: true,
          tags: ['party_member', 'cadre'],
        });
        await db
          .updateTable('party_branches')
          .set({ secretary_person_id: secretary.id })
          .where('id', '=', branch.id)
          .execute();
      }
      await orgChanged();
      return {
        ...v,
        branchId: branch.id,
        stationId: station.id,
        district,
        township: districtTownship.get(district.id)!,
      };
    },
    async user(input) {
      const username = input.username ?? `${input.role.replace(/_.*/, '')}${next()}`;
      const hash = input.password ? await hashPassword(input.password, FAST_HASH) : passwordHash;
      const row = await db
        .insertInto('users')
        .values({
          username,
          display_name: input.displayName ?? username,
          password_hash: hash,
          role_code: input.role,
          org_unit_id: input.unit.id,
          person_id: null,
          status: 'active',
          failed_logins: 0,
          locked_until: null,
          password_changed_at: now,
          last_login_at: null,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await orgChanged();
      return { id: row.id, username, unitId: input.unit.id, role: input.role };
    },
    async person(input) {
      const n = next();
      const male = input.male ?? n % 2 === 0;
      const idNumber =
        input.idNumber === undefined
          ? fictionalIdNumber(n, input.birth ?? { y: 1980, m: 5, d: 5 }, male)
          : input.idNumber;
      const phone = input.phone === undefined ? `139${String(n).padStart(8, '0')}` : input.phone;
      const { birthDate, gender, ...columns } = protectedIdentity(TEST_KEYS, idNumber, phone);
      const row = await db
        .insertInto('persons')
        .values({
          org_unit_id: input.unit.id,
          name: input.name ?? `测试人${n}`,
          gender: gender ?? null,
          birth_date: birthDate ?? null,
          ...columns,
          is_party_member: input.partyMember ? 1 : 0,
          tags: JSON.stringify(input.tags ?? []),
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return { id: row.id, idNumber, phone };
    },
    async everyRole(village) {
      const { township, district } = village;
      const county = await world.county();
      const unitOf: Record<RoleCode, Unit> = {
        county_admin: county,
        township_admin: township,
        grid_centre: township,
        star_team: township,
        auditor: township,
        district_leader: district,
        village_secretary: village,
        grid_worker: village,
        judge: township,
      };
      const users = {} as Record<RoleCode, BuiltUser>;
      for (const [role, unit] of Object.entries(unitOf) as [RoleCode, Unit][]) {
        users[role] =
          role === 'grid_worker' ? await world.gridWorker(village) : await world.user({ role, unit });
      }
      return users;
    },
    async gridWorker(village, options = {}) {
      const input = typeof options === 'string' ? { username: options } : options;
      const person = await world.person({ unit: village, phone: input.phone, tags: ['grid_worker'] });
      await db
        .insertInto('grid_workers')
        .values({
          person_id: person.id,
          station_id: village.stationId,
          org_unit_id: village.id,
          since: null,
          created_at: now,
        })
        .execute();
      const user = await world.user({ role: 'grid_worker', unit: village, username: input.username });
      await db.updateTable('users').set({ person_id: person.id }).where('id', '=', user.id).execute();
      return { ...user, personId: person.id, phone: person.phone! };
    },
    login: (user, password) => login(ctx.app, typeof user === 'string' ? user : user.username, password),
  };
  return world;
}
