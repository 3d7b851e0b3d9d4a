import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, launchBrowser, newPage, screenshot } from './support';

/**
 * The first visit on a weak 4G link (1.6 Mbps down, 150 ms round trip, emulated through the DevTools protocol):
 * how long until the sign-in form can be used, and the public notice page shows, and how many bytes came. The
 * times are printed, not asserted: on a shared machine they say as much about the machine as about the app
 * (`npm run bench:web` holds the byte targets).
 */
const LINK = { latency: 150, downloadThroughput: 1_600_000 / 8, uploadThroughput: 750_000 / 8 };

async function throttled(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, ...LINK });
  const encodings = new Map<string, string>();
  let bytes = 0;
  cdp.on('Network.responseReceived', (e) => {
    const enc = e.response.headers['content-encoding'] ?? e.response.headers['Content-Encoding'];
    if (/\.(js|css)$/.test(new URL(e.response.url).pathname)) encodings.set(e.response.url, enc ?? 'none');
  });
  cdp.on('Network.loadingFinished', (e) => {
    bytes += e.encodedDataLength;
  });
  return { encodings, bytes: () => bytes };
}

describe('first visit on a weak 4G link', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  for (const phone of [true, false]) {
    const device = phone ? 'phone' : 'desktop';
    it(`the sign-in form and the public notice (${device})`, async () => {
      const { context, page, errors } = await newPage(browser, { phone });
      try {
        const link = await throttled(page);
        const start = Date.now();
        await page.goto(`${baseUrl()}/login`);
        await page.getByTestId('login-submit').waitFor();
        const signIn = Date.now() - start;
        await page.waitForLoadState('networkidle');
        const signInBytes = link.bytes();
        await screenshot(page, `weak-link-login-${device}`);

        const { context: c2, page: p2, errors: e2 } = await newPage(browser, { phone });
        try {
          const link2 = await throttled(p2);
          const start2 = Date.now();
          await p2.goto(`${baseUrl()}/notice`);
          // The list, or its empty state, once the notices have arrived.
          await p2.locator('[data-testid="notice-list"][aria-busy="false"]').waitFor();
          const notice = Date.now() - start2;
          await p2.waitForLoadState('networkidle');
          console.log(
            `weak 4G (1.6 Mbps, 150 ms), ${device}, cold cache: sign-in form usable after ${signIn} ms ` +
              `(${(signInBytes / 1000).toFixed(1)} kB over the wire); public notice list after ${notice} ms ` +
              `(${(link2.bytes() / 1000).toFixed(1)} kB); encodings: ${[...new Set(link.encodings.values())].join(', ')}`,
          );
          expect(e2).toEqual([]);
        } finally {
          await c2.close();
        }
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    });
  }
});
