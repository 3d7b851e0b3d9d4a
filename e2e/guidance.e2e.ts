import { mkdir, copyFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, launchBrowser, login, newPage, screenshot } from './support';

const MARKUP = '<img src=x onerror=alert(1)>';
const SHOTS = '/work/shots/i14b';

/** Saves the screenshot in the repository's screenshots/ and a copy for the review. */
async function shot(page: Page, name: string) {
  const path = await screenshot(page, name);
  await mkdir(SHOTS, { recursive: true }).catch(() => undefined);
  await copyFile(path, `${SHOTS}/${name}.png`).catch(() => undefined);
}

/** No element made from a stored name, and no dialog opened by one. */
async function noMarkup(page: Page, dialogs: string[]) {
  expect(await page.locator('img[src="x"]').count()).toBe(0);
  expect(dialogs).toEqual([]);
}

/**
 * Pages that tell people what to do, and stored names shown as text: markup is put into a village's name and an event
 * type's name, then the map, the board, the statistics and the rating charts are opened through the menu on desktop
 * and phone.
 */
describe('guidance and names as text', () => {
  let browser: Browser;

  // The names changed here are put back afterwards: other files sign in as people of this village.
  let restore: () => Promise<void> = async () => undefined;

  beforeAll(async () => {
    browser = await launchBrowser();
    // The county administers the organisation; the township's office administers its grid's event types.
    const county = await api('county');
    const township = await api('township');
    const map = await county.get<{ features: { properties: { unitId: number } }[] }>('/api/grid/map');
    const village = map.body.features[0]!.properties.unitId;
    const unit = await county.get<{ name: string }>(`/api/org/units/${village}`);
    expect(unit.status).toBe(200);
    const villageName = unit.body.name;
    const types = await township.get<{ id: number; code: string; nameZh: string }[]>('/api/grid/types');
    const type = types.body.find((x) => x.code.includes('.'))!;
    restore = async () => {
      expect((await county.patch(`/api/org/units/${village}`, { name: villageName })).status).toBe(200);
      expect((await township.patch(`/api/grid/types/${type.id}`, { nameZh: type.nameZh })).status).toBe(200);
    };
    expect((await county.patch(`/api/org/units/${village}`, { name: MARKUP })).status).toBe(200);
    expect((await township.patch(`/api/grid/types/${type.id}`, { nameZh: MARKUP })).status).toBe(200);
  });

  afterAll(async () => {
    await restore();
    await browser?.close();
  });

  for (const phone of [false, true]) {
    const v = phone ? 'phone' : 'desktop';
    const menu = async (page: Page, key: string) => {
      if (phone) await page.getByTestId('menu-toggle').click();
      await page.getByTestId(`menu-${key}`).click();
    };

    it(`the centre's board, map and statistics show names as text, with search and guidance (${v})`, async () => {
      const { context, page, errors } = await newPage(browser, { phone });
      const dialogs: string[] = [];
      page.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      try {
        await login(page, 'centre');
        await menu(page, 'events');
        await page.getByTestId('board-search').waitFor();
        await shot(page, `board-${v}`);
        await noMarkup(page, dialogs);
        // Search goes to the server: a word nobody wrote finds nothing.
        await page.getByTestId('board-search').locator('input').fill('没有这样的事件');
        await page.getByTestId('board-search').locator('input').press('Enter');
        await expect.poll(() => page.locator('.ant-table-row').count()).toBe(0);
        for (const tab of ['map', 'stats']) {
          if (phone && tab === 'map') {
            // 风险台账 and 设置 do not fit: the 更多 button shows they are there.
            await page.getByTestId('tabs-more').waitFor();
          }
          await page
            .locator(`[data-node-key="${tab}"]`)
            .first()
            .click({ force: true })
            .catch(async () => {
              await page.getByTestId('tabs-more').click();
              await page.getByRole('menuitem', { name: tab === 'map' ? '网格地图' : '统计' }).click();
            });
          await page.waitForURL((u) => u.pathname.endsWith(`/events/${tab}`));
          await page
            .locator(tab === 'map' ? '[data-testid="grid-map"] canvas' : 'canvas')
            .first()
            .waitFor();
          const canvas = page.locator('canvas').first();
          const box = await canvas.boundingBox();
          if (box) await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
          await shot(page, `events-${tab}-${v}`);
          await noMarkup(page, dialogs);
        }
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    });

    it(`the ratings dashboard opens on the current year and draws names as text (${v})`, async () => {
      const { context, page, errors } = await newPage(browser, { phone });
      const dialogs: string[] = [];
      page.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      try {
        await login(page, 'township');
        await menu(page, 'ratings');
        await page.getByTestId('chart-yoy').locator('canvas').waitFor();
        const year = String(new Date().getFullYear());
        await expect.poll(() => page.getByTestId('year-select').innerText()).toContain(year);
        await shot(page, `ratings-dashboard-${v}`);
        await noMarkup(page, dialogs);
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    });

    it(`the audit log says actions, outcomes and objects in words (${v})`, async () => {
      const { context, page, errors } = await newPage(browser, { phone });
      try {
        await login(page, 'auditor');
        await menu(page, 'audit');
        await page.getByTestId('audit-table').waitFor();
        await expect.poll(() => page.getByTestId('audit-table').innerText()).toContain('登录');
        const text = await page.getByTestId('audit-table').innerText();
        expect(text).not.toContain('auth.login');
        await shot(page, `audit-${v}`);
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    });
  }
});
