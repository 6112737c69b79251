import { expect, type Page, test } from '@playwright/test';
import { ADMIN, csrf, expectAccessible, login } from './helpers';
import { fixture, postWhatsAppWebhook, StandIn } from './standin';

const standIn = new StandIn();
test.beforeAll(() => standIn.start());
test.afterAll(() => standIn.stop());

const APP_SECRET = 'app-secret-templates-e2e';

/** A WhatsApp number pointing at the stand-in, with its templates read from it. */
async function whatsappChannel(page: Page, id: string): Promise<{ channel: string; phoneId: string }> {
  const campaigns = await (await page.request.get('/api/v1/campaigns')).json();
  const created = await page.request.post('/api/v1/channels', {
    headers: { 'x-csrf-token': await csrf(page) },
    data: {
      kind: 'whatsapp',
      name: `Plantillas ${id}`,
      campaign_id: campaigns.items[0].id,
      config: {
        phone_number_id: id,
        waba_id: `waba${id}`,
        access_token: 'EAAG-templates',
        app_secret: APP_SECRET,
        api_base_url: standIn.url,
      },
    },
  });
  expect(created.status()).toBe(201);
  const channel = (await created.json()).id as string;
  await expect
    .poll(
      async () =>
        (await (await page.request.get(`/api/v1/templates?channel_id=${channel}`)).json()).items.length,
    )
    .toBe(3);
  return { channel, phoneId: id };
}

/** The contact wrote two days ago (a signed webhook in Meta's format): the 24-hour window is closed. */
async function oldMessage(page: Page, channel: string, phoneId: string, from: string): Promise<string> {
  const payload = fixture('whatsapp/text_message.json') as {
    entry: {
      id: string;
      changes: { value: Record<string, unknown> & { messages: Record<string, unknown>[] } }[];
    }[];
  };
  const entry = payload.entry[0];
  const value = entry?.changes[0]?.value;
  if (!entry || !value) throw new Error('unexpected fixture');
  entry.id = `waba${phoneId}`;
  value.metadata = { display_phone_number: '15550783881', phone_number_id: phoneId };
  value.contacts = [{ profile: { name: 'Cliente Plantilla' }, wa_id: from }];
  value.messages = [
    {
      ...value.messages[0],
      from,
      id: `wamid.e2e.${from}`,
      timestamp: String(Math.floor(Date.now() / 1000) - 2 * 24 * 3600),
    },
  ];
  await postWhatsAppWebhook(page.request, channel, APP_SECRET, payload);
  let conversation = '';
  await expect
    .poll(async () => {
      const list = await (await page.request.get(`/api/v1/conversations?channel_id=${channel}`)).json();
      conversation = list.items[0]?.id ?? '';
      return conversation;
    })
    .not.toBe('');
  return conversation;
}

test.describe('templates outside the 24-hour window (CH-1, OUT-3)', () => {
  test('the banner opens the picker; a template is filled, previewed and sent', async ({ page }, info) => {
    const id = `${info.project.name === 'phone' ? 4 : 3}${Date.now()}`;
    await login(page, ADMIN);
    const { channel, phoneId } = await whatsappChannel(page, id);
    const conversation = await oldMessage(page, channel, phoneId, `57300${id.slice(-7)}`);

    await page.goto(`/inbox/${conversation}`);
    const banner = page.locator('.alert-warning').filter({ hasText: 'Pasaron más de 24 horas' });
    await expect(banner).toBeVisible();
    await banner.getByRole('button', { name: 'Enviar plantilla' }).click();
    const dialog = page.getByRole('dialog', { name: 'Enviar una plantilla' });
    await expect(dialog.getByLabel('promo_enero')).toBeEnabled();
    await expect(dialog.getByLabel('abandoned_cart')).toBeDisabled();
    await expect(dialog.locator('.template-option').filter({ hasText: 'abandoned_cart' })).toContainText(
      'Rechazada',
    );
    await expectAccessible(page, 'template picker');

    await dialog.getByLabel('promo_enero').check();
    await dialog.getByLabel('Valor de {{1}}').fill('Ana');
    await dialog.getByLabel('Valor de {{2}}').fill('25%');
    const preview = dialog.locator('.template-preview-bubble');
    await expect(preview).toHaveText('Hola Ana, tienes 25% de descuento hasta el {{3}}.');
    await dialog.getByRole('button', { name: 'Enviar plantilla' }).click();
    await expect(dialog.locator('#template-var-3-error')).toHaveText('Este campo es obligatorio.');
    await dialog.getByLabel('Valor de {{3}}').fill('31 de enero');
    await expect(preview).toHaveText('Hola Ana, tienes 25% de descuento hasta el 31 de enero.');
    await expectAccessible(page, 'template picker filled');
    await dialog.getByRole('button', { name: 'Enviar plantilla' }).click();
    await expect(dialog).toHaveCount(0);
    await expect(page.getByRole('log')).toContainText(
      'Hola Ana, tienes 25% de descuento hasta el 31 de enero.',
    );

    // What went out to the Graph API: the template with its parameters in order.
    const sent = await standIn.waitFor((c) => c.method === 'POST' && c.path === `/${phoneId}/messages`);
    const template = (sent.body as { template?: { name?: string; components?: unknown } }).template;
    expect(template?.name).toBe('promo_enero');
    expect(JSON.stringify(template?.components)).toContain('31 de enero');
  });
});
