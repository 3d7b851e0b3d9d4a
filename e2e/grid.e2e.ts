import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, baseUrl, launchBrowser, login, newPage, screenshot } from './support';

/** A 1×1 PNG, as a phone photo stand-in. */
const PNG_1PX = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

async function settle(page: Page): Promise<void> {
  await expect.poll(() => page.locator('.ant-spin-spinning, .ant-spin-blur').count()).toBe(0);
  await page.waitForTimeout(300);
}

const todayInChina = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

/** Opens a report on the board and takes one action through the drawer's modal. */
async function act(page: Page, id: number, action: string, reason?: string) {
  await page.goto(`${baseUrl()}/events/board`);
  await page.getByTestId(`open-${id}`).click();
  await page.getByTestId(`action-${action}`).click();
  if (reason) await page.getByTestId('action-reason').fill(reason);
  await page.getByTestId('action-confirm').click();
  await expect.poll(() => page.getByTestId(`action-${action}`).count(), { timeout: 10_000 }).toBe(0);
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
    await page.goto(`${baseUrl()}/events/report`);
    await expect.poll(() => page.getByTestId('network-state').getAttribute('data-online')).toBe('yes');
    await context.setOffline(true);
    await expect.poll(() => page.getByTestId('network-state').getAttribute('data-online')).toBe('no');

    await page.getByTestId('report-type').click();
    await page.getByText('公共服务 / 道路设施', { exact: true }).click();
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
    await page.waitForTimeout(300);
    await screenshot(page, 'grid-phone-sync-queue-offline');

    // --- the network returns: sent once ---------------------------------------------------------------
    await context.setOffline(false);
    await expect.poll(() => item.getAttribute('data-state'), { timeout: 15_000 }).toBe('sent');
    await page.getByText('立即发送').click(); // a second sync must not send it again
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
    await centre.page.goto(`${baseUrl()}/events/board`);
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
    await centre.page.goto(`${baseUrl()}/events/disputes`);
    await expect.poll(() => centre.page.getByTestId('dispute-ledger').innerText()).toContain('化解结案');
    await settle(centre.page);
    await screenshot(centre.page, 'grid-dispute-ledger');
    // --- statistics for the report's period, campaign tallies by sub-category ---------------------------------
    await centre.page.goto(`${baseUrl()}/events/stats`);
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
    await centre.page.goto(`${baseUrl()}/events/settings`);
    await expect.poll(() => centre.page.locator('body').innerText()).toContain('春节调休');
    await settle(centre.page);
    await screenshot(centre.page, 'grid-settings');

    // --- the grid map --------------------------------------------------------------------------------------
    await centre.page.goto(`${baseUrl()}/events/map`);
    await expect.poll(() => centre.page.getByTestId('grid-map').locator('canvas').count()).toBeGreaterThan(0);
    await centre.page.waitForTimeout(800);
    await screenshot(centre.page, 'grid-map');
    expect(centre.errors).toEqual([]);
    await centre.context.close();
  });
});
