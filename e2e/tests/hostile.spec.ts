import { expect, type Page, test } from '@playwright/test';
import { ADMIN, api, customerPhone, login } from './helpers';

/**
 * Hostile plan rows 18 and 19 (docs/security/hostile-tests.md): whatever a customer writes,
 * and whatever names a contact, tag or quick reply carries, shows as text. Nothing runs,
 * no link takes a dangerous scheme, no image loads from a payload.
 */
const PAYLOADS = [
  `<img src=x onerror="window.__xss='img'">`,
  `<script>window.__xss='script'</script>`,
  `[pulsa aquí](javascript:window.__xss='md')`,
  `javascript:window.__xss='bare'`,
  `<svg onload="window.__xss='svg'"></svg>`,
  `<a href="vbscript:msgbox(1)">vb</a>`,
  `![x](data:text/html;base64,PHNjcmlwdD53aW5kb3cuX194c3M9J2RhdGEnPC9zY3JpcHQ+)`,
];
const NAME = `<img src=x onerror="window.__xss='name'">Eve`;

async function expectInert(page: Page, where: string): Promise<void> {
  expect(await page.evaluate(() => (window as { __xss?: string }).__xss), where).toBeUndefined();
  const dangerous = page.locator(
    'a[href^="javascript:" i], a[href^="vbscript:" i], a[href^="data:" i], img[src="x"], svg[onload], [onerror]',
  );
  await expect(dangerous, where).toHaveCount(0);
}

test('hostile text renders as text in the inbox and the contact (rows 18, 19)', async ({
  page,
}, info) => {
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await login(page, ADMIN);
  const channels = await api<{ items: { id: string }[] }>(
    page,
    'GET',
    '/api/v1/channels?kind=simulator',
  );
  const channel = channels.items[0]?.id ?? '';
  const phone = customerPhone(info, 9, 1);
  let conversation = '';
  for (const text of PAYLOADS) {
    const written = await api<{ conversation_id: string }>(
      page,
      'POST',
      `/api/v1/simulator/${channel}/messages`,
      { text, contact_phone: phone, contact_name: NAME },
    );
    conversation = written.conversation_id;
  }
  const detail = await api<{ contact: { contact: { id: string } } }>(
    page,
    'GET',
    `/api/v1/conversations/${conversation}`,
  );
  const contact = detail.contact.contact.id;
  await api(page, 'POST', `/api/v1/contacts/${contact}/notes`, { text: PAYLOADS[0] });

  await page.goto(`/inbox/${conversation}`);
  const thread = page.getByRole('log');
  for (const text of PAYLOADS) await expect(thread).toContainText(text);
  await expect(page.getByText(NAME).filter({ visible: true }).first()).toBeVisible();
  await expectInert(page, 'inbox');

  await page.goto(`/contacts/${contact}`);
  await expect(page.getByText(NAME).filter({ visible: true }).first()).toBeVisible();
  await expect(page.getByText(PAYLOADS[0]).filter({ visible: true }).first()).toBeVisible();
  await expectInert(page, 'contact');
  expect(dialogs).toEqual([]);
});
