import { expect, type Page, test } from '@playwright/test';
import { ADMIN, AGENT1, api, expectAccessible, login } from './helpers';
import { StandIn } from './standin';

const standIn = new StandIn();
test.beforeAll(() => standIn.start());
test.afterAll(() => standIn.stop());

/** A WhatsApp number pointing at the stand-in, its templates read from it; as the administrator. */
async function whatsappChannel(page: Page, id: string): Promise<string> {
  const campaigns = await api<{ items: { id: string }[] }>(page, 'GET', '/api/v1/campaigns');
  const created = await api<{ id: string }>(page, 'POST', '/api/v1/channels', {
    kind: 'whatsapp',
    name: `Avisos ${id}`,
    campaign_id: campaigns.items[0]?.id,
    config: {
      phone_number_id: id,
      waba_id: `waba${id}`,
      access_token: 'EAAG-outbound',
      app_secret: 'app-secret-outbound-e2e',
      api_base_url: standIn.url,
    },
  });
  await expect
    .poll(
      async () =>
        (await api<{ items: unknown[] }>(page, 'GET', `/api/v1/templates?channel_id=${created.id}`)).items
          .length,
    )
    .toBe(3);
  return created.id;
}

function uniqueId(info: { project: { name: string } }): string {
  return `${info.project.name === 'phone' ? 6 : 5}${Date.now()}`;
}

