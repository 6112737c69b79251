import { expect, test } from '@playwright/test';
import { ADMIN, api, login } from './helpers';

/** Every main page an administrator reaches from the menu, by a short name for its file. */
const PAGES: [string, string][] = [
  ['home', '/'],
  ['inbox', '/inbox'],
  ['supervision', '/supervision'],
  ['contacts', '/contacts'],
  ['out-of-hours', '/out-of-hours'],
  ['templates', '/templates'],
  ['broadcasts', '/broadcasts'],
  ['simulator', '/simulator'],
  ['users', '/settings/users'],
  ['profiles', '/settings/profiles'],
  ['organization', '/settings/organization'],
  ['campaigns', '/settings/campaigns'],
  ['quick-replies', '/settings/quick-replies'],
  ['channels', '/settings/channels'],
  ['files', '/settings/files'],
  ['chatbot', '/settings/chatbot'],
  ['contact-fields', '/settings/contact-fields'],
  ['surveys', '/reports/surveys'],
  ['tokens', '/settings/tokens'],
  ['audit-log', '/settings/audit-log'],
];

const LANGUAGES = ['es', 'pt-BR', 'en'] as const;

/**
 * The screenshot tour (issue 18): each main page in the three languages, saved under this
 * test's output folder (`test-results/tour-…/tour/<language>/<page>.png`) for people to look
 * through. It checks only that each page shows its heading; what looks wrong is for a person.
 */
test('screenshot tour of the main pages in three languages', async ({ page }, info) => {
  test.setTimeout(240_000);
  await login(page, ADMIN);
  try {
    for (const language of LANGUAGES) {
      await api(page, 'PATCH', '/api/v1/me', { language });
      for (const [name, path] of PAGES) {
        await page.goto(path);
        await expect(page.locator('html')).toHaveAttribute('lang', language);
        await expect(page.locator('h1').first()).toBeVisible();
        // Lists and figures arrive after the heading; a short settle keeps the tour quick.
        await page.waitForLoadState('networkidle').catch(() => undefined);
        await page.screenshot({ path: info.outputPath('tour', language, `${name}.png`) });
      }
    }
  } finally {
    await api(page, 'PATCH', '/api/v1/me', { language: 'es' });
  }
});
