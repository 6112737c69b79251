import { expect, type Page, test } from '@playwright/test';
import { ADMIN, api, expectAccessible, login } from './helpers';

/** A campaign of its own (the demo's campaigns stay open around the clock for the other specs). */
async function newCampaign(page: Page, name: string): Promise<string> {
  const csrf = (await page.context().cookies()).find((c) => c.name === 'charla_csrf')?.value ?? '';
  const projects = await (await page.request.get('/api/v1/projects')).json();
  const created = await page.request.post('/api/v1/campaigns', {
    data: { name, project_id: projects.items[0].id },
    headers: { 'x-csrf-token': csrf },
  });
  expect(created.status()).toBe(201);
  return (await created.json()).id as string;
}

test.describe('campaign hours (BOT-1, BOT-2)', () => {
  test('two intervals on Monday and a holiday are saved and come back; an overlap is refused', async ({
    page,
  }, info) => {
    await login(page, ADMIN);
    const id = await newCampaign(page, `Horario ${info.project.name} ${Date.now().toString(36)}`);
    await page.goto(`/settings/campaigns?campaign=${id}&tab=schedule`);
    await expect(page.getByRole('tab', { name: 'Horario' })).toHaveAttribute('aria-selected', 'true');
    const panel = page.getByRole('tabpanel');
    await expect(panel).toContainText('Esta campaña todavía no tiene horario');
    await expectAccessible(page, 'schedule tab');

    await panel.getByLabel('Zona horaria').fill('America/Bogota');
    const monday = panel.getByRole('group', { name: 'Lunes' });
    await monday.getByLabel('Hasta').first().fill('12:00');
    await monday.getByRole('button', { name: 'Agregar horario el lunes' }).click();
    await expect(monday.getByLabel('Desde')).toHaveCount(2);
    await monday.getByLabel('Desde').nth(1).fill('14:00');
    await monday.getByLabel('Hasta').nth(1).fill('18:00');
    await panel.getByRole('button', { name: 'Agregar feriado' }).click();
    await panel.getByLabel('Fecha').fill('25/12');
    await panel.locator('.holiday').getByLabel('Nombre').fill('Navidad');
    await expect(panel.getByLabel('Cerrado todo el día')).toBeChecked();
    await panel
      .getByLabel('Qué hacer con las conversaciones que llegan fuera de horario')
      .selectOption('close');
    await panel.getByLabel('Enviar un mensaje fuera de horario').check();
    await panel.getByLabel('Mensaje fuera de horario', { exact: true }).fill('Nuestro horario es de 8 a 18.');
    await panel.getByRole('button', { name: 'Guardar' }).click();
    await expect(page.getByText('Se guardaron los cambios').first()).toBeVisible();

    await page.reload();
    const again = page.getByRole('tabpanel');
    const mondayAgain = again.getByRole('group', { name: 'Lunes' });
    await expect(mondayAgain.getByLabel('Desde')).toHaveCount(2);
    await expect(mondayAgain.getByLabel('Desde').nth(0)).toHaveValue('08:00');
    await expect(mondayAgain.getByLabel('Hasta').nth(0)).toHaveValue('12:00');
    await expect(mondayAgain.getByLabel('Desde').nth(1)).toHaveValue('14:00');
    await expect(mondayAgain.getByLabel('Hasta').nth(1)).toHaveValue('18:00');
    await expect(again.getByLabel('Fecha')).toHaveValue('25/12');
    await expect(again.locator('.holiday').getByLabel('Nombre')).toHaveValue('Navidad');
    await expect(again.getByLabel('Mensaje fuera de horario', { exact: true })).toHaveValue(
      'Nuestro horario es de 8 a 18.',
    );
    await expect(
      again.getByLabel('Qué hacer con las conversaciones que llegan fuera de horario'),
    ).toHaveValue('close');
    await expect(again).not.toContainText('Esta campaña todavía no tiene horario');

    // Overlapping hours and a message to send left empty: the API's errors, beside their fields.
    await mondayAgain.getByLabel('Desde').nth(1).fill('11:00');
    await again.getByLabel('Mensaje fuera de horario', { exact: true }).fill('');
    await again.getByRole('button', { name: 'Guardar' }).click();
    await expect(page.locator('#day-mon-error')).toHaveText('Los horarios de este día se superponen.');
    await expect(page.locator('#ooh-message-error')).toHaveText('Este campo es obligatorio.');
    await expectAccessible(page, 'schedule tab with errors');
    await page.reload();
    await expect(
      page.getByRole('tabpanel').getByRole('group', { name: 'Lunes' }).getByLabel('Desde').nth(1),
    ).toHaveValue('14:00');
  });

  test('"open 24 hours" and the weekday rows never contradict; the out-of-hours message waits for its switch (issue 18, item 9)', async ({
    page,
  }, info) => {
    await login(page, ADMIN);
    const id = await newCampaign(page, `Siempre ${info.project.name} ${Date.now().toString(36)}`);
    // Saved around the clock with no weekly hours, as the API and the demo allow.
    await api(page, 'PATCH', `/api/v1/campaigns/${id}`, {
      schedule: { time_zone: 'America/Bogota', always_open: true, days: {}, holidays: [] },
    });
    await page.goto(`/settings/campaigns?campaign=${id}&tab=schedule`);
    const panel = page.getByRole('tabpanel');
    const always = panel.getByLabel('Atender las 24 horas');
    await expect(always).toBeChecked();
    await expect(panel).toContainText('Abierto todos los días a toda hora');
    await expect(panel.getByRole('group', { name: 'Lunes' })).toHaveCount(0);
    await expect(panel).not.toContainText('Cerrado');

    const message = panel.getByLabel('Mensaje fuera de horario', { exact: true });
    await expect(panel.getByLabel('Enviar un mensaje fuera de horario')).not.toBeChecked();
    await expect(message).toBeDisabled();
    await expect(panel.locator('#ooh-message-off')).toHaveText(
      'Activa «Enviar un mensaje fuera de horario» para escribirlo.',
    );
    await expectAccessible(page, 'schedule open around the clock');
    await panel.getByLabel('Enviar un mensaje fuera de horario').check();
    await expect(message).toBeEnabled();
    await message.fill('Volvemos a las 8.');

    // Switched off: office hours to start from, not a week of "Cerrado".
    await always.uncheck();
    const monday = panel.getByRole('group', { name: 'Lunes' });
    await expect(monday.getByLabel('Desde')).toHaveValue('08:00');
    await expect(monday.getByLabel('Hasta')).toHaveValue('18:00');
    await expect(panel.getByRole('group', { name: 'Domingo' })).toContainText('Cerrado');
    await panel.getByRole('button', { name: 'Guardar' }).click();
    await expect(page.getByText('Se guardaron los cambios').first()).toBeVisible();
    const saved = await api<{ schedule: { always_open: boolean; days: Record<string, string[][]> } }>(
      page,
      'GET',
      `/api/v1/campaigns/${id}`,
    );
    expect(saved.schedule.always_open).toBe(false);
    expect(saved.schedule.days.mon).toEqual([['08:00', '18:00']]);
    await expectAccessible(page, 'schedule switched back to weekly hours');
  });
});
