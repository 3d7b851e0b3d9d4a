import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, baseUrl, launchBrowser, login, newPage, openFromMenu, screenshot } from './support';

/**
 * A grid worker with no signal: the report form was opened once through the menu (the service worker precached
 * the app), then the network is cut and the page reloaded. The shell, the form and its dictionaries come from the
 * service worker's cache and the last known session; the report waits in the outbox and, when the network is back,
 * is stored exactly once.
 */
describe('the report form offline, after a reload', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('grid001 on a phone: reload with no network, report, network back, stored once', async () => {
    const centreApi = await api('centre');
    const marker = `offline-reload-${Date.now()}`;
    const { page, context, errors } = await newPage(browser, { phone: true });
    try {
      await login(page, 'grid001');
      await openFromMenu(page, 'events', { phone: true, path: '/events/report' });
      await page.getByTestId('report-submit').waitFor();
      // The event-type dictionary is on the phone, and the service worker controls the page with its precache.
      await expect
        .poll(() => page.evaluate(() => (localStorage.getItem('fivestar.grid.types') ?? '[]').length))
        .toBeGreaterThan(2);
      await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
      await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);

      // No network: the browser is offline, and anything that still tries the server (the service worker's own
      // fetches included) is refused.
      const attempts: string[] = [];
      await context.setOffline(true);
      await context.route(`${baseUrl()}/**`, (route) => {
        attempts.push(route.request().url());
        return route.abort('internetdisconnected');
      });
      errors.length = 0;
      await page.reload();
      await page.getByTestId('report-submit').waitFor();
      // The reloaded page must see the emulated offline state too (navigator.onLine); the route above keeps every
      // request refused meanwhile.
      await context.setOffline(false);
      await context.setOffline(true);
      expect(new URL(page.url()).pathname).toBe('/events/report');
      await expect.poll(() => page.getByTestId('network-state').getAttribute('data-online')).toBe('no');
      // Nothing of the app came from the network: only API calls were tried (and refused).
      expect(attempts.filter((u) => !new URL(u).pathname.startsWith('/api/'))).toEqual([]);

      await page.getByTestId('report-type').selectOption({ label: '公共服务 / 道路设施' });
      await page.getByTestId('report-place').fill('村西口水渠');
      await page.getByTestId('report-description').fill(`水渠堵塞 ${marker}`);
      await page.getByTestId('report-submit').click();
      const item = page.getByTestId('outbox-item').first();
      await expect.poll(() => item.getAttribute('data-state')).toBe('pending');
      await screenshot(page, 'offline-phone-report-after-reload');

      // The network returns: the report is sent, once, however often sending is asked for.
      await context.unroute(`${baseUrl()}/**`);
      await context.setOffline(false);
      await expect.poll(() => item.getAttribute('data-state')).toBe('sent');
      await page.getByTestId('outbox').getByRole('button').first().click();
      await expect.poll(() => page.getByTestId('network-state').getAttribute('data-online')).toBe('yes');
      await screenshot(page, 'offline-phone-report-synced');
      const found = await centreApi.get<{ total: number }>(
        `/api/grid/events?q=${encodeURIComponent(marker)}`,
      );
      expect(found.body.total).toBe(1);

      // While offline only the refused API calls were logged; no exception, nothing else.
      const unexpected = errors.filter(
        (e) => !/^console\.error: Failed to load resource: net::ERR_(INTERNET_DISCONNECTED|FAILED)/.test(e),
      );
      expect(unexpected).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
