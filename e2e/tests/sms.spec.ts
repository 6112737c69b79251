import { expect, type Page, test } from '@playwright/test';
import { ADMIN, AGENT1, AGENT2, api, csrf, expectAccessible, goTo, login, person, setStatus } from './helpers';
import { postTwilioWebhook, StandIn } from './standin';

const standIn = new StandIn();
test.beforeAll(() => standIn.start());
test.afterAll(() => standIn.stop());

const AUTH_TOKEN = 'e2e-twilio-auth-token-5f1c';

/** No conversation left open by earlier runs: they would take the agents' places. */
async function closeOpen(admin: Page): Promise<void> {
  const dispositions = await api<{ items: { id: string; name: string }[] }>(admin, 'GET', '/api/v1/dispositions');
  const resolved = dispositions.items.find((d) => d.name === 'Resuelto')?.id ?? '';
  const open = await api<{ items: { id: string }[] }>(
    admin,
    'GET',
    '/api/v1/conversations?status=bot,queued,assigned&limit=200',
  );
  for (const c of open.items) {
    const detail = await api<{ campaign: { fields: { id: string }[] } }>(admin, 'GET', `/api/v1/conversations/${c.id}`);
    const fields: Record<string, string> = {};
    for (const f of detail.campaign.fields) fields[f.id] = 'Información';
    await admin.request.post(`/api/v1/conversations/${c.id}/close`, {
      data: { disposition_id: resolved, fields },
      headers: { 'x-csrf-token': await csrf(admin) },
    });
  }
}

test.describe('SMS through Twilio (CH-5)', () => {
  test.describe.configure({ timeout: 120_000 });
  test('an administrator creates an SMS number, copies its webhook URL, and an agent answers an SMS', async ({
    browser,
    page,
  }, info) => {
    const run = `${info.project.name === 'phone' ? 2 : 1}${String(Date.now() % 1e9).padStart(9, '0')}`;
    const name = `SMS ${info.project.name} ${run}`;
    const account = `AC${run.padStart(32, '0')}`;
    const ourNumber = `+1555${run}`;
    const contact = `+1415${run}`;

    await login(page, ADMIN);
    await closeOpen(page);
    await goTo(page, 'Canales');
    await page.getByLabel('Tipo de canal').selectOption('sms');
    await page.getByRole('button', { name: 'Crear canal' }).click();
    await expect(page.locator('#channel-account_sid-error')).toHaveText('Este campo es obligatorio.');
    await page.getByRole('region', { name: 'Nuevo canal' }).getByLabel('Nombre', { exact: true }).fill(name);
    await page.getByLabel('Account SID').fill(account);
    await page.getByLabel('Auth token').fill(AUTH_TOKEN);
    await page.getByLabel('Número de Twilio').fill(ourNumber);
    await page.getByText('Opciones avanzadas').click();
    await page.getByLabel('URL base de la API').fill(standIn.url);
    await page.getByRole('button', { name: 'Crear canal' }).click();

    // What to paste in Twilio's console: the webhook URL, with where it goes; never the token.
    const detail = page.locator('.channel-detail');
    await expect(detail.getByRole('heading', { level: 2, name })).toBeVisible();
    await expect(detail).toContainText('A message comes in');
    const webhook = detail.getByLabel('URL del webhook', { exact: true });
    await expect(webhook).toHaveValue(/\/webhooks\/sms\/[0-9a-f-]{36}$/);
    await expect(detail.getByRole('button', { name: 'Copiar URL del webhook' })).toBeVisible();
    await expect(detail).not.toContainText(AUTH_TOKEN);
    await expectAccessible(page, 'SMS channel detail');
    const webhookUrl = await webhook.inputValue();
    const channel = webhookUrl.split('/').at(-1) ?? '';

    // The contact texts the number; agent1 answers from the inbox.
    const agent2 = await person(browser, AGENT2);
    await setStatus(agent2.page, 'offline');
    const agent1 = await person(browser, AGENT1);
    await setStatus(agent1.page, 'online');
    const text = `Hola por SMS ${run}`;
    await postTwilioWebhook(page.request, webhookUrl, AUTH_TOKEN, {
      ToCountry: 'US',
      SmsMessageSid: `SM${run.padStart(32, 'a')}`,
      NumMedia: '0',
      SmsSid: `SM${run.padStart(32, 'a')}`,
      SmsStatus: 'received',
      Body: text,
      To: ourNumber,
      NumSegments: '1',
      MessageSid: `SM${run.padStart(32, 'a')}`,
      AccountSid: account,
      From: contact,
      ApiVersion: '2010-04-01',
    });
    const row = agent1.page.locator('.conv-list li').filter({ hasText: text });
    await expect(row).toBeVisible({ timeout: 20_000 });
    await row.getByRole('link').click();
    await expect(agent1.page.getByRole('log')).toContainText(text);
    const composer = agent1.page.getByLabel('Mensaje', { exact: true });
    const answer = `¡Hola! Te ayudo por aquí (${run})`;
    await composer.fill(answer);
    await composer.press('Enter');
    await expect(agent1.page.getByRole('log')).toContainText(answer);
    const sent = await standIn.waitFor(
      (c) => c.method === 'POST' && c.path === `/2010-04-01/Accounts/${account}/Messages.json`,
    );
    const form = new URLSearchParams(sent.body as string);
    expect([form.get('To'), form.get('From'), form.get('Body')]).toEqual([contact, ourNumber, answer]);
    expect(form.get('StatusCallback')).toMatch(
      new RegExp(`/webhooks/sms/${channel}/status\\?outbox_id=[0-9a-f-]{36}$`),
    );
  });
});
