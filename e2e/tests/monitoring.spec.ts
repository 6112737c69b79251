import { expect, test } from '@playwright/test';
import { ADMIN, api, customerPhone, login, person, SUPERVISOR, unique } from './helpers';

test.describe('monitoring (REP-1)', () => {
  test('a supervisor on the supervision page sees the figures change when a conversation arrives', async ({
    page,
    browser,
  }, info) => {
    await login(page, ADMIN);
    const campaigns = await api<{ items: { id: string; name: string }[] }>(page, 'GET', '/api/v1/campaigns?limit=200');
    const support = campaigns.items.find((c) => c.name === 'Soporte')?.id ?? '';
    const channels = await api<{ items: { id: string; campaign_id: string }[] }>(
      page,
      'GET',
      '/api/v1/channels?kind=simulator',
    );
    const simulator = channels.items.find((c) => c.campaign_id === support)?.id ?? '';

    const sup = await person(browser, SUPERVISOR);
    try {
      await sup.page.goto('/supervision');
      const cards = sup.page.getByRole('region', { name: 'Ahora mismo' });
      await expect(cards).toBeVisible();
      const today = cards.locator('[data-figure="today"] .mon-value');
      await expect(today).toHaveText(/\d/);
      const before = Number((await today.innerText()).replace(/\D/g, ''));
      // Cards stay inside the screen, on a phone too.
      const box = await cards.boundingBox();
      const width = sup.page.viewportSize()?.width ?? 0;
      expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(width);

      // A customer writes on Soporte's simulator: the supervisor's page counts it, live.
      await api(page, 'POST', `/api/v1/simulator/${simulator}/messages`, {
        text: 'Hola, ¿me ayudan?',
        contact_phone: customerPhone(info, 15, 1),
        contact_name: `Monitoreo ${unique(info)}`,
      });
      await expect(today).toHaveText(String(before + 1), { timeout: 10_000 });
    } finally {
      await sup.context.close();
    }
  });
});
