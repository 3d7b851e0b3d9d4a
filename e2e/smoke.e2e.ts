import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, launchBrowser, newPage, screenshot } from './support';

describe('smoke', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('health endpoint is ok and runs on SQLite', async () => {
    const res = await fetch(`${baseUrl()}/api/health`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { status?: string; db?: string };
    expect(body.status).toBe('ok');
    expect(body.db).toBe('sqlite');
  });

  it('serves an OpenAPI 3 document', async () => {
    const res = await fetch(`${baseUrl()}/api/openapi.json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi?: string; info?: unknown; paths?: Record<string, unknown> };
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.info).toBeTypeOf('object');
    expect(Object.keys(doc.paths ?? {}).length).toBeGreaterThan(0);
  });

  for (const phone of [false, true]) {
    const name = phone ? 'login-phone' : 'login-desktop';
    it(`renders the sign-in page (${phone ? 'phone' : 'desktop'})`, async () => {
      const { context, page, errors } = await newPage(browser, { phone });
      try {
        const res = await page.goto(`${baseUrl()}/login`);
        expect(res?.status()).toBe(200);
        await page.getByTestId('login-username').waitFor();
        await expect.poll(() => page.locator('body').innerText()).toContain('五星支部');
        await screenshot(page, name);
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    });
  }
});
