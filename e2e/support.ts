import { deflateSync } from 'node:zlib';
import { mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { expect, inject } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const SCREENSHOT_DIR = join(ROOT, 'screenshots');

/** Base URL of the server started by e2e/global-setup.ts, e.g. http://127.0.0.1:41234 */
export function baseUrl(): string {
  return inject('baseUrl');
}

/** Password of every demo account seeded by the e2e server. */
export function demoPassword(): string {
  return inject('demoPassword');
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

export interface E2ePage {
  context: BrowserContext;
  page: Page;
  /**
   * Uncaught page errors and console.error messages, in order. Chromium's own
   * "Failed to load resource: the server responded with a status of 4xx" lines are left out:
   * they are expected HTTP answers (e.g. 401 from a session probe), not application errors.
   */
  errors: string[];
}

/** A fresh context (own cookies) and page; phone = 390×844 @2x touch, otherwise 1440×900 desktop. */
export async function newPage(browser: Browser, opts: { phone?: boolean } = {}): Promise<E2ePage> {
  const context = await browser.newContext({
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    ...(opts.phone
      ? { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true }
      : { viewport: { width: 1440, height: 900 } }),
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.stack ?? err.message}`));
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const text = msg.text();
    if (/^Failed to load resource: the server responded with a status of 4\d\d/.test(text)) return;
    const loc = msg.location();
    errors.push(`console.error: ${text}${loc.url ? ` (${loc.url}:${loc.lineNumber})` : ''}`);
  });
  return { context, page, errors };
}

/** Saves screenshots/<name>.png at the repository root (git-ignored). */
export async function screenshot(
  page: Page,
  name: string,
  opts: { fullPage?: boolean } = {},
): Promise<string> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: opts.fullPage ?? true });
  return path;
}

/** Signs in through the real login form and waits until the app has left /login. */
export async function login(page: Page, username: string, password: string = demoPassword()): Promise<void> {
  await page.goto(`${baseUrl()}/login`);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.waitForURL((url) => !url.pathname.includes('/login'));
}

export interface ApiResponse<T = unknown> {
  status: number;
  ok: boolean;
  headers: Headers;
  /** Parsed JSON when the response is JSON, otherwise the text. */
  body: T;
}

export interface ApiClient {
  user: unknown;
  csrfToken: string;
  /** The Cookie header sent with every request. */
  cookie(): string;
  get<T = unknown>(path: string): Promise<ApiResponse<T>>;
  post<T = unknown>(path: string, body?: unknown): Promise<ApiResponse<T>>;
  put<T = unknown>(path: string, body?: unknown): Promise<ApiResponse<T>>;
  patch<T = unknown>(path: string, body?: unknown): Promise<ApiResponse<T>>;
  delete<T = unknown>(path: string): Promise<ApiResponse<T>>;
}

/**
 * Logs in through POST /api/auth/login and returns a small client that keeps the session cookie
 * and sends the x-csrf-token header on writes. Paths are relative to the base URL ("/api/...").
 */
export async function api(username: string, password: string = demoPassword()): Promise<ApiClient> {
  const jar = new Map<string, string>();
  const remember = (headers: Headers) => {
    for (const setCookie of headers.getSetCookie()) {
      const pair = setCookie.split(';', 1)[0] ?? '';
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (value === '' || /max-age=0\b/i.test(setCookie)) jar.delete(name);
      else jar.set(name, value);
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  let csrfToken = '';

  const request = async <T>(method: string, path: string, body?: unknown): Promise<ApiResponse<T>> => {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (jar.size > 0) headers.cookie = cookie();
    if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['x-csrf-token'] = csrfToken;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(new URL(path, baseUrl()), {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      redirect: 'manual',
    });
    remember(res.headers);
    const text = await res.text();
    let parsed: unknown = text;
    if ((res.headers.get('content-type') ?? '').includes('json') && text !== '') parsed = JSON.parse(text);
    return { status: res.status, ok: res.ok, headers: res.headers, body: parsed as T };
  };

  const res = await request<{ user?: unknown; csrfToken?: string }>('POST', '/api/auth/login', {
    username,
    password,
  });
  if (res.status !== 200 || typeof res.body !== 'object' || !res.body?.csrfToken) {
    throw new Error(`login as ${username} failed: HTTP ${res.status} ${JSON.stringify(res.body)}`);
  }
  if (jar.size === 0) throw new Error(`login as ${username} returned no session cookie`);
  csrfToken = res.body.csrfToken;

  return {
    user: res.body.user,
    get csrfToken() {
      return csrfToken;
    },
    cookie,
    get: (path) => request('GET', path),
    post: (path, body) => request('POST', path, body),
    put: (path, body) => request('PUT', path, body),
    patch: (path, body) => request('PATCH', path, body),
    delete: (path) => request('DELETE', path),
  };
}

/** A small valid PNG (a "photo" from the phone camera). */
export function png(): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Buffer) => {
    let c = 0xffffffff;
    for (const x of b) c = crcTable[(c ^ x) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type), data]);
    const c = Buffer.alloc(4);
    c.writeUInt32BE(crc(td));
    return Buffer.concat([len, td, c]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(8, 0);
  ihdr.writeUInt32BE(8, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  const raw = Buffer.alloc((8 * 3 + 1) * 8, 120);
  for (let y = 0; y < 8; y++) raw[y * 25] = 0;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/**
 * Opens a module the way its users do: through the main menu (on a phone, the drawer behind the menu button).
 * `key` is the menu entry's key (`menu-<key>`); waits until the address is under `path` when given.
 */
export async function openFromMenu(page: Page, key: string, opts: { phone?: boolean; path?: string } = {}) {
  // Waits for the navigation this click causes, not for an address that matches: the page may already sit under
  // `path` (a tab of the same section), and the menu's navigation (with any redirect to the section's home tab)
  // can land after a later click on a loaded machine.
  const { path } = opts;
  const arrived = path
    ? page.waitForEvent('framenavigated', {
        predicate: (frame) => frame === page.mainFrame() && new URL(frame.url()).pathname.startsWith(path),
      })
    : undefined;
  if (opts.phone) {
    await page.getByTestId('menu-toggle').click();
    await page.locator('.ant-drawer-open').getByTestId(`menu-${key}`).click();
  } else {
    await page.getByTestId('main-menu').getByTestId(`menu-${key}`).click();
  }
  if (arrived) await arrived;
}

/**
 * Chooses an option of an Ant Design select the way a user does: opens it, waits until its own list (the one its
 * input controls) has finished opening, clicks the option there and waits until the select shows it. An option
 * clicked while its list still slides in, or in another select's list that is still closing, can be lost on a loaded
 * machine.
 */
export async function chooseOption(page: Page, select: Locator, label: string) {
  await select.click();
  const combobox = select.locator('[role="combobox"]');
  await expect.poll(() => combobox.getAttribute('aria-controls')).toBeTruthy();
  const listId = (await combobox.getAttribute('aria-controls'))!;
  const dropdown = page.locator('.ant-select-dropdown', { has: page.locator(`[id="${listId}"]`) });
  await expect.poll(() => dropdown.evaluate((el) => /-(appear|enter|leave)/.test(el.className))).toBe(false);
  await dropdown.locator(`.ant-select-item-option[title="${label}"]`).click();
  await expect.poll(() => select.innerText()).toContain(label);
}
