import { expect, test } from '@playwright/test';
import { ADMIN, expectAccessible } from './helpers';

test.describe('before logging in (Spanish)', () => {
  test('the login page is accessible and a wrong password shows the translated error', async ({ page }) => {
    await page.goto('/');
    await expect(page).toHaveURL(/\/login$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Iniciar sesión' })).toBeVisible();
    await expectAccessible(page, 'login');

    await page.getByLabel('Correo electrónico').fill(ADMIN);
    await page.getByLabel('Contraseña').fill('not-the-password');
    await page.getByRole('button', { name: 'Entrar' }).click();
    await expect(page.getByRole('alert')).toHaveText('El correo o la contraseña no son correctos.');
    await expectAccessible(page, 'login with an error');
  });

  test('empty fields are flagged beside each input', async ({ page }) => {
    await page.goto('/login');
    await page.getByRole('button', { name: 'Entrar' }).click();
    await expect(page.locator('#login-email-error')).toHaveText('Este campo es obligatorio.');
    await expect(page.locator('#login-email')).toHaveAttribute('aria-invalid', 'true');
    await expect(page.locator('#login-password-error')).toHaveText('Este campo es obligatorio.');
  });

  test('forgot password always answers that a link was sent', async ({ page }) => {
    await page.goto('/login');
    await page.getByRole('link', { name: '¿Olvidaste tu contraseña?' }).click();
    await expect(page).toHaveURL(/\/forgot-password$/);
    await expectAccessible(page, 'forgot password');
    await page.getByLabel('Correo electrónico').fill('nobody@example.test');
    await page.getByRole('button', { name: 'Enviar enlace' }).click();
    await expect(
      page.getByRole('status').filter({ hasText: 'Si la dirección está registrada' }),
    ).toBeVisible();
  });

  test('a used or unknown link says it expired', async ({ page }) => {
    await page.goto('/reset-password?token=not-a-real-token');
    await expectAccessible(page, 'reset password');
    await page.getByLabel('Nueva contraseña').fill('short');
    await page.getByLabel('Repite la contraseña').fill('short');
    await page.getByRole('button', { name: 'Guardar contraseña' }).click();
    await expect(page.locator('#new-password-error')).toHaveText('Usa al menos 10 caracteres.');
    await page.getByLabel('Nueva contraseña').fill('long-enough-password');
    await page.getByLabel('Repite la contraseña').fill('long-enough-password');
    await page.getByRole('button', { name: 'Guardar contraseña' }).click();
    await expect(page.getByRole('alert')).toHaveText('El enlace venció o ya se usó.');
    await expect(page.getByRole('link', { name: 'Pedir un enlace nuevo' })).toBeVisible();
    await expectAccessible(page, 'expired link');
  });

  test('the first-run page is not offered once an organization exists', async ({ page }) => {
    await page.goto('/setup');
    await expect(page).toHaveURL(/\/login$/);
  });
});
