import type { ScaleSeeder } from '../../../kernel/seeding.ts';

export const partylifeScaleSeeder: ScaleSeeder = async () => {};
