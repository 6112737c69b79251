import { expect, test } from '@playwright/test';
import { ADMIN, api, customerPhone, expectAccessible, login, unique } from './helpers';

test.describe('contact import and export (CRM-5)', () => {
  test('an administrator imports a sheet with two bad rows, reads why, and exports the result', async ({
    page,
  }, info) => {
    const run = unique(info)
      .replace(/[^a-z0-9]/gi, '')
      .toLowerCase();
    const key = `plan_${run}`;
    await login(page, ADMIN);
    await api(page, 'POST', '/api/v1/contact-fields', {
      key,
      label: `Plan ${run}`,
      type: 'list',
      options: ['Oro', 'Plata'],
    });
    const sheet = [
      `Nombre,Teléfono,Correo,${key}`,
      `Ana ${run},${customerPhone(info, 16, 1)},,Oro`,
      `Malo ${run},12345,,`,
      `Beto ${run},,beto-${run}@example.com,Bronce`,
      `Carla ${run},,carla-${run}@example.com,plata`,
    ].join('\n');

    await page.goto('/contacts');
    await page.getByRole('button', { name: 'Importar contactos' }).click();
    const dialog = page.getByRole('dialog', { name: 'Importar contactos' });
    await dialog.getByLabel('Planilla').setInputFiles({
      name: 'clientes.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(sheet, 'utf8'),
    });
    await dialog.getByRole('button', { name: 'Importar' }).click();

    await expect(
      dialog.getByText(
        'Importación terminada: 4 filas, 2 contactos nuevos, 0 actualizados, 2 filas con errores.',
      ),
    ).toBeVisible({ timeout: 30_000 });
    const failed = dialog.getByRole('table', { name: 'Filas con errores' });
    await expect(failed.locator('tbody tr')).toHaveCount(2);
    await expect(failed.locator('tbody tr').nth(0)).toContainText('3');
    await expect(failed.locator('tbody tr').nth(0)).toContainText('Teléfono');
    await expect(failed.locator('tbody tr').nth(0)).toContainText(
      'No es un número de teléfono válido con código de país.',
    );
    await expect(failed.locator('tbody tr').nth(1)).toContainText(key);
    await expect(failed.locator('tbody tr').nth(1)).toContainText('No es una de las opciones del campo.');
    await expectAccessible(page, 'contact import dialog');
    await dialog.getByRole('button', { name: 'Cerrar' }).last().click();

    // The good rows are contacts now; the export downloads the list's filter as CSV.
    await page.getByLabel('Buscar por nombre, correo o número').fill(run);
    await expect(page.locator('.rows .row')).toHaveCount(2);
    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Exportar CSV' }).click();
    const file = await download;
    const stream = await file.createReadStream();
    let csv = '';
    for await (const chunk of stream) csv += chunk.toString();
    const lines = csv.trim().split('\n');
    expect(lines[0]).toContain(`name,phone,email,tags,assignee`);
    expect(lines.slice(1).sort()).toEqual([
      expect.stringContaining(`Ana ${run},+573`),
      expect.stringContaining(`Carla ${run},,carla-${run}@example.com`),
    ]);
  });
});
