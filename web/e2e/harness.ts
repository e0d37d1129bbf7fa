import { after, before } from 'node:test';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { loadConfig } from '../../server/src/config.js';
import { openDatabase, withTenant, type Database } from '../../server/src/db/database.js';
import { buildApp } from '../../server/src/main/app.js';
import { FsBlobStore } from '../../server/src/blobs/fs-blob-store.js';
import { seedDemo } from '../../server/src/demo/seed.js';
import { DEMO_TENANT, DEMO_USERS } from '../../server/src/demo/catalog.js';
import { addAttachment } from '../../server/src/cases/service.js';
import type { AppInstance } from '../../server/src/http/app-types.js';

export const SCREENSHOT_DIR = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));
export const TENANT = DEMO_TENANT;

export function demoUser(key: (typeof DEMO_USERS)[number]['key']) {
  const user = DEMO_USERS.find((u) => u.key === key);
  if (!user) throw new Error(`no demo user ${key}`);
  return user;
}

export interface E2EServer {
  url: string;
  db: Database;
  tenantId: string;
  blobs: FsBlobStore;
  close(): Promise<void>;
}

/**
 * The real server (API + built web app) on a fresh embedded database with the demo municipality;
 * `env` adds settings (e.g. a tight search budget).
 */
export async function startServer(options: { env?: Record<string, string> } = {}): Promise<E2EServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'amtsdesk-e2e-'));
  const config = loadConfig({
    AMTSDESK_DATA_DIR: dataDir, LOG_LEVEL: 'silent',
    // Browser tests sign in far more often from one address than a person would.
    AMTSDESK_LOGIN_RATE_MAX: '1000', AMTSDESK_LOGIN_CLIENT_RATE_MAX: '1000', AMTSDESK_PORTAL_LINK_RATE_MAX: '1000',
    AMTSDESK_PORTAL_LINK_MAILS_PER_HOUR: '1000', AMTSDESK_PORTAL_CLIENT_RATE_MAX: '1000',
    ...options.env,
  });
  const db = await openDatabase({});
  const seeded = await seedDemo(db, { publicUrl: 'http://127.0.0.1', caseCount: 60, seed: 4711 });
  const blobs = new FsBlobStore(join(dataDir, 'blobs'), config.maxBlobBytes);
  const app: AppInstance = await buildApp({ db, config, blobs }, { logger: false });
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    url: address,
    db,
    tenantId: seeded.tenantId,
    blobs,
    async close() {
      await app.close();
      await db.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A 2×2 red PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==',
  'base64',
);

export async function attachImage(server: E2EServer, caseId: string, fileName = 'Lageplan.png'): Promise<void> {
  const stored = await server.blobs.put(Readable.from(PNG));
  await withTenant(server.db, { tenantId: server.tenantId }, (trx) =>
    addAttachment(trx, server.tenantId, caseId, { fileName, mimeType: 'image/png', sizeBytes: stored.sizeBytes, sha256: stored.sha256 }, {
      kind: 'system',
      id: null,
      name: 'Test',
    }),
  );
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--lang=de-DE'],
  });
}

export async function newPage(browser: Browser, baseURL: string): Promise<Page> {
  const context = await browser.newContext({ baseURL, viewport: { width: 1280, height: 800 }, locale: 'de-DE', timezoneId: 'Europe/Berlin' });
  return context.newPage();
}

export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/anmelden');
  await page.getByRole('combobox', { name: 'Kommune' }).fill(TENANT.name);
  await page.getByRole('option', { name: TENANT.name }).click();
  await page.getByLabel('E-Mail-Adresse').fill(email);
  await page.getByLabel('Passwort').fill(password);
  await page.getByRole('button', { name: 'Anmelden', exact: true }).click();
}

export async function signInAs(page: Page, key: (typeof DEMO_USERS)[number]['key']): Promise<void> {
  const user = demoUser(key);
  await signIn(page, user.email, user.password);
  await page.getByRole('heading', { level: 1, name: 'Eingang' }).waitFor();
}

/** A signed-in API client outside the browser (a colleague working at the same time). */
export async function apiSession(baseUrl: string, key: (typeof DEMO_USERS)[number]['key']) {
  const user = demoUser(key);
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ tenant: TENANT.slug, email: user.email, password: user.password }),
  });
  if (!res.ok) throw new Error(`login failed: ${res.status}`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  const me = (await res.json()) as { csrfToken: string; user: { id: string; displayName: string } };
  const call = async (method: string, path: string, body?: unknown) => {
    const r = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { cookie, 'x-csrf-token': me.csrfToken, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: r.status, body: (await r.json().catch(() => null)) as any };
  };
  return { me, call };
}

/** WCAG 2.1 A/AA violations on the current page, formatted for an assertion message. */
export async function axeViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.mouse.move(1, 790);
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`) });
}

// Inbox table helpers shared by the inbox, saved-views and other list tests.
export const rows = (page: Page) => page.locator('.inbox-table tr.inbox-row');
/** Cell texts of the column with this header, found by name so new columns (e.g. selection) don't shift it. */
export const cellTexts = (page: Page, header: string) =>
  page.locator('.inbox-table').evaluate((table, name) => {
    const heads = [...table.querySelectorAll('thead th')].map((th) => (th as HTMLElement).innerText.trim());
    const col = heads.findIndex((h) => h.startsWith(name));
    if (col < 0) throw new Error(`no column "${name}" in: ${heads.join(' | ')}`);
    return [...table.querySelectorAll('tr.inbox-row')].map((tr) => (tr.children[col] as HTMLElement).innerText.trim());
  }, header);
export const caseNumbers = (page: Page) => rows(page).evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).dataset.caseNumber ?? ''));

export async function settled(page: Page) {
  await page.locator('.inbox-table:not([data-loading])').waitFor();
}

export type DemoUserKey = (typeof DEMO_USERS)[number]['key'];

/** The server, the browser and (when `signInAs` is given) a signed-in page that a browser test's cases share. */
export interface BrowserSuite {
  readonly server: E2EServer;
  readonly browser: Browser;
  readonly page: Page;
}

/**
 * Registers the usual before/after hooks of a browser test in the enclosing `describe`: a fresh server
 * with the demo municipality, a browser, and optionally a page (`withPage`), signed in as a demo user (`signInAs`).
 */
export function browserSuite(options: { env?: Record<string, string>; signInAs?: DemoUserKey; withPage?: boolean; waitForInbox?: boolean } = {}): BrowserSuite {
  let server: E2EServer | undefined;
  let browser: Browser | undefined;
  let page: Page | undefined;
  before(async () => {
    server = await startServer({ env: options.env });
    browser = await launchBrowser();
    if (!options.signInAs && !options.withPage) return;
    page = await newPage(browser, server.url);
    if (options.signInAs) await signInAs(page, options.signInAs);
    if (options.waitForInbox) await settled(page);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });
  const ready = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`browserSuite: no ${what} (before() has not run, or no signInAs was given)`);
    return value;
  };
  return {
    get server() { return ready(server, 'server'); },
    get browser() { return ready(browser, 'browser'); },
    get page() { return ready(page, 'page'); },
  };
}
