import { expect, test } from '@playwright/test';
import { ADMIN, AGENT1, AGENT2, expectAccessible, goTo, login,
  loginHome, openNav } from './helpers';

test.describe('agent', () => {
  test('does not see the Users navigation item nor its page', async ({ page }) => {
    await login(page, AGENT1);
    await openNav(page);
    const nav = page.locator('#app-nav');
    await expect(nav.getByRole('link', { name: 'Inicio' })).toBeVisible();
    await expect(nav.getByRole('link', { name: 'Usuarios' })).toHaveCount(0);
    await expect(nav.getByRole('link', { name: 'Perfiles de acceso' })).toHaveCount(0);
    // Agents reach the simulator, and no administration page.
    await expect(nav.getByRole('link', { name: 'Simulador' })).toBeVisible();
    await expect(page.locator('main').getByRole('link', { name: /Usuarios/ })).toHaveCount(0);
    await expectAccessible(page, 'agent home');
    await page.goto('/settings/users');
    await expect(
      page.getByRole('heading', { level: 1, name: 'No tienes permiso para hacer esto.' }),
    ).toBeVisible();
  });

  test('the status switch changes the status, and the users list shows it live', async ({
    browser,
    page,
  }) => {
    const adminContext = await browser.newContext();
    const admin = await adminContext.newPage();
    await login(admin, ADMIN);
    await goTo(admin, 'Usuarios');
    const row = admin.locator('li.row').filter({ hasText: AGENT2 });
    await expect(row).toBeVisible();

    await loginHome(page, AGENT2);
    const status = page.getByLabel('Tu estado');
    await status.selectOption({ label: 'En pausa: Almuerzo' });
    await expect(status).toHaveValue(/^paused:/);
    await expect(row).toContainText('En pausa');
    await expect(row).toContainText('Almuerzo');

    await status.selectOption({ label: 'En línea' });
    await expect(status).toHaveValue('online');
    await expect(row).toContainText('En línea');
    await expect(page.locator('main')).toContainText('En línea');

    await page.reload();
    await expect(page.getByLabel('Tu estado')).toHaveValue('online');

    await status.selectOption({ label: 'Desconectado' });
    await expect(row).toContainText('Desconectado');
    await adminContext.close();
  });
});
