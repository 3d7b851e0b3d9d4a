import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  api,
  baseUrl,
  chooseOption,
  launchBrowser,
  login,
  newPage,
  openFromMenu,
  png,
  screenshot,
} from './support';

const YEAR = new Date().getFullYear();

interface Detail {
  id: number;
  status: string;
  starCode: string;
  branchId: number;
  indicators: { code: string; type: string; minFiles: number; threshold: number | null }[];
}

async function settle(page: Page): Promise<void> {
  await expect.poll(() => page.locator('.ant-spin-spinning, .ant-skeleton-active').count()).toBe(0);
  await page.waitForTimeout(400);
}

interface StandardRow {
  year: number;
  branchKind: string;
  status: string;
  definition: {
    capstone: { enabled: boolean };
    indicators: ({ code: string; starCode: string; title: string } & Record<string, unknown>)[];
  } & Record<string, unknown>;
}

const statusOf = (page: Page) => page.getByTestId('app-status').innerText();

async function uploadPhoto(page: Page, code: string, name: string) {
  const card = page.getByTestId(`ind-${code}`);
  const before = await card.getByTestId('evidence-file').count();
  const chooser = page.waitForEvent('filechooser');
  await card.getByTestId('upload').click();
  await (await chooser).setFiles({ name, mimeType: 'image/png', buffer: png() });
  await expect.poll(() => card.getByTestId('evidence-file').count()).toBe(before + 1);
}

async function withReason(page: Page, text: string) {
  await page.getByTestId('reason-input').fill(text);
  await page.getByTestId('reason-ok').click();
}

/** Chooses a year in the dashboard's year selector: its list's option, not the value already shown. */
async function pickYear(page: Page, year: number) {
  await chooseOption(page, page.getByTestId('year-select'), String(year));
}

/** Opens a part of 五星创建 the way its users do: the menu entry (the drawer on a phone), then the section's tab. */
async function openRatings(
  page: Page,
  tab: 'dashboard' | 'applications' | 'notices' | 'standards' | 'targets',
) {
  const phone = (page.viewportSize()?.width ?? 1440) < 768;
  await openFromMenu(page, 'ratings', { phone, path: '/ratings' });
  if (tab === 'dashboard') return;
  await page.getByTestId(`tab-${tab}`).click();
  await page.waitForURL((url) => url.pathname === `/ratings/${tab}`);
}

