import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, launchBrowser, login, newPage, openFromMenu, screenshot } from './support';

/** A 1×1 PNG, as a phone photo stand-in. */
const PNG_1PX = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

async function settle(page: Page): Promise<void> {
  await expect.poll(() => page.locator('.ant-spin-spinning, .ant-spin-blur').count()).toBe(0);
  await page.waitForTimeout(300);
}

/** Fills a field of a modal once its opening animation is over (a click while it zooms can miss its button). */
async function fillWhenOpen(field: Locator, value: string) {
  await field.waitFor();
  await expect
    .poll(() => field.page().locator('[class*="ant-zoom-appear"], [class*="ant-zoom-enter"]').count())
    .toBe(0);
  await expect
    .poll(async () => {
      if ((await field.inputValue()) !== value) await field.fill(value);
      return field.inputValue();
    })
    .toBe(value);
}

/** Opens a tab of 网格事件 the way its users do: the menu entry (the drawer on a phone), then the tab. */
async function openEventsTab(page: Page, tab: string) {
  const phone = (page.viewportSize()?.width ?? 1440) < 768;
  // After an action the report's drawer stays open on its new state; the user closes it to go on.
  if (await page.locator('.ant-drawer-open').count()) {
    await page.locator('.ant-drawer-open .ant-drawer-close').click();
    await expect.poll(() => page.locator('.ant-drawer-open').count()).toBe(0);
  }
  // The menu lands on the section's home tab; a role that reports lands on the report form, drawn outside the
  // app's frame, whose header names the other tabs.
  await openFromMenu(page, 'events', { phone, path: '/events/' });
  if (new URL(page.url()).pathname === '/events/report') await page.getByTestId(`lite-tab-${tab}`).click();
  else await page.locator(`.fs-events-tabs .ant-tabs-tab[data-node-key="${tab}"]`).click();
  await page.waitForURL((url) => url.pathname === `/events/${tab}`);
}

const todayInChina = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

/** Opens a report on the board and takes one action through the drawer's modal. */
async function act(page: Page, id: number, action: string, reason?: string) {
  await openEventsTab(page, 'board');
  await page.getByTestId(`open-${id}`).click();
  await page.getByTestId(`action-${action}`).click();
  // The modal's fields are filled, and its button pressed, only once its opening animation is over: a fill during
  // it could be reset, leaving the reply empty, and a click could miss.
  if (reason) await fillWhenOpen(page.getByTestId('action-reason'), reason);
  else
    await expect
      .poll(() => page.locator('[class*="ant-zoom-appear"], [class*="ant-zoom-enter"]').count())
      .toBe(0);
  // Wait for the server's answer to this action (an event), then for the drawer to drop the button; a slow,
  // loaded machine only makes both take longer.
  const [answer] = await Promise.all([
    page.waitForResponse(
      (r) => r.request().method() === 'POST' && r.url().endsWith(`/api/grid/events/${id}/${action}`),
      { timeout: 60_000 },
    ),
    page.getByTestId('action-confirm').click(),
  ]);
  expect(answer.status()).toBe(200);
  await expect.poll(() => page.getByTestId(`action-${action}`).count(), { timeout: 30_000 }).toBe(0);
}

