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

/** The thread's scroll position: how far its bottom is from the end. */
function gapBelow(page: Page): Promise<number> {
  return page.getByRole('log').evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight);
}

test.describe('thread and list (issue 18, items 1-3)', () => {
  test.describe.configure({ timeout: 120_000 });

  test('opens at the newest message, offers the new ones when scrolled up, and shows what was sent', async ({
    browser,
    page,
  }, info) => {
    const phone = customerPhone(info, 7, 1);
    const customer = `Cliente Hilo ${info.project.name}-${Date.now().toString(36)}`;
    const admin = await person(browser, ADMIN);
    const channel = await freshSimulatorChannel(admin.page);
    const agent2 = await person(browser, AGENT2);
    await setStatus(agent2.page, 'offline');
    await agent2.context.close();

    await login(page, AGENT1);
    await setStatus(page, 'online');
    const say = (text: string) =>
      api(admin.page, 'POST', `/api/v1/simulator/${channel}/messages`, {
        text,
        contact_phone: phone,
        contact_name: customer,
      });
    for (let i = 1; i <= 15; i++) await say(`Mensaje del cliente número ${i}`);
    const row = page.locator('.conv-list li').filter({ hasText: customer });
    await expect(row).toContainText('número 15');
    const id = (await row.getByRole('link').getAttribute('href'))?.split('/').pop()?.split('?')[0] ?? '';
    await api(page, 'POST', `/api/v1/conversations/${id}/messages`, {
      text: 'Respuesta del agente al final',
    });

    // Opened from the list: the newest message is in view, whole.
    await page.goto('/inbox');
    await row.getByRole('link').click();
    const thread = page.getByRole('log');
    const newest = thread.locator('.msg').filter({ hasText: 'Respuesta del agente al final' });
    await expect(newest).toBeInViewport({ ratio: 1 });
    await expect.poll(() => gapBelow(page)).toBeLessThan(4);
    const more = page.getByRole('button', { name: 'Mensajes nuevos' });
    await expect(more).toHaveCount(0);

    // Scrolled up, a new message does not move the view but a control says it is there.
    await thread.evaluate((el) => {
      el.scrollTop = 0;
    });
    await say('Un mensaje que llega mientras lees arriba');
    await expect(more).toBeVisible();
    await expect(thread.locator('.msg').filter({ hasText: 'mientras lees arriba' })).not.toBeInViewport();
    await expectAccessible(page, 'thread with new messages below');
    await more.click();
    await expect(thread.locator('.msg').filter({ hasText: 'mientras lees arriba' })).toBeInViewport({
      ratio: 1,
    });
    await expect(more).toHaveCount(0);

    // Sending from the composer shows the sent message whole, even after scrolling up.
    await thread.evaluate((el) => {
      el.scrollTop = 0;
    });
    await page.getByLabel('Mensaje', { exact: true }).fill('Lo que acabo de enviar');
    await page.getByRole('button', { name: 'Enviar', exact: true }).click();
    const sent = thread.locator('.msg').filter({ hasText: 'Lo que acabo de enviar' });
    await expect(sent).toBeInViewport({ ratio: 1 });
    await expect.poll(() => gapBelow(page)).toBeLessThan(4);

    await setStatus(page, 'offline');
    await admin.context.close();
  });

  test('the list says "Tú" only for the viewer’s own reply, a colleague by name (item 2)', async ({
    browser,
    page,
  }, info) => {
    const phone = customerPhone(info, 7, 2);
    const customer = `Cliente Vista ${info.project.name}-${Date.now().toString(36)}`;
    const admin = await person(browser, ADMIN);
    const channel = await freshSimulatorChannel(admin.page);
    const agent2 = await person(browser, AGENT2);
    await setStatus(agent2.page, 'offline');
    await agent2.context.close();
    await login(page, AGENT1);
    await setStatus(page, 'online');
    await api(admin.page, 'POST', `/api/v1/simulator/${channel}/messages`, {
      text: 'Necesito ayuda',
      contact_phone: phone,
      contact_name: customer,
    });
    const row = page.locator('.conv-list li').filter({ hasText: customer });
    await expect(row).toContainText('Necesito ayuda');
    const id = (await row.getByRole('link').getAttribute('href'))?.split('/').pop()?.split('?')[0] ?? '';
    await api(page, 'POST', `/api/v1/conversations/${id}/messages`, { text: 'Ya te ayudo' });
    await expect(row.locator('.conv-preview')).toHaveText('Tú: Ya te ayudo');

    const supervisor = await person(browser, SUPERVISOR);
    await supervisor.page.goto('/inbox?view=all');
    const theirs = supervisor.page.locator('.conv-list li').filter({ hasText: customer });
    await expect(theirs.locator('.conv-preview')).toHaveText('Andrés Agente: Ya te ayudo');
    await admin.page.goto('/inbox?view=all');
    const admins = admin.page.locator('.conv-list li').filter({ hasText: customer });
    await expect(admins.locator('.conv-preview')).toHaveText('Andrés Agente: Ya te ayudo');

    await setStatus(page, 'offline');
    await supervisor.context.close();
    await admin.context.close();
  });

  test('an automatic message has its own label and look, in the inbox and in the simulator (item 3)', async ({
    browser,
    page,
  }, info) => {
    const phone = customerPhone(info, 7, 3);
    const customer = `Cliente Ausencia ${info.project.name}-${Date.now().toString(36)}`;
    await login(page, ADMIN);
    await freshSimulatorChannel(page);
    const agent2 = await person(browser, AGENT2);
    await setStatus(agent2.page, 'offline');
    await agent2.context.close();
    const agent1 = await person(browser, AGENT1);
    const me = await api<{ user: { id: string } }>(agent1.page, 'GET', '/api/v1/me');
    await setStatus(agent1.page, 'online');
    await api(agent1.page, 'PUT', `/api/v1/users/${me.user.id}/absence`, {
      enabled: true,
      message: 'Hoy no estoy, te responderé mañana.',
    });
    try {
      await goTo(page, 'Simulador');
      await page.getByLabel('Teléfono del cliente').fill(phone);
      await page.getByLabel('Nombre del cliente').fill(customer);
      await page.getByRole('button', { name: 'Abrir chat' }).click();
      await page.getByLabel('Mensaje', { exact: true }).fill('Hola, ¿hay alguien?');
      await page.getByRole('button', { name: 'Enviar', exact: true }).click();
      const simulated = page.getByRole('log').locator('.sim-msg').filter({ hasText: 'Hoy no estoy' });
      await expect(simulated.locator('.sim-sender')).toHaveText('Mensaje automático: ausencia');
      await expectAccessible(page, 'simulator with an automatic message');

      const row = agent1.page.locator('.conv-list li').filter({ hasText: customer });
      await row.getByRole('link').click();
      const automatic = agent1.page.getByRole('log').locator('.msg').filter({ hasText: 'Hoy no estoy' });
      await expect(automatic.locator('.msg-author')).toHaveText('Mensaje automático: ausencia');
      await expect(automatic).toHaveClass(/msg-by-absence/);
      await agent1.page.getByLabel('Mensaje', { exact: true }).fill('Sí, aquí estoy');
      await agent1.page.getByRole('button', { name: 'Enviar', exact: true }).click();
      const human = agent1.page.getByRole('log').locator('.msg').filter({ hasText: 'Sí, aquí estoy' });
      await expect(human.locator('.msg-author')).toHaveText('Andrés Agente');
      await expect(human).not.toHaveClass(/msg-by-/);
      // The two look apart: the automatic one is framed differently.
      const border = (l: typeof human) =>
        l.locator('.msg-bubble').evaluate((el) => getComputedStyle(el).borderStyle);
      expect(await border(automatic)).not.toBe(await border(human));
      await expectAccessible(agent1.page, 'conversation with an automatic message');
    } finally {
      await api(agent1.page, 'PUT', `/api/v1/users/${me.user.id}/absence`, { enabled: false, message: '' });
      await setStatus(agent1.page, 'offline');
      await agent1.context.close();
    }
  });
});
