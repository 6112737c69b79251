import { expect, type Page, test } from '@playwright/test';
import { ADMIN, api, customerPhone, goTo, login, person, SUPERVISOR, unique } from './helpers';

interface Named {
  id: string;
  name: string;
}

interface Conversation {
  id: string;
  campaign_id: string;
  contact: { name: string | null };
}

async function campaigns(admin: Page): Promise<{ support: string; sales: string }> {
  const page = await api<{ items: Named[] }>(admin, 'GET', '/api/v1/campaigns?limit=200');
  const id = (name: string) => page.items.find((c) => c.name === name)?.id ?? '';
  return { support: id('Soporte'), sales: id('Ventas') };
}

async function supervisorId(admin: Page): Promise<string> {
  const users = await api<{ items: { id: string; email: string }[] }>(admin, 'GET', '/api/v1/users?limit=200');
  return users.items.find((u) => u.email === SUPERVISOR)?.id ?? '';
}

test.describe('supervision (ORG-3)', () => {
  test('the admin picks the campaigns a supervisor sees; the supervisor sees only those', async ({
    page,
    browser,
  }, info) => {
    await login(page, ADMIN);
    const { support, sales } = await campaigns(page);
    const supervisor = await supervisorId(page);
    const channels = await api<{ items: { id: string; campaign_id: string }[] }>(
      page,
      'GET',
      '/api/v1/channels?kind=simulator',
    );
    const simulator = channels.items.find((c) => c.campaign_id === support)?.id ?? '';
    const suffix = unique(info);
    const inSupport = `Soporte ${suffix}`;
    const inSales = `Ventas ${suffix}`;
    // Two customers write on Soporte's simulator; one of them is moved to Ventas.
    await api(page, 'POST', `/api/v1/simulator/${simulator}/messages`, {
      text: 'Hola desde Soporte',
      contact_phone: customerPhone(info, 7, 1),
      contact_name: inSupport,
    });
    const moved = await api<{ conversation_id: string }>(page, 'POST', `/api/v1/simulator/${simulator}/messages`, {
      text: 'Hola, quiero comprar',
      contact_phone: customerPhone(info, 7, 2),
      contact_name: inSales,
    });
    await api(page, 'POST', `/api/v1/conversations/${moved.conversation_id}/transfer`, { campaign_id: sales });

    try {
      // The admin's user dialog: the supervisor supervises Ventas only.
      await goTo(page, 'Usuarios');
      const row = page.locator('li.row').filter({ hasText: SUPERVISOR });
      await row.getByRole('button', { name: /^Editar/ }).click();
      const edit = page.getByRole('dialog', { name: /Editar a/ });
      const supervises = edit.locator('#edit-supervises');
      await expect(supervises.getByText('Supervisa', { exact: true })).toBeVisible();
      await expect(supervises.getByLabel('Soporte', { exact: true })).toBeChecked();
      await supervises.getByLabel('Soporte', { exact: true }).uncheck();
      await supervises.getByLabel('Ventas', { exact: true }).check();
      await edit.getByRole('button', { name: 'Guardar' }).click();
      await expect(edit).toBeHidden();
      const saved = await api<{ campaign_ids: string[] }>(page, 'GET', `/api/v1/users/${supervisor}/supervision`);
      expect(saved.campaign_ids).toEqual([sales]);

      // The supervisor's inbox: Ventas' conversation, not Soporte's.
      const sup = await person(browser, SUPERVISOR);
      const seen = await api<{ items: Conversation[] }>(
        sup.page,
        'GET',
        '/api/v1/conversations?status=bot,queued,assigned&limit=200',
      );
      const names = seen.items.map((c) => c.contact.name);
      expect(names).toContain(inSales);
      expect(names).not.toContain(inSupport);
      expect(seen.items.every((c) => c.campaign_id === sales)).toBeTruthy();
      await sup.context.close();
    } finally {
      // Other specs share the demo: the supervisor supervises both campaigns again.
      await api(page, 'PUT', `/api/v1/users/${supervisor}/supervision`, { campaign_ids: [support, sales] });
    }
  });
});
