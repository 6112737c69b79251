import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { type Browser, type BrowserContext, expect, type Page, type TestInfo } from '@playwright/test';

export const PASSWORD = 'demo-password-123';
export const ADMIN = 'admin@demo.test';
export const SUPERVISOR = 'supervisor@demo.test';
export const AGENT1 = 'agent1@demo.test';
export const AGENT2 = 'agent2@demo.test';

/**
 * A customer phone of its own per spec (`series`), flow, project and run: every spec file and
 * both projects share one server.
 */
export function customerPhone(info: TestInfo, series: number, flow: number): string {
  const project = info.project.name === 'phone' ? 1 : 0;
  return `+573${series}${flow}${project}${String(Date.now()).slice(-7)}`;
}

/** The session's CSRF token, for API calls made with the page's cookies. */
export async function csrf(page: Page): Promise<string> {
  const cookies = await page.context().cookies();
  return cookies.find((c) => c.name === 'charla_csrf')?.value ?? '';
}

/** One API call with the page's session (as the person logged in there); fails the test unless 2xx. */
export async function api<T = unknown>(page: Page, method: string, path: string, data?: unknown): Promise<T> {
  const response = await page.request.fetch(path, {
    method,
    data,
    headers: { 'x-csrf-token': await csrf(page) },
  });
  expect(response.ok(), `${method} ${path}: ${response.status()} ${await response.text()}`).toBeTruthy();
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Another person logged in, in a browser context of their own. */
export async function person(
  browser: Browser,
  email: string,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await login(page, email);
  return { context, page };
}

/** Sets the user's status with the switch in the header. */
export async function setStatus(page: Page, status: 'online' | 'offline'): Promise<void> {
  const select = page.locator('#status-switch');
  if ((await select.inputValue()) !== status) await select.selectOption(status);
  await expect(select).toHaveValue(status);
}

/** A suffix that keeps names unique across the two projects sharing one server. */
export function unique(info: TestInfo): string {
  return `${info.project.name}-${Date.now().toString(36)}`;
}

export async function login(page: Page, email: string, password = PASSWORD): Promise<void> {
  await page.goto('/login');
  await page.locator('#login-email').fill(email);
  await page.locator('#login-password').fill(password);
  await page.locator('form button[type="submit"]').click();
  // People who work the inbox land on it; everyone else on Home.
  await expect(page).toHaveURL(/\/(inbox)?$/);
  await expect(page.locator('h1')).toBeVisible();
}

/** Logs in and opens Home (whatever the landing page is). */
export async function loginHome(page: Page, email: string, password = PASSWORD): Promise<void> {
  await login(page, email, password);
  await goTo(page, /^(Inicio|Início|Home)$/);
  await expect(page).toHaveURL(/\/$/);
}

/** On a phone the navigation sits behind the menu button. */
export async function openNav(page: Page): Promise<void> {
  const menu = page.locator('.menu-btn');
  if (await menu.isVisible()) {
    if ((await menu.getAttribute('aria-expanded')) !== 'true') await menu.click();
    await expect(page.locator('#app-nav')).toBeVisible();
  }
}

/** Follows a navigation link; a text names the whole label ("Contactos", not "Contactos fuera del horario"). */
export async function goTo(page: Page, linkName: string | RegExp): Promise<void> {
  await openNav(page);
  const name = typeof linkName === 'string' ? { name: linkName, exact: true } : { name: linkName };
  await page.locator('#app-nav').getByRole('link', name).click();
}

export async function logout(page: Page, label = 'Cerrar sesión'): Promise<void> {
  await page.locator('.user-menu-button').click();
  await page.getByRole('button', { name: label, exact: true }).click();
  await expect(page).toHaveURL(/\/login$/);
}

/** Runs axe on the page as it is now: no serious or critical violations. */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const bad = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
    }));
  expect(bad, `axe on ${what}`).toEqual([]);
}

export function dataDir(): string {
  const dir = process.env.CHARLA_E2E_DATA_DIR;
  if (!dir) throw new Error('CHARLA_E2E_DATA_DIR is not set (playwright.config.ts sets it)');
  return dir;
}

/** The newest mail written to `<data-dir>/mail/` that mentions `text`, waiting for it to appear. */
export async function waitForMail(text: string, timeoutMs = 20_000): Promise<string> {
  const folder = join(dataDir(), 'mail');
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    let files: string[] = [];
    try {
      files = readdirSync(folder).filter((f) => f.endsWith('.eml'));
    } catch {
      files = [];
    }
    const matching = files
      .map((f) => join(folder, f))
      .map((path) => ({ path, mtime: statSync(path).mtimeMs, body: readFileSync(path, 'utf8') }))
      .filter((m) => m.body.includes(text))
      .sort((a, b) => b.mtime - a.mtime);
    if (matching[0]) return matching[0].body;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`no mail mentioning ${text} in ${folder}`);
}

/** The first link to `path` in a mail (soft line breaks of quoted-printable undone). */
export function linkIn(mail: string, path: string): URL {
  const text = mail.replace(/=\r?\n/g, '');
  const match = text.match(
    new RegExp(`https?://[^\\s"'<>]+${path.replace(/[/?]/g, '\\$&')}\\?token=[^\\s"'<>]+`),
  );
  if (!match) throw new Error(`no ${path} link in mail:\n${mail}`);
  return new URL(match[0]);
}

/** Closes every open conversation (they would take agents' places), as `page`'s user. */
export async function closeOpen(page: Page, resolved: string): Promise<void> {
  const open = await api<{ items: { id: string }[] }>(
    page,
    'GET',
    '/api/v1/conversations?status=bot,queued,assigned&limit=200',
  );
  for (const c of open.items) {
    const detail = await api<{ campaign: { fields: { id: string }[] } }>(
      page,
      'GET',
      `/api/v1/conversations/${c.id}`,
    );
    const fields: Record<string, string> = {};
    for (const f of detail.campaign.fields) fields[f.id] = 'Información';
    await page.request.post(`/api/v1/conversations/${c.id}/close`, {
      data: { disposition_id: resolved, fields },
      headers: { 'x-csrf-token': await csrf(page) },
    });
  }
}

/** The demo's first simulator channel, with no conversation left open by earlier runs. */
export async function freshSimulatorChannel(admin: Page): Promise<string> {
  const channels = await api<{ items: { id: string }[] }>(admin, 'GET', '/api/v1/channels?kind=simulator');
  const dispositions = await api<{ items: { id: string; name: string }[] }>(
    admin,
    'GET',
    '/api/v1/dispositions',
  );
  await closeOpen(admin, dispositions.items.find((d) => d.name === 'Resuelto')?.id ?? '');
  return channels.items[0]?.id ?? '';
}
