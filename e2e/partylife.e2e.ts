import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { complianceRatio, windowOf, type PartyLifeSettings } from '@fivestar/common';
import { api, launchBrowser, login, newPage, openFromMenu, png, screenshot, type ApiClient } from './support';

async function settle(page: Page): Promise<void> {
  await expect.poll(() => page.locator('.ant-spin-spinning, .ant-skeleton-active').count()).toBe(0);
  await page.waitForTimeout(300);
}

/** Opens a menu entry the way its users do (on a phone, through the drawer) and waits for the page. */
async function menu(page: Page, key: string, path: string, phone = false) {
  await openFromMenu(page, key, { phone, path });
  await settle(page);
}

const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;

/** Today in China, as the server counts days. */
const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

interface Summary {
  meetings: { held: number; due: number; compliance: number };
  themeDays: number;
}
interface Compliance {
  year: number;
  asOf: string;
  recorded: boolean;
  latestYear: number | null;
  due: number;
  met: number;
}
interface MakeUp {
  id: number;
  meetingId: number;
  personId: number;
  personName: string;
  reason: string;
  doneOn: string | null;
}
interface Round {
  id: number;
  title: string;
  status: string;
  publicityId: number | null;
  nominationList: { id: number; nominee: string; status: string }[];
}

/** The open make-ups of a village, every page of them. */
async function allOpenMakeUps(who: ApiClient, unitId: number): Promise<MakeUp[]> {
  const out: MakeUp[] = [];
  for (let p = 1; ; p++) {
    const { items, total } = (
      await who.get<{ items: MakeUp[]; total: number }>(
        `/api/party-life/make-ups?unitId=${unitId}&open=true&page=${p}&pageSize=200`,
      )
    ).body;
    out.push(...items);
    if (items.length === 0 || out.length >= total) return out;
  }
}

