import { expect } from 'vitest';
import type { Village, World } from '../builders.ts';
import type { Session } from '../test-app.ts';

/** A village with `n` party members (persons), its secretary, the township office and the county. */
export async function partyVillage(w: World, n = 5, input: { memberCount?: number; name?: string } = {}) {
  const village = await w.village(input);
  const members: { id: number; name: string }[] = [];
  for (let i = 0; i < n; i++) {
    const name = `党员${village.id}-${i + 1}`;
    const p = await w.person({ unit: village, name, partyMember: true, idNumber: null, phone: null });
    members.push({ id: p.id, name });
  }
  return { village, members };
}

export async function sessions(w: World, village: Village) {
  const secretary = await w.user({ role: 'village_secretary', unit: village });
  const township = await w.user({ role: 'township_admin', unit: village.township });
  const county = await w.user({ role: 'county_admin', unit: await w.county() });
  return {
    users: { secretary, township, county },
    s: {
      secretary: await w.login(secretary),
      township: await w.login(township),
      county: await w.login(county),
    },
  };
}

export async function meeting(
  s: Session,
  village: Village,
  input: {
    type: string;
    heldOn: string;
    attendance: { personId: number; status: 'present' | 'leave' | 'absent' }[];
    topic?: string;
    fixedActions?: { action: string; done: boolean; note?: string }[];
    items?: string[];
  },
) {
  const res = await s.post('/api/party-life/meetings', {
    unitId: village.id,
    topic: '学习贯彻会议精神',
    ...input,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as {
    id: number;
    quorate: boolean;
    expected: number;
    present: number;
    makeUps: { personId: number; deadline: string; reason: string }[];
  };
}

export const present = (members: { id: number }[]) =>
  members.map((m) => ({ personId: m.id, status: 'present' as const }));
