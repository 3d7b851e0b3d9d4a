import cliProgress from 'cli-progress';
import type { ScaleSeeder } from '../../../kernel/seeding.ts';
import {
  fictionalIdNumber,
  idBlock,
  insertChunked,
  resetSequences,
  rng,
  UnitTree,
} from '../../../kernel/seed-kit.ts';
import { protectedIdentity } from '../../persons/index.ts';

const pad = (n: number, w: number) => String(n).padStart(w, '0');

/** Spreads `total` items over `buckets` as evenly as whole numbers allow. */
function spread(total: number, buckets: number): number[] {
  const base = Math.floor(total / buckets);
  return Array.from({ length: buckets }, (_, i) => base + (i < total % buckets ? 1 : 0));
}

/**
 * The organisation's share of `seed:scale`: a Henan-sized tree — 17 cities, 157 counties, ~2,400 townships with 4
 * management districts each — and the branches, one grid station and 3 grid workers per branch, a secretary and
 * grid-worker accounts, and township/county admins. Names are synthetic.
 */
export const seedOrgScale: ScaleSeeder = async (ctx) => {
  const { db, dialect, keys, now, passwordHash } = ctx;
  const branchesTotal = ctx.branches;
  const random = rng(46000);
  const cities = 17;
  const counties = Math.max(cities, Math.round((157 * branchesTotal) / 46000));
  const townships = Math.max(counties, Math.round((2400 * branchesTotal) / 46000));
  const countiesPerCity = spread(counties, cities);
  const townshipsPerCounty = spread(townships, counties);
  const branchesPerTownship = spread(branchesTotal, townships);

  const bar = new cliProgress.SingleBar(
    { format: 'seed:scale [{bar}] {percentage}% | {value}/{total} townships | {eta_formatted} left' },
    cliProgress.Presets.shades_classic,
  );
  bar.start(townships, 0);

  const ids = { unit: 1, person: 1, branch: 1, station: 1, worker: 1, user: 1 };
  let seq = 0;
  let township = 0;
  let county = 0;
  const user = (
    rows: Record<string, unknown>[],
    username: string,
    role: string,
    unitId: number,
    personId: number | null,
  ) =>
    rows.push({
      id: ids.user++,
      username,
      display_name: username,
      password_hash: passwordHash,
      role_code: role,
      org_unit_id: unitId,
      person_id: personId,
      status: 'active',
      failed_logins: 0,
      locked_until: null,
      password_changed_at: now,
      last_login_at: null,
      created_at: now,
      updated_at: now,
    });

  const top = new UnitTree(ids.unit, now, false);
  const province = top.add(null, 'province', '410000000000', '河南省');
  const cityUnits = Array.from({ length: cities }, (_, c) =>
    top.add(province, 'city', `41${pad(c + 1, 2)}00000000`, `第${c + 1}市`, c),
  );
  ids.unit += top.rows.length;
  await insertChunked(db, 'org_units', top.rows);
  const topUsers: Record<string, unknown>[] = [];
  user(topUsers, 'province', 'county_admin', province.id, null);
  await insertChunked(db, 'users', topUsers);

  for (let c = 0; c < cities; c++) {
    for (let k = 0; k < countiesPerCity[c]!; k++, county++) {
      await db.transaction().execute(async (trx) => {
        const tree = new UnitTree(ids.unit, now, false);
        const countyUnit = tree.add(
          cityUnits[c]!,
          'county',
          `41${pad(c + 1, 2)}${pad(k + 1, 2)}000000`,
          `第${county + 1}县`,
          k,
        );
        const persons: Record<string, unknown>[] = [];
        const branches: Record<string, unknown>[] = [];
        const stations: Record<string, unknown>[] = [];
        const workers: Record<string, unknown>[] = [];
        const users: Record<string, unknown>[] = [];
        user(users, `county${county + 1}`, 'county_admin', countyUnit.id, null);
        const newPerson = (unitId: number) => {
          const birth = {
            y: 1950 + idBlock(seq) * 10 + Math.floor(random() * 10),
            m: 1 + Math.floor(random() * 12),
            d: 1 + Math.floor(random() * 28),
          };
          const { birthDate, gender, ...cols } = protectedIdentity(
            keys,
            fictionalIdNumber(seq, birth, seq % 3 !== 0),
            `139${pad(seq, 8)}`,
          );
          seq++;
          const id = ids.person++;
          persons.push({
            id,
            org_unit_id: unitId,
            name: `人员${id}`,
            gender: gender ?? null,
            birth_date: birthDate ?? null,
            ...cols,
            is_party_member: 1,
            tags: '[]',
            created_at: now,
            updated_at: now,
          });
          return id;
        };
        for (let t = 0; t < townshipsPerCounty[county]!; t++, township++) {
          const townUnit = tree.add(
            countyUnit,
            'township',
            `${countyUnit.name}-${t + 1}`,
            `第${township + 1}镇`,
            t,
          );
          user(users, `township${township + 1}`, 'township_admin', townUnit.id, null);
          stations.push({
            id: ids.station++,
            org_unit_id: townUnit.id,
            kind: 'centre',
            name: `${townUnit.name}网格化管理中心`,
            created_at: now,
          });
          const districts = Array.from({ length: 4 }, (_, d) =>
            tree.add(townUnit, 'district', `${township + 1}-G${d + 1}`, `${townUnit.name}第${d + 1}管区`, d),
          );
          for (let b = 0; b < branchesPerTownship[township]!; b++) {
            const village = tree.add(
              districts[b % 4]!,
              'village',
              `${township + 1}-V${b + 1}`,
              `${townUnit.name}${b + 1}村`,
              b,
            );
            const secretary = newPerson(village.id);
            const branchNo = ids.branch;
            branches.push({
              id: ids.branch++,
              org_unit_id: village.id,
              name: `${village.name}党支部`,
              kind: 'rural',
              org_type: 'branch',
              secretary_person_id: secretary,
              member_count: 15 + Math.floor(random() * 60),
              is_relocation_community: 0,
              created_at: now,
            });
            user(users, `s${branchNo}`, 'village_secretary', village.id, secretary);
            const station = ids.station++;
            stations.push({
              id: station,
              org_unit_id: village.id,
              kind: 'station',
              name: `${village.name}网格工作站`,
              created_at: now,
            });
            for (let g = 0; g < 3; g++) {
              const person = newPerson(village.id);
              workers.push({
                id: ids.worker++,
                person_id: person,
                station_id: station,
                org_unit_id: village.id,
                since: '2022-03-01',
                created_at: now,
              });
              user(users, `g${ids.worker - 1}`, 'grid_worker', village.id, person);
            }
          }
          bar.increment();
        }
        ids.unit += tree.rows.length;
        await insertChunked(trx, 'org_units', tree.rows);
        await insertChunked(trx, 'persons', persons);
        await insertChunked(trx, 'party_branches', branches);
        await insertChunked(trx, 'grid_stations', stations);
        await insertChunked(trx, 'grid_workers', workers);
        await insertChunked(trx, 'users', users);
      });
    }
  }
  bar.stop();
  await resetSequences(db, dialect, [
    'org_units',
    'persons',
    'party_branches',
    'grid_stations',
    'grid_workers',
    'users',
  ]);
  Object.assign(ctx.counts, {
    units: ids.unit - 1,
    branches: ids.branch - 1,
    stations: ids.station - 1,
    gridWorkers: ids.worker - 1,
    persons: ids.person - 1,
    users: ids.user - 1,
  });
};
