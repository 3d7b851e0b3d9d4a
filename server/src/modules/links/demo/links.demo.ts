import { chinaDate, addCalendarDays } from '@fivestar/common';
import type { DemoSeeder } from '../../../kernel/seeding.ts';
import { insertChunked, nextIds, personName, resetSequences } from '../../../kernel/seed-kit.ts';

/** Villages per township cadre (三联五帮: each village has its 包村干部; a cadre usually keeps several). */
const VILLAGES_PER_CADRE = 5;
const SECTIONS = ['东片', '西片', '南片', '北片'];
const HOUSE_PARTS = ['东院', '西院', '前街', '后街', '北巷', '南巷'];

/**
 * The demo's links: every village linked to one township cadre (accounts cadre01…, star-team members of the
 * township), the secretary and another member keeping sections, party members linked to households, with visits.
 */
export const seedLinksDemo: DemoSeeder = async (ctx) => {
  const { trx, random, clock, passwordHash, dialect } = ctx;
  const { township, units } = ctx.town;
  const now = clock.now();
  const today = chinaDate(now);
  const ids = await nextIds(trx);
  let userId = ids.user;

  const cadreCount = Math.ceil(units.length / VILLAGES_PER_CADRE);
  const users: Record<string, unknown>[] = [];
  const cadres: { id: number; name: string }[] = [];
  for (let c = 0; c < cadreCount; c++) {
    const name = personName(random, random() < 0.6);
    const id = userId++;
    cadres.push({ id, name });
    users.push({
      id,
      username: `cadre${String(c + 1).padStart(2, '0')}`,
      display_name: `${name}（包村干部）`,
      password_hash: passwordHash,
      role_code: 'star_team',
      org_unit_id: township.id,
      person_id: null,
      status: 'active',
      failed_logins: 0,
      locked_until: null,
      password_changed_at: now,
      last_login_at: null,
      created_at: now,
      updated_at: now,
    });
  }
  await insertChunked(trx, 'users', users);
  await resetSequences(trx, dialect, ['users']);

  const members = await trx
    .selectFrom('persons')
    .select(['id', 'org_unit_id', 'name'])
    .where('is_party_member', '=', 1)
    .where(
      'org_unit_id',
      'in',
      units.map((u) => u.id),
    )
    .orderBy('id')
    .execute();
  const membersOf = new Map<number, { id: number; name: string }[]>();
  for (const m of members) membersOf.set(m.org_unit_id, [...(membersOf.get(m.org_unit_id) ?? []), m]);

  const cadreLinks: Record<string, unknown>[] = [];
  const households: Record<string, unknown>[] = [];
  const since = `${today.slice(0, 4)}-01-05`;
  units.forEach((u, i) => {
    const cadre = cadres[Math.floor(i / VILLAGES_PER_CADRE)]!;
    cadreLinks.push({
      kind: 'village',
      org_unit_id: u.id,
      unit_path: u.path,
      user_id: cadre.id,
      person_id: null,
      cadre_name: cadre.name,
      section: '',
      since,
      ended_at: null,
      created_at: now,
    });
    const ms = membersOf.get(u.id) ?? [];
    ms.slice(0, 2).forEach((m, k) =>
      cadreLinks.push({
        kind: 'section',
        org_unit_id: u.id,
        unit_path: u.path,
        user_id: null,
        person_id: m.id,
        cadre_name: m.name,
        section: SECTIONS[k]!,
        since,
        ended_at: null,
        created_at: now,
      }),
    );
    // 1+N+M: the first member leads; each member keeps 3–5 households.
    const lead = ms[0]?.id ?? null;
    for (const m of ms.slice(0, 4)) {
      const n = 3 + Math.floor(random() * 3);
      for (let h = 0; h < n; h++) {
        const head = personName(random, random() < 0.7);
        households.push({
          org_unit_id: u.id,
          unit_path: u.path,
          member_person_id: m.id,
          lead_person_id: m.id === lead ? null : lead,
          household: `${head}户`,
          address: `${u.name}${HOUSE_PARTS[Math.floor(random() * HOUSE_PARTS.length)]}${1 + Math.floor(random() * 40)}号`,
          visits: 0,
          last_visit_on: null,
          ended_at: null,
          created_at: now,
        });
      }
    }
  });
  await insertChunked(trx, 'cadre_links', cadreLinks);
  await insertChunked(trx, 'household_links', households);

  // Visits over the last two months, from the households' own rows.
  const links = await trx
    .selectFrom('household_links')
    .select(['id', 'org_unit_id', 'member_person_id'])
    .execute();
  const visitorOf = new Map(
    (
      await trx
        .selectFrom('users')
        .select(['id', 'person_id', 'display_name'])
        .where('person_id', 'is not', null)
        .execute()
    ).map((u) => [u.person_id!, u]),
  );
  const names = new Map(members.map((m) => [m.id, m.name]));
  const visits: Record<string, unknown>[] = [];
  const NOTES = [
    '了解家庭近况，宣传政策',
    '走访慰问，帮助解决用水问题',
    '收集意见建议两条',
    '宣传反诈知识',
    '协调邻里矛盾',
  ];
  const last = new Map<number, { n: number; on: string }>();
  for (const l of links) {
    const n = Math.floor(random() * 4);
    for (let k = 0; k < n; k++) {
      const on = addCalendarDays(today, -1 - Math.floor(random() * 60));
      const visitor = visitorOf.get(l.member_person_id);
      visits.push({
        link_id: l.id,
        org_unit_id: l.org_unit_id,
        visited_on: on,
        note: NOTES[Math.floor(random() * NOTES.length)]!,
        visitor_id: visitor?.id ?? null,
        visitor_name: visitor?.display_name ?? names.get(l.member_person_id) ?? '',
        created_at: now,
      });
      const prev = last.get(l.id);
      last.set(l.id, { n: (prev?.n ?? 0) + 1, on: prev && prev.on > on ? prev.on : on });
    }
  }
  await insertChunked(trx, 'link_visits', visits);
  for (const [id, v] of last)
    await trx
      .updateTable('household_links')
      .set({ visits: v.n, last_visit_on: v.on })
      .where('id', '=', id)
      .execute();

  Object.assign(ctx.counts, {
    linkedCadres: cadres.length,
    householdLinks: households.length,
    linkVisits: visits.length,
  });
};
