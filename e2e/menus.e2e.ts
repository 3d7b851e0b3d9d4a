import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, login, newPage, screenshot } from './support';

/**
 * Every menu entry and every home tile, for every role that has a demo account, on a desktop and on a phone: each
 * must open a page that shows something. A page counts as **empty** when, once its spinners are gone and the
 * network is quiet,
 *   - the content area (`.fs-content`) has no heading (h1–h5), tab or card title, or fewer than 10 characters
 *     of text, or
 *   - an error boundary or a 403/404/error result is shown,
 * and the visit fails as well on any console error or uncaught exception, on any request that fails, and on any
 * answer of 400 or above. On the phone, a tile tapped far down the home page must open its page at the top.
 */
const ROLES = ['county', 'township', 'centre', 'district1', 'secretary01', 'grid001', 'judge01', 'auditor'];

interface Visit {
  requests: string[];
}

function watchRequests(page: Page): Visit {
  const visit: Visit = { requests: [] };
  page.on('requestfailed', (r) =>
    visit.requests.push(`failed ${r.method()} ${r.url()}: ${r.failure()?.errorText}`),
  );
  page.on('response', (r) => {
    if (r.status() >= 400) visit.requests.push(`${r.status()} ${r.request().method()} ${r.url()}`);
  });
  return visit;
}

async function settle(page: Page): Promise<void> {
  await expect
    .poll(() =>
      page
        .locator('.ant-spin-spinning, .fs-bare-spin, .ant-skeleton-active, [data-testid="nav-loading"]')
        .count(),
    )
    .toBe(0);
  await page.waitForLoadState('networkidle');
}

/** What the content area shows: '' when it shows a page, else why it counts as empty. */
async function emptiness(page: Page): Promise<string> {
  return page.evaluate(() => {
    const failure = document.querySelector(
      '[data-testid="route-error"], [data-testid="no-permission"], .ant-result-error, .ant-result-404, .ant-result-403, .ant-result-500',
    );
    if (failure) return `error shown: ${(failure as HTMLElement).innerText.slice(0, 120)}`;
    const main = document.querySelector<HTMLElement>('.fs-content');
    if (!main) return 'no content area';
    const text = main.innerText.trim();
    if (text.length < 10) return `content area nearly blank: "${text}"`;
    if (!main.querySelector('h1, h2, h3, h4, h5, [role="tab"], .ant-card-head-title'))
      return `no heading in the content area: "${text.slice(0, 80)}"`;
    return '';
  });
}

async function openMenu(page: Page, phone: boolean): Promise<void> {
  if (!phone) return;
  await page.getByTestId('menu-toggle').click();
  await page.locator('.ant-drawer-open [data-testid="main-menu"]').waitFor();
}

async function menuKeys(page: Page, phone: boolean): Promise<string[]> {
  await openMenu(page, phone);
  const menu = page.locator(
    phone ? '.ant-drawer-open [data-testid="main-menu"]' : '[data-testid="main-menu"]',
  );
  const ids = await menu
    .locator('[data-testid^="menu-"]')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-testid') ?? ''));
  if (phone) {
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('.ant-drawer-open').count()).toBe(0);
  }
  return ids.filter((id) => !id.startsWith('menu-count-')).map((id) => id.slice('menu-'.length));
}

async function expectShown(page: Page, what: string, errors: string[], visit: Visit): Promise<void> {
  await settle(page);
  // A page still arriving (its chunk, its first answer) is waited for; one that stays empty fails.
  await expect.poll(() => emptiness(page), { message: what }).toBe('');
  await settle(page);
  expect(errors, what).toEqual([]);
  expect(visit.requests, what).toEqual([]);
}

describe('every menu entry and home tile opens a page', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  for (const phone of [false, true]) {
    for (const role of ROLES) {
      const device = phone ? 'phone' : 'desktop';
      it(`${role} on the ${device}`, async () => {
        const { context, page, errors } = await newPage(browser, { phone });
        try {
          await login(page, role);
          const visit = watchRequests(page);
          await expectShown(page, `${role}: home`, errors, visit);

          // Every home tile, from the home page.
          const tiles = await page
            .locator('[data-testid^="quick-"]')
            .evaluateAll((els) => els.map((e) => [e.getAttribute('data-testid')!, e.getAttribute('href')!]));
          expect(tiles.length, `${role} has home tiles`).toBeGreaterThan(0);
          const homeScrolls = await page.evaluate(
            () => document.documentElement.scrollHeight > window.innerHeight + 100,
          );
          let tappedFarDown = 0;
          for (const [testId, href] of tiles) {
            await page.getByTestId('welcome-card').waitFor();
            await settle(page);
            const tile = page.getByTestId(testId!);
            await tile.scrollIntoViewIfNeeded();
            if ((await page.evaluate(() => window.scrollY)) > 0) tappedFarDown += 1;
            await tile.click();
            await page.waitForURL((url) => url.pathname.startsWith(href!));
            // The router changes the address first and renders the next page in a transition: until it has, the
            // home page (scrolled as it was) is still what shows.
            await expect.poll(() => page.getByTestId('welcome-card').count()).toBe(0);
            await expectShown(page, `${role} ${device}: tile ${testId}`, errors, visit);
            // A tap far down the home page opens the next page at its top.
            expect(await page.evaluate(() => window.scrollY), `${role}: ${testId} opens at the top`).toBe(0);
            await page.goBack();
            await page.waitForURL((url) => url.pathname === '/');
          }
          // A home page longer than the screen has tiles below the fold: the reset above was put to work.
          if (homeScrolls) expect(tappedFarDown, `${role}: tiles tapped below the fold`).toBeGreaterThan(0);
          await screenshot(page, `menus-${role}-${device}-home`);

          // Every menu entry.
          const keys = await menuKeys(page, phone);
          expect(keys, `${role}: the menu has home`).toContain('home');
          expect(keys.length, `${role}: one menu entry per tile, and home`).toBe(tiles.length + 1);
          for (const key of keys) {
            // A page drawn outside the app's frame (the grid worker's report form) has no menu: its header leads
            // back to the home page, and from there the menu goes on.
            if ((await page.getByTestId('lite-home').count()) > 0) {
              await page.getByTestId('lite-home').click();
              await page.getByTestId('welcome-card').waitFor();
            }
            await openMenu(page, phone);
            await page
              .locator(phone ? '.ant-drawer-open' : '[data-testid="main-menu"]')
              .getByTestId(`menu-${key}`)
              .click();
            if (phone) await expect.poll(() => page.locator('.ant-drawer-open').count()).toBe(0);
            await expectShown(page, `${role} ${device}: menu ${key}`, errors, visit);
            await screenshot(page, `menus-${role}-${device}-${key}`, { fullPage: false });
          }
        } finally {
          await context.close();
        }
      });
    }
  }
});
