import type { PublicityPublishInput } from '@fivestar/common';
import type { CurrentUser } from '../../src/http/current-user.ts';
import { loadCurrentUser } from '../../src/modules/auth/index.ts';
import { publicityModule, type PublicityService } from '../../src/modules/publicity/index.ts';
import { createWorld, type BuiltUser, type Unit, type Village, type World } from '../builders.ts';

/**
 * A world for the publicity tests: two townships, a village in the first, the first township's officer (who
 * publishes and handles objections) and the other township's officer (who must see none of it).
 */
export interface PublicityWorld extends World {
  home: Village;
  other: Unit;
  officer: BuiltUser;
  stranger: BuiltUser;
  publicity: PublicityService;
  /** The service's `publish`, in its own transaction, as `actor` (default: the officer). */
  publish(input?: Partial<PublicityPublishInput>, actor?: BuiltUser): Promise<{ id: number; endsOn: string }>;
  current(user: BuiltUser): Promise<CurrentUser>;
}

export async function publicityWorld(
  options: Parameters<typeof createWorld>[0] = {},
): Promise<PublicityWorld> {
  const w = await createWorld(options);
  const home = await w.village({ name: '东岭村' });
  const other = await w.township({ name: '西河镇' });
  const officer = await w.user({ role: 'township_admin', unit: home.township });
  const stranger = await w.user({ role: 'township_admin', unit: other });
  const publicity = w.app.module(publicityModule);
  const current = async (user: BuiltUser) => (await loadCurrentUser(w.database.db, user.id))!;
  return {
    ...w,
    home,
    other,
    officer,
    stranger,
    publicity,
    current,
    async publish(input = {}, actor = officer) {
      const me = await current(actor);
      return w.database.db.transaction().execute((trx) =>
        publicity.publish(
          trx,
          me,
          {
            source: 'contests',
            sourceId: 1,
            unitId: home.township.id,
            title: '2026年第四季度观摩评比结果公示',
            items: [
              { ref: `unit:${home.id}`, label: home.name, detail: '第一名' },
              { ref: 'unit:999', label: '南坡村', detail: '第二名' },
            ],
            ...input,
          },
          '10.0.0.1',
        ),
      );
    },
  };
}
