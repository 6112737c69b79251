import { expect, type Page, test } from '@playwright/test';
import {
  ADMIN,
  AGENT1,
  AGENT2,
  api,
  csrf,
  customerPhone,
  expectAccessible,
  goTo,
  login,
  person,
  SUPERVISOR,
  setStatus,
} from './helpers';

interface Demo {
  channel: string;
  resolved: string;
  reason: string;
}

/** Ids from the demo, and no conversation left open by earlier runs (they would take agents' places). */
async function prepare(admin: Page): Promise<Demo> {
  const channels = await api<{ items: { id: string; kind: string }[] }>(
    admin,
    'GET',
    '/api/v1/channels?kind=simulator',
  );
  const channel = channels.items[0]?.id ?? '';
  const dispositions = await api<{ items: { id: string; name: string }[] }>(
    admin,
    'GET',
    '/api/v1/dispositions',
  );
  const resolved = dispositions.items.find((d) => d.name === 'Resuelto')?.id ?? '';
  const open = await api<{ items: { id: string }[] }>(
    admin,
    'GET',
    '/api/v1/conversations?status=bot,queued,assigned&limit=200',
  );
  let reason = '';
  for (const c of open.items) {
    const detail = await api<{ campaign: { fields: { id: string; name: string }[] } }>(
      admin,
      'GET',
      `/api/v1/conversations/${c.id}`,
    );
    reason = detail.campaign.fields.find((f) => f.name === 'Motivo de contacto')?.id ?? reason;
    const fields: Record<string, string> = {};
    for (const f of detail.campaign.fields) fields[f.id] = 'Información';
    await admin.request.post(`/api/v1/conversations/${c.id}/close`, {
      data: { disposition_id: resolved, fields },
      headers: { 'x-csrf-token': await csrf(admin) },
    });
  }
  return { channel, resolved, reason };
}

/** The admin plays the customer on the simulator page. */
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
  await expect(page.getByRole('log')).toContainText(text);
}

function row(page: Page, name: string) {
  return page.locator('.conv-list li').filter({ hasText: name });
}

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAYAAABytg0kAAAAFklEQVR4nGP8z8DwnwEJMDGgAcQAAJtWA/0cJ9FTAAAAAElFTkSuQmCC',
  'base64',
);

