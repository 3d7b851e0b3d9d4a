import type { ScaleSeeder } from '../../../kernel/seeding.ts';

export const supervisionScaleSeeder: ScaleSeeder = async () => {};
