import type { DemoSeeder } from '../../../kernel/seeding.ts';

export const seedPartyLifeDemo: DemoSeeder = async () => {};
