import { expect, test } from '@playwright/test';
import { ADMIN, expectAccessible, goTo, login } from './helpers';

test.describe('file library (CONV-9)', () => {
  test('a file is uploaded, listed, opened and taken out of the library', async ({ page }, info) => {
    const name = `tarifas-${info.project.name}-${Date.now().toString(36)}.txt`;
    await login(page, ADMIN);
    await goTo(page, 'Archivos');
    await expect(page.getByRole('heading', { level: 1, name: 'Archivos' })).toBeVisible();
    await expectAccessible(page, 'file library');

    await page.locator('#files-upload').setInputFiles({
      name,
      mimeType: 'text/plain',
      buffer: Buffer.from('Tarifas 2027: envío nacional 12.000 COP\n'),
    });
    const row = page.locator('.file-row').filter({ hasText: name });
    await expect(row).toBeVisible();
    await expect(row).toContainText('text/plain');
    await expectAccessible(page, 'file library with a file');

    const href = await row.getByRole('link', { name, exact: true }).getAttribute('href');
    expect(href).toMatch(/^\/api\/v1\/files\/[0-9a-f-]{36}\/content$/);
    const content = await page.request.get(href ?? '');
    expect(await content.text()).toContain('Tarifas 2027');

    await page.reload();
    await expect(row).toBeVisible();
    await row.getByRole('button', { name: `Eliminar ${name}` }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Eliminar' }).click();
    await expect(row).toHaveCount(0);
    await page.reload();
    await expect(page.getByRole('heading', { level: 1, name: 'Archivos' })).toBeVisible();
    await expect(row).toHaveCount(0);
  });
});
