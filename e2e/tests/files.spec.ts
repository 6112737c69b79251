import { expect, test } from '@playwright/test';
import { ADMIN, expectAccessible, goTo, login } from './helpers';

test.describe('file library (CONV-9)', () => {
  test('a file is uploaded, listed, opened, attached from the library and taken out of it', async ({
    page,
  }, info) => {
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

    // In a conversation, the library's file is attached without uploading it again.
    const csrf = (await page.context().cookies()).find((c) => c.name === 'charla_csrf')?.value ?? '';
    const channels = await (await page.request.get('/api/v1/channels?kind=simulator')).json();
    const channel = channels.items[0].id as string;
    const phone = info.project.name === 'phone' ? '+573005550012' : '+573005550011';
    const wrote = await page.request.post(`/api/v1/simulator/${channel}/messages`, {
      data: { text: '¿Me mandan las tarifas?', contact_phone: phone, contact_name: 'Cliente Archivos' },
      headers: { 'x-csrf-token': csrf },
    });
    expect(wrote.status()).toBe(201);
    const conversation = (await wrote.json()).conversation_id as string;
    await page.goto(`/inbox/${conversation}`);
    await page.getByRole('button', { name: 'Adjuntar desde la biblioteca' }).click();
    const picker = page.getByRole('dialog', { name: 'Adjuntar desde la biblioteca' });
    await expectAccessible(page, 'attach from the library');
    await picker.getByRole('button', { name: new RegExp(name.replace(/[.]/g, '\\.')) }).click();
    await expect(picker).toHaveCount(0);
    await expect(page.locator('.composer-file')).toContainText(name);
    await page.getByRole('button', { name: 'Enviar', exact: true }).click();
    await expect(page.getByRole('log')).toContainText(name);

    await page.goto('/settings/files');
    await expect(row).toBeVisible();
    await row.getByRole('button', { name: `Eliminar ${name}` }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Eliminar' }).click();
    await expect(row).toHaveCount(0);
    await page.reload();
    await expect(page.getByRole('heading', { level: 1, name: 'Archivos' })).toBeVisible();
    await expect(row).toHaveCount(0);
  });
});