describe('the rating cycle, with the real roles', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('secretary (phone) → township review with a returned indicator → resubmit → county → notice → public objection → resolution → revocation moves the dashboard', async () => {
    const secretaryApi = await api('secretary01');
    const list = (
      await secretaryApi.get<{ items: { id: number; starCode: string; status: string }[] }>(
        `/api/ratings/applications?year=${YEAR}`,
      )
    ).body;
    const target = list.items.find((a) => a.starCode !== 'strong_branch' && a.status === 'draft')!;
    expect(target).toBeDefined();
    const detail = (await secretaryApi.get<Detail>(`/api/ratings/applications/${target.id}`)).body;

    // 1. The village secretary self-assesses on a phone, with photos from the camera, and submits.
    const phone = await newPage(browser, { phone: true });
    await login(phone.page, 'secretary01');
    await openRatings(phone.page, 'applications');
    await phone.page.getByTestId(`open-${target.id}`).click();
    await expect.poll(() => statusOf(phone.page)).toBe('草稿');
    await settle(phone.page);
    await screenshot(phone.page, 'ratings-secretary-form-phone', { fullPage: false });
    for (const ind of detail.indicators)
      for (let f = 0; f < ind.minFiles; f++)
        await uploadPhoto(phone.page, ind.code, `photo-${ind.code}-${f}.png`);
    for (const ind of detail.indicators) {
      const card = phone.page.getByTestId(`ind-${ind.code}`);
      if (ind.type === 'boolean') await card.getByText('已达到', { exact: true }).click();
      if (ind.type === 'veto') await card.getByText('未发生', { exact: true }).click();
      if (ind.type === 'numeric')
        await card
          .getByTestId('value-input')
          .locator('input')
          .or(card.locator('input.ant-input-number-input'))
          .first()
          .fill(String((ind.threshold ?? 0) + 2));
    }
    await phone.page.getByTestId('submit').click();
    await phone.page.getByTestId('submit-confirm').click();
    await expect.poll(() => statusOf(phone.page)).toBe('已提交');

    // 2. The township reviewer accepts every indicator but one, returns that one with a comment.
    const desk = await newPage(browser);
    await login(desk.page, 'township');
    await desk.page.goto(`${baseUrl()}/ratings/applications/${target.id}`);
    await settle(desk.page);
    const [first, ...rest] = detail.indicators;
    for (const ind of rest) {
      const card = desk.page.getByTestId(`ind-${ind.code}`);
      await card.getByTestId('accept').click();
      await expect.poll(() => card.getByTestId('review-tag').innerText()).toBe('已通过');
    }
    await desk.page.getByTestId(`ind-${first!.code}`).getByTestId('return').click();
    await withReason(desk.page, '照片不清晰，请补拍');
    await expect
      .poll(() => desk.page.getByTestId(`ind-${first!.code}`).getByTestId('review-tag').innerText())
      .toBe('已退回');
    await desk.page.getByTestId('return-all').click();
    await withReason(desk.page, '请按意见修改后重新提交');
    await expect.poll(() => statusOf(desk.page)).toBe('已退回');

    // 3. The secretary sees the comment, fixes only that indicator and resubmits.
    await phone.page.reload();
    await expect.poll(() => statusOf(phone.page)).toBe('已退回');
    const returned = phone.page.getByTestId(`ind-${first!.code}`);
    await expect.poll(() => returned.getByTestId('review-comment').innerText()).toContain('照片不清晰');
    if (first!.minFiles > 0 || first!.type === 'evidence')
      await uploadPhoto(phone.page, first!.code, 'retake.png');
    await returned.locator('input[placeholder="说明"]').fill('已按要求补充');
    await phone.page.getByTestId('submit').click();
    await phone.page.getByTestId('submit-confirm').click();
    await expect.poll(() => statusOf(phone.page)).toBe('已提交');
    await settle(phone.page);
    await screenshot(phone.page, 'ratings-secretary-resubmitted-phone', { fullPage: false });

    // 4. Township accepts and recommends; the county rates.
    await desk.page.reload();
    await settle(desk.page);
    await desk.page.getByTestId(`ind-${first!.code}`).getByTestId('accept').click();
    await expect
      .poll(() => desk.page.getByTestId(`ind-${first!.code}`).getByTestId('review-tag').innerText())
      .toBe('已通过');
    await desk.page.getByTestId('recommend').click();
    await expect.poll(() => statusOf(desk.page)).toBe('县级审核中');
    const county = await newPage(browser);
    await login(county.page, 'county');
    await county.page.goto(`${baseUrl()}/ratings/applications/${target.id}`);
    await county.page.getByTestId('rate').click();
    await expect.poll(() => statusOf(county.page)).toBe('已评定待公示');

    // 5. The township publishes the notice; anyone reads it and objects without signing in.
    await openRatings(desk.page, 'notices');
    await settle(desk.page);
    const townshipApi = await api('township');
    const before = (await townshipApi.get<{ id: number }[]>('/api/ratings/notices')).body.length;
    await desk.page.getByTestId('publish-notice').click();
    await expect
      .poll(async () => (await townshipApi.get<{ id: number }[]>('/api/ratings/notices')).body.length)
      .toBe(before + 1);
    const notice = (
      await townshipApi.get<{ id: number; items: { applicationId: number }[] }[]>('/api/ratings/notices')
    ).body[0]!;
    expect(notice.items.map((i) => i.applicationId)).toContain(target.id);

    const visitor = await newPage(browser, { phone: true });
    await visitor.page.goto(`${baseUrl()}/notice/${notice.id}`);
    await expect
      .poll(() => visitor.page.getByTestId('notice-items').innerText())
      .toContain('蒲笠堌堆村党支部');
    const publicText = await visitor.page.locator('body').innerText();
    expect(publicText).not.toMatch(/1[3-9]\d{9}/);
    await visitor.page.getByTestId('objection-content').fill('该村人居环境整治尚未完成，请核实。');
    // The target is the phone's own list (a native select): the first item of 蒲笠堌堆村党支部.
    const targets = visitor.page.getByTestId('objection-target').locator('option');
    const label = (await targets.allInnerTexts()).find((text) => text.includes('蒲笠堌堆村党支部'));
    expect(label).toBeDefined();
    await visitor.page.getByTestId('objection-target').selectOption({ label: label! });
    await visitor.page.getByTestId('objection-contact').fill('13912345678');
    await screenshot(visitor.page, 'ratings-public-notice-phone');
    await visitor.page.getByTestId('objection-send').click();
    await expect.poll(() => visitor.page.getByTestId('objection-sent').isVisible()).toBe(true);
    expect(await visitor.page.locator('body').innerText()).not.toContain('13912345678');
    await expect
      .poll(
        async () =>
          (await secretaryApi.get<{ status: string }>(`/api/ratings/applications/${target.id}`)).body.status,
      )
      .toBe('objection');

    // 6. The township resolves the objection on the record (staff see the contact).
    await desk.page.reload();
    const card = desk.page.getByTestId(`notice-${notice.id}`);
    await expect.poll(() => card.innerText()).toContain('13912345678');
    await card.getByTestId('resolve').first().click();
    await desk.page.getByTestId('outcome-input').fill('经实地核查，整治已完成，异议不成立');
    await desk.page.getByTestId('resolve-ok').click();
    await expect.poll(() => card.innerText()).toContain('经实地核查');
    await expect
      .poll(
        async () =>
          (await secretaryApi.get<{ status: string }>(`/api/ratings/applications/${target.id}`)).body.status,
      )
      .toBe('publicity');

    // 7. A closed notice with nothing open: the county names its stars, and the figures move.
    const summary = async () =>
      (
        await townshipApi.get<{ threeOrMore: number; byStar: Record<string, number> }>(
          `/api/ratings/summary?year=${YEAR}`,
        )
      ).body;
    const starsOf = (s: { byStar: Record<string, number> }) =>
      Object.values(s.byStar).reduce((a, b) => a + b, 0);
    const closed = (
      await townshipApi.get<{ id: number; open: boolean; awardedAt: string | null; items: unknown[] }[]>(
        '/api/ratings/notices',
      )
    ).body.find((n) => !n.open && n.awardedAt === null && n.items.length > 0)!;
    expect(closed).toBeDefined();
    const beforeAward = await summary();
    await openRatings(county.page, 'notices');
    await county.page.getByTestId(`notice-${closed.id}`).getByTestId('award-notice').click();
    await expect.poll(() => county.page.getByTestId(`notice-${closed.id}`).innerText()).toContain('已命名');
    expect(starsOf(await summary())).toBe(starsOf(beforeAward) + closed.items.length);

    // 8. A veto event: the county revokes an awarded star of a three-star branch; the dashboard moves.
    const three = (
      await townshipApi.get<{ items: { branchId: number }[] }>(`/api/ratings/branches?year=${YEAR}&level=3`)
    ).body.items;
    let revokeId: number | undefined;
    for (const b of three) {
      const apps = (
        await townshipApi.get<{ items: { id: number }[] }>(
          `/api/ratings/applications?year=${YEAR}&branchId=${b.branchId}&status=awarded`,
        )
      ).body.items;
      if (apps[0]) {
        revokeId = apps[0].id;
        break;
      }
    }
    expect(revokeId).toBeDefined();
    await openRatings(desk.page, 'dashboard');
    await pickYear(desk.page, YEAR);
    await expect.poll(() => desk.page.getByTestId('kpi-three').innerText()).toMatch(/\d/);
    await settle(desk.page);
    const threeBefore = Number((await desk.page.getByTestId('kpi-three').innerText()).match(/\d+/)![0]);

    await county.page.goto(`${baseUrl()}/ratings/applications/${revokeId}`);
    await county.page.getByTestId('revoke').click();
    await withReason(county.page, '发生较大安全生产事故，触发一票否决');
    await expect.poll(() => statusOf(county.page)).toBe('已摘星');

    await desk.page.reload();
    await pickYear(desk.page, YEAR);
    await expect
      .poll(async () =>
        Number(((await desk.page.getByTestId('kpi-three').innerText()).match(/\d+/) ?? ['-1'])[0]),
      )
      .toBe(threeBefore - 1);

    for (const p of [phone, desk, county, visitor]) {
      expect(p.errors).toEqual([]);
      await p.context.close();
    }
  });

  it('the county publishes a new year’s standard from a draft; the township sets its targets', async () => {
    const county = await newPage(browser);
    await login(county.page, 'county');
    await openRatings(county.page, 'standards');
    await county.page.getByTestId('new-rural').click();
    await expect.poll(() => county.page.getByTestId('publish-standard').isVisible()).toBe(true);
    const countyApi = await api('county');
    const ruralOf = async (year: number) =>
      (await countyApi.get<StandardRow[]>('/api/ratings/standards')).body.find(
        (x) => x.branchKind === 'rural' && x.year === year,
      )!;
    const before = await ruralOf(YEAR + 1);
    expect(before.status).toBe('draft');
    const removed = 'strong_branch.theme_days';
    expect(before.definition.indicators.some((i) => i.code === removed)).toBe(true);
    await county.page.getByTestId('capstone-switch').click();

    // A bad edit: the server's field error lands on that indicator, the others stay clean.
    const firstCode = before.definition.indicators[0]!.code;
    const firstTitle = county.page.getByTestId(`indicator-row-${firstCode}`).locator('input').first();
    await firstTitle.fill('   ');
    await county.page.getByTestId('save-standard').click();
    await expect.poll(() => county.page.getByTestId(`indicator-error-${firstCode}`).count()).toBe(1);
    expect(await county.page.locator('[data-testid^="indicator-error-"]').count()).toBe(1);
    await county.page.waitForTimeout(300);
    await screenshot(county.page, 'ratings-standard-editor-error', { fullPage: false });
    await firstTitle.fill(before.definition.indicators[0]!.title);
    await expect.poll(() => county.page.getByTestId(`indicator-error-${firstCode}`).count()).toBe(0);

    // Add a numeric indicator (≥ threshold with unit) to 产业兴旺星.
    await county.page.getByTestId('add-indicator').click();
    // Fill the dialog only once it has finished opening: a field filled during the animation can be reset.
    await county.page.getByTestId('add-indicator-title').waitFor();
    await expect
      .poll(() => county.page.locator('[class*="ant-zoom-appear"], [class*="ant-zoom-enter"]').count())
      .toBe(0);
    await chooseOption(county.page, county.page.getByTestId('add-indicator-star'), '产业兴旺星');
    await county.page.getByTestId('add-indicator-title').fill('村集体经营性收入增长率');
    await county.page.getByTestId('add-indicator-code').fill('income_growth');
    await chooseOption(county.page, county.page.getByTestId('add-indicator-type'), '数值');
    const thresholdEl = county.page.getByTestId('add-indicator-threshold');
    const threshold =
      (await thresholdEl.evaluate((e) => e.tagName)) === 'INPUT' ? thresholdEl : thresholdEl.locator('input');
    await threshold.fill('5');
    await county.page.getByTestId('add-indicator-unit').fill('%');
    await county.page.getByTestId('add-indicator-note').fill('县委组织部 2026 年讨论稿');
    await county.page.waitForTimeout(300);
    await screenshot(county.page, 'ratings-standard-add-indicator', { fullPage: false });
    expect(await county.page.getByTestId('add-indicator-title').inputValue()).toBe('村集体经营性收入增长率');
    expect(await county.page.getByTestId('add-indicator-code').inputValue()).toBe('income_growth');
    await county.page.getByTestId('add-indicator-ok').click();
    await expect.poll(() => county.page.getByTestId('indicator-row-industry.income_growth').count()).toBe(1);

    // Remove one (with a confirm).
    await county.page.getByTestId(`remove-indicator-${removed}`).click();
    await county.page.getByTestId('remove-indicator-ok').click();
    await expect.poll(() => county.page.getByTestId(`indicator-row-${removed}`).count()).toBe(0);
    await county.page.getByTestId('save-standard').click();
    await expect
      .poll(async () => (await ruralOf(YEAR + 1)).definition.indicators.some((i) => i.code === removed))
      .toBe(false);
    await county.page.getByTestId('indicator-row-industry.income_growth').scrollIntoViewIfNeeded();
    await screenshot(county.page, 'ratings-standard-editor', { fullPage: false });

    await county.page.getByTestId('publish-standard').click();
    await county.page.locator('.ant-popconfirm .ant-btn-primary').click();
    await expect.poll(() => county.page.getByTestId('publish-standard').count()).toBe(0);
    const latest = await ruralOf(YEAR + 1);
    expect(latest).toMatchObject({ year: YEAR + 1, status: 'published' });
    expect(latest.definition.capstone.enabled).toBe(false);
    // Exactly that change: the draft's indicators without the removed one, the new one after industry's last.
    const added = {
      code: 'industry.income_growth',
      starCode: 'industry',
      title: '村集体经营性收入增长率',
      type: 'numeric',
      unit: '%',
      threshold: 5,
      minFiles: 0,
      fact: null,
      op: null,
      verified: false,
      note: '县委组织部 2026 年讨论稿',
      leadDepartment: null,
    };
    const expected = before.definition.indicators.filter((i) => i.code !== removed);
    const lastIndustry = expected.map((i) => i.starCode).lastIndexOf('industry');
    expected.splice(lastIndustry + 1, 0, added);
    expect(latest.definition.indicators).toEqual(expected);
    expect({ ...latest.definition, indicators: [], capstone: null }).toEqual({
      ...before.definition,
      indicators: [],
      capstone: null,
    });

    const town = await newPage(browser);
    await login(town.page, 'township');
    await openRatings(town.page, 'targets');
    const fiveEl = town.page.getByTestId('level-target-5');
    const five = (await fiveEl.evaluate((e) => e.tagName)) === 'INPUT' ? fiveEl : fiveEl.locator('input');
    await five.fill('4');
    await town.page.getByTestId('save-targets').click();
    const townshipApi = await api('township');
    await expect
      .poll(
        async () =>
          (await townshipApi.get<{ levels: Record<string, number> }>(`/api/ratings/targets?year=${YEAR}`))
            .body.levels['5'],
      )
      .toBe(4);
    for (const p of [county, town]) {
      expect(p.errors).toEqual([]);
      await p.context.close();
    }
  });

  it('the dashboard shows 2022 as the town reported it, drills down, explains a missing star, and maps the villages', async () => {
    const { context, page, errors } = await newPage(browser);
    try {
      await login(page, 'township');
      await openRatings(page, 'dashboard');
      await pickYear(page, 2022);
      await expect.poll(() => page.getByTestId('kpi-share').innerText()).toContain('43.64%');
      expect(await page.getByTestId('kpi-three').innerText()).toContain('24');
      await page.waitForSelector('[data-testid="chart-map"] canvas');
      await settle(page);
      await page.waitForTimeout(800);
      await screenshot(page, 'ratings-dashboard-desktop');
      await page.getByTestId('chart-map').scrollIntoViewIfNeeded();
      await page.getByTestId('chart-map').screenshot({ path: 'screenshots/ratings-map.png' });

      await page.getByTestId('kpi-three').click();
      const table = page.getByTestId('drill-table');
      await expect.poll(() => page.locator('.ant-modal-title').innerText()).toContain('24');
      await table.locator('tbody tr').first().click();
      await expect.poll(() => page.getByTestId('why-drawer').isVisible()).toBe(true);
      await expect.poll(() => page.getByTestId('why-reason').count()).toBeGreaterThan(0);
      await page.waitForTimeout(500);
      await screenshot(page, 'ratings-why-drawer', { fullPage: false });
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
