import { expect, type Page, test } from '@playwright/test';
import { ADMIN, api, expectAccessible, goTo, login } from './helpers';

/** A new campaign in the demo's project: it starts with its own "Cola general". */
async function newCampaign(page: Page, name: string): Promise<void> {
  const projects = await api<{ items: { id: string }[] }>(page, 'GET', '/api/v1/projects');
  await api(page, 'POST', '/api/v1/campaigns', { name, project_id: projects.items[0]?.id });
}

/** The queue filter's options as shown, without the waiting counts. */
async function queueOptions(page: Page): Promise<string[]> {
  const texts = await page.locator('#filter-queue option').allTextContents();
  return texts.slice(1).map((text) => text.replace(/ \(\d+\)$/, ''));
}

test.describe('queues people can tell apart (issue 18, item 6)', () => {
  test('the demo queues have distinct names, and a name two campaigns share carries its campaign', async ({
    page,
  }, info) => {
    const suffix = `${info.project.name}-${Date.now().toString(36)}`;
    await login(page, ADMIN);
    await newCampaign(page, `Norte ${suffix}`);
    await newCampaign(page, `Sur ${suffix}`);

    // The inbox reads the organization's queues when it loads.
    await page.reload();
    await goTo(page, 'Bandeja de entrada');
    await page.getByRole('button', { name: 'Filtros' }).click();
    const options = await queueOptions(page);
    expect(options).toContain('Consultas y reclamos');
    expect(options).toContain('Compras');
    expect(options).toContain(`Cola general · Norte ${suffix}`);
    expect(options).toContain(`Cola general · Sur ${suffix}`);
    expect(new Set(options).size).toBe(options.length);
    await expectAccessible(page, 'inbox filters');
  });
});
