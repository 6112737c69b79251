import { expect, type Page, test } from '@playwright/test';
import { ADMIN, expectAccessible, goTo, login } from './helpers';
import { fixture, postWhatsAppWebhook, StandIn } from './standin';

const standIn = new StandIn();
test.beforeAll(() => standIn.start());
test.afterAll(() => standIn.stop());

/** Digits unique to this run and viewport (network ids must not repeat between channels). */
function digits(project: string): string {
  return `${project === 'phone' ? 2 : 1}${Date.now()}`;
}

async function openChannels(page: Page): Promise<void> {
  await login(page, ADMIN);
  await goTo(page, 'Canales');
  await expect(page.getByRole('heading', { level: 1, name: 'Canales' })).toBeVisible();
}

test.describe('channels (CH-1, CH-2, CH-7)', () => {
  test('a WhatsApp number is created and shows its webhook URL and verify token', async ({ page }, info) => {
    const id = digits(info.project.name);
    const name = `WhatsApp ${info.project.name} ${id}`;
    await openChannels(page);
    await page.getByLabel('Tipo de canal').selectOption('whatsapp');
    // Required fields are checked before anything is sent.
    await page.getByRole('button', { name: 'Crear canal' }).click();
    await expect(page.locator('#channel-phone_number_id-error')).toHaveText('Este campo es obligatorio.');
    await expectAccessible(page, 'new WhatsApp channel form');

    await page.getByRole('region', { name: 'Nuevo canal' }).getByLabel('Nombre', { exact: true }).fill(name);
    await page.getByLabel('ID del número de teléfono').fill(id);
    await page.getByLabel('ID de la cuenta de WhatsApp Business').fill(`waba${id}`);
    await page.getByLabel('Token de acceso').fill('EAAG-test-token');
    await page.getByLabel('Clave secreta de la app').fill('app-secret-e2e');
    await page.getByText('Opciones avanzadas').click();
    // The API's own field errors show beside the field.
    await page.getByLabel('URL base de la API').fill('ftp://graph.invalid');
    await page.getByRole('button', { name: 'Crear canal' }).click();
    await expect(page.locator('#channel-api_base_url-error')).toHaveText('Este valor no es válido.');

    await page.getByLabel('URL base de la API').fill(standIn.url);
    await page.getByRole('button', { name: 'Crear canal' }).click();
    const detail = page.locator('.channel-detail');
    await expect(detail.getByRole('heading', { level: 2, name })).toBeVisible();
    await expect(detail.getByText('Activo', { exact: true })).toBeVisible();
    await expect(detail.getByLabel('URL del webhook', { exact: true })).toHaveValue(
      /^http:\/\/127\.0\.0\.1:\d+\/webhooks\/whatsapp\/[0-9a-f-]{36}$/,
    );
    await expect(detail.getByLabel('Token de verificación', { exact: true })).toHaveValue(/.{16,}/);
    await expect(detail.getByRole('button', { name: 'Copiar URL del webhook' })).toBeVisible();
    await expectAccessible(page, 'WhatsApp channel detail');
    // Creating it read the number's templates from the business account.
    await standIn.waitFor((c) => c.method === 'GET' && c.path === `/waba${id}/message_templates`);

    // Meta reports the number's messaging limit (CH-7): it shows on the channel's detail.
    const webhook = await detail.getByLabel('URL del webhook', { exact: true }).inputValue();
    const update = fixture('whatsapp/phone_number_quality_update.json') as { entry: { id: string }[] };
    if (update.entry[0]) update.entry[0].id = `waba${id}`;
    await postWhatsAppWebhook(page.request, webhook.split('/').at(-1) ?? '', 'app-secret-e2e', update);
    await detail.getByRole('button', { name: 'Actualizar estado' }).click();
    await expect(detail.locator('.channel-health')).toContainText('Límite de mensajería');
    await expect(detail.locator('.channel-health')).toContainText('Ilimitado');

    await detail.getByRole('button', { name: 'Sincronizar plantillas' }).click();
    await expect(
      page.locator('.toast, [role="status"]').filter({ hasText: 'Se están leyendo las plantillas' }).first(),
    ).toBeVisible();
    // It stays in the list, and its detail comes back after a reload.
    await page.reload();
    await expect(detail.getByLabel('Token de verificación', { exact: true })).toHaveValue(/.{16,}/);
    await expect(page.locator('.row').filter({ hasText: name })).toBeVisible();
  });

  test('a Telegram bot is created and its webhook is set at the Bot API', async ({ page }, info) => {
    const id = digits(info.project.name);
    const name = `Telegram ${info.project.name} ${id}`;
    const token = `${id}:AAE-e2e-token`;
    await openChannels(page);
    await page.getByLabel('Tipo de canal').selectOption('telegram');
    await page.getByRole('region', { name: 'Nuevo canal' }).getByLabel('Nombre', { exact: true }).fill(name);
    await page.getByLabel('Token del bot').fill('no-colon');
    await page.getByText('Opciones avanzadas').click();
    await page.getByLabel('URL base de la API').fill(standIn.url);
    await page.getByRole('button', { name: 'Crear canal' }).click();
    await expect(page.locator('#channel-bot_token-error')).toHaveText('Este valor no es válido.');

    await page.getByLabel('Token del bot').fill(token);
    await page.getByRole('button', { name: 'Crear canal' }).click();
    const detail = page.locator('.channel-detail');
    await expect(detail.getByRole('heading', { level: 2, name })).toBeVisible();
    const webhook = detail.getByLabel('URL del webhook', { exact: true });
    await expect(webhook).toHaveValue(/\/webhooks\/telegram\/[0-9a-f-]{36}$/);
    await expect(detail.getByLabel('Token de verificación', { exact: true })).toHaveCount(0);
    await expectAccessible(page, 'Telegram channel detail');
    const call = await standIn.waitFor((c) => c.path === `/bot${token}/setWebhook`);
    expect((call.body as { url?: string }).url).toBe(await webhook.inputValue());
  });
});
