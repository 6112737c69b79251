import { expect, test } from '@playwright/test';
import { ADMIN, api, expectAccessible, goTo, login, unique } from './helpers';

test.describe('custom contact fields (CRM-2)', () => {
  test('an administrator defines a field, fills it on a contact and filters by it', async ({ page }, info) => {
    const run = unique(info).replace(/[^a-z0-9]/gi, '').toLowerCase();
    const label = `Ciudad ${run}`;
    await login(page, ADMIN);
    await goTo(page, 'Campos de contacto');
    await expect(page.getByRole('heading', { level: 1, name: 'Campos de contacto' })).toBeVisible();

    // A key that every contact already has is refused, in words.
    await page.getByLabel('Nombre visible').fill(label);
    await expect(page.getByLabel('Clave')).toHaveValue(`ciudad_${run}`);
    await page.getByLabel('Clave').fill('email');
    await page.getByRole('button', { name: 'Agregar campo' }).click();
    await expect(page.locator('#field-key-error')).toHaveText('Esa clave ya forma parte de todo contacto. Elige otra.');
    await page.getByLabel('Clave').fill(`ciudad_${run}`);
    await page.getByRole('button', { name: 'Agregar campo' }).click();
    await expect(page.locator('.rows .row').filter({ hasText: label })).toBeVisible();
    await expectAccessible(page, 'contact fields');

    const ana = await api<{ id: string }>(page, 'POST', '/api/v1/contacts', { name: `Ana ${run}` });
    await api(page, 'POST', '/api/v1/contacts', { name: `Beto ${run}` });
    await page.goto(`/contacts/${ana.id}`);
    await page.getByLabel(label).fill('Medellín');
    await page.getByRole('button', { name: 'Guardar' }).click();
    await expect(page.locator('.facts')).toContainText(label);
    await expect(page.locator('.facts')).toContainText('Medellín');

    await page.goto('/contacts');
    await page.getByLabel('Buscar por nombre, correo o número').fill(run);
    await expect(page.locator('.rows .row')).toHaveCount(2);
    await page.getByLabel('Filtrar por campo').selectOption({ label });
    await page.locator('#contact-field-' + `ciudad_${run}`).fill('medell');
    await expect(page.locator('.rows .row')).toHaveCount(1);
    await expect(page.locator('.rows .row')).toContainText(`Ana ${run}`);
  });
});
