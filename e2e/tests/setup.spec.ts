import { expect, test } from '@playwright/test';
import { expectAccessible } from './helpers';

// The fresh server can be set up once: only the desktop project runs this.
test('a new server opens the first-run page, which creates the organization and logs in', async ({
  page,
}, info) => {
  test.skip(info.project.name !== 'desktop', 'the fresh server is set up once');
  const fresh = process.env.CHARLA_E2E_FRESH_URL;
  if (!fresh) throw new Error('CHARLA_E2E_FRESH_URL is not set');
  await page.goto(`${fresh}/login`);
  await expect(page).toHaveURL(`${fresh}/setup`);
  await expect(page.getByRole('heading', { level: 1, name: 'Configura Charla' })).toBeVisible();
  await expectAccessible(page, 'setup');

  await page.getByRole('button', { name: 'Crear organización' }).click();
  await expect(page.locator('#setup-org-error')).toHaveText('Este campo es obligatorio.');
  await page.getByLabel('Nombre de la organización').fill('Contacto Andino');
  await page.getByLabel('Tu nombre').fill('Lucía Pérez');
  await page.getByLabel('Correo electrónico').fill('lucia@andino.test');
  await page.getByLabel('Contraseña', { exact: true }).fill('clave-de-prueba-123');
  await page.getByLabel('Repite la contraseña').fill('clave-de-prueba-123');
  await page.getByRole('button', { name: 'Crear organización' }).click();

  await expect(page).toHaveURL(`${fresh}/`);
  await expect(page.locator('.brand-org')).toHaveText('Contacto Andino');
  await expect(page.getByText('Lucía Pérez').first()).toBeVisible();
  await expect(page.locator('#app-nav').getByRole('link', { name: 'Usuarios' })).toBeVisible();

  // Set up and signed in, /setup leads to the landing page (the inbox, for an administrator).
  await page.goto(`${fresh}/setup`);
  await expect(page).toHaveURL(`${fresh}/inbox`);
});
