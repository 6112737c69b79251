import { expect, type Page, test } from '@playwright/test';
import {
  ADMIN,
  AGENT1,
  AGENT2,
  api,
  closeOpen,
  customerPhone,
  expectAccessible,
  goTo,
  login,
  person,
  setStatus,
  unique,
} from './helpers';

// Every spec file shares one demo server: each test puts back what it changes (the simulator's
// chatbot, Soporte's hours, queues, absences) and closes the conversations it opened.

const ALWAYS_OPEN = { time_zone: 'America/Bogota', always_open: true, days: {}, holidays: [] };
const NEVER_OPEN = { time_zone: 'America/Bogota', always_open: false, days: {}, holidays: [] };

interface Demo {
  channel: string;
  campaign: string;
  resolved: string;
}

async function prepare(admin: Page): Promise<Demo> {
  const channels = await api<{ items: { id: string; campaign_id: string }[] }>(
    admin,
    'GET',
    '/api/v1/channels?kind=simulator',
  );
  const channel = channels.items[0];
  const dispositions = await api<{ items: { id: string; name: string }[] }>(
    admin,
    'GET',
    '/api/v1/dispositions',
  );
  const resolved = dispositions.items.find((d) => d.name === 'Resuelto')?.id ?? '';
  await closeOpen(admin, resolved);
  return { channel: channel?.id ?? '', campaign: channel?.campaign_id ?? '', resolved };
}

async function userId(admin: Page, email: string): Promise<string> {
  const users = await api<{ items: { id: string; email: string }[] }>(
    admin,
    'GET',
    `/api/v1/users?q=${encodeURIComponent(email.split('@')[0] ?? email)}`,
  );
  return users.items.find((u) => u.email === email)?.id ?? '';
}

async function openSimulator(page: Page, phone: string, name: string): Promise<void> {
  await goTo(page, 'Simulador');
  await expect(page.getByRole('heading', { level: 1, name: 'Simulador WhatsApp' })).toBeVisible();
  await page.getByLabel('Teléfono del cliente').fill(phone);
  await page.getByLabel('Nombre del cliente').fill(name);
  await page.getByRole('button', { name: 'Abrir chat' }).click();
}

async function customerWrites(page: Page, text: string): Promise<void> {
  await page.getByLabel('Mensaje', { exact: true }).fill(text);
  await page.getByRole('button', { name: 'Enviar', exact: true }).click();
}

async function openTab(page: Page, name: string): Promise<void> {
  await page.getByRole('tab', { name, exact: true }).click();
  await expect(page.getByRole('tab', { name, exact: true })).toHaveAttribute('aria-selected', 'true');
}

