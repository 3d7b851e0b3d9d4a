import { LIVING_ENVIRONMENT_CRITERIA } from '@fivestar/common';
import type { Session } from '../test-app.ts';
import type { BuiltUser, Unit, Village, World } from '../builders.ts';

/** A sheet of the living-environment template adding up to `total` (criteria filled in order up to their maximum). */
export function sheetFor(total: number) {
  let left = total;
  return LIVING_ENVIRONMENT_CRITERIA.map((c) => {
    const score = Math.min(c.max, left);
    left -= score;
    return { code: c.code, score };
  });
}

export interface ContestWorld {
  township: Unit;
  villages: Village[];
  chair: BuiltUser;
  judges: BuiltUser[];
  secretary: BuiltUser;
  s: Record<'chair' | 'j1' | 'j2' | 'j3' | 'j4' | 'j5' | 'sec', Session>;
}

/** A township with `n` villages, its office (the chair), five judges and the first village's secretary. */
export async function contestWorld(w: World, n = 6): Promise<ContestWorld> {
  const villages: Village[] = [];
  for (let i = 0; i < n; i++) villages.push(await w.village({ name: `评比${i + 1}村` }));
  const township = villages[0]!.township;
  const chair = await w.user({ role: 'township_admin', unit: township, displayName: '镇党委组织委员' });
  const judges: BuiltUser[] = [];
  for (let i = 1; i <= 5; i++)
    judges.push(
      await w.user({
        role: 'judge',
        unit: township,
        username: `cj${i}-${township.id}`,
        displayName: `评委${i}`,
      }),
    );
  const secretary = await w.user({ role: 'village_secretary', unit: villages[0]!, displayName: '一村书记' });
  const [j1, j2, j3, j4, j5] = await Promise.all(judges.map((j) => w.login(j)));
  const s = {
    chair: await w.login(chair),
    j1: j1!,
    j2: j2!,
    j3: j3!,
    j4: j4!,
    j5: j5!,
    sec: await w.login(secretary),
  };
  return { township, villages, chair, judges, secretary, s };
}

export async function templateId(s: Session, code = 'living_environment'): Promise<number> {
  const res = await s.get('/api/contests/templates');
  const t = (res.json() as { id: number; code: string }[]).find((x) => x.code === code);
  if (!t) throw new Error(`no template ${code}: ${res.body}`);
  return t.id;
}
