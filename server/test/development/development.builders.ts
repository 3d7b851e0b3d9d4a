import type { RegistryCode } from '@fivestar/common';
import type { Session } from '../test-app.ts';
import type { Unit, World } from '../builders.ts';

/** Builders for the development registries: records through the API, as a clerk makes them. */
export async function createRecord(
  s: Session,
  registry: RegistryCode,
  values: Record<string, unknown>,
  parentId?: number,
) {
  const res = await s.post(`/api/development/registries/${registry}`, {
    ...(parentId !== undefined ? { parentId } : {}),
    values,
  });
  if (res.statusCode !== 201) throw new Error(`create ${registry}: ${res.statusCode} ${res.body}`);
  return res.json<{ id: number; version: number; unitId: number }>();
}

export async function trainingSession(
  s: Session,
  unit: Unit,
  input: { startDate?: string; endDate?: string; topic?: string } = {},
) {
  return createRecord(s, 'trainingSessions', {
    unit: unit.id,
    topic: input.topic ?? 'planting',
    title: '小麦高产栽培技术培训',
    startDate: input.startDate ?? '2026-10-10',
    endDate: input.endDate ?? input.startDate ?? '2026-10-10',
    place: '镇便民服务中心',
    trainer: '农技站',
  });
}

/** A person born on the given date (a fictional, valid ID number). */
export async function personBorn(w: World, unit: Unit, birth: string, name?: string) {
  const [y, m, d] = birth.split('-').map(Number) as [number, number, number];
  return w.person({ unit, birth: { y, m, d }, ...(name ? { name } : {}) });
}
