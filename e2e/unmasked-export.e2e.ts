import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, launchBrowser, login, newPage, openFromMenu, screenshot } from './support';

/** 网格事件 from the menu, then the dispute ledger's tab (desktop: every tab is in view). */
async function openDisputeLedger(page: Page) {
  await openFromMenu(page, 'events', { path: '/events/' });
  await page.locator('.fs-events-tabs .ant-tabs-tab[data-node-key="disputes"]').click();
  await page.waitForURL((url) => url.pathname === '/events/disputes');
  await page.getByTestId('unmasked-exports').waitFor();
}

/**
 * An export with full ID numbers and phones (docs/security.md item 18): the grid centre asks with a reason, the
 * township office approves, the centre downloads it once — each through the menu, each told what comes next.
 */
describe('an unmasked export takes a second approver and downloads once', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('the centre asks, the township approves, the centre downloads it once', async () => {
    const reason = `法院调取纠纷当事人联系方式（端到端 ${Date.now()}）`;
    const centre = await newPage(browser);
    await login(centre.page, 'centre');
    await openDisputeLedger(centre.page);
    await centre.page.getByTestId('unmasked-request').click();
    await centre.page.getByTestId('unmasked-reason').fill(reason);
    await centre.page.getByTestId('unmasked-submit').click();
    await expect
      .poll(() => centre.page.locator('.ant-message').innerText())
      .toContain('等待乡镇或县级负责人审批');
    const centreApi = await api('centre');
    const mine = async () =>
      (
        await centreApi.get<{ id: number; reason: string; status: string }[]>('/api/grid/exports/unmasked')
      ).body.find((r) => r.reason === reason);
    const request = await mine();
    expect(request?.status).toBe('pending');
    const id = request!.id;
    const item = centre.page.getByTestId(`export-request-${id}`);
    await expect.poll(() => item.innerText()).toContain('等待他人审批');
    expect(await centre.page.getByTestId(`approve-export-${id}`).count()).toBe(0);
    await screenshot(centre.page, 'unmasked-export-asked');

    const office = await newPage(browser);
    await login(office.page, 'township');
    await openDisputeLedger(office.page);
    await office.page.getByTestId(`approve-export-${id}`).click();
    await office.page.locator('.ant-popconfirm .ant-btn-primary').click();
    await expect
      .poll(() => office.page.locator('.ant-message').innerText())
      .toContain('申请人现在可以下载一次');
    await expect.poll(() => office.page.getByTestId(`export-request-${id}`).innerText()).toContain('已批准');
    await screenshot(office.page, 'unmasked-export-approved');
    expect(office.errors).toEqual([]);
    await office.context.close();

    // The centre finds it approved when it comes back through the menu, and downloads it once.
    await openFromMenu(centre.page, 'home', { path: '/' });
    await openDisputeLedger(centre.page);
    const [download] = await Promise.all([
      centre.page.waitForEvent('download'),
      centre.page.getByTestId(`download-export-${id}`).click(),
    ]);
    expect(download.suggestedFilename()).toContain('明文');
    const bytes = await readFile((await download.path())!);
    expect(bytes.subarray(0, 2).toString()).toBe('PK');
    await expect.poll(() => centre.page.locator('.ant-message').innerText()).toContain('该批准已用完');
    await expect.poll(() => item.innerText()).toContain('已下载');
    expect(await centre.page.getByTestId(`download-export-${id}`).count()).toBe(0);
    expect((await centreApi.post(`/api/grid/exports/unmasked/${id}/download`)).status).toBe(403);
    await screenshot(centre.page, 'unmasked-export-downloaded');
    expect(centre.errors).toEqual([]);
    await centre.context.close();
  });
});