test.describe('templates and proactive conversations (OUT-1, OUT-3)', () => {
  test('an administrator creates a template, told first why a long header is refused', async ({
    page,
  }, info) => {
    const id = uniqueId(info);
    await login(page, ADMIN);
    const channel = await whatsappChannel(page, id);
    const name = `aviso_${id}`;

    await page.goto(`/templates?channel=${channel}`);
    await expect(page.locator('tr[data-template="promo_enero"]')).toContainText('Aprobada');
    await expect(page.locator('tr[data-template="abandoned_cart"]')).toContainText('Rechazada');
    await page.getByRole('button', { name: 'Nueva plantilla' }).click();
    const dialog = page.getByRole('dialog', { name: 'Nueva plantilla' });
    await dialog.getByLabel('Nombre').fill(name);
    await dialog.getByLabel('Encabezado (opcional)').fill('Tu pedido '.repeat(7));
    await dialog.getByLabel('Cuerpo').fill('Hola {{1}}, tu pedido sale hoy.');
    await dialog.getByLabel('Ejemplo de {{1}}').fill('Ana');
    await dialog.getByLabel('Botón 1').fill('Cambiar dirección');
    // The preview is what the contact will read, as it is typed.
    const preview = dialog.getByTestId('wa-preview');
    await expect(preview).toContainText('Hola Ana, tu pedido sale hoy.');
    await expect(dialog.locator('.wa-preview-buttons')).toHaveText('Cambiar dirección');
    await expectAccessible(page, 'template form');

    await dialog.getByRole('button', { name: 'Enviar a revisión' }).click();
    await expect(dialog).toContainText(
      'El encabezado del mensaje es muy largo. No debe superar los 60 caracteres.',
    );
    expect(standIn.calls.some((c) => c.method === 'POST' && c.path.endsWith('/message_templates'))).toBe(
      false,
    );

    await dialog.getByLabel('Encabezado (opcional)').fill('Tu pedido');
    await expect(preview).toContainText('Tu pedido');
    await dialog.getByRole('button', { name: 'Enviar a revisión' }).click();
    await expect(dialog).toHaveCount(0);
    await expect(page.locator(`tr[data-template="${name}"]`)).toBeVisible();

    // Submitted to the business account by a job, in Graph's own shape.
    const submitted = await standIn.waitFor(
      (c) => c.method === 'POST' && c.path.endsWith(`/waba${id}/message_templates`),
    );
    expect(submitted.body).toMatchObject({
      name,
      language: 'es',
      category: 'UTILITY',
      parameter_format: 'POSITIONAL',
      components: [
        { type: 'HEADER', format: 'TEXT', text: 'Tu pedido' },
        { type: 'BODY', text: 'Hola {{1}}, tu pedido sale hoy.', example: { body_text: [['Ana']] } },
        { type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'Cambiar dirección' }] },
      ],
    });
    await page.reload();
    await expect(page.locator(`tr[data-template="${name}"]`)).toContainText('En revisión');
  });

  test('an agent starts a conversation with a contact by template', async ({ page, browser }, info) => {
    const id = uniqueId(info);
    await login(page, ADMIN);
    const channel = await whatsappChannel(page, id);
    const phone = `+57301${id.slice(-7)}`;
    const contact = await api<{ id: string }>(page, 'POST', '/api/v1/contacts', {
      name: `Lucía ${id}`,
      phone,
    });
    // Agents see the contacts they served: this one was the agent's before.
    const first = await api<{ conversation_id: string }>(page, 'POST', '/api/v1/conversations', {
      channel_id: channel,
      contact_id: contact.id,
      template: {
        name: 'order_confirmation',
        language: 'es_MX',
        parameters: { first_name: 'Lucía', order_number: 'A-1' },
      },
    });
    const users = await api<{ items: { id: string; email: string }[] }>(
      page,
      'GET',
      '/api/v1/users?q=agent1',
    );
    const agentId = users.items.find((u) => u.email === AGENT1)?.id;
    await api(page, 'POST', `/api/v1/conversations/${first.conversation_id}/assign`, { agent_id: agentId });

    const agent = await browser.newContext();
    const agentPage = await agent.newPage();
    await login(agentPage, AGENT1);
    await agentPage.goto(`/contacts/${contact.id}`);
    await agentPage.getByRole('button', { name: 'Nueva conversación' }).click();
    const dialog = agentPage.getByRole('dialog', { name: `Nueva conversación con Lucía ${id}` });
    await dialog.getByLabel('Canal').selectOption(channel);
    await dialog.getByLabel('promo_enero').check();
    await dialog.getByLabel('Valor de {{1}}').fill('Lucía');
    await dialog.getByLabel('Valor de {{2}}').fill('30%');
    await dialog.getByLabel('Valor de {{3}}').fill('domingo');
    await expect(dialog.locator('.template-preview-bubble')).toHaveText(
      'Hola Lucía, tienes 30% de descuento hasta el domingo.',
    );
    await expectAccessible(agentPage, 'new conversation dialog');
    await dialog.getByRole('button', { name: 'Iniciar conversación' }).click();

    // The contact's open conversation, now the agent's, takes the template.
    await expect(agentPage).toHaveURL(new RegExp(`/inbox/${first.conversation_id}`));
    await expect(agentPage.getByRole('log')).toContainText(
      'Hola Lucía, tienes 30% de descuento hasta el domingo.',
    );
    const sent = await standIn.waitFor(
      (c) =>
        c.method === 'POST' &&
        c.path === `/${id}/messages` &&
        (c.body as { template?: { name?: string } }).template?.name === 'promo_enero',
    );
    expect(sent.body).toMatchObject({ to: phone, type: 'template', template: { name: 'promo_enero' } });

    // From the inbox, a number nobody wrote from yet: a new conversation, the agent's own.
    const stranger = `+57302${id.slice(-7)}`;
    await agentPage.goto('/inbox');
    await agentPage.getByRole('button', { name: 'Nueva conversación' }).click();
    const fresh = agentPage.getByRole('dialog', { name: 'Nueva conversación' });
    await fresh.getByLabel('Canal').selectOption(channel);
    await fresh.getByLabel('Número del contacto').fill(stranger);
    await fresh.getByLabel('Tipo de mensaje').selectOption('text');
    await fresh.getByRole('textbox', { name: 'Mensaje' }).fill('Hola, ¿cómo estás?');
    await fresh.getByRole('button', { name: 'Iniciar conversación' }).click();
    // Nobody wrote from that number: only a template may open the conversation.
    await expect(fresh).toContainText('Pasaron más de 24 horas');
    await fresh.getByLabel('Tipo de mensaje').selectOption('template');
    await fresh.getByLabel('promo_enero').check();
    await fresh.getByLabel('Valor de {{1}}').fill('Pedro');
    await fresh.getByLabel('Valor de {{2}}').fill('10%');
    await fresh.getByLabel('Valor de {{3}}').fill('lunes');
    await fresh.getByRole('button', { name: 'Iniciar conversación' }).click();
    await expect(fresh).toHaveCount(0);
    await expect(agentPage).not.toHaveURL(new RegExp(first.conversation_id));
    await expect(agentPage.getByRole('log')).toContainText(
      'Hola Pedro, tienes 10% de descuento hasta el lunes.',
    );
    await standIn.waitFor((c) => c.method === 'POST' && (c.body as { to?: string }).to === stranger);
    await agent.close();
  });
});
