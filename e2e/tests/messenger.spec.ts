import { expect, type Page, test } from '@playwright/test';
import { ADMIN, AGENT1, AGENT2, api, csrf, expectAccessible, goTo, login, person, setStatus } from './helpers';
import { postMetaWebhook, StandIn } from './standin';

const standIn = new StandIn();
test.beforeAll(() => standIn.start());
test.afterAll(() => standIn.stop());

const APP_SECRET = 'app-secret-e2e-messenger';

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

test.describe('Messenger (CH-6)', () => {
  test.describe.configure({ timeout: 120_000 });
  test('an administrator creates a page, pastes its webhook, and an agent answers in the inbox', async ({
    browser,
    page,
  }, info) => {
    const id = `${info.project.name === 'phone' ? 2 : 1}${Date.now()}`;
    const name = `Messenger ${info.project.name} ${id}`;
    const psid = `7${id}`;

    await login(page, ADMIN);
    await closeOpen(page);
    await goTo(page, 'Canales');
    await page.getByLabel('Tipo de canal').selectOption('messenger');
    await page.getByRole('button', { name: 'Crear canal' }).click();
    await expect(page.locator('#channel-page_id-error')).toHaveText('Este campo es obligatorio.');
    await page.getByRole('region', { name: 'Nuevo canal' }).getByLabel('Nombre', { exact: true }).fill(name);
    await page.getByLabel('ID de la página').fill(id);
    await page.getByLabel('Token de acceso de la página').fill('EAAP-e2e-page-token');
    await page.getByLabel('Clave secreta de la app').fill(APP_SECRET);
    await page.getByText('Opciones avanzadas').click();
    await page.getByLabel('URL base de la API').fill(standIn.url);
    await page.getByRole('button', { name: 'Crear canal' }).click();

    // What to paste in Meta's dashboard: the webhook URL and the verify token, with the help.
    const detail = page.locator('.channel-detail');
    await expect(detail.getByRole('heading', { level: 2, name })).toBeVisible();
    await expect(detail).toContainText('Messenger → Webhooks');
    const webhook = detail.getByLabel('URL del webhook', { exact: true });
    await expect(webhook).toHaveValue(/\/webhooks\/messenger\/[0-9a-f-]{36}$/);
    const verifyToken = await detail.getByLabel('Token de verificación', { exact: true }).inputValue();
    expect(verifyToken.length).toBeGreaterThan(15);
    await expect(detail.getByRole('button', { name: 'Copiar URL del webhook' })).toBeVisible();
    await expectAccessible(page, 'Messenger channel detail');
    const channel = (await webhook.inputValue()).split('/').at(-1) ?? '';
    // Meta's subscription check with what was pasted.
    const check = await page.request.get(
      `/webhooks/messenger/${channel}?hub.mode=subscribe&hub.verify_token=${verifyToken}&hub.challenge=e2e-42`,
    );
    expect(await check.text()).toBe('e2e-42');

    // The contact writes on Messenger; agent1 answers from the inbox.
    const agent2 = await person(browser, AGENT2);
    await setStatus(agent2.page, 'offline');
    const agent1 = await person(browser, AGENT1);
    await setStatus(agent1.page, 'online');
    const text = `Hola desde Messenger ${id}`;
    await postMetaWebhook(page.request, 'messenger', channel, APP_SECRET, {
      object: 'page',
      entry: [
        {
          id,
          time: Date.now(),
          messaging: [
            {
              sender: { id: psid },
              recipient: { id },
              timestamp: Date.now(),
              message: { mid: `m_e2e_in_${id}`, text },
            },
          ],
        },
      ],
    });
    const row = agent1.page.locator('.conv-list li').filter({ hasText: text });
    await expect(row).toBeVisible({ timeout: 20_000 });
    await row.getByRole('link').click();
    await expect(agent1.page.getByRole('log')).toContainText(text);
    const composer = agent1.page.getByLabel('Mensaje', { exact: true });
    const answer = `¡Hola! Te ayudo con gusto (${id})`;
    await composer.fill(answer);
    await composer.press('Enter');
    await expect(agent1.page.getByRole('log')).toContainText(answer);
    const sent = await standIn.waitFor((c) => c.method === 'POST' && c.path === `/${id}/messages`);
    expect(sent.body).toEqual({ recipient: { id: psid }, messaging_type: 'RESPONSE', message: { text: answer } });
  });
});
