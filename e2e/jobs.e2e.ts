import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, baseUrl, launchBrowser, login, newPage, openFromMenu, screenshot } from './support';

const RESET_PASSWORD = 'Reset-By-Admin-2026!';
const OWN_PASSWORD = 'My-Own-Pass-2026!';

/** Password ageing and the daily jobs as users meet them (docs/security.md items 8 and 21). */
describe('jobs and password ageing', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  for (const phone of [false, true]) {
    const username = phone ? 'grid151' : 'grid150';
    it(`a password reset by an administrator must be changed before anything else (${phone ? 'phone' : 'desktop'})`, async () => {
      const township = await api('township');
      const list = await township.get<{ items: { id: number; username: string }[] }>(
        `/api/users?q=${username}`,
      );
      const user = list.body.items.find((u) => u.username === username)!;
      expect(
        (await township.post(`/api/users/${user.id}/reset-password`, { password: RESET_PASSWORD })).status,
      ).toBe(204);

      const { context, page, errors } = await newPage(browser, { phone });
      try {
        await login(page, username, RESET_PASSWORD);
        await page.waitForURL((url) => url.pathname === '/change-password');
        await expect.poll(() => page.getByTestId('must-change-message').innerText()).toContain('管理员重置');
        await screenshot(page, `jobs-must-change-password-${phone ? 'phone' : 'desktop'}`);

        // Any other page, even typed by hand, sends the user back here.
        await page.goto(`${baseUrl()}/events`);
        await page.waitForURL((url) => url.pathname === '/change-password');

        await page.locator('#must-change-password_currentPassword').fill(RESET_PASSWORD);
        await page.locator('#must-change-password_newPassword').fill(OWN_PASSWORD);
        await page.locator('#must-change-password_confirm').fill(OWN_PASSWORD);
        await page.getByTestId('change-submit').click();
        await page.waitForURL((url) => url.pathname === '/');
        if (!phone) await page.getByTestId('header-user-name').waitFor();
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
      const me = await api(username, OWN_PASSWORD);
      expect((me.user as { mustChangePassword: boolean }).mustChangePassword).toBe(false);
    });
  }

  it('the audit page lists the daily jobs and their last run', async () => {
    const { context, page, errors } = await newPage(browser);
    try {
      await login(page, 'auditor');
      await openFromMenu(page, 'audit', { path: '/audit' });
      const card = page.getByTestId('jobs-card');
      await expect.poll(() => card.innerText()).toContain('停用长期未登录账号');
      await expect.poll(() => card.innerText()).toContain('匿名化到期矛盾纠纷');
      await expect.poll(() => card.innerText()).toContain('超过 90 天未登录');
      await screenshot(page, 'jobs-audit-page');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
