import { expect, test } from '@playwright/test';
import { ADMIN, csrf, login } from './helpers';
import { postWhatsAppWebhook, StandIn } from './standin';

const standIn = new StandIn();
test.beforeAll(() => standIn.start());
test.afterAll(() => standIn.stop());

const APP_SECRET = 'app-secret-broadcasts-e2e';

/** A status webhook as Meta posts it, echoing the send's callback data. */
function status(phoneId: string, display: string, callback: string, state: string, at: number) {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: `waba${phoneId}`,
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: display, phone_number_id: phoneId },
              statuses: [
                {
                  id: `wamid.broadcast.${phoneId}`,
                  status: state,
                  timestamp: String(at),
                  recipient_id: '573001234567',
                  biz_opaque_callback_data: callback,
                },
              ],
            },
          },
        ],
      },
    ],
  };
}

test.describe('broadcasts from a spreadsheet (OUT-2, OUT-4)', () => {
  test('bad rows say why, the good one is sent, reaches "Leído" and is in the report', async ({ page }, info) => {
    const id = `${info.project.name === 'phone' ? 6 : 5}${Date.now()}`;
    const display = `1555${id.slice(-7)}`;
    await login(page, ADMIN);
    const campaigns = await (await page.request.get('/api/v1/campaigns')).json();
    const created = await page.request.post('/api/v1/channels', {
      headers: { 'x-csrf-token': await csrf(page) },
      data: {
        kind: 'whatsapp',
        name: `Masivos ${id}`,
        campaign_id: campaigns.items[0].id,
        config: {
          phone_number_id: id,
          waba_id: `waba${id}`,
          display_phone_number: display,
          access_token: 'EAAG-broadcasts',
          app_secret: APP_SECRET,
          api_base_url: standIn.url,
        },
      },
    });
    expect(created.status()).toBe(201);
    const channel = (await created.json()).id as string;
    await expect
      .poll(
        async () =>
          (await (await page.request.get(`/api/v1/templates?channel_id=${channel}`)).json()).items.length,
      )
      .toBe(3);

    const sheet = [
      'remitente,destinatario,plantilla,var1,var2,var3',
      `${display},+573001234567,promo_enero,María,25%,31 de enero`,
      `${display},12345,promo_enero,a,b,c`,
      `${display},+573001234568,abandoned_cart,a,b,c`,
    ].join('\n');
    await page.goto('/broadcasts');
    await page.getByLabel('Planilla (CSV o XLSX)').setInputFiles({
      name: 'enero.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(sheet, 'utf8'),
    });
    await page.getByLabel('Nombre', { exact: true }).fill(`Promo ${id}`);
    await page.getByRole('button', { name: 'Subir y revisar' }).click();

    const rows = page.getByRole('table', { name: 'Filas con errores' });
    await expect(rows).toContainText('El destinatario no es un número válido con código de país.');
    await expect(rows).toContainText('La plantilla no está aprobada por WhatsApp.');
    await expect(page.getByText('3 filas: 1 válidas, 2 con errores.')).toBeVisible();
    // The same rows and reasons as a file.
    const invalidHref = await page.getByRole('link', { name: 'Descargar filas con errores (CSV)' }).getAttribute('href');
    const invalid = await (await page.request.get(invalidHref ?? '')).text();
    expect(invalid).toContain('3,destinatario,invalid_number,El destinatario no es un número válido');
    expect(invalid).toContain('template_not_approved');

    await page.getByRole('button', { name: 'Enviar', exact: true }).click();
    const send = await standIn.waitFor((r) => r.method === 'POST' && r.path === `/${id}/messages`);
    const body = send.body as { to: string; biz_opaque_callback_data: string; template: { name: string } };
    expect(body.to).toBe('+573001234567');
    expect(body.template.name).toBe('promo_enero');

    const now = Math.floor(Date.now() / 1000);
    for (const [state, at] of [
      ['sent', now],
      ['delivered', now + 1],
      ['read', now + 2],
    ] as const) {
      await postWhatsAppWebhook(
        page.request,
        channel,
        APP_SECRET,
        status(id, display, body.biz_opaque_callback_data, state, at),
      );
    }
    const messages = page.getByRole('table', { name: 'Mensajes' });
    await expect(messages).toContainText('Leído', { timeout: 15_000 });
    await expect(page.getByText('Progreso: 1 de 1')).toBeVisible();
    // The tracking table's export follows its status filter.
    await page.getByLabel('Filtrar por estado').selectOption('read');
    const exportHref = await page.getByRole('link', { name: 'Exportar mensajes (CSV)' }).getAttribute('href');
    expect(exportHref).toContain('status=read');
    const exported = await (await page.request.get(exportHref ?? '')).text();
    expect(exported).toContain('+573001234567,promo_enero');
    expect(exported).toContain('Leído');

    // The report (OUT-6): this broadcast's figures, and the same as CSV.
    await page.getByRole('tab', { name: 'Reporte' }).click();
    await page.getByLabel('Envío masivo', { exact: true }).selectOption({ label: `Promo ${id}` });
    await page.getByRole('button', { name: 'Ver', exact: true }).click();
    const bySource = page.getByRole('table', { name: 'Por envío y origen' });
    await expect(bySource).toContainText(`Promo ${id}`);
    await expect(bySource.locator('td[data-label="Enviados"]')).toHaveText('1');
    await expect(bySource.locator('td[data-label="Leídos"]')).toHaveText('1');
    const csvHref = await page.getByRole('link', { name: 'Descargar CSV' }).getAttribute('href');
    const csv = await page.request.get(csvHref ?? '');
    expect(csv.headers()['content-type']).toContain('text/csv');
    const lines = (await csv.text()).trim().split('\n');
    expect(lines[0]).toContain('Tasa de respuesta');
    expect(lines.find((l) => l.includes(`Promo ${id}`))).toContain(',1,1,1,0,');
  });
});
