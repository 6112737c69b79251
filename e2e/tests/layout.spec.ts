import { expect, type Page, test } from '@playwright/test';
import {
  ADMIN,
  AGENT1,
  AGENT2,
  api,
  customerPhone,
  expectAccessible,
  freshSimulatorChannel,
  goTo,
  login,
  person,
  SUPERVISOR,
  setStatus,
} from './helpers';

/** Whether nothing of the page reaches past the right edge of the screen. */
async function pageWidth(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth);
}

test.describe('layout on desktop and phone (issue 18, items 7 and 12)', () => {
  test.describe.configure({ timeout: 120_000 });

  test('the conversation toolbar fits the screen, and the thread gets most of it', async ({
    browser,
    page,
  }, info) => {
    const phone = info.project.name === 'phone';
    const customer = `Cliente Pantalla ${info.project.name}-${Date.now().toString(36)}`;
    const admin = await person(browser, ADMIN);
    const channel = await freshSimulatorChannel(admin.page);
    const agent2 = await person(browser, AGENT2);
    await setStatus(agent2.page, 'offline');
    await agent2.context.close();
    await login(page, AGENT1);
    await setStatus(page, 'online');
    await api(admin.page, 'POST', `/api/v1/simulator/${channel}/messages`, {
      text: 'Hola desde el teléfono',
      contact_phone: customerPhone(info, 7, 4),
      contact_name: customer,
    });
    await page.locator('.conv-list li').filter({ hasText: customer }).getByRole('link').click();
    await expect(page.getByRole('log')).toContainText('Hola desde el teléfono');

    // Every control of the header is inside the screen.
    const width = page.viewportSize()?.width ?? 0;
    for (const control of await page.locator('.conv-head').getByRole('button').all()) {
      const box = await control.boundingBox();
      expect(box, 'a visible header control').not.toBeNull();
      expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(width);
    }
    expect(await pageWidth(page)).toBeLessThanOrEqual(width);

    const pause = page.getByRole('button', { name: 'Pausar bot' });
    const contact = page.getByRole('button', { name: 'Contacto', exact: true });
    if (phone) {
      // The secondary actions wait behind "Más acciones".
      await expect(pause).toHaveCount(0);
      const more = page.getByRole('button', { name: 'Más acciones' });
      await more.click();
      await expect(pause).toBeVisible();
      await expectAccessible(page, 'conversation actions menu');
      await contact.click();
      await expect(page.locator('#contact-panel')).toBeVisible();
      await page
        .locator('#contact-panel')
        .getByRole('button', { name: /Cerrar/ })
        .first()
        .click();
      // The messages get more than half of the screen.
      const thread = await page.getByRole('log').boundingBox();
      expect(thread?.height ?? 0).toBeGreaterThan(844 * 0.5);
    } else {
      await expect(pause).toBeVisible();
      await expect(contact).toBeVisible();
      await expect(page.getByRole('button', { name: 'Más acciones' })).toBeHidden();
    }

    // The status selector shows its whole value.
    await setStatus(page, 'offline');
    const cut = await page.locator('#status-switch').evaluate((select) => {
      const el = select as HTMLSelectElement;
      const probe = document.createElement('span');
      probe.style.font = getComputedStyle(el).font;
      probe.style.position = 'absolute';
      probe.style.whiteSpace = 'nowrap';
      probe.textContent = el.selectedOptions[0]?.textContent ?? '';
      document.body.append(probe);
      const needed = probe.getBoundingClientRect().width;
      probe.remove();
      // Room for the text beside the select's own padding and arrow.
      return el.clientWidth - needed < 28;
    });
    expect(cut, 'status text cut').toBe(false);
    await admin.context.close();
  });

  test('the supervision page fits the screen; its tables scroll inside their cards', async ({ page }) => {
    await login(page, SUPERVISOR);
    await goTo(page, 'Supervisión');
    await expect(page.getByRole('heading', { level: 1, name: 'Supervisión' })).toBeVisible();
    await expect(page.locator('tr.agent-row').first()).toBeVisible();
    const width = page.viewportSize()?.width ?? 0;
    expect(await pageWidth(page)).toBeLessThanOrEqual(width);
    for (const card of await page.locator('.supervision > .card').all()) {
      const box = await card.boundingBox();
      expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(width);
    }
    await expectAccessible(page, 'supervision');
  });

  test('the campaign tabs are one strip that scrolls, not rows of tabs', async ({ page }) => {
    await login(page, ADMIN);
    await goTo(page, 'Ajustes de campañas');
    await page.getByLabel('Campaña', { exact: true }).selectOption({ label: 'Soporte' });
    const tabs = page.getByRole('tablist');
    const first = await tabs.getByRole('tab').first().boundingBox();
    const last = await tabs.getByRole('tab').last().boundingBox();
    expect(Math.abs((last?.y ?? 0) - (first?.y ?? 0))).toBeLessThan(4);
    expect(await pageWidth(page)).toBeLessThanOrEqual(page.viewportSize()?.width ?? 0);
    await tabs.getByRole('tab').last().click();
    await expect(tabs.getByRole('tab').last()).toBeInViewport();
    await expectAccessible(page, 'campaign tabs');
  });

  test('a tab marked with errors keeps the page within the screen, and saving can be tried again', async ({
    page,
  }) => {
    // The error count's hidden text once escaped the scrolling tab strip: the phone zoomed out
    // and the second tap on "Guardar chatbot" landed on the form instead of the button.
    await login(page, ADMIN);
    await goTo(page, 'Chatbot');
    await page.getByLabel('Canal', { exact: true }).selectOption({ label: 'Simulador WhatsApp' });
    await page.getByRole('tab', { name: 'Preguntas frecuentes', exact: true }).click();
    await page.getByLabel('Mostrar menú de preguntas frecuentes').check();
    const save = page.getByRole('button', { name: 'Guardar chatbot' });
    await save.click();
    const faq = page.getByRole('tab', { name: /^Preguntas frecuentes/ });
    await expect(faq).toContainText('(1)');
    const width = page.viewportSize()?.width ?? 0;
    expect(await pageWidth(page)).toBeLessThanOrEqual(width);
    expect(await page.evaluate(() => window.innerWidth)).toBe(width);
    await page.getByRole('tab', { name: 'Atención', exact: true }).click();
    const submits: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'PUT' && r.url().includes('/chatbot')) submits.push(r.url());
    });
    await save.click({ timeout: 5_000 });
    await expect(faq).toHaveAttribute('aria-selected', 'true');
    expect(submits).toHaveLength(1);
    await expectAccessible(page, 'chatbot tab with errors');
  });

  test('supervision shows why and for how long an agent is paused (item 6)', async ({ browser, page }) => {
    await login(page, SUPERVISOR);
    await goTo(page, 'Supervisión');
    const row = page.locator('tr.agent-row').filter({ hasText: 'Beatriz Agente' });
    await expect(row).toBeVisible();
    const agent2 = await person(browser, AGENT2);
    try {
      await agent2.page.getByLabel('Tu estado').selectOption({ label: 'En pausa: Almuerzo' });
      await expect(row).toContainText('En pausa');
      await expect(row).toContainText('Almuerzo');
      await expect(row.locator('.agent-since')).toHaveText(/^desde hace \d+ s$/);
      await expectAccessible(page, 'supervision with a paused agent');
    } finally {
      await setStatus(agent2.page, 'offline');
      await agent2.context.close();
    }
  });
});

test('the login page loads without console errors (issue 18, item 15)', async ({ browser }) => {
  // A fresh visitor: no session cookie, so nothing asks who is logged in.
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto('/login');
  await expect(page.locator('#login-email')).toBeVisible();
  await page.waitForLoadState('networkidle');
  expect(errors).toEqual([]);
  await context.close();
});