describe('grid events from a phone to closure', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('grid001 reports offline, the report syncs once, the centre dispatches, secretary01 replies, the centre closes', async () => {
    const centreApi = await api('centre');
    const today = todayInChina();
    const before = (await centreApi.get<{ total: number }>(`/api/grid/summary?from=${today}&to=${today}`))
      .body;
    const marker = `e2e-${Date.now()}`;

    // --- the phone, offline -------------------------------------------------------------------------
    const phone = await newPage(browser, { phone: true });
    const { page, context } = phone;
    await login(page, 'grid001');
    // A grid worker's 网格事件 opens on the report form.
    await openFromMenu(page, 'events', { phone: true, path: '/events/report' });
    await expect.poll(() => page.getByTestId('network-state').getAttribute('data-online')).toBe('yes');
    // The form has its event types (as the worker sees them) before the network drops.
    await expect
      .poll(() => page.getByTestId('report-type').locator('option').allTextContents())
      .toContain('公共服务 / 道路设施');
    await context.setOffline(true);
    await expect.poll(() => page.getByTestId('network-state').getAttribute('data-online')).toBe('no');

    await page.getByTestId('report-type').selectOption({ label: '公共服务 / 道路设施' });
    await page.getByTestId('report-place').fill('村东头石桥');
    await page.getByTestId('report-description').fill(`桥面塌陷一处 ${marker}`);
    await page
      .getByTestId('report-photo')
      .setInputFiles({ name: 'bridge.png', mimeType: 'image/png', buffer: PNG_1PX });
    await expect.poll(() => page.locator('.fs-photo-strip img').count()).toBe(1);
    await settle(page);
    await screenshot(page, 'grid-phone-report-form');
    await page.getByTestId('report-submit').click();

    const item = page.getByTestId('outbox-item').first();
    await expect.poll(() => item.getAttribute('data-state')).toBe('pending');
    // What happened and what comes next: kept on the phone while offline, sent when the network returns.
    await expect.poll(() => page.getByTestId('report-saved').getAttribute('data-online')).toBe('offline');
    await page.waitForTimeout(300);
    await screenshot(page, 'grid-phone-sync-queue-offline');

    // --- the network returns: sent once ---------------------------------------------------------------
    await context.setOffline(false);
    await expect.poll(() => item.getAttribute('data-state'), { timeout: 15_000 }).toBe('sent');
    // a second sync must not send it again
    await page.getByTestId('outbox').getByRole('button', { name: '立即发送' }).click();
    await page.waitForTimeout(500);
    await screenshot(page, 'grid-phone-sync-queue-synced');
    const found = (
      await centreApi.get<{ total: number; items: { id: number; photoIds?: number[] }[] }>(
        `/api/grid/events?q=${encodeURIComponent(marker)}`,
      )
    ).body;
    expect(found.total).toBe(1);
    const id = found.items[0]!.id;
    const detail = (await centreApi.get<{ status: string; photoIds: number[] }>(`/api/grid/events/${id}`))
      .body;
    expect(detail.status).toBe('reported');
    expect(detail.photoIds).toHaveLength(1);
    expect(phone.errors).toEqual([]);
    await context.close();

    // --- the centre accepts and dispatches (desktop) ------------------------------------------------------
    const centre = await newPage(browser);
    await login(centre.page, 'centre');
    await openEventsTab(centre.page, 'board');
    await expect.poll(() => centre.page.getByTestId(`open-${id}`).count()).toBe(1);
    await settle(centre.page);
    await screenshot(centre.page, 'grid-centre-board');
    await act(centre.page, id, 'accept');
    await act(centre.page, id, 'dispatch');
    expect((await centreApi.get<{ status: string }>(`/api/grid/events/${id}`)).body.status).toBe(
      'dispatched',
    );

    // --- secretary01 handles and replies ---------------------------------------------------------------------
    const secretary = await newPage(browser, { phone: true });
    await login(secretary.page, 'secretary01');
    await act(secretary.page, id, 'start');
    await act(secretary.page, id, 'reply', '已组织村民修复桥面，恢复通行');
    expect(secretary.errors).toEqual([]);
    await secretary.context.close();

    // --- the centre verifies and closes ------------------------------------------------------------------
    await act(centre.page, id, 'verify');
    await act(centre.page, id, 'close');
    // the drawer is still open on the closed report
    await expect.poll(() => centre.page.getByTestId('event-actions').innerText()).toContain('已办结');
    await settle(centre.page);
    await screenshot(centre.page, 'grid-centre-event-closed');
    const closed = (
      await centreApi.get<{ status: string; log: { action: string }[] }>(`/api/grid/events/${id}`)
    ).body;
    expect(closed.status).toBe('closed');
    expect(closed.log.map((l) => l.action)).toEqual([
      'report',
      'accept',
      'dispatch',
      'start',
      'reply',
      'verify',
      'close',
    ]);

    // --- the figures moved ----------------------------------------------------------------------------------
    const after = (
      await centreApi.get<{ total: number; onTimeRate: number | null; byType: Record<string, number> }>(
        `/api/grid/summary?from=${today}&to=${today}`,
      )
    ).body;
    expect(after.total).toBe(before.total + 1);
    expect(after.byType['public_service.road']).toBeGreaterThanOrEqual(1);
    expect(after.onTimeRate).not.toBeNull();

    // --- the dispute ledger ---------------------------------------------------------------------------------
    await openEventsTab(centre.page, 'disputes');
    await expect.poll(() => centre.page.getByTestId('dispute-ledger').innerText()).toContain('化解结案');
    await settle(centre.page);
    await screenshot(centre.page, 'grid-dispute-ledger');
    // --- statistics for the report's period, campaign tallies by sub-category ---------------------------------
    await openEventsTab(centre.page, 'stats');
    await centre.page.getByTestId('stats-report-period').click();
    await expect
      .poll(() => centre.page.getByTestId('stats-cards').innerText(), { timeout: 10_000 })
      .toContain('3,875');
    await expect
      .poll(() => centre.page.getByTestId('campaign-tallies').innerText())
      .toContain('命案防范百日行动');
    expect(await centre.page.getByTestId('campaign-tallies').innerText()).toContain('425');
    await settle(centre.page);
    await screenshot(centre.page, 'grid-statistics');

    // --- settings: the statutory calendar with its 调休 days, the time limits ------------------------------------
    await openEventsTab(centre.page, 'settings');
    await expect.poll(() => centre.page.locator('body').innerText()).toContain('春节调休');
    await settle(centre.page);
    await screenshot(centre.page, 'grid-settings');

    // --- the grid map --------------------------------------------------------------------------------------
    await openEventsTab(centre.page, 'map');
    await expect.poll(() => centre.page.getByTestId('grid-map').locator('canvas').count()).toBeGreaterThan(0);
    await centre.page.waitForTimeout(800);
    await screenshot(centre.page, 'grid-map');
    expect(centre.errors).toEqual([]);
    await centre.context.close();
  });

  it('centre adds a sub-type under 矛盾纠纷 and a campaign with two sub-categories; grid001’s form offers the sub-type', async () => {
    const centreApi = await api('centre');
    const suffix = Date.now().toString(36).slice(-4);
    const subType = `灌溉用水纠纷${suffix}`;
    const campaignName = `夜间巡逻专项${suffix}`;

    const centre = await newPage(browser);
    const { page } = centre;
    await login(page, 'centre');

    // --- the type dictionary: a sub-type under 矛盾类 / 矛盾纠纷 ------------------------------------------------
    await openEventsTab(page, 'settings');
    await page.locator('[data-testid="settings-sections"] .ant-tabs-tab[data-node-key="types"]').click();
    await page.waitForURL((url) => url.searchParams.get('section') === 'types');
    await page.getByTestId('type-class').getByText('矛盾类').click();
    await page.getByTestId('type-add-sub-dispute').click();
    await fillWhenOpen(page.getByTestId('type-name-zh'), subType);
    await page.getByTestId('type-save').click();
    await expect.poll(() => page.getByTestId('type-dictionary').innerText()).toContain(subType);
    const types = (
      await centreApi.get<{ code: string; parentCode: string | null; nameZh: string }[]>('/api/grid/types')
    ).body;
    const added = types.find((x) => x.nameZh === subType);
    expect(added?.parentCode).toBe('dispute');
    await settle(page);
    await screenshot(page, 'grid-settings-types');

    // --- a campaign with its period and two sub-categories --------------------------------------------------------
    await page.getByTestId('settings-sections').getByText('专项行动', { exact: true }).click();
    await expect.poll(() => page.getByTestId('campaign-list').innerText()).toContain('命案防范百日行动');
    await page.getByTestId('campaign-add').click();
    await fillWhenOpen(page.getByTestId('campaign-name'), campaignName);
    const period = page.locator('.ant-modal .ant-picker-range input');
    await period.nth(0).click();
    await period.nth(0).fill('2026-11-01');
    await period.nth(0).press('Enter');
    await period.nth(1).fill('2026-12-31');
    await period.nth(1).press('Enter');
    const subs = page.locator('.ant-modal .ant-select-multiple input').first();
    for (const sub of ['巡逻发现', '群众求助']) {
      await subs.fill(sub);
      await subs.press('Enter');
    }
    await page.getByTestId('campaign-name').click(); // closes the tags dropdown
    await page.getByTestId('campaign-save').click();
    await expect.poll(() => page.getByTestId('campaign-list').innerText()).toContain(campaignName);
    const campaign = (
      await centreApi.get<{ name: string; startDate: string; endDate: string; subCategories: string[] }[]>(
        '/api/grid/campaigns',
      )
    ).body.find((c) => c.name === campaignName);
    expect(campaign).toMatchObject({
      startDate: '2026-11-01',
      endDate: '2026-12-31',
      subCategories: ['巡逻发现', '群众求助'],
    });
    await settle(page);
    await screenshot(page, 'grid-settings-campaigns');
    expect(centre.errors).toEqual([]);
    await centre.context.close();

    // --- grid001's report form offers the new sub-type ----------------------------------------------------------
    const phone = await newPage(browser, { phone: true });
    await login(phone.page, 'grid001');
    await openFromMenu(phone.page, 'events', { phone: true, path: '/events/report' });
    await phone.page.getByTestId('report-class').getByText('矛盾类').click();
    await expect
      .poll(() => phone.page.getByTestId('report-type').locator('option').allTextContents())
      .toContain(`矛盾纠纷 / ${subType}`);
    await phone.page.getByTestId('report-type').selectOption({ label: `矛盾纠纷 / ${subType}` });
    // A dispute names its parties; a wrong ID number or mobile is marked, with its message under the field.
    await phone.page.getByTestId('report-add-party').click();
    await phone.page.getByTestId('report-party-idNumber').fill('123');
    await phone.page.getByTestId('report-party-phone').fill('2345');
    await phone.page.getByTestId('report-submit').click();
    await expect
      .poll(() => phone.page.getByTestId('report-party-idNumber').getAttribute('aria-invalid'))
      .toBe('true');
    await expect.poll(() => phone.page.getByText('请输入 11 位手机号').count()).toBe(1);
    await expect.poll(() => phone.page.getByText('请填写当事人姓名').count()).toBe(1);
    await screenshot(phone.page, 'grid-phone-report-new-sub-type', { fullPage: false });
    // The form's header leads to the other events pages, whose report tab leads back to the form.
    await phone.page.getByTestId('lite-tab-board').click();
    await phone.page.getByTestId('events-tabs').waitFor();
    await phone.page.getByRole('tab', { name: '上报' }).click();
    await phone.page.getByTestId('report-submit').waitFor();
    expect(new URL(phone.page.url()).pathname).toBe('/events/report');
    expect(phone.errors).toEqual([]);
    await phone.context.close();
  });
});