test.describe('chatbot, out-of-hours contacts, absence and surveys (BOT-2..5, CONV-13)', () => {
  test.describe.configure({ timeout: 150_000 });

  test('an admin sets up the chatbot in its page; a customer goes through greeting, FAQ and queue menu to agent1, then answers the survey', async ({
    browser,
    page,
  }, info) => {
    const suffix = unique(info);
    const phone = customerPhone(info, 1, 1);
    const customer = `Cliente Bot ${suffix}`;
    const sales = `Ventas ${suffix}`;

    await login(page, ADMIN);
    const demo = await prepare(page);
    const original = await api<{ settings: unknown }>(
      page,
      'GET',
      `/api/v1/channels/${demo.channel}/chatbot`,
    );
    const agent1Id = await userId(page, AGENT1);
    // Hours set in the campaign's Hours tab: attention around the clock.
    await page.goto(`/settings/campaigns?campaign=${demo.campaign}&tab=schedule`);
    const hours = page.getByRole('tabpanel');
    await hours.getByLabel('Zona horaria').fill('America/Bogota');
    await hours.getByLabel('Atender las 24 horas').check();
    await hours.getByRole('button', { name: 'Guardar' }).click();
    await expect
      .poll(
        async () =>
          (
            await api<{ schedule: { always_open: boolean } | null }>(
              page,
              'GET',
              `/api/v1/campaigns/${demo.campaign}`,
            )
          ).schedule?.always_open,
      )
      .toBe(true);
    const queue = await api<{ id: string }>(page, 'POST', '/api/v1/queues', {
      campaign_id: demo.campaign,
      name: sales,
      member_ids: [agent1Id],
    });
    const agent2 = await person(browser, AGENT2);
    const agent1 = await person(browser, AGENT1);
    try {
      await setStatus(agent2.page, 'offline');
      await setStatus(agent1.page, 'online');

      // The chatbot page: switch on, greeting and survey, one FAQ, two queues.
      await goTo(page, 'Chatbot');
      await expect(page.getByRole('heading', { level: 1, name: 'Chatbot' })).toBeVisible();
      await page.getByLabel('Canal', { exact: true }).selectOption({ label: 'Simulador WhatsApp' });
      await expect(page.getByRole('tab', { name: 'Flujo de conversación' })).toHaveAttribute(
        'aria-selected',
        'true',
      );
      await page.getByLabel('Chatbot activo en este canal').check();
      await expect(page.locator('#bot-greeting-text')).toHaveAttribute(
        'placeholder',
        '¡Hola {{contact.name}}, espero que estés bien! 😃',
      );
      await page.getByLabel('Enviar encuesta al terminar la atención').check();
      await expectAccessible(page, 'chatbot: flow');

      await openTab(page, 'Preguntas frecuentes');
      await page.getByLabel('Mostrar menú de preguntas frecuentes').check();
      // A FAQ menu without questions: the server refuses it and the editor shows where.
      await openTab(page, 'Flujo de conversación');
      await page.getByRole('button', { name: 'Guardar chatbot' }).click();
      await expect(page.getByRole('tab', { name: /^Preguntas frecuentes/ })).toHaveAttribute(
        'aria-selected',
        'true',
      );
      await expect(page.getByRole('tabpanel').locator('.alert-error')).toHaveText(
        'Este campo es obligatorio.',
      );
      await page.getByRole('button', { name: 'Agregar pregunta' }).click();
      await page.getByLabel('Pregunta 1', { exact: true }).fill('¿Cuál es el horario?');
      await page.getByLabel('Respuesta 1', { exact: true }).fill('Atendemos de lunes a viernes, de 8 a 18.');
      await expectAccessible(page, 'chatbot: FAQ');

      await openTab(page, 'Colas');
      await page.getByLabel('Mostrar menú de colas').check();
      await expect(page.locator('#bot-queues-intro')).toHaveAttribute(
        'placeholder',
        'Para dirigir correctamente tu atención, elige una de las siguientes opciones:',
      );
      await page.getByRole('button', { name: 'Agregar cola' }).click();
      await page.getByLabel('Cola 1', { exact: true }).selectOption({ label: 'Consultas y reclamos' });
      await page.getByRole('button', { name: 'Agregar cola' }).click();
      await page.getByLabel('Cola 2', { exact: true }).selectOption({ label: sales });
      await expect(page.getByLabel('Nombre en el menú 2')).toHaveValue(sales);
      await expectAccessible(page, 'chatbot: queues');

      await openTab(page, 'Atención');
      await expect(page.getByLabel('Enviar mensaje antes de la atención humana')).toBeChecked();
      await expectAccessible(page, 'chatbot: attention');
      await page.getByRole('button', { name: 'Guardar chatbot' }).click();
      await expect(
        page.locator('.toast').filter({ hasText: 'Chatbot de Simulador WhatsApp guardado.' }),
      ).toBeVisible();

      // Kept after a reload.
      await page.reload();
      await openTab(page, 'Preguntas frecuentes');
      await expect(page.getByLabel('Pregunta 1', { exact: true })).toHaveValue('¿Cuál es el horario?');

      // The customer writes: greeting and FAQ menu as numbered texts.
      await openSimulator(page, phone, customer);
      await customerWrites(page, 'Hola, quiero comprar');
      const thread = page.getByRole('log');
      await expect(thread).toContainText(`¡Hola ${customer}, espero que estés bien! 😃`);
      // The bot's texts are labelled as the bot's, not as an agent's (issue 18, item 3).
      await expect(
        thread.locator('.sim-msg').filter({ hasText: 'espero que estés bien' }).locator('.sim-sender'),
      ).toHaveText('Bot');
      await expect(thread).toContainText('Estas son las preguntas más frecuentes. Elige una opción:');
      await expect(thread).toContainText('1. ¿Cuál es el horario?');
      await expect(thread).toContainText('2. Hablar con un agente');

      await customerWrites(page, '1');
      await expect(thread).toContainText('Atendemos de lunes a viernes, de 8 a 18.');
      await customerWrites(page, '2');
      await expect(thread).toContainText(
        'Para dirigir correctamente tu atención, elige una de las siguientes opciones:',
      );
      await expect(thread).toContainText(`2. ${sales}`);
      await expect(thread).toContainText('3. Otros asuntos');
      await customerWrites(page, '2');
      await expect(thread).toContainText('En un momento estaré disponible para hablar contigo.');

      // agent1 (member of the chosen queue, online) gets it live.
      const mine = agent1.page.locator('.conv-list li').filter({ hasText: customer });
      await expect(mine).toBeVisible({ timeout: 20_000 });
      const list = await api<{ items: { id: string; queue_id: string; agent_id: string }[] }>(
        agent1.page,
        'GET',
        `/api/v1/conversations?q=${encodeURIComponent(customer)}&status=assigned`,
      );
      expect(list.items[0]?.queue_id).toBe(queue.id);
      expect(list.items[0]?.agent_id).toBe(agent1Id);

      // agent1 closes it: post-attention message and the CSAT question; the customer answers 5.
      await closeOpen(agent1.page, demo.resolved);
      await expect(thread).toContainText('Agradezco el contacto.');
      await expect(thread).toContainText('¿Qué tan satisfecho quedaste con la atención?');
      await expect(
        thread.locator('.sim-msg').filter({ hasText: 'Agradezco el contacto.' }).locator('.sim-sender'),
      ).toHaveText('Mensaje automático: después de la atención');
      await expect(
        thread.locator('.sim-msg').filter({ hasText: '¿Qué tan satisfecho' }).locator('.sim-sender'),
      ).toHaveText('Encuesta automática');
      // Without buttons the scale is asked for plainly, not listed as "1. 1 / 2. 2 …" (item 13).
      await expect(thread).toContainText('Responde con un número del 1 al 5.');
      await expect(thread).not.toContainText('1. 1');
      await customerWrites(page, '5');
      await expect(thread).toContainText('¡Gracias por tu respuesta!');

      // The surveys page lists it.
      await goTo(page, 'Encuestas');
      await expect(page.getByRole('heading', { level: 1, name: 'Encuestas' })).toBeVisible();
      const answers = page.locator('.survey-table tbody tr').filter({ hasText: 'Andrés Agente' });
      await expect(answers.filter({ hasText: '5/5' }).first()).toBeVisible();
      await expect(page.locator('.survey-card').first()).toContainText('/ 5');
      await expectAccessible(page, 'surveys');
    } finally {
      await api(page, 'PUT', `/api/v1/channels/${demo.channel}/chatbot`, original.settings);
      await closeOpen(page, demo.resolved);
      await api(page, 'DELETE', `/api/v1/queues/${queue.id}`);
      await agent1.context.close();
      await agent2.context.close();
    }
  });

  test('a customer who writes while the campaign is closed asks to be called back, is listed, and agent1 reaches them back with a text', async ({
    browser,
    page,
  }, info) => {
    const suffix = unique(info);
    const phone = customerPhone(info, 1, 2);
    const customer = `Cliente Noche ${suffix}`;
    await login(page, ADMIN);
    const demo = await prepare(page);
    await api(page, 'PATCH', `/api/v1/campaigns/${demo.campaign}`, {
      schedule: NEVER_OPEN,
      out_of_hours: {
        action: 'close',
        message: 'Estamos cerrados. Volvemos mañana a las 8.',
        send_message: true,
        apply_to_queued: false,
      },
    });
    // The chatbot offers to notify when attention is back ("attention unavailable").
    const original = await api<{ settings: Record<string, unknown> }>(
      page,
      'GET',
      `/api/v1/channels/${demo.channel}/chatbot`,
    );
    await api(page, 'PUT', `/api/v1/channels/${demo.channel}/chatbot`, {
      ...original.settings,
      enabled: true,
      unavailable: { enabled: true, text: null },
    });
    const agent1 = await person(browser, AGENT1);
    try {
      await setStatus(agent1.page, 'online');
      await openSimulator(page, phone, customer);
      await customerWrites(page, 'Hola, ¿están abiertos?');
      const thread = page.getByRole('log');
      await expect(thread).toContainText('Estamos cerrados. Volvemos mañana a las 8.');
      await expect(thread).toContainText('¿Quieres que te avisemos cuando volvamos a atender?');
      await expect(thread).toContainText('1. Sí');
      await customerWrites(page, '1');
      await expect(thread).toContainText('¡Listo! Te avisaremos apenas volvamos a atender.');

      await goTo(agent1.page, 'Contactos fuera del horario');
      await expect(
        agent1.page.getByRole('heading', { level: 1, name: 'Contactos fuera del horario' }),
      ).toBeVisible();
      const row = agent1.page.locator('.ooh-row').filter({ hasText: customer });
      await expect(row).toBeVisible();
      await expect(row.locator('td').nth(3)).toHaveText(/Sí/);
      await expect(row.locator('td').nth(4)).toHaveText(/No/);
      await expectAccessible(agent1.page, 'out-of-hours contacts');

      await row.getByRole('button', { name: `Enviar mensaje a ${customer}` }).click();
      const dialog = agent1.page.getByRole('dialog', { name: `Mensaje para ${customer}` });
      await expect(dialog).toContainText('Este canal no usa plantillas');
      await expectAccessible(agent1.page, 'out-of-hours send dialog');
      await dialog.getByLabel('Mensaje', { exact: true }).fill('Hola, ya abrimos. ¿En qué te ayudamos?');
      await dialog.getByRole('button', { name: 'Enviar mensaje' }).click();
      await expect(dialog).toHaveCount(0);
      await expect(row).toContainText('Enviado');
      await expect(thread).toContainText('Hola, ya abrimos. ¿En qué te ayudamos?');

      await row.getByRole('link', { name: 'Ver conversación' }).click();
      await expect(agent1.page).toHaveURL(/\/inbox\/[0-9a-f-]+$/);
      await expect(agent1.page.getByRole('log')).toContainText('Hola, ya abrimos. ¿En qué te ayudamos?');
    } finally {
      await api(page, 'PATCH', `/api/v1/campaigns/${demo.campaign}`, {
        schedule: ALWAYS_OPEN,
        out_of_hours: null,
      });
      await api(page, 'PUT', `/api/v1/channels/${demo.channel}/chatbot`, original.settings);
      await closeOpen(page, demo.resolved);
      await agent1.context.close();
    }
  });

  test('an agent switches the absence message on, it is kept, and a manager sees it in Users', async ({
    browser,
    page,
  }) => {
    await login(page, AGENT1);
    const me = await api<{ user: { id: string } }>(page, 'GET', '/api/v1/me');
    try {
      await page.locator('.user-menu-button').click();
      await page.getByRole('button', { name: 'Ausencia', exact: true }).click();
      let dialog = page.getByRole('dialog', { name: 'Mi ausencia' });
      await expect(dialog.getByLabel('Mensaje de ausencia activo')).not.toBeChecked();
      await dialog.getByLabel('Mensaje de ausencia activo').check();
      await dialog.getByRole('button', { name: 'Guardar' }).click();
      await expect(dialog.locator('#absence-message-error')).toHaveText('Este campo es obligatorio.');
      await dialog
        .getByLabel('Mensaje de ausencia', { exact: true })
        .fill('Estoy de vacaciones hasta el lunes.');
      await dialog.getByLabel('Contacto sugerido (opcional)').fill('Laura: +57 300 123 4567');
      await expectAccessible(page, 'absence dialog');
      await dialog.getByRole('button', { name: 'Guardar' }).click();
      await expect(page.locator('.toast').filter({ hasText: 'Mensaje de ausencia activado.' })).toBeVisible();
      await expect(dialog).toHaveCount(0);

      await page.reload();
      await page.locator('.user-menu-button').click();
      await page.getByRole('button', { name: 'Ausencia', exact: true }).click();
      dialog = page.getByRole('dialog', { name: 'Mi ausencia' });
      await expect(dialog.getByLabel('Mensaje de ausencia activo')).toBeChecked();
      await expect(dialog.getByLabel('Mensaje de ausencia', { exact: true })).toHaveValue(
        'Estoy de vacaciones hasta el lunes.',
      );
      await expect(dialog.getByLabel('Contacto sugerido (opcional)')).toHaveValue('Laura: +57 300 123 4567');
      await dialog.getByRole('button', { name: 'Cancelar' }).click();

      const admin = await person(browser, ADMIN);
      await goTo(admin.page, 'Usuarios');
      await admin.page.getByRole('button', { name: 'Ausencia de Andrés Agente' }).click();
      const managed = admin.page.getByRole('dialog', { name: 'Ausencia de Andrés Agente' });
      await expect(managed.getByLabel('Mensaje de ausencia activo')).toBeChecked();
      await managed.getByLabel('Mensaje de ausencia activo').uncheck();
      await managed.getByRole('button', { name: 'Guardar' }).click();
      await expect(
        admin.page.locator('.toast').filter({ hasText: 'Mensaje de ausencia desactivado.' }),
      ).toBeVisible();
      await admin.context.close();
    } finally {
      await api(page, 'PUT', `/api/v1/users/${me.user.id}/absence`, {
        enabled: false,
        message: '',
        suggested_contact: null,
      });
    }
  });
});
