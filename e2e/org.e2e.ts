import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, launchBrowser, login, newPage, openFromMenu, screenshot } from './support';

/** Text of the branch table's pagination total, e.g. "共 55 个支部". */
const branchTotal = (page: Page) => page.getByTestId('branch-total').innerText();

/** Waits until no loading spinner is left and its fade-out has finished, so screenshots are crisp. */
async function settle(page: Page): Promise<void> {
  await expect.poll(() => page.locator('.ant-spin-spinning, .ant-spin-blur').count()).toBe(0);
  await page.waitForTimeout(300);
}

describe('organisation browser', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('township office browses the tree, finds a branch by pinyin and opens it (desktop)', async () => {
    const { context, page, errors } = await newPage(browser);
    try {
      await login(page, 'township');
      await expect.poll(() => page.getByTestId('menu-users').isVisible()).toBe(true);

      await openFromMenu(page, 'org', { path: '/org' });
      const tree = page.getByTestId('org-tree');
      const nodes = tree.locator('[data-testid^="org-node-"]');
      await expect.poll(() => nodes.first().innerText()).toContain('张庄镇');
      // the root is expanded on arrival and lists the five management districts
      await expect.poll(() => nodes.count()).toBe(6);
      await expect.poll(() => tree.innerText()).toContain('王德隆管区');

      // expand one 管区 lazily: its villages appear under it
      const district = tree
        .locator('.ant-tree-treenode')
        .filter({ has: page.getByText('王德隆管区', { exact: true }) });
      await district.locator('.ant-tree-switcher').click();
      await expect.poll(() => tree.innerText()).toContain('王德隆村');
      expect(await nodes.count()).toBeGreaterThan(6);

      await expect.poll(() => branchTotal(page)).toMatch(/\b55\b/);
      await settle(page);
      await screenshot(page, 'org-desktop');

      // pinyin initials: "wdl" finds 王德隆村
      const search = page.getByTestId('branch-search').locator('input');
      await search.fill('wdl');
      await search.press('Enter');
      const table = page.getByTestId('branch-table');
      await expect.poll(() => branchTotal(page)).not.toMatch(/\b55\b/);
      await expect.poll(() => table.innerText()).toContain('王德隆村');

      await table
        .getByRole('link', { name: /王德隆村/ })
        .first()
        .click();
      await page.waitForURL(/\/org\/branches\/\d+$/);
      await expect.poll(() => page.getByTestId('branch-name').innerText()).toContain('王德隆村');
      await expect.poll(() => page.getByTestId('grid-worker').count()).toBe(3);

      await page.getByTestId('menu-users').click();
      await page.waitForURL(/\/users$/);
      const users = page.getByTestId('users-table');
      await expect.poll(() => users.locator('tbody tr.ant-table-row').count()).toBeGreaterThan(0);
      await settle(page);
      await screenshot(page, 'users-desktop');

      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('a village secretary sees only their own village, its accounts read-only, and no audit log (phone)', async () => {
    const { context, page, errors } = await newPage(browser, { phone: true });
    try {
      await login(page, 'secretary01');
      await openFromMenu(page, 'org', { phone: true, path: '/org' });

      await expect.poll(() => branchTotal(page)).toMatch(/\b1\b/);
      await expect.poll(() => page.getByTestId('branch-card').count()).toBe(1);
      const village = await page.getByTestId('unit-name').innerText();
      expect(village).toMatch(/[村区]$/);
      expect(await page.getByTestId('branch-card').first().innerText()).toContain(village);
      // on phones the tree lives in a drawer behind "切换单位"; a one-village scope has nothing to switch to
      expect(await page.getByTestId('org-unit-switch').count()).toBe(0);
      await settle(page);
      await screenshot(page, 'org-phone');

      // the menu (a drawer on phones) has the village's accounts but no audit log
      await page.getByTestId('menu-toggle').click();
      await expect.poll(() => page.getByTestId('menu-org').isVisible()).toBe(true);
      expect(await page.getByTestId('menu-audit').count()).toBe(0);
      await page.getByTestId('menu-users').click();
      await expect.poll(() => page.getByTestId('users-table').innerText()).toContain('grid003');
      const accounts = await page.getByTestId('users-table').innerText();
      expect(accounts).toContain('secretary01');
      expect(accounts).not.toContain('grid004'); // the next village's grid worker
      expect(accounts).not.toContain('township');
      expect(await page.getByTestId('user-create').count()).toBe(0); // read-only: no user:admin
      await settle(page);
      await screenshot(page, 'users-phone');

      // Typed by hand (the menu has no such entry): the page refuses.
      await page.goto(`${baseUrl()}/audit`);
      await expect.poll(() => page.getByTestId('no-permission').isVisible()).toBe(true);

      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
