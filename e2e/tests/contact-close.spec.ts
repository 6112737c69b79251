import { expect, type Page, test } from '@playwright/test';
import {
  ADMIN,
  AGENT1,
  AGENT2,
  api,
  customerPhone,
  expectAccessible,
  freshSimulatorChannel,
  login,
  person,
  setStatus,
} from './helpers';

/** Opens the contact panel: a button on desktop, in "Más acciones" on a phone. */
async function openPanel(page: Page): Promise<void> {
  const more = page.getByRole('button', { name: 'Más acciones' });
  if (await more.isVisible()) await more.click();
  await page.getByRole('button', { name: 'Contacto', exact: true }).click();
  await expect(page.locator('#contact-panel')).toBeVisible();
}

test.describe('contact panel and closing (issue 18, items 4 and 5)', () => {
  test.describe.configure({ timeout: 120_000 });

  test('tags and notes are added in the panel, the number stays on one line, and the close line says it once with fields and note', async ({
    browser,
    page,
  }, info) => {
    const customer = `Cliente Panel ${info.project.name}-${Date.now().toString(36)}`;
    const admin = await person(browser, ADMIN);
    const channel = await freshSimulatorChannel(admin.page);
    const agent2 = await person(browser, AGENT2);
    await setStatus(agent2.page, 'offline');
    await agent2.context.close();
    await login(page, AGENT1);
    await setStatus(page, 'online');
    await api(admin.page, 'POST', `/api/v1/simulator/${channel}/messages`, {
      text: 'Quiero cambiar mi pedido',
      contact_phone: customerPhone(info, 7, 5),
      contact_name: customer,
    });
    const row = page.locator('.conv-list li').filter({ hasText: customer });
    await row.getByRole('link').click();
    await expect(page.getByRole('log')).toContainText('Quiero cambiar mi pedido');
    const id = page.url().split('/').pop()?.split('?')[0] ?? '';

    // The agent adds a note from the panel.
    await openPanel(page);
    const panel = page.locator('#contact-panel');
    await panel.getByLabel('Nueva nota').fill('Prefiere que lo llamen en la tarde');
    await panel.getByRole('button', { name: 'Agregar nota' }).click();
    await expect(panel.locator('.notes')).toContainText('Prefiere que lo llamen en la tarde');
    // The masked number reads on one line.
    const lines = await panel
      .locator('dd.contact-identity')
      .first()
      .evaluate((el) => {
        const range = document.createRange();
        range.selectNodeContents(el);
        return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
      });
    expect(lines).toBe(1);
    await expectAccessible(page, 'contact panel with its forms');

    // An administrator (who manages contacts) tags the contact from the same panel.
    await admin.page.goto(`/inbox/${id}?view=all`);
    await expect(admin.page.getByRole('log')).toContainText('Quiero cambiar mi pedido');
    await openPanel(admin.page);
    const adminPanel = admin.page.locator('#contact-panel');
    await adminPanel.getByLabel('Nueva etiqueta').fill('vip');
    await adminPanel.getByRole('button', { name: 'Agregar etiqueta' }).click();
    await expect(adminPanel.locator('.tags')).toContainText('vip');
    await admin.context.close();

    // Closing: the disposition says it is required; the timeline says the outcome once, with fields and note.
    await page.locator('#contact-panel').getByRole('button', { name: 'Cerrar' }).click();
    await page.getByRole('button', { name: 'Cerrar conversación' }).click();
    const close = page.getByRole('dialog', { name: 'Cerrar la conversación' });
    await close.getByLabel('Tipificación (obligatorio)').selectOption({ label: 'Resuelto' });
    await close.getByLabel('Motivo de contacto (obligatorio)').selectOption('Pedido');
    await close.getByLabel('Nota de cierre (opcional)').fill('Se cambió la dirección');
    await close.getByRole('button', { name: 'Cerrar conversación' }).click();
    await expect(close).toHaveCount(0);
    const line = page.getByRole('log').locator('.msg-system').filter({ hasText: 'Conversación cerrada' });
    await expect(line).toContainText('Conversación cerrada: Resuelto');
    await expect(line).not.toContainText('resuelta');
    await expect(line).toContainText('Motivo de contacto: Pedido');
    await expect(line).toContainText('Nota de cierre: Se cambió la dirección');

    // Writing again (item 4): no 24-hour window on the simulator, so a text opens a new conversation.
    const again = page.getByLabel(`Escribir de nuevo a ${customer}`);
    await expect(again).toBeVisible();
    await expectAccessible(page, 'closed conversation, write again');
    await page.getByRole('button', { name: 'Enviar', exact: true }).click();
    await expect(page.locator('#write-again-error')).toHaveText('Este campo es obligatorio.');
    await again.fill('¿Te llegó el pedido con la nueva dirección?');
    await page.getByRole('button', { name: 'Enviar', exact: true }).click();
    await expect(page).not.toHaveURL(new RegExp(`/inbox/${id}`));
    await expect(page).toHaveURL(/\/inbox\/[0-9a-f-]{36}/);
    await expect(page.getByRole('log')).toContainText('¿Te llegó el pedido con la nueva dirección?');
    await expect(page.locator('#composer-text')).toBeVisible();
    await setStatus(page, 'offline');
  });
});