test.describe('inbox (APP-1..4)', () => {
  // Whole conversations with several browsers at once: give a busy machine room.
  test.describe.configure({ timeout: 120_000 });
  test('two agents and a supervisor work a conversation live, from first message to closing', async ({
    browser,
    page,
  }, info) => {
    test.setTimeout(150_000);
    const suffix = `${info.project.name}-${Date.now().toString(36)}`;
    const phone = customerPhone(info, 0, 1);
    const customer = `Cliente ${suffix}`;

    // The administrator plays the customer and prepares a quick reply.
    await login(page, ADMIN);
    const demo = await prepare(page);
    const title = `Saludo ${suffix}`;
    await api(page, 'POST', '/api/v1/quick-replies', {
      title,
      text: 'Hola {{contact.name}}, con gusto te ayudo.',
    });

    const agent2 = await person(browser, AGENT2);
    await setStatus(agent2.page, 'offline');
    const agent1 = await person(browser, AGENT1);
    await setStatus(agent1.page, 'online');
    await expect(agent1.page.getByRole('heading', { level: 1, name: 'Bandeja de entrada' })).toBeVisible();
    const supervisor = await person(browser, SUPERVISOR);
    await goTo(supervisor.page, 'Supervisión');
    await expect(supervisor.page.getByRole('heading', { level: 1, name: 'Supervisión' })).toBeVisible();
    const agentRow = (name: string) => supervisor.page.locator('tr.agent-row').filter({ hasText: name });
    await expect(agentRow('Andrés Agente')).toContainText('En línea');
    const active = supervisor.page.locator('.sup-active').filter({ hasText: customer });

    // The customer writes; the conversation appears for agent1 without reloading.
    await openSimulator(page, phone, customer);
    await customerWrites(page, 'Hola, necesito ayuda con mi pedido');
    const mine = row(agent1.page, customer);
    await expect(mine).toBeVisible();
    await expect(mine).toContainText('Hola, necesito ayuda con mi pedido');
    await expect(active).toContainText('Andrés Agente');
    await expectAccessible(agent1.page, 'inbox list');
    await expectAccessible(supervisor.page, 'supervision');

    // agent1 opens it and answers with a quick reply ("/"), then with an image.
    await mine.getByRole('link').click();
    const thread = agent1.page.getByRole('log');
    await expect(thread).toContainText('Hola, necesito ayuda con mi pedido');
    await expect(agent1.page.getByRole('heading', { level: 2, name: customer })).toBeVisible();
    const composer = agent1.page.getByLabel('Mensaje', { exact: true });
    await composer.fill('');
    await composer.pressSequentially(`/${title}`);
    await expect(agent1.page.locator('.suggestions')).toContainText(title);
    await composer.press('Enter');
    await expect(composer).toHaveValue(`Hola ${customer}, con gusto te ayudo.`);
    await composer.press('Enter');
    await expect(thread).toContainText(`Hola ${customer}, con gusto te ayudo.`);
    await expect(composer).toHaveValue('');

    await agent1.page
      .locator('#composer-file')
      .setInputFiles({ name: 'guia.png', mimeType: 'image/png', buffer: PNG });
    await expect(agent1.page.locator('.composer-file')).toContainText('guia.png');
    await composer.fill('Te envío la guía');
    await agent1.page.getByRole('button', { name: 'Enviar', exact: true }).click();
    await expect(thread.getByRole('img', { name: 'Imagen guia.png' })).toBeVisible();
    await expect(thread).toContainText('Te envío la guía');
    await expectAccessible(agent1.page, 'conversation');

    // The customer sees both replies.
    const customerThread = page.getByRole('log');
    await expect(customerThread).toContainText(`Hola ${customer}, con gusto te ayudo.`);
    await expect(customerThread).toContainText('Te envío la guía');
    await expect(customerThread.locator('img')).toHaveCount(1);
    // …and agent1 sees that the customer read them.
    // Sent by the outbox job, delivered, then read by the customer's page poll: allow for a busy machine.
    await expect(thread.locator('.msg-outbound').last()).toContainText('Leído', { timeout: 30_000 });

    // agent1 transfers to agent2, who sees it arrive live.
    await setStatus(agent2.page, 'online');
    await expect(agentRow('Beatriz Agente')).toContainText('En línea');
    await agent1.page.getByRole('button', { name: 'Transferir' }).click();
    const transfer = agent1.page.getByRole('dialog', { name: 'Transferir la conversación' });
    const target = transfer.locator('#transfer-target');
    const beatriz = await target.locator('option', { hasText: 'Beatriz Agente' }).getAttribute('value');
    await target.selectOption(beatriz ?? '');
    await transfer.getByRole('button', { name: 'Transferir' }).click();
    await expect(agent1.page).toHaveURL(/\/inbox$/);
    await expect(row(agent1.page, customer)).toHaveCount(0);
    const theirs = row(agent2.page, customer);
    await expect(theirs).toBeVisible();
    await expect(active).toContainText('Beatriz Agente');

    // Closing without a disposition is refused in Spanish; with one (and the required field) it closes.
    await theirs.getByRole('link').click();
    await expect(agent2.page.getByRole('log')).toContainText('Te envío la guía');
    await agent2.page.getByRole('button', { name: 'Cerrar conversación' }).click();
    const close = agent2.page.getByRole('dialog', { name: 'Cerrar la conversación' });
    await close.getByRole('button', { name: 'Cerrar conversación' }).click();
    await expect(close.getByText('Revisa los campos marcados.')).toBeVisible();
    await expect(close.locator('#close-disposition-error')).toHaveText('Este campo es obligatorio.');
    await expectAccessible(agent2.page, 'close dialog with errors');
    await close.getByLabel('Tipificación').selectOption({ label: 'Resuelto' });
    await close.getByLabel('Motivo de contacto (obligatorio)').selectOption('Pedido');
    await close.getByRole('button', { name: 'Cerrar conversación' }).click();
    await expect(close).toHaveCount(0);
    await expect(agent2.page.locator('.conv-head')).toContainText('Cerrada');
    await expect(row(agent2.page, customer)).toHaveCount(0);
    await expect(active).toHaveCount(0);
    expect(demo.channel).not.toBe('');

    await setStatus(agent1.page, 'offline');
    await setStatus(agent2.page, 'offline');
    await Promise.all([agent1.context.close(), agent2.context.close(), supervisor.context.close()]);
  });

  test('in Portuguese: the conversation arrives, the agent replies and closes', async ({
    browser,
    page,
  }, info) => {
    test.setTimeout(120_000);
    const suffix = `${info.project.name}-${Date.now().toString(36)}`;
    const phone = customerPhone(info, 0, 2);
    const customer = `Cliente PT ${suffix}`;
    await login(page, ADMIN);
    const demo = await prepare(page);

    const agent2 = await person(browser, AGENT2);
    await setStatus(agent2.page, 'offline');
    await agent2.context.close();
    const agent1 = await person(browser, AGENT1);
    try {
      await api(agent1.page, 'PATCH', '/api/v1/me', { language: 'pt-BR' });
      await agent1.page.reload();
      await expect(agent1.page.getByRole('heading', { level: 1, name: 'Caixa de entrada' })).toBeVisible();
      await setStatus(agent1.page, 'online');

      await api(page, 'POST', `/api/v1/simulator/${demo.channel}/messages`, {
        text: 'Olá, preciso de ajuda',
        contact_phone: phone,
        contact_name: customer,
      });
      const mine = row(agent1.page, customer);
      await expect(mine).toBeVisible();
      await expect(mine).toContainText('Atribuída');
      await mine.getByRole('link').click();
      await expect(agent1.page.getByRole('log')).toContainText('Olá, preciso de ajuda');
      await agent1.page.getByLabel('Mensagem', { exact: true }).fill('Claro, vamos resolver.');
      await agent1.page.getByRole('button', { name: 'Enviar', exact: true }).click();
      await expect(agent1.page.getByRole('log')).toContainText('Claro, vamos resolver.');
      await expectAccessible(agent1.page, 'conversation in Portuguese');

      await agent1.page.getByRole('button', { name: 'Encerrar conversa' }).click();
      const close = agent1.page.getByRole('dialog', { name: 'Encerrar a conversa' });
      await close.getByRole('button', { name: 'Encerrar conversa' }).click();
      await expect(close.locator('#close-disposition-error')).toHaveText('Este campo é obrigatório.');
      await close.getByLabel('Tabulação').selectOption({ label: 'Resuelto' });
      await close.getByLabel('Motivo de contacto (obrigatório)').selectOption('Información');
      await close.getByRole('button', { name: 'Encerrar conversa' }).click();
      await expect(close).toHaveCount(0);
      await expect(agent1.page.locator('.conv-head')).toContainText('Encerrada');
      await setStatus(agent1.page, 'offline');
    } finally {
      await api(agent1.page, 'PATCH', '/api/v1/me', { language: 'es' });
      await agent1.context.close();
    }
  });

  test('after the connection drops, the missed messages appear without reloading', async ({
    browser,
    page,
  }, info) => {
    test.setTimeout(120_000);
    const suffix = `${info.project.name}-${Date.now().toString(36)}`;
    const phone = customerPhone(info, 0, 3);
    const customer = `Cliente Red ${suffix}`;
    await login(page, ADMIN);
    const demo = await prepare(page);
    const agent2 = await person(browser, AGENT2);
    await setStatus(agent2.page, 'offline');
    await agent2.context.close();

    // The realtime socket goes through the test, which can cut it (like a dropped network).
    const context = await browser.newContext();
    let blocked = false;
    const sockets: { close: () => Promise<void> }[] = [];
    await context.routeWebSocket(/\/api\/v1\/realtime/, (ws) => {
      if (blocked) {
        void ws.close();
        return;
      }
      const server = ws.connectToServer();
      sockets.push(ws, server);
    });
    const agent1 = { context, page: await context.newPage() };
    await login(agent1.page, AGENT1);
    await setStatus(agent1.page, 'online');
    const say = (text: string) =>
      api(page, 'POST', `/api/v1/simulator/${demo.channel}/messages`, {
        text,
        contact_phone: phone,
        contact_name: customer,
      });
    await say('Primer mensaje');
    const mine = row(agent1.page, customer);
    await mine.getByRole('link').click();
    const thread = agent1.page.getByRole('log');
    await expect(thread).toContainText('Primer mensaje');

    blocked = true;
    await agent1.context.setOffline(true);
    for (const ws of sockets.splice(0)) await ws.close();
    await expect(agent1.page.getByText('Reconectando…')).toBeVisible();
    await say('Mensaje mientras no había red');
    await say('Otro más');
    await agent1.context.setOffline(false);
    blocked = false;
    await expect(thread).toContainText('Mensaje mientras no había red', { timeout: 20_000 });
    await expect(thread).toContainText('Otro más');
    await expect(agent1.page.getByText('Reconectando…')).toHaveCount(0);
    await expect(mine).toContainText('Otro más');

    // Tidy up: close it and go offline.
    await agent1.page.getByRole('button', { name: 'Cerrar conversación' }).click();
    const close = agent1.page.getByRole('dialog', { name: 'Cerrar la conversación' });
    await close.getByLabel('Tipificación').selectOption({ label: 'Resuelto' });
    await close.getByLabel('Motivo de contacto (obligatorio)').selectOption('Reclamo');
    await close.getByRole('button', { name: 'Cerrar conversación' }).click();
    await expect(close).toHaveCount(0);
    await setStatus(agent1.page, 'offline');
    await agent1.context.close();
  });
});