describe('party life', () => {
  let browser: Browser;
  let township: ApiClient;
  let secretary: ApiClient | undefined;
  let secretaryName = '';
  let unitId: number;
  let members: { personId: number; name: string }[];
  const year = Number(today().slice(0, 4));
  const summary = async () =>
    (await township.get<Summary>(`/api/party-life/summary?from=${year}-01-01&to=${today()}`)).body;

  beforeAll(async () => {
    browser = await launchBrowser();
    township = await api('township');
    // The first village (in the demo's order) with at least two party members: one attends, one is on leave.
    // secretary01's village lists only its secretary as a party member.
    for (let n = 1; n <= 55 && !secretary; n++) {
      const username = `secretary${String(n).padStart(2, '0')}`;
      const client = await api(username);
      const id = (client.user as { unit: { id: number } }).unit.id;
      const list = (
        await client.get<{ personId: number; name: string }[]>(`/api/party-life/members?unitId=${id}`)
      ).body;
      if (list.length < 2) continue;
      [secretary, secretaryName, unitId, members] = [client, username, id, list];
    }
    expect(secretary, 'a demo village with two party members').toBeDefined();
  });
  afterAll(async () => browser?.close());

  it('a secretary on a phone records a theme day with a photo and attendance; the member on leave makes it up; the township sees compliance move', async () => {
    // What the new theme day should do to the township's figure: it meets this month's window unless a theme day
    // of this village already met it; a window still running is due only once something is held in it.
    const settings = (await secretary!.get<PartyLifeSettings>(`/api/party-life/settings?unitId=${unitId}`))
      .body;
    const w = windowOf(settings.frequencies.theme_day, today())!;
    const heldInWindow = (
      await township.get<{ total: number }>(
        `/api/party-life/meetings?unitId=${unitId}&type=theme_day&from=${w.start}&to=${w.end}&page=1&pageSize=1`,
      )
    ).body.total;
    const newlyMet = heldInWindow === 0 ? 1 : 0;
    const newlyDue = newlyMet && w.end > today() ? 1 : 0;
    const before = await summary();

    // --- the township's desk: the page opens on the latest year with records; this year's figure before ---------
    const opening = (await township.get<Compliance>('/api/party-life/compliance')).body;
    const thisYear = (await township.get<Compliance>(`/api/party-life/compliance?year=${year}`)).body;
    const desk = await newPage(browser);
    await login(desk.page, 'township');
    await menu(desk.page, 'partylife', '/party-life');
    await expect
      .poll(() => desk.page.getByTestId('compliance-total').innerText())
      .toContain(`${opening.year}年截至${opening.asOf}：应开展 ${opening.due} 次，已开展 ${opening.met} 次`);
    expect(opening.recorded).toBe(opening.latestYear !== null);
    expect(await desk.page.getByTestId('compliance-no-records').count()).toBe(opening.recorded ? 0 : 1);
    await screenshot(desk.page, 'partylife-desktop-compliance-opening');
    await desk.page.getByTestId('compliance-year').fill(String(year));
    await expect
      .poll(() => desk.page.getByTestId('compliance-total').innerText())
      .toContain(
        `应开展 ${before.meetings.due} 次，已开展 ${before.meetings.held} 次，按期率 ${pct(before.meetings.compliance)}`,
      );
    // A year without a meeting in the area says so plainly, and offers the latest year with records.
    await expect
      .poll(() => desk.page.getByTestId('compliance-no-records').count())
      .toBe(thisYear.recorded ? 0 : 1);
    if (!thisYear.recorded)
      expect(await desk.page.getByTestId('compliance-no-records').innerText()).toContain(
        `${year}年本辖区没有登记任何会议`,
      );
    await screenshot(desk.page, 'partylife-desktop-compliance-before');

    // --- the secretary's phone: 组织生活 through the drawer, record a theme day ---------------------------------
    const phone = await newPage(browser, { phone: true });
    const { page } = phone;
    await login(page, secretaryName);
    await menu(page, 'partylife', '/party-life', true);
    await page.getByTestId('record-meeting').click();
    await expect.poll(() => page.locator('.ant-modal').getByTestId('meeting-topic').count()).toBe(1);
    const topic = `端到端主题党日 ${Date.now()}`;
    await page.getByTestId('meeting-topic').fill(topic);
    const [onLeave, ...present] = members;
    await page.getByTestId(`att-${onLeave!.personId}`).getByText('请假').click();
    await page.getByTestId('fixed-actions').locator('input[type="checkbox"]').first().check();
    await page.getByTestId('theme-items').fill('为村里孤寡老人打扫庭院');
    // The photo button offers camera or gallery (no `capture`), and shows what was chosen.
    expect(await page.getByTestId('meeting-photos').getAttribute('capture')).toBeNull();
    const chooser = page.waitForEvent('filechooser');
    await page.getByTestId('meeting-photos-pick').click();
    await (await chooser).setFiles({ name: '主题党日现场.png', mimeType: 'image/png', buffer: png() });
    await expect.poll(() => page.getByTestId('meeting-photos-count').innerText()).toBe('已选 1 张');
    await screenshot(page, 'partylife-phone-record', { fullPage: false });
    await page.getByTestId('meeting-ok').click();

    // The page says what happened and what comes next.
    const saved = page.getByTestId('meeting-saved');
    await expect.poll(() => saved.count()).toBe(1);
    await expect.poll(() => saved.innerText()).toContain(`已登记主题党日“${topic}”`);
    expect(await page.getByTestId('saved-attendance').innerText()).toContain(
      `到会 ${present.length}/${members.length} 人，请假 1 人，缺席 0 人`,
    );
    expect(await page.getByTestId('saved-photos').innerText()).toContain('现场照片已上传 1 张');
    expect(await page.getByTestId('saved-next').innerText()).toContain(
      '已为 1 名请假或缺席的党员生成补课任务',
    );
    await expect.poll(() => page.getByTestId('saved-makeups').innerText()).toContain(onLeave!.name);
    await settle(page);
    await screenshot(page, 'partylife-phone-saved');

    // Through the API: the meeting as recorded, its photo, the one make-up.
    const meeting = (
      await secretary!.get<{
        items: { id: number; topic: string; present: number; leave: number; photos: number }[];
      }>(
        `/api/party-life/meetings?unitId=${unitId}&type=theme_day&from=${today()}&to=${today()}&page=1&pageSize=50`,
      )
    ).body.items.find((m) => m.topic === topic)!;
    expect(meeting).toMatchObject({ present: present.length, leave: 1, photos: 1 });
    // The meetings list on the phone shows it with its attendance and photo.
    await expect
      .poll(() => page.getByTestId('meetings-table').locator('tr', { hasText: topic }).innerText())
      .toContain(`${present.length}/${members.length}`);
    const openMakeUps = async (who: ApiClient = secretary!) =>
      (await allOpenMakeUps(who, unitId)).filter((k) => k.meetingId === meeting.id);
    const makeUp = (await openMakeUps())[0]!;
    expect(makeUp).toMatchObject({ personId: onLeave!.personId, reason: 'leave', doneOn: null });

    // --- the township sees the figure move by what the new record implies -----------------------------------------
    const after = await summary();
    expect(after.meetings.held - before.meetings.held).toBe(newlyMet);
    expect(after.meetings.due - before.meetings.due).toBe(newlyDue);
    expect(after.themeDays - before.themeDays).toBe(1);
    // The rate is the held count over the due count, rounded to 0.1 % (here it may round to the same figure).
    expect(after.meetings.compliance).toBe(complianceRatio(after.meetings.held, after.meetings.due));
    // Reopened, the page now opens on this year: it holds the new record.
    await menu(desk.page, 'partylife-honours', '/party-life/honours');
    await menu(desk.page, 'partylife', '/party-life');
    await expect
      .poll(() => desk.page.getByTestId('compliance-total').innerText())
      .toContain(
        `应开展 ${after.meetings.due} 次，已开展 ${after.meetings.held} 次，按期率 ${pct(after.meetings.compliance)}`,
      );
    expect(await desk.page.getByTestId('compliance-no-records').count()).toBe(0);
    await screenshot(desk.page, 'partylife-desktop-compliance-after');
    // The township sees the make-up open in the village.
    expect((await openMakeUps(township)).map((k) => k.id)).toEqual([makeUp.id]);

    // --- the member on leave makes it up: the secretary marks it done from the confirmation -------------------------
    await page.getByTestId(`saved-makeup-done-${makeUp.id}`).click();
    await expect
      .poll(() => page.getByTestId(`saved-makeup-${makeUp.id}`).innerText())
      .toContain(`${today()} 已补课`);
    await expect.poll(() => page.getByTestId('saved-next').innerText()).toContain('补课已全部完成');
    await expect.poll(async () => (await openMakeUps()).length).toBe(0);
    await settle(page);
    await screenshot(page, 'partylife-phone-made-up');
    expect(phone.errors).toEqual([]);
    expect(desk.errors).toEqual([]);
    await phone.context.close();
    await desk.context.close();
  });

  it('an honour round goes from nomination through the township review to 公示 with an objection; award waits for the notice to end', async () => {
    const title = `端到端文明家庭 ${Date.now()}`;
    const nominee = `端到端王建国家庭 ${Date.now()}`;

    // --- the township creates the round ------------------------------------------------------------------------------
    const desk = await newPage(browser);
    await login(desk.page, 'township');
    await menu(desk.page, 'partylife-honours', '/party-life/honours');
    await desk.page.getByTestId('round-add').click();
    await desk.page.getByTestId('round-title').fill(title);
    await desk.page.getByTestId('round-ok').click();
    await expect.poll(() => desk.page.getByTestId('round-detail').innerText()).toContain(`${title} · 推荐中`);
    const rounds = (await township.get<{ id: number; title: string }[]>(`/api/party-life/honours/rounds`))
      .body;
    const roundId = rounds.find((r) => r.title === title)!.id;
    const round = async () => (await township.get<Round>(`/api/party-life/honours/rounds/${roundId}`)).body;

    // --- the village (its secretary on a phone) nominates and recommends ---------------------------------------------
    const phone = await newPage(browser, { phone: true });
    await login(phone.page, secretaryName);
    await menu(phone.page, 'partylife-honours', '/party-life/honours', true);
    await phone.page.getByTestId(`round-${roundId}`).click();
    await phone.page.getByTestId('nominate').click();
    await phone.page.getByTestId('nominee').fill(nominee);
    await phone.page.locator('.ant-modal textarea').fill('孝老爱亲、邻里和睦（端到端）');
    await phone.page.getByTestId('nominate-ok').click();
    await expect.poll(async () => (await round()).nominationList.length).toBe(1);
    const nominationId = (await round()).nominationList[0]!.id;
    await expect
      .poll(() => phone.page.getByTestId(`nomination-${nominationId}`).innerText())
      .toContain('已提名');
    await phone.page.getByTestId(`recommend-${nominationId}`).click();
    await expect
      .poll(() => phone.page.getByTestId(`nomination-${nominationId}`).innerText())
      .toContain('村级已推荐');
    await settle(phone.page);
    await screenshot(phone.page, 'partylife-phone-honour-recommended');
    expect(phone.errors).toEqual([]);
    await phone.context.close();

    // --- the township closes nominations, approves, publishes the 公示 -------------------------------------------
    await menu(desk.page, 'partylife', '/party-life');
    await menu(desk.page, 'partylife-honours', '/party-life/honours');
    await desk.page.getByTestId(`round-${roundId}`).click();
    const detail = desk.page.getByTestId('round-detail');
    await expect.poll(() => detail.innerText()).toContain(nominee);
    await desk.page.getByTestId('round-step').click(); // 截止推荐，开始审核
    await expect.poll(() => detail.innerText()).toContain(`${title} · 审核中`);
    await desk.page.getByTestId(`approve-${nominationId}`).click();
    await expect
      .poll(() => desk.page.getByTestId(`nomination-${nominationId}`).innerText())
      .toContain('乡镇审核通过');
    await desk.page.getByTestId('round-step').click(); // 发布公示
    await expect.poll(() => detail.innerText()).toContain(`${title} · 公示中`);
    const publicityId = (await round()).publicityId!;
    expect(publicityId).toBeGreaterThan(0);
    await screenshot(desk.page, 'partylife-desktop-honour-publicity');

    // --- the public notice, reached from the round; an objection to the nominee ------------------------------------
    await detail.getByRole('link', { name: '查看公示' }).click();
    await desk.page.waitForURL((url) => url.pathname === `/publicity/${publicityId}`);
    await expect.poll(() => desk.page.getByTestId('notice-items').innerText()).toContain(nominee);
    await expect.poll(() => desk.page.getByTestId('notice-title').innerText()).toContain(title);
    const reason = `端到端：请核实${nominee}的事迹`;
    // The item picker is the phone's own list (a native select): chosen by the nominee's line.
    const option = desk.page.getByTestId('objection-target').locator('option', { hasText: nominee });
    await desk.page.getByTestId('objection-target').selectOption(await option.getAttribute('value'));
    await desk.page.getByTestId('objection-reason').fill(reason);
    await desk.page.getByTestId('objection-send').click();
    await expect.poll(() => desk.page.getByTestId('objection-sent').isVisible()).toBe(true);
    await screenshot(desk.page, 'partylife-desktop-notice-objection');

    // --- award while the notice runs with an objection unanswered: refused, the round stays on notice -------------
    // The public notice page has no menu: back to the honours page, as the browser's back button does.
    await desk.page.goBack();
    await desk.page.waitForURL((url) => url.pathname === '/party-life/honours');
    await settle(desk.page);
    await desk.page.getByTestId(`round-${roundId}`).click();
    await expect.poll(() => detail.innerText()).toContain(`${title} · 公示中`);
    await desk.page.getByTestId('round-step').click(); // 公示结束，授予
    await expect
      .poll(() => desk.page.locator('.ant-message').innerText())
      .toContain('公示期未结束或仍有异议未答复，暂不能授予');
    expect((await round()).status).toBe('publicity');

    // --- the township answers the objection (公示异议) -----------------------------------------------------------------
    await menu(desk.page, 'publicity', '/publicity/objections');
    const row = desk.page.getByTestId('objections-table').locator('tr', { hasText: reason });
    await expect.poll(() => row.count()).toBe(1);
    await row.getByTestId('resolve').click();
    await desk.page.getByTestId('resolve-reply').fill('经村、镇核实，事迹属实，异议不成立');
    await desk.page.getByTestId('resolve-ok').click();
    await expect.poll(() => desk.page.getByTestId('publicity-result').count()).toBe(1);
    const notice = (
      await township.get<{ status: string; objectionList: { status: string }[] }>(
        `/api/publicity/notices/${publicityId}`,
      )
    ).body;
    expect(notice.status).toBe('open');
    expect(notice.objectionList.map((o) => o.status)).toEqual(['dismissed']);

    // Answered, but the window still runs (and no one can end it early): award is still refused.
    await menu(desk.page, 'partylife-honours', '/party-life/honours');
    await desk.page.getByTestId(`round-${roundId}`).click();
    await expect.poll(() => detail.innerText()).toContain(`${title} · 公示中`);
    await expect.poll(() => desk.page.locator('.ant-message-notice').count()).toBe(0);
    await desk.page.getByTestId('round-step').click(); // 公示结束，授予
    await expect
      .poll(() => desk.page.locator('.ant-message').innerText())
      .toContain('公示期未结束或仍有异议未答复，暂不能授予');
    const award = await township.post(`/api/party-life/honours/rounds/${roundId}/step`, { action: 'award' });
    expect(award.status).toBe(409);
    expect((await round()).status).toBe('publicity');
    expect(
      (await township.get<{ holder: string }[]>('/api/party-life/honours')).body.some(
        (h) => h.holder === nominee,
      ),
    ).toBe(false);
    await screenshot(desk.page, 'partylife-desktop-honour-awaiting-end');
    expect(desk.errors).toEqual([]);
    await desk.context.close();
  });

  it("the township awards this year's 最美家庭 round, whose 公示 ended without objections, and sees the registry", async () => {
    // The demo's round as its records stand: approved nominations, its notice's window over, no objection.
    const rounds = (
      await township.get<{ id: number; title: string; status: string }[]>(
        `/api/party-life/honours/rounds?year=${year}`,
      )
    ).body;
    const waiting = rounds.find((r) => r.title === '最美家庭' && r.status === 'publicity')!;
    expect(waiting, "the demo's round awaiting its award").toBeDefined();
    const round = async () =>
      (await township.get<Round>(`/api/party-life/honours/rounds/${waiting.id}`)).body;
    const approved = (await round()).nominationList.filter((n) => n.status === 'approved');
    expect(approved.length).toBeGreaterThan(0);
    const notice = (
      await township.get<{ status: string; objectionList: unknown[] }>(
        `/api/publicity/notices/${(await round()).publicityId}`,
      )
    ).body;
    expect(notice).toMatchObject({ status: 'ended', objectionList: [] });

    const desk = await newPage(browser);
    await login(desk.page, 'township');
    await menu(desk.page, 'partylife-honours', '/party-life/honours');
    await desk.page.getByTestId(`round-${waiting.id}`).click();
    const detail = desk.page.getByTestId('round-detail');
    await expect.poll(() => detail.innerText()).toContain(`${year} 最美家庭 · 公示中`);
    for (const n of approved) expect(await detail.innerText()).toContain(n.nominee);
    await desk.page.getByTestId('round-step').click(); // 公示结束，授予

    // The page says what happened and what comes next; the registry lists the awarded households.
    await expect.poll(() => detail.innerText()).toContain(`${year} 最美家庭 · 已授予`);
    await expect
      .poll(() => desk.page.getByTestId('round-awarded').innerText())
      .toContain(`“最美家庭”已授予 ${approved.length} 项，已记入下方荣誉档案。`);
    expect(await desk.page.getByTestId('round-awarded').innerText()).toContain(
      `计入各村${year}年度的“年度获评荣誉数”`,
    );
    const registry = desk.page.getByTestId('registry');
    for (const n of approved)
      await expect
        .poll(() => registry.locator('tr', { hasText: n.nominee }).innerText())
        .toContain(`最美家庭`);
    await settle(desk.page);
    await screenshot(desk.page, 'partylife-desktop-honour-awarded');

    // Through the API: the round awarded, its nominations in the registry with today's date.
    expect((await round()).status).toBe('awarded');
    const honours = (
      await township.get<{ holder: string; title: string; awardedOn: string }[]>(
        `/api/party-life/honours?year=${year}`,
      )
    ).body.filter((h) => h.title === '最美家庭');
    expect(honours.map((h) => h.holder).sort()).toEqual(approved.map((n) => n.nominee).sort());
    expect(honours.every((h) => h.awardedOn === today())).toBe(true);
    expect(desk.errors).toEqual([]);
    await desk.context.close();
  });
});
