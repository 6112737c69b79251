import { expect, test } from '@playwright/test';
import { expectAccessible, login,
  loginHome, logout, openNav, SUPERVISOR } from './helpers';

test('the language switch shows Portuguese at once and is kept for the next login', async ({ page }) => {
  await loginHome(page, SUPERVISOR);
  await expect(page.getByRole('heading', { level: 1, name: 'Inicio' })).toBeVisible();
  await openNav(page);
  await page.getByLabel('Idioma').selectOption({ label: 'Português (Brasil)' });
  await expect(page.getByRole('heading', { level: 1, name: 'Início' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'pt-BR');
  await expect(page.getByLabel('Seu status')).toBeVisible();
  await expectAccessible(page, 'home in Portuguese');

  await page.keyboard.press('Escape');
  await logout(page, 'Sair');
  await loginHome(page, SUPERVISOR);
  await expect(page.getByRole('heading', { level: 1, name: 'Início' })).toBeVisible();

  await openNav(page);
  await page.getByLabel('Idioma').selectOption({ label: 'English' });
  await expect(page.getByRole('heading', { level: 1, name: 'Home' })).toBeVisible();
  await page.getByLabel('Language').selectOption({ label: 'Español' });
  await expect(page.getByRole('heading', { level: 1, name: 'Inicio' })).toBeVisible();
});
