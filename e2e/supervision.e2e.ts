import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, baseUrl, launchBrowser, login, newPage, png, screenshot } from './support';

async function settle(page: Page): Promise<void> {
  await expect.poll(() => page.locator('.ant-spin-spinning, .ant-skeleton-active').count()).toBe(0);
  await page.waitForTimeout(300);
}

/** Opens a menu entry (on a phone, through the drawer). */
async function menu(page: Page, key: string, phone = false) {
  if (phone) await page.getByTestId('menu-toggle').click();
  await page.getByTestId(`menu-${key}`).click();
  await settle(page);
}

const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const daysFrom = (n: number) =>
  new Date(Date.now() + 8 * 3600_000 + n * 86_400_000).toISOString().slice(0, 10);

describe('supervision', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => browser?.close());

  it('a secretary on a phone works a task to 销号 (the township checker signs it off)', async () => {
    const township = await api('township');
    const me = await api('secretary01');
    const unitId = (me.user as { unit: { id: number } }).unit.id;
    const userId = (me.user as { id: number }).id;
    const created = await township.post<{ id: number }>('/api/supervision/items', {
      unitId,
      year: Number(today().slice(0, 4)),
      list: 'task',
      starCode: 'ecology',
      title: '清理村东坑塘垃圾（端到端）',
      measures: '组织党员志愿者清理，设立保洁责任牌',
      evidenceMin: 1,
      ownerUserId: userId,
      deadline: daysFrom(20),
    });
    expect(created.status).toBe(201);
    const id = created.body.id;

    const { page, errors, context } = await newPage(browser, { phone: true });
    await login(page, 'secretary01');
    await settle(page);
    // The workbench names the task with its next action one tap away.
    await expect.poll(() => page.getByTestId('todo-supervision.mine').count()).toBe(1);
    await screenshot(page, 'supervision-phone-home');
    await page.getByTestId('todo-supervision.mine').click();
    await settle(page);
    await screenshot(page, 'supervision-phone-list');
    await page.getByTestId(`item-${id}`).click();
    await settle(page);
    await expect.poll(() => page.getByTestId('next-step').innerText()).toContain('上传');
    const chooser = page.waitForEvent('filechooser');
    await page.getByTestId('action-upload').click();
    await (await chooser).setFiles({ name: '清理后.png', mimeType: 'image/png', buffer: png() });
    await expect.poll(() => page.getByTestId('file-list').innerText()).toContain('清理后.png');
    await expect.poll(() => page.getByTestId('next-step').innerText()).toContain('提交验收');
    await screenshot(page, 'supervision-phone-item');
    await page.getByTestId('action-submit').click();
    await expect.poll(() => page.getByTestId('item-status').innerText()).toBe('待验收');
    await expect.poll(() => page.locator('.ant-message').innerText()).toContain('已提交验收');
    await screenshot(page, 'supervision-phone-submitted');
    expect(errors).toEqual([]);
    await context.close();

    // The township office checks it through the menu and strikes it off.
    const desk = await newPage(browser);
    await login(desk.page, 'township');
    await menu(desk.page, 'supervision');
    await desk.page.getByTestId('mine-checker').click();
    await settle(desk.page);
    await desk.page.getByPlaceholder('搜索事项').fill('端到端');
    await desk.page.getByPlaceholder('搜索事项').press('Enter');
    await settle(desk.page);
    await screenshot(desk.page, 'supervision-desktop-list');
    await desk.page.getByTestId(`item-${id}`).click();
    await settle(desk.page);
    await desk.page.getByTestId('action-close').click();
    await expect.poll(() => desk.page.getByTestId('item-status').innerText()).toBe('已销号');
    await screenshot(desk.page, 'supervision-desktop-closed');
    expect(desk.errors).toEqual([]);
    await desk.context.close();
  });

  it('a supervision team records a finding that becomes a red slip', async () => {
    const { page, errors, context } = await newPage(browser);
    await login(page, 'cadre01');
    await menu(page, 'supervision');
    await page.getByTestId('tab-teams').click();
    await settle(page);
    // The team's last visit: hand over what it found, with a photo, due yesterday.
    await page.getByRole('button', { name: '交办问题' }).first().click();
    await page.getByTestId('finding-star').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '生态宜居星' }).click();
    await page.getByTestId('finding-title').fill('村西沟渠漂浮物未清理');
    const deadline = page.getByTestId('finding-deadline');
    await deadline.click();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type(daysFrom(-1));
    await page.keyboard.press('Enter');
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: '现场照片' }).click();
    await (await chooser).setFiles({ name: '沟渠.png', mimeType: 'image/png', buffer: png() });
    await expect.poll(() => page.getByTestId('finding-card').innerText()).toContain('已添加 1 个附件');
    await screenshot(page, 'supervision-teams');
    await page.getByTestId('save-finding').click();
    await expect.poll(() => page.locator('.ant-alert-success').count()).toBe(1);
    await page.locator('.ant-alert-success a').click();
    await settle(page);
    await expect.poll(() => page.getByTestId('slip-red').count()).toBeGreaterThan(0);
    await screenshot(page, 'supervision-finding-red');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('the county revokes an imported star and the figures move', async () => {
    const county = await api('county');
    // 2023, not 2022: 2022 is the year the report's figures come from, which other specs check on this shared server.
    const year = 2023;
    // The year's table comes in from Excel (as a county does with past records): export, then import it back.
    const cookie = county.cookie();
    const xlsx = Buffer.from(
      await (
        await fetch(`${baseUrl()}/api/ratings/export?year=${year}`, { headers: { cookie } })
      ).arrayBuffer(),
    );
    const imp = await fetch(`${baseUrl()}/api/ratings/import?year=${year}`, {
      method: 'POST',
      headers: { cookie, 'x-csrf-token': county.csrfToken, 'content-type': 'application/octet-stream' },
      body: xlsx,
    });
    expect(imp.status).toBe(200);
    const stars = async () => {
      const s = (
        await county.get<{ byStar: Record<string, number>; byLevel: Record<string, number> }>(
          `/api/ratings/summary?year=${year}`,
        )
      ).body;
      return Object.entries(s.byLevel).reduce((n, [lv, c]) => n + Number(lv) * c, 0);
    };
    const before = await stars();

    const { page, errors, context } = await newPage(browser);
    await login(page, 'county');
    await menu(page, 'supervision-stars');
    await screenshot(page, 'supervision-stars-reviews');
    await page.getByTestId('tab-awards').click();
    await settle(page);
    await page.locator('.ant-select').first().click();
    await page
      .locator('.ant-select-item-option')
      .filter({ hasText: String(year) })
      .click();
    await settle(page);
    // The row is picked by its year cell, not by its place: until the filtered list arrives the table may still
    // show every year, and the first row of that list could be another year's star.
    const row = page
      .getByTestId('awards-table')
      .locator('tr')
      .filter({ has: page.locator('td', { hasText: new RegExp(`^${year}$`) }) })
      .filter({ has: page.locator('[data-testid^="revoke-"]') })
      .first();
    await row.locator('[data-testid^="revoke-"]').click();
    await expect.poll(() => page.locator('.ant-modal-title').innerText()).toContain(String(year));
    await page.getByTestId('field-reason').fill('经复核，该村当年发生越级上访，依规摘星');
    await page.getByTestId('dialog-ok').click();
    await expect.poll(() => page.locator('.ant-message').innerText()).toContain('已摘星');
    await screenshot(page, 'supervision-stars-awards');
    await expect.poll(stars).toBe(before - 1);
    // The ratings dashboard shows the year's figures from the same records.
    await menu(page, 'ratings');
    await screenshot(page, 'supervision-ratings-after');
    const pub = await (await fetch(`${baseUrl()}/api/public/revocations`)).json();
    expect(pub[0]).toMatchObject({ year, kind: 'revoke' });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('the workbench shows each role its next action; wall, reports and links reached through the menu', async () => {
    for (const [user, key, phone] of [
      ['county', 'supervision.reviews', false],
      ['district1', 'supervision.escalated', false],
      ['cadre02', 'supervision.linked', true],
    ] as const) {
      const { page, errors, context } = await newPage(browser, { phone });
      await login(page, user);
      await settle(page);
      await expect.poll(() => page.getByTestId(`todo-${key}`).count()).toBe(1);
      await screenshot(page, `workbench-${user}${phone ? '-phone' : ''}`);
      await page.getByTestId(`todo-${key}`).click();
      // The router moves on after the click's handler: wait for the address, then for the page.
      await page.waitForURL(/\/supervision\//);
      await settle(page);
      expect(errors).toEqual([]);
      await context.close();
    }
    for (const phone of [false, true]) {
      const { page, errors, context } = await newPage(browser, { phone });
      await login(page, 'township');
      await menu(page, 'supervision', phone);
      await page.getByTestId('tab-wall').click();
      await settle(page);
      await screenshot(page, `supervision-wall${phone ? '-phone' : ''}`);
      const red = page.locator('[data-state="red"]').first();
      await red.click();
      await settle(page);
      expect(page.url()).toContain('/supervision/items?unit=');
      await menu(page, 'supervision', phone);
      await page.getByTestId('tab-reports').click();
      await settle(page);
      await screenshot(page, `supervision-reports${phone ? '-phone' : ''}`);
      const href = await page.getByTestId('circular-docx').getAttribute('href');
      expect(href).toContain('format=docx');
      await menu(page, 'supervision', phone);
      await page.getByTestId('tab-teams').click();
      await settle(page);
      await screenshot(page, `supervision-teams-list${phone ? '-phone' : ''}`);
      await menu(page, 'supervision-stars', phone);
      await screenshot(page, `supervision-stars${phone ? '-phone' : ''}`);
      // The inbox, from the workbench on 首页.
      await menu(page, 'home', phone);
      await page.getByTestId('todo-notifications.unread').click();
      await settle(page);
      expect(page.url()).toContain('/inbox');
      await expect.poll(() => page.getByTestId('inbox').innerText()).toContain('待复核');
      await screenshot(page, `inbox${phone ? '-phone' : ''}`);
      await menu(page, 'links', phone);
      await screenshot(page, `links${phone ? '-phone' : ''}`);
      await page.getByTestId('tab-households').click();
      await settle(page);
      await screenshot(page, `links-households${phone ? '-phone' : ''}`);
      expect(errors).toEqual([]);
      await context.close();
    }
  });
});
