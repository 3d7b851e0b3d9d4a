import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, launchBrowser, login, newPage, screenshot } from './support';

/** Waits until no loading spinner is left and its fade-out has finished, so screenshots are crisp. */
async function settle(page: Page): Promise<void> {
  await expect.poll(() => page.locator('.ant-spin-spinning, .ant-spin-blur').count()).toBe(0);
  await page.waitForTimeout(300);
}

/** A synthetic, valid ID number in the never-issued region 4199xx (as the demo's). */
function idNumber(seq: number, birth: string, male: boolean): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const order = String((seq % 500) * 2 + (male ? 1 : 0)).padStart(3, '0');
  const body = `4199${String(seq % 100).padStart(2, '0')}${birth.replaceAll('-', '')}${order}`;
  const sum = [...body].reduce((a, c, i) => a + Number(c) * weights[i]!, 0);
  return body + '10X98765432'[sum % 11]!;
}

const PNG_1PX = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

const statValue = async (page: Page, id: string) =>
  Number(
    (await page.getByTestId(`stat-${id}`).locator('.ant-statistic-content-value').innerText()).replace(
      /,/g,
      '',
    ),
  );

describe('development registries', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('the township clerk imports a training sign-in sheet: a bad row refused and named, fixed, imported; the figures move (desktop)', async () => {
    const clerk = await api('township');
    const year = new Date(Date.now() + 8 * 3600_000).getUTCFullYear();
    // The village whose ledgers are two training attendances short of the industry star this year.
    const villages = (
      await clerk.get<
        {
          unitId: number;
          unitName: string;
          facts: Record<string, unknown>;
          industry: { met: boolean } | null;
        }[]
      >(`/api/development/villages?year=${year}`)
    ).body;
    const village = villages.find(
      (v) => v.facts['development.training_attendances'] === 18 && v.industry?.met === false,
    )!;
    expect(village).toBeDefined();
    const sessions = (
      await clerk.get<{ items: { id: number; values: { startDate: string; title: string } }[] }>(
        `/api/development/registries/trainingSessions?unitId=${village.unitId}&from=${year}-01-01`,
      )
    ).body.items;
    const session = sessions[0]!;
    // Two villagers registered today in the people module, who took part in that training.
    const stamp = Date.now() % 400;
    const people = [
      { name: '孙立新', idNumber: idNumber(stamp, '1988-04-12', true) },
      { name: '周春花', idNumber: idNumber(stamp + 1, '1991-09-03', false) },
    ];
    for (const p of people) {
      const res = await clerk.post('/api/persons', { unitId: village.unitId, ...p });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }

    const { context, page, errors } = await newPage(browser);
    page.setDefaultTimeout(15_000);
    try {
      await login(page, 'township');
      await page.getByTestId('menu-development').click();
      await page.waitForURL(/\/development$/);
      await expect.poll(() => statValue(page, 'training-attendances')).toBeGreaterThan(0);
      const before = await statValue(page, 'training-attendances');
      await expect.poll(() => page.getByTestId(`industry-${village.unitId}`).innerText()).toContain('未达标');
      await settle(page);
      await screenshot(page, 'development-dashboard-desktop');

      // 技能培训 → the village's session → its sign-in list
      await page.getByTestId('registry-trainingSessions').click();
      await page.waitForURL(/\/development\/r\/trainingSessions$/);
      await page.getByPlaceholder('搜索名称、姓名或村名').fill(village.unitName);
      await page.getByPlaceholder('搜索名称、姓名或村名').press('Enter');
      await page.getByTestId(`open-trainingAttendance-${session.id}`).click();
      await page.waitForURL(new RegExp(`/development/r/trainingAttendance\\?parentId=${session.id}$`));
      await expect.poll(() => page.getByTestId('records').innerText()).toContain(village.unitName);
      await settle(page);
      await screenshot(page, 'development-attendance-desktop');
      const rows = () => page.getByTestId('records').locator('tbody tr.ant-table-row').count();
      const listed = await rows();

      // the registry's own template, filled in: row 4 has a name that is not the ID number's
      const download = page.waitForEvent('download');
      await page.getByTestId('excel-template').click();
      const template = await readFile(await (await download).path());
      const fill = async (names: string[]) => {
        const wb = new ExcelJS.Workbook();
        await wb.xlsx.load(template as unknown as ExcelJS.Buffer);
        const ws = wb.worksheets[0]!;
        people.forEach((p, i) => {
          ws.getCell(3 + i, 1).value = i + 1;
          ws.getCell(3 + i, 2).value = names[i]!;
          ws.getCell(3 + i, 3).value = p.idNumber;
          ws.getCell(3 + i, 4).value = session.values.startDate;
        });
        return Buffer.from(await wb.xlsx.writeBuffer());
      };
      const upload = (buffer: Buffer) =>
        page.getByTestId('excel-file').setInputFiles({
          name: '培训签到表.xlsx',
          mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          buffer,
        });

      await upload(await fill([people[0]!.name, '周秋花']));
      const problems = page.getByTestId('import-errors');
      await expect.poll(() => problems.isVisible()).toBe(true);
      expect(await problems.innerText()).toContain('第 4 行“姓名”');
      await page.waitForTimeout(400); // the dialog's opening animation
      await screenshot(page, 'development-import-refused-desktop', { fullPage: false });
      await page.getByRole('button', { name: /知道了|OK|确定/ }).click();
      // nothing written
      const after = await clerk.get<{ total: number }>(
        `/api/development/registries/trainingAttendance?parentId=${session.id}`,
      );
      expect(after.body.total).toBe(listed);

      await upload(await fill(people.map((p) => p.name)));
      await expect.poll(() => page.locator('.ant-message').innerText()).toContain('已导入 2 条');
      await expect.poll(rows).toBe(listed + 2);

      // back on the dashboard, through the menu: the figure and the village's star status have moved
      await page.getByTestId('menu-development').click();
      await page.waitForURL(/\/development$/);
      await expect.poll(() => statValue(page, 'training-attendances')).toBe(before + 2);
      await expect.poll(() => page.getByTestId(`industry-${village.unitId}`).innerText()).toContain('达标');
      expect(await page.getByTestId(`industry-${village.unitId}`).innerText()).not.toContain('未达标');
      await settle(page);
      await screenshot(page, 'development-dashboard-after-desktop');

      // the labour registry and the economy side, through the dashboard's tiles
      await page.getByTestId('registry-labour').click();
      await page.waitForURL(/\/development\/labour$/);
      await expect
        .poll(() => page.getByTestId('labour-table').locator('tbody tr.ant-table-row').count())
        .toBeGreaterThan(0);
      await settle(page);
      await screenshot(page, 'development-labour-desktop');
      await page.getByTestId('menu-development').click();
      await page.getByTestId('registry-projects').click();
      await page.getByPlaceholder('搜索名称、姓名或村名').fill('王英庄');
      await page.getByPlaceholder('搜索名称、姓名或村名').press('Enter');
      await expect.poll(() => page.getByTestId('records').innerText()).toContain('王英庄村');
      await page.getByTestId('record-add').click();
      await expect.poll(() => page.getByTestId('record-form').isVisible()).toBe(true);
      await settle(page);
      await screenshot(page, 'development-project-form-desktop', { fullPage: false });
      expect(errors).toEqual([]);
    } catch (e) {
      await screenshot(page, 'development-failure-desktop');
      throw e;
    } finally {
      await context.close();
    }
  });

  it('the township clerk attaches a voucher photo to a collective income entry, opens it in place, and deletes it', async () => {
    const { context, page, errors } = await newPage(browser);
    page.setDefaultTimeout(15_000);
    try {
      await login(page, 'township');
      await page.getByTestId('menu-development').click();
      await page.waitForURL(/\/development$/);
      await page.getByTestId('registry-collectiveIncome').click();
      await page.waitForURL(/\/development\/r\/collectiveIncome$/);
      const open = page.locator('[data-testid^="files-"]').first();
      await open.click();
      const files = page.getByTestId('record-files');
      await expect.poll(() => files.isVisible()).toBe(true);
      const items = () => files.locator('[data-testid^="file-"]:not([data-testid="file-input"])').count();
      const before = await items();
      // A page with a voucher's name is refused, and the message says what is accepted.
      await page.getByTestId('file-input').setInputFiles({
        name: 'voucher.png',
        mimeType: 'image/png',
        buffer: Buffer.from('<html><script>alert(1)</script></html>'),
      });
      await expect.poll(() => page.locator('.ant-message').innerText()).toContain('只能上传图片');
      expect(await items()).toBe(before);
      await page
        .getByTestId('file-input')
        .setInputFiles({ name: '记账凭证.png', mimeType: 'image/png', buffer: PNG_1PX });
      await expect.poll(items).toBe(before + 1);
      const item = files.locator('[data-testid^="file-"]', { hasText: '记账凭证.png' }).first();
      await item.getByRole('button', { name: /查看/ }).click();
      const image = page.getByTestId('file-image');
      await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1);
      await settle(page);
      await screenshot(page, 'development-voucher-preview-desktop', { fullPage: false });
      await page.keyboard.press('Escape');
      await expect.poll(() => image.count()).toBe(0);
      await item.getByRole('button', { name: /删除/ }).click();
      await page
        .locator('.ant-popconfirm')
        .getByRole('button', { name: /确\s*定|OK/ })
        .click();
      await expect.poll(items).toBe(before);
      expect(errors).toEqual([]);
    } catch (e) {
      await screenshot(page, 'development-voucher-failure-desktop');
      throw e;
    } finally {
      await context.close();
    }
  });

  it('a village secretary opens the ledgers from the home tile on a phone', async () => {
    const { context, page, errors } = await newPage(browser, { phone: true });
    try {
      await login(page, 'secretary01');
      await page.getByTestId('quick-development').click();
      await page.waitForURL(/\/development$/);
      await expect.poll(() => page.getByTestId('stat-training-attendances').isVisible()).toBe(true);
      await settle(page);
      await screenshot(page, 'development-dashboard-phone');
      await screenshot(page, 'development-dashboard-phone-top', { fullPage: false });
      await page.getByTestId('registry-trainingSessions').click();
      await page.waitForURL(/\/development\/r\/trainingSessions$/);
      await settle(page);
      await screenshot(page, 'development-sessions-phone');
      await page.getByTestId('menu-toggle').click();
      await page.getByTestId('menu-development').click();
      await page.getByTestId('registry-labour').click();
      await expect.poll(() => page.getByTestId('labour-list').innerText()).toMatch(/\d/);
      await settle(page);
      await screenshot(page, 'development-labour-phone');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
