import { chinaDate, workbenchContract, type TodoGroup } from '@fivestar/common';
import { languageOf, translate } from '../../http/messages.ts';
import { serve } from '../../http/serve.ts';
import { defineModule } from '../../kernel/module.ts';

const TONE_ORDER = { danger: 0, warning: 1, normal: 2 } as const;

/**
 * The workbench on 首页: the caller's to-dos from every module that lends a source (`todos` in its manifest), counted,
 * the most urgent first, each with the path of the next action; and the counts per menu entry. It knows no module.
 */
export const workbenchModule = defineModule({
  name: 'workbench',
  register: ({ app, db, clock, todoSources }) => {
    serve(app, workbenchContract, {
      get: async ({ user, request }) => {
        const lang = languageOf(request.headers['accept-language']);
        const now = clock.now();
        const ctx = { db, user, now, today: chinaDate(now) };
        const groups: TodoGroup[] = [];
        for (const { source } of todoSources())
          for (const g of await source(ctx))
            if (g.count > 0) groups.push({ ...g, label: translate(g.label, lang) });
        groups.sort((a, b) => TONE_ORDER[a.tone] - TONE_ORDER[b.tone] || b.count - a.count);
        const menu: Record<string, number> = {};
        for (const g of groups) menu[g.nav] = (menu[g.nav] ?? 0) + g.count;
        return { groups, total: groups.reduce((s, g) => s + g.count, 0), menu };
      },
    });
  },
});
