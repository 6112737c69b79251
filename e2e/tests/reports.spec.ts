import { expect, test } from '@playwright/test';
import { ADMIN, api, customerPhone, expectAccessible, goTo, login, SUPERVISOR, unique } from './helpers';

/** Today's date in Bogotá, the demo organization's zone (what the report's days follow). */
function todayInBogota(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Bogota' }).format(new Date());
}

test.describe('reports (REP-2, REP-4)', () => {
  test('a supervisor reads today’s conversations by day and by agent, with a chart and custom dates', async ({
    page,
  }, info) => {
    // A customer writes on Soporte's simulator, so today has at least one ticket.
    await login(page, ADMIN);
    const campaigns = await api<{ items: { id: string; name: string }[] }>(
      page,
      'GET',
      '/api/v1/campaigns?limit=200',
    );
    const support = campaigns.items.find((c) => c.name === 'Soporte')?.id ?? '';
    const channels = await api<{ items: { id: string; campaign_id: string }[] }>(
      page,
      'GET',
      '/api/v1/channels?kind=simulator',
    );
    const simulator = channels.items.find((c) => c.campaign_id === support)?.id ?? '';
    await api(page, 'POST', `/api/v1/simulator/${simulator}/messages`, {
      text: 'Hola, quiero saber de mi pedido',
      contact_phone: customerPhone(info, 16, 1),
      contact_name: `Reporte ${unique(info)}`,
    });
    await page.context().clearCookies();

    await login(page, SUPERVISOR);
    await goTo(page, 'Reportes');
    await expect(page).toHaveURL(/\/reports$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Reportes' })).toBeVisible();
    await expect(
      page.getByText('Los días siguen la zona horaria de la organización (America/Bogota)'),
    ).toBeVisible();

    await page.locator('#report-preset').selectOption('today');
    await page.locator('#report-campaign').selectOption(support);
    const offered = page.locator('[data-total="offered"] .report-figure');
    await expect(offered).toHaveText(/^[1-9]\d*$/);
    // The chart is drawn as SVG (ECharts' SVG renderer), and stays inside a phone's screen.
    const chart = page.locator('.report-chart');
    await expect(chart.locator('svg')).toBeVisible();
    const box = await chart.boundingBox();
    expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(page.viewportSize()?.width ?? 0);
    const today = todayInBogota();
    const counts = page.locator('[data-table="counts"]');
    await expect(counts.locator(`tr[data-row="${today}"]`)).toBeVisible();
    await expect(counts.locator('tr[data-row="totals"] td').nth(1)).toHaveText(
      (await offered.textContent()) ?? '',
    );

    // By agent: the waiting ticket has no agent yet, or the agent who took it.
    await page.locator('#report-group').selectOption('agent');
    await expect(page).toHaveURL(/group=agent/);
    await expect(counts.locator('tbody tr').first()).toBeVisible();

    // Times: one figure at a time, with average, median, p90, maximum and count.
    await page.locator('#report-metric').selectOption('tmf');
    const times = page.locator('[data-table="times"]');
    await expect(times.locator('tr[data-row="totals"] td').last()).toHaveText(/^\d+$/);

    // A custom range that ends before it starts is refused with the reason.
    await page.locator('#report-preset').selectOption('custom');
    await page.locator('#report-from').fill(today);
    await page.locator('#report-to').fill('2020-01-01');
    await expect(page.getByText('La fecha final debe ser igual o posterior a la inicial.')).toBeVisible();
    await page.locator('#report-to').fill(today);
    await expect(offered).toHaveText(/^[1-9]\d*$/);
    // The URL keeps the question: reloading shows the same report.
    await page.reload();
    await expect(page.locator('#report-from')).toHaveValue(today);
    await expect(offered).toHaveText(/^[1-9]\d*$/);
    await expectAccessible(page, 'the reports page');

    // The leaderboard tab: agents best first with their place, or why there is none.
    await page.getByRole('tab', { name: 'Clasificación' }).click();
    await expect(page).toHaveURL(/tab=leaderboard/);
    await expect(page.locator('#report-group')).toHaveCount(0);
    await expect(page.locator('[data-table="agents"], p.empty').first()).toBeVisible();
    await expectAccessible(page, 'the leaderboard');
  });

  test('an administrator sets the organization’s time zone in Settings', async ({ page }) => {
    await login(page, ADMIN);
    await goTo(page, 'Clientes y campañas');
    const card = page.getByRole('region', { name: 'Zona horaria de los reportes' });
    await expect(card).toBeVisible();
    const field = card.locator('#org-tz');
    const before = await field.inputValue();
    await field.fill('Marte/Olimpo');
    await card.getByRole('button', { name: 'Guardar' }).click();
    await expect(card.locator('.field-error')).toBeVisible();
    // Lima shares Bogotá's offset all year: the other specs' days do not move.
    try {
      await field.fill('America/Lima');
      await card.getByRole('button', { name: 'Guardar' }).click();
      await expect(page.getByText('Zona horaria guardada: America/Lima.')).toBeVisible();
      await goTo(page, 'Reportes');
      await expect(
        page.getByText('Los días siguen la zona horaria de la organización (America/Lima)'),
      ).toBeVisible();
    } finally {
      await api(page, 'PATCH', '/api/v1/organization', { time_zone: before });
    }
  });
});
