import { assignJudges } from '@fivestar/common';
import type { DbOrTrx } from '../../db/database.ts';
import type { LinksService } from '../links/index.ts';

/**
 * 回避 by place: a judge may not score a unit they belong to (their unit is the unit or under it), nor one under a
 * unit between the organiser and the unit that they belong to (a 管区 leader in a township round, a township's cadre
 * in a county round). The organiser's own cadres judge every unit of their round.
 */
export function placeConflict(judgePath: string, unitPath: string, organiserPath: string): boolean {
  if (judgePath.startsWith(unitPath)) return true;
  return unitPath.startsWith(judgePath) && judgePath.length > organiserPath.length;
}

export interface ManualExclusion {
  user_id: number;
  org_unit_id: number;
  reason: string;
}

/**
 * Writes a round's 回避 and its balanced assignment: own unit and the units between, linked villages (the links
 * module), and the exclusions entered by hand; then `perUnit` judges per unit, load balanced, none excluded. Called
 * when a round is made and again when a final's units change (advanced winners), after its rows are cleared.
 */
export async function planJudging(
  trx: DbOrTrx,
  links: LinksService,
  round: { id: number; organiserPath: string; perUnit: number },
  judges: { user_id: number; path: string }[],
  /** The units in lot order. */
  order: { id: number; path: string }[],
  manual: ManualExclusion[],
): Promise<{ exclusions: number }> {
  const exclusions = new Map<
    string,
    { user_id: number; org_unit_id: number; reason: string; manual: number }
  >();
  for (const j of judges) {
    const linked = new Set(await links.villagesOf(trx, j.user_id));
    for (const u of order) {
      const key = `${j.user_id}:${u.id}`;
      if (placeConflict(j.path, u.path, round.organiserPath))
        exclusions.set(key, { user_id: j.user_id, org_unit_id: u.id, reason: 'own_unit', manual: 0 });
      else if (linked.has(u.id))
        exclusions.set(key, { user_id: j.user_id, org_unit_id: u.id, reason: 'linked', manual: 0 });
    }
  }
  for (const x of manual) exclusions.set(`${x.user_id}:${x.org_unit_id}`, { ...x, manual: 1 });
  const rows = [...exclusions.values()].map((x) => ({ round_id: round.id, ...x }));
  for (let i = 0; i < rows.length; i += 500)
    await trx
      .insertInto('contest_exclusions')
      .values(rows.slice(i, i + 500))
      .execute();
  const assignment = assignJudges(
    judges.map((j) => j.user_id),
    order.map((u) => u.id),
    round.perUnit,
    (j, u) => !exclusions.has(`${j}:${u}`),
  );
  const assignRows = [...assignment].flatMap(([unit, js]) =>
    js.map((j) => ({ round_id: round.id, user_id: j, org_unit_id: unit })),
  );
  for (let i = 0; i < assignRows.length; i += 500)
    await trx
      .insertInto('contest_assignments')
      .values(assignRows.slice(i, i + 500))
      .execute();
  return { exclusions: exclusions.size };
}
