import type { ScaleSeedContext } from '../../../kernel/seeding.ts';

export async function developmentScaleSeeder(_ctx: ScaleSeedContext) {}
