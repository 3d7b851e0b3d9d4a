import type { DemoSeeder } from '../../../kernel/seeding.ts';
import {
  fictionalIdNumber,
  insertChunked,
  nextIds,
  personName,
  resetSequences,
  UnitTree,
} from '../../../kernel/seed-kit.ts';
import { protectedIdentity } from '../../persons/index.ts';
import { addCountyTownships } from './county.ts';
import { COMMUNITY, DISTRICTS, INVENTED_VILLAGES, NAMED_VILLAGES } from './zhangzhuang.ts';

export const GRID_WORKERS_PER_VILLAGE = 3;
export const JUDGES = 9;

const pad = (n: number, w: number) => String(n).padStart(w, '0');

/**
 * The demo township: 河南省 › 濮阳市 › 范县 › 张庄镇 › 5 management districts › 55 villages and the relocation
 * community, a branch and a grid station each, 3 grid workers per village, the people behind them, and every demo
 * account; beside it the county's eleven other townships with generated villages (county.ts). Runs first; the other modules' demo records hang off the township it sets.
 */
export const seedOrgDemo: DemoSeeder = async (ctx) => {
  const { trx, dialect, keys, clock, random, passwordHash } = ctx;
  const now = clock.now();
  const ids = await nextIds(trx);
  const tree = new UnitTree(ids.unit, now);
  const province = tree.add(null, 'province', '410000000000', '河南省');
  const city = tree.add(province, 'city', '410900000000', '濮阳市');
  const county = tree.add(city, 'county', '410926000000', '范县');
  const township = tree.add(county, 'township', '410926106000', '张庄镇');
  const districts = DISTRICTS.map((name, i) =>
    tree.add(township, 'district', `410926106G${pad(i + 1, 2)}`, name, i),
  );

  const villageNames = [...NAMED_VILLAGES, ...INVENTED_VILLAGES];
  const villages = villageNames.map((name, i) => {
    const district = districts[i % districts.length]!;
    return {
      ...tree.add(district, 'village', `410926106${pad(201 + i, 3)}`, name, i),
      kind: 'rural' as const,
    };
  });
  const community = {
    ...tree.add(
      districts[districts.length - 1]!,
      'community',
      `410926106${pad(201 + villages.length, 3)}`,
      COMMUNITY,
      99,
    ),
    kind: 'urban' as const,
  };
  const units = [...villages, community];
  // The county's other eleven townships and their generated villages (bare units, labelled illustrative).
  const otherTownships = addCountyTownships(tree, county, units.length);
  await insertChunked(trx, 'org_units', tree.rows);

  let personId = ids.person;
  let seq = 0;
  const persons: Record<string, unknown>[] = [];
  const newPerson = (unitId: number, tags: string[], partyMember: boolean) => {
    const male = random() < 0.7;
    const birth = {
      y: 1958 + Math.floor(random() * 40),
      m: 1 + Math.floor(random() * 12),
      d: 1 + Math.floor(random() * 28),
    };
    const idNumber = fictionalIdNumber(seq, birth, male);
    const phone = `1380926${pad(seq, 4)}`;
    seq++;
    const { birthDate, gender, ...columns } = protectedIdentity(keys, idNumber, phone);
    const id = personId++;
    persons.push({
      id,
      org_unit_id: unitId,
      name: personName(random, male),
      gender: gender ?? null,
      birth_date: birthDate ?? null,
      ...columns,
      is_party_member: partyMember ? 1 : 0,
      tags: JSON.stringify(tags),
      created_at: now,
      updated_at: now,
    });
    return id;
  };

  const branches: Record<string, unknown>[] = [];
  const stations: Record<string, unknown>[] = [];
  const workers: Record<string, unknown>[] = [];
  const users: Record<string, unknown>[] = [];
  let branchId = ids.branch;
  let stationId = ids.station;
  let workerId = ids.worker;
  let userId = ids.user;
  const user = (
    username: string,
    displayName: string,
    role: string,
    unitId: number,
    personRef: number | null,
  ) =>
    users.push({
      id: userId++,
      username,
      display_name: displayName,
      password_hash: passwordHash,
      role_code: role,
      org_unit_id: unitId,
      person_id: personRef,
      status: 'active',
      failed_logins: 0,
      locked_until: null,
      password_changed_at: now,
      last_login_at: null,
      created_at: now,
      updated_at: now,
    });

  stations.push({
    id: stationId++,
    org_unit_id: township.id,
    kind: 'centre',
    name: '张庄镇网格化管理中心',
    created_at: now,
  });

  const seededUnits: {
    id: number;
    path: string;
    name: string;
    kind: 'rural' | 'urban';
    branchId: number;
    stationId: number;
  }[] = [];
  units.forEach((unit, i) => {
    const secretary = newPerson(unit.id, ['party_member', 'cadre'], true);
    seededUnits.push({ ...unit, branchId, stationId });
    branches.push({
      id: branchId++,
      org_unit_id: unit.id,
      name: `${unit.name}党支部`,
      kind: unit.kind,
      org_type: unit.kind === 'urban' ? 'general_branch' : 'branch',
      secretary_person_id: secretary,
      member_count: 18 + Math.floor(random() * 60),
      is_relocation_community: unit.kind === 'urban' ? 1 : 0,
      created_at: now,
    });
    const station = stationId++;
    stations.push({
      id: station,
      org_unit_id: unit.id,
      kind: 'station',
      name: `${unit.name}网格工作站`,
      created_at: now,
    });
    const secretaryName = persons[persons.length - 1]!.name as string;
    user(
      `secretary${pad(i + 1, 2)}`,
      `${secretaryName}（${unit.name}书记）`,
      'village_secretary',
      unit.id,
      secretary,
    );
    for (let g = 0; g < GRID_WORKERS_PER_VILLAGE; g++) {
      const person = newPerson(unit.id, ['grid_worker', 'legal_literate'], random() < 0.4);
      workers.push({
        id: workerId++,
        person_id: person,
        station_id: station,
        org_unit_id: unit.id,
        since: '2022-03-01',
        created_at: now,
      });
      const n = i * GRID_WORKERS_PER_VILLAGE + g + 1;
      user(
        `grid${pad(n, 3)}`,
        `${persons[persons.length - 1]!.name as string}（网格员）`,
        'grid_worker',
        unit.id,
        person,
      );
    }
  });

  user('county', '范县县委组织部', 'county_admin', county.id, null);
  user('township', '张庄镇党委组织办', 'township_admin', township.id, null);
  user('centre', '张庄镇网格化管理中心', 'grid_centre', township.id, null);
  districts.forEach((d, i) => user(`district${i + 1}`, `${d.name}负责人`, 'district_leader', d.id, null));
  for (let j = 1; j <= JUDGES; j++) user(`judge${pad(j, 2)}`, `观摩评委${j}`, 'judge', township.id, null);
  user('auditor', '张庄镇审计员', 'auditor', township.id, null);

  await insertChunked(trx, 'persons', persons);
  await insertChunked(trx, 'party_branches', branches);
  await insertChunked(trx, 'grid_stations', stations);
  await insertChunked(trx, 'grid_workers', workers);
  await insertChunked(trx, 'users', users);
  await resetSequences(trx, dialect, [
    'org_units',
    'persons',
    'party_branches',
    'grid_stations',
    'grid_workers',
    'users',
  ]);

  ctx.setTown({ county, township, districts, units: seededUnits, otherTownships });

  Object.assign(ctx.counts, {
    units: tree.rows.length,
    branches: branches.length,
    stations: stations.length,
    gridWorkers: workers.length,
    persons: persons.length,
    users: users.length,
  });
};
