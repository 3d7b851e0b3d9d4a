import type { DemoSeedContext } from '../../../kernel/seeding.ts';

export async function seedDevelopmentDemo(_ctx: DemoSeedContext) {}
