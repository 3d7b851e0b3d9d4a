import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIVING_ENVIRONMENT_CRITERIA } from '@fivestar/common';
import { api, launchBrowser, login, newPage, screenshot } from './support';

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

const FINAL = '2023年度范县“创五星”擂台赛（决赛）';

const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

describe('contests', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => browser?.close());

  it('a judge scores three villages offline on a phone, synced once; the chair closes; the county sees the results', async () => {
    // The township office drew up the round (lot, judges, 回避) beforehand.
    const township = await api('township');
    const tpl = (await township.get<{ id: number; code: string }[]>('/api/contests/templates')).body.find(
      (x) => x.code === 'living_environment',
    )!;
    const villages = (
      await township.get<{ items: { id: number; level: string }[] }>(
        '/api/org/units?level=village&pageSize=3',
      )
    ).body.items;
    const judge = (await api('judge05')).user as { id: number };
    const name = `端到端第四季度观摩评比 ${Date.now()}`;
    const created = await township.post<{ id: number; roundUnits: { unitId: number; name: string }[] }>(
      '/api/contests',
      {
        templateId: tpl.id,
        unitId: (township.user as { unit: { id: number } }).unit.id,
        name,
        date: today(),
        unitIds: villages.map((v) => v.id),
        judgesPerUnit: 1,
        flagCount: 1,
        prizeTiers: [1, 1],
        judges: [{ userId: judge.id, kind: 'cadre' }],
      },
    );
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const roundId = created.body.id;

    // --- the judge's phone: home through the menu, then the network is cut -----------------------------------
    const phone = await newPage(browser, { phone: true });
    const { page, context } = phone;
    await login(page, 'judge05');
    await menu(page, 'contests-judge', true);
    await expect.poll(() => page.getByTestId('my-unit').count()).toBe(3);
    await expect.poll(() => page.getByTestId('network-state').getAttribute('data-online')).toBe('yes');
    await screenshot(page, 'contests-phone-judge-home');
    await context.setOffline(true);
    await expect.poll(() => page.getByTestId('network-state').getAttribute('data-online')).toBe('no');

    const totals: number[] = [];
    for (let v = 0; v < 3; v++) {
      await page.locator('button[data-testid^="score-"]').first().click();
      await expect.poll(() => page.getByTestId('sheet-form').count()).toBe(1);
      let total = 0;
      for (const [i, c] of LIVING_ENVIRONMENT_CRITERIA.entries()) {
        const s = Math.max(0, c.max - ((i + v) % 3));
        total += s;
        await page.getByTestId(`score-input-${c.code}`).fill(String(s));
      }
      totals.push(total);
      await expect.poll(() => page.getByTestId('sheet-total').textContent()).toContain(String(total));
      if (v === 0) await screenshot(page, 'contests-phone-sheet');
      await page.getByTestId('sheet-submit').click();
      await expect
        .poll(() => page.getByText('当前没有网络：评分表已保存在手机上').count())
        .toBeGreaterThan(0);
    }
    await expect
      .poll(() => page.locator('[data-testid="queued-sheet"][data-state="pending"]').count())
      .toBe(3);
    await expect.poll(() => page.locator('[data-testid="my-unit"][data-state="queued"]').count()).toBe(3);
    await screenshot(page, 'contests-phone-queue-offline');

    // --- the network returns: each sheet is sent once -----------------------------------------------------------
    await context.setOffline(false);
    await expect
      .poll(() => page.locator('[data-testid="queued-sheet"][data-state="sent"]').count(), {
        timeout: 20_000,
      })
      .toBe(3);
    await page.getByTestId('sync-now').click(); // a second sync must not send them again
    await expect.poll(() => page.locator('[data-testid="my-unit"][data-state="scored"]').count()).toBe(3);
    await expect.poll(() => page.getByText('本轮分配给您的村已全部评完').count()).toBe(1);
    await screenshot(page, 'contests-phone-synced');
    const sheets = (await township.get<{ total: number }[]>(`/api/contests/${roundId}/sheets`)).body;
    expect(sheets.map((s) => s.total).sort()).toEqual([...totals].sort());
    expect(phone.errors).toEqual([]);
    await context.close();

    // --- the chair closes the round (desktop), the ranking appears -------------------------------------------------
    const chair = await newPage(browser);
    await login(chair.page, 'township');
    await menu(chair.page, 'contests');
    await chair.page.getByTestId(`round-open-${roundId}`).click();
    await settle(chair.page);
    await expect.poll(() => chair.page.getByText('评分表已全部交齐，可以收官').count()).toBe(1);
    await chair.page.getByTestId('round-close').click();
    await expect.poll(() => chair.page.locator('.ant-modal-confirm').count()).toBe(1);
    await chair.page.waitForTimeout(400);
    await chair.page.locator('.ant-modal-confirm .ant-btn-primary').click();
    await expect.poll(() => chair.page.getByTestId('round-closed').textContent()).toContain('3 个单位排名');
    await screenshot(chair.page, 'contests-desktop-round-closed');
    await chair.page.getByTestId('to-results').click();
    await settle(chair.page);
    await expect.poll(() => chair.page.locator('[data-testid="ranking"] tbody tr').count()).toBe(3);
    await expect
      .poll(() => chair.page.getByTestId('formula').textContent())
      .toContain('去掉最高最低分后平均');
    await screenshot(chair.page, 'contests-desktop-results');
    expect(chair.errors).toEqual([]);
    await chair.context.close();

    // --- the county: its 擂台赛 and the township's round ---------------------------------------------------------------
    const county = await newPage(browser);
    await login(county.page, 'county');
    await menu(county.page, 'contests');
    await expect.poll(() => county.page.getByText(FINAL).count()).toBe(1);
    await county.page.getByTestId(`round-results-${roundId}`).click();
    await settle(county.page);
    await expect.poll(() => county.page.locator('[data-testid="ranking"] tbody tr').count()).toBe(3);
    await menu(county.page, 'contests');
    const final = (
      await (await api('county')).get<{ id: number; name: string }[]>('/api/contests?level=county')
    ).body.find((r) => r.name === FINAL)!;
    await county.page.getByTestId(`round-results-${final.id}`).click();
    await settle(county.page);
    // the final: each township round's winner, one per township of the county's twelve
    await expect.poll(() => county.page.locator('[data-testid="ranking"] tbody tr').count()).toBe(12);
    await expect.poll(() => county.page.getByTestId('ranking').textContent()).toContain('张庄镇');
    await screenshot(county.page, 'contests-desktop-county-final');
    expect(county.errors).toEqual([]);
    await county.context.close();
  });

  it('the county reaches a final’s bracket through the menu and advances the twelve township winners', async () => {
    // The county office drew up a final fed by the twelve townships' fourth-quarter rounds (all closed).
    const countyApi = await api('county');
    const me = countyApi.user as { unit: { id: number } };
    const township = (
      await countyApi.get<{ id: number; unitId: number; date: string }[]>(
        '/api/contests?year=2023&level=township',
      )
    ).body;
    const latest = new Map<number, { id: number; date: string }>();
    for (const r of township) if ((latest.get(r.unitId)?.date ?? '') < r.date) latest.set(r.unitId, r);
    expect(latest.size).toBe(12);
    const tpl = (await countyApi.get<{ id: number; code: string }[]>('/api/contests/templates')).body.find(
      (x) => x.code === 'county_arena',
    )!;
    const name = `端到端县级决赛 ${Date.now()}`;
    const created = await countyApi.post<{ id: number }>('/api/contests', {
      templateId: tpl.id,
      unitId: me.unit.id,
      name,
      date: today(),
      sourceRoundIds: [...latest.values()].map((r) => r.id),
      advanceTop: 1,
      judgesPerUnit: 1,
      guests: [{ name: '端到端评委' }],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const finalId = created.body.id;

    const county = await newPage(browser);
    await login(county.page, 'county');
    await menu(county.page, 'contests');
    await county.page.getByTestId(`round-open-${finalId}`).click();
    await settle(county.page);
    const bracket = county.page.getByTestId('bracket');
    await expect.poll(() => bracket.locator('[data-testid="bracket-sources"] tbody tr').count()).toBe(12);
    await expect.poll(() => county.page.getByTestId('bracket-next').textContent()).toContain('晋级胜者');
    await expect.poll(() => county.page.getByTestId('bracket-final').textContent()).toContain('0 个参评单位');
    await screenshot(county.page, 'contests-desktop-bracket-ready');
    await county.page.getByTestId('advance-winners').click();
    const confirm = county.page.locator('.ant-modal-confirm .ant-btn-primary');
    await expect.poll(() => confirm.isVisible()).toBe(true);
    await confirm.click();
    await expect
      .poll(() => county.page.getByTestId('advanced').textContent())
      .toContain('已从 12 个评比晋级 12 个单位');
    await expect.poll(() => county.page.getByTestId('advanced').textContent()).toContain('下一步');
    await expect
      .poll(() => county.page.getByTestId('bracket-final').textContent())
      .toContain('12 个参评单位');
    await expect.poll(() => bracket.getByText('已晋级', { exact: true }).count()).toBe(12);
    await expect.poll(() => county.page.getByTestId('advance-winners').count()).toBe(0);
    await screenshot(county.page, 'contests-desktop-bracket-advanced');

    // The demo's final shows the same bracket, advanced from records.
    await menu(county.page, 'contests');
    const demoFinal = (
      await countyApi.get<{ id: number; name: string }[]>('/api/contests?level=county')
    ).body.find((r) => r.name === FINAL)!;
    await county.page.getByTestId(`round-open-${demoFinal.id}`).click();
    await settle(county.page);
    await expect
      .poll(() => county.page.locator('[data-testid="bracket"]').getByText('已晋级', { exact: true }).count())
      .toBe(12);
    expect(county.errors).toEqual([]);
    await county.context.close();
  });
  it('the township office creates a round in the web (two guest judges) and lands on it in drawn order', async () => {
    const townshipApi = await api('township');
    const me = townshipApi.user as { permissions: string[]; unit: { name: string } };
    expect(me.permissions).toContain('contest:manage');
    for (const phone of [false, true]) {
      const { page, context, errors } = await newPage(browser, { phone });
      await login(page, 'township');
      await menu(page, 'contests', phone);
      await page.getByTestId('round-new').click();
      const form = page.getByTestId('round-form');
      await expect.poll(() => form.isVisible()).toBe(true);
      await settle(page);
      // the organiser is the office's own township; the score sheet for a township is chosen already
      await expect.poll(() => form.getByTestId('round-form-unit').textContent()).toContain(me.unit.name);
      await expect.poll(() => form.getByTestId('round-form-template').textContent()).not.toBe('');
      const name = `端到端网页新建评比 ${phone ? '手机' : '电脑'} ${Date.now()}`;
      await page.getByTestId('round-form-name').fill(name);
      await page.getByTestId('round-form-per-unit').fill('2');
      await screenshot(page, `contests-${phone ? 'phone' : 'desktop'}-round-form-top`, { fullPage: false });
      await page.getByTestId('add-guest').click();
      await page.getByTestId('guest-name-0').fill('王特邀');
      await page.getByTestId('add-guest').click();
      await page.getByTestId('guest-name-1').fill('李特邀');
      await expect.poll(() => page.getByText('去掉一个最高分和一个最低分后取平均').count()).toBe(1);
      await screenshot(page, `contests-${phone ? 'phone' : 'desktop'}-round-form`, { fullPage: false });
      await page.getByTestId('round-form-submit').click();
      await expect.poll(() => page.getByText(`已创建“${name}”`).count()).toBe(1);
      await expect.poll(() => page.getByText('下一步：评委在手机“我的评分”中逐村打分').count()).toBe(1);
      await page.waitForURL(/\/contests\/\d+$/);
      await settle(page);
      const id = Number(new URL(page.url()).pathname.split('/').pop());
      await expect.poll(() => page.getByTestId('guest-accounts').textContent()).toContain('账号 guest');
      await expect.poll(() => page.locator('[data-testid="guest-accounts"] .ant-typography').count()).toBe(2);
      // the villages in the order drawn by lot
      const round = (
        await townshipApi.get<{ name: string; roundUnits: { name: string; lotOrder: number }[] }>(
          `/api/contests/${id}`,
        )
      ).body;
      expect(round.name).toBe(name);
      const drawn = [...round.roundUnits].sort((a, b) => a.lotOrder - b.lotOrder).map((u) => u.name);
      expect(drawn.length).toBeGreaterThan(1);
      const rows = page.locator('[data-testid="round-units"] tbody tr');
      await expect.poll(() => rows.count()).toBe(Math.min(drawn.length, 20));
      const shown = await rows.locator('td:nth-child(2)').allTextContents();
      expect(shown).toEqual(drawn.slice(0, 20));
      await screenshot(page, `contests-${phone ? 'phone' : 'desktop'}-round-created`);
      expect(errors).toEqual([]);
      await context.close();
    }
  });
});
