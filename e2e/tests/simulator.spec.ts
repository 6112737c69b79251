import { expect, type Page, test } from '@playwright/test';
import { ADMIN, expectAccessible, goTo, login } from './helpers';

/** Replies as the logged-in administrator through the real API (what an agent's reply does). */
async function replyAsAdmin(page: Page, phone: string, text: string): Promise<void> {
  const cookies = await page.context().cookies();
  const csrf = cookies.find((c) => c.name === 'charla_csrf')?.value ?? '';
  const channels = await (await page.request.get('/api/v1/channels?kind=simulator')).json();
  const channel = channels.items[0].id as string;
  const thread = await (
    await page.request.get(
      `/api/v1/simulator/${channel}/messages?contact_phone=${encodeURIComponent(phone)}`,
    )
  ).json();
  const conversation = thread.items.at(-1).conversation_id as string;
  const reply = await page.request.post(`/api/v1/conversations/${conversation}/messages`, {
    data: { text },
    headers: { 'x-csrf-token': csrf },
  });
  expect(reply.status()).toBe(202);
}

test.describe('simulator (CH-10)', () => {
  test('a person plays the customer and sees the reply arrive and be read', async ({
    page,
  }, info) => {
    // A phone of its own per viewport: a different phone plays a different customer.
    const phone = info.project.name === 'phone' ? '+573005550002' : '+573005550001';
    await login(page, ADMIN);
    await goTo(page, 'Simulador');
    await expect(page.getByRole('heading', { level: 1, name: 'Simulador WhatsApp' })).toBeVisible();
    await page.getByLabel('Teléfono del cliente').fill(phone);
    await page.getByLabel('Nombre del cliente').fill('Cliente E2E');
    await page.getByRole('button', { name: 'Abrir chat' }).click();
    await expectAccessible(page, 'simulator');

    await page.getByLabel('Mensaje', { exact: true }).fill('Hola, ¿tienen envíos a Cali?');
    await page.getByRole('button', { name: 'Enviar', exact: true }).click();
    const thread = page.getByRole('log');
    await expect(thread).toContainText('Hola, ¿tienen envíos a Cali?');

    await replyAsAdmin(page, phone, 'Sí, llegamos a Cali en 48 horas');
    await expect(thread).toContainText('Sí, llegamos a Cali en 48 horas');
    // The page is visible, so the customer has read it.
    await expect(thread).toContainText('Leído', { timeout: 30_000 });
    await expectAccessible(page, 'simulator with a reply');
  });
});
