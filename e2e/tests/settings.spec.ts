import { expect, test } from '@playwright/test';
import { ADMIN, AGENT1, expectAccessible, goTo, login } from './helpers';

test.describe('workspace settings and contacts', () => {
  test('the campaign editor shows every tab, and its changes are kept', async ({ page }) => {
    await login(page, ADMIN);
    await goTo(page, 'Ajustes de campañas');
    await expect(page.getByRole('heading', { level: 1, name: 'Ajustes de campañas' })).toBeVisible();
    await page.getByLabel('Campaña', { exact: true }).selectOption({ label: 'Soporte' });
    await expect(page.getByLabel('Método de asignación')).toHaveValue('round_robin');
    await expectAccessible(page, 'campaign: assignment');
    for (const tab of ['Tipificaciones', 'Permisos de agentes', 'Campos', 'Colas']) {
      await page.getByRole('tab', { name: tab }).click();
      await expect(page.getByRole('tab', { name: tab })).toHaveAttribute('aria-selected', 'true');
      await expect(page.getByRole('tabpanel')).not.toContainText('Cargando…');
      await expectAccessible(page, `campaign: ${tab}`);
    }
    await page.getByRole('tab', { name: 'Campos' }).click();
    await expect(page.getByRole('tabpanel').getByLabel('Nombre').first()).toHaveValue('Motivo de contacto');
    await page.getByRole('tab', { name: 'Permisos de agentes' }).click();
    const emojis = page.getByLabel('Enviar emojis');
    await expect(emojis).toBeChecked();
    await page.getByRole('tab', { name: 'Colas' }).click();
    await expect(page.getByRole('tabpanel')).toContainText('Andrés Agente');
  });

  test('quick replies are created here and offered in the inbox', async ({ page }, info) => {
    const title = `Despedida ${info.project.name}-${Date.now().toString(36)}`;
    await login(page, ADMIN);
    await goTo(page, 'Respuestas rápidas');
    await expect(page.getByRole('heading', { level: 1, name: 'Respuestas rápidas' })).toBeVisible();
    await page.getByRole('button', { name: 'Crear respuesta' }).click();
    await expect(page.locator('#qr-new-title-error')).toHaveText('Este campo es obligatorio.');
    await page.getByLabel('Título').first().fill(title);
    await page.getByLabel('Texto').first().fill('Gracias por escribirnos, {{contact.name}}.');
    await page.getByRole('button', { name: 'Crear respuesta' }).click();
    await expect(page.locator('.qr-row').filter({ hasText: title })).toBeVisible();
    await expectAccessible(page, 'quick replies');
    await page.getByRole('button', { name: `Eliminar ${title}` }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Eliminar' }).click();
    await expect(page.locator('.qr-row').filter({ hasText: title })).toHaveCount(0);
  });

  test('channels list the simulator and pages pass axe; contacts are searchable', async ({ page }) => {
    await login(page, ADMIN);
    await goTo(page, 'Canales');
    await expect(page.locator('.row').filter({ hasText: 'Simulador WhatsApp' })).toBeVisible();
    await expectAccessible(page, 'channels');
    await goTo(page, 'Contactos');
    await expect(page.getByRole('heading', { level: 1, name: 'Contactos' })).toBeVisible();
    await expectAccessible(page, 'contacts');
    const first = page.locator('.rows .row a').first();
    if ((await first.count()) > 0) {
      await first.click();
      await expect(page.getByRole('heading', { level: 2, name: 'Conversaciones' })).toBeVisible();
      await expectAccessible(page, 'contact detail');
    }
  });

  test('an agent sees no settings, and Home lists the inbox', async ({ page }) => {
    await login(page, AGENT1);
    await expect(page).toHaveURL(/\/inbox$/);
    await page.goto('/settings/campaigns');
    await expect(page.getByRole('heading', { level: 1, name: 'No tienes permiso para hacer esto.' })).toBeVisible();
    await page.goto('/');
    await expect(page.locator('main').getByRole('link', { name: /Bandeja de entrada/ })).toBeVisible();
    await page.goto('/inbox');
    await expect(page.getByRole('heading', { level: 1, name: 'Bandeja de entrada' })).toBeVisible();
    await expect(page.locator('.conv-list, .empty').first()).toBeVisible();
    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'Atajos de teclado' });
    await expect(help).toContainText('Conversación siguiente');
    await expectAccessible(page, 'shortcuts');
    await help.getByRole('button', { name: 'Cerrar', exact: true }).last().click();
    await expect(help).toHaveCount(0);
  });
});
