import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { ADMIN, csrf, expectAccessible, goTo, login, unique } from './helpers';

/**
 * A shop's site on another origin (localhost and its own port, where Charla is 127.0.0.1)
 * whose page carries whatever snippet it is given; its CSS tries hard to break the widget.
 */
class ShopSite {
  snippet = '';
  private readonly server: Server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html lang="es"><head><meta charset="utf-8"><title>Tienda</title>
<style>* { font-size: 40px !important; color: red !important; } button { display: none !important; }</style>
</head><body><h1>Tienda de prueba</h1>${this.snippet}</body></html>`);
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, 'localhost', resolve));
    return `http://localhost:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

test.describe('web chat widget (CH-3)', () => {
  test('a visitor on another site writes, an agent replies, a reload keeps the conversation', async ({
    page,
    browser,
  }, info) => {
    const site = new ShopSite();
    const origin = await site.start();
    try {
      await login(page, ADMIN);
      const campaigns = await (await page.request.get('/api/v1/campaigns')).json();
      const campaign = campaigns.items.find((c: { name: string }) => c.name === 'Soporte').id as string;
      const created = await page.request.post('/api/v1/channels', {
        headers: { 'x-csrf-token': await csrf(page) },
        data: {
          kind: 'webchat',
          name: `Web ${unique(info)}`,
          campaign_id: campaign,
          config: {
            allowed_origins: [origin],
            pre_chat: { name: 'required', email: 'optional', phone: 'off' },
          },
        },
      });
      expect(created.status()).toBe(201);
      const channel = await created.json();
      site.snippet = channel.snippet;

      const visitorContext = await browser.newContext();
      const visitor = await visitorContext.newPage();
      await visitor.goto(origin);
      await visitor.getByRole('button', { name: 'Abrir el chat' }).click();
      await visitor.getByLabel('Nombre').fill('Visitante E2E');
      await visitor.getByLabel('Correo (opcional)').fill('visitante@e2e.example');
      await visitor.getByRole('button', { name: 'Empezar el chat' }).click();
      await visitor.getByLabel('Escribe un mensaje…').fill('Hola, ¿hacen envíos?');
      await visitor.getByRole('button', { name: 'Enviar', exact: true }).click();
      const thread = visitor.getByRole('log');
      await expect(thread).toContainText('Hola, ¿hacen envíos?');

      // The agent's side: the conversation is in the inbox; the reply goes through the outbox.
      let conversation = '';
      await expect(async () => {
        const list = await (await page.request.get(`/api/v1/conversations?channel_id=${channel.id}`)).json();
        conversation = list.items[0]?.id ?? '';
        expect(conversation).not.toBe('');
      }).toPass();
      const typing = await page.request.post(`/api/v1/conversations/${conversation}/typing`, {
        headers: { 'x-csrf-token': await csrf(page) },
      });
      expect(typing.status()).toBe(204);
      await expect(thread).toContainText('Escribiendo…');
      const reply = await page.request.post(`/api/v1/conversations/${conversation}/messages`, {
        data: { text: 'Sí, a todo el país' },
        headers: { 'x-csrf-token': await csrf(page) },
      });
      expect(reply.status()).toBe(202);
      await expect(thread).toContainText('Sí, a todo el país');

      // A picture goes as an attachment; the widget shows it back from the visitor's own thread.
      await visitor.locator('input[type="file"]').setInputFiles({
        name: 'talla.png',
        mimeType: 'image/png',
        buffer: Buffer.from(
          'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
          'base64',
        ),
      });
      await expect(thread.getByRole('img', { name: 'talla.png' })).toBeVisible();

      // Another visit: the same visitor, the same conversation, no form again.
      // The chat was open: it opens again by itself on the next page of this tab.
      await visitor.reload();
      await expect(visitor.getByRole('button', { name: 'Abrir el chat' })).toHaveAttribute(
        'aria-expanded',
        'true',
      );
      await expect(visitor.getByRole('log')).toContainText('Hola, ¿hacen envíos?');
      await expect(visitor.getByRole('log')).toContainText('Sí, a todo el país');
      await expect(visitor.getByRole('log').getByRole('img', { name: 'talla.png' })).toBeVisible();
      await expect(visitor.getByLabel('Nombre')).toHaveCount(0);
      await visitorContext.close();
    } finally {
      await site.stop();
    }
  });

  test('an administrator creates a web chat channel in Settings and gets its snippet', async ({
    page,
  }, info) => {
    await login(page, ADMIN);
    await goTo(page, 'Canales');
    const name = `Chat ${unique(info)}`;
    const card = page.locator('section[aria-labelledby="webchat-new"]');
    await card.getByLabel('Nombre', { exact: true }).fill(name);
    await card
      .getByLabel('Sitios que pueden mostrarlo')
      .fill('https://tienda.example, http://localhost:5000');
    await card.getByLabel('Pedir el teléfono').selectOption('required');
    await card.getByRole('button', { name: 'Crear chat web' }).click();
    const snippet = card.getByLabel(`Fragmento de «${name}»`);
    await expect(snippet).toHaveValue(
      /<script src="http:\/\/127\.0\.0\.1:\d+\/widget\/v1\/charla\.js" data-channel="[0-9a-f-]{36}" async><\/script>/,
    );
    await expectAccessible(page, 'channels with a web chat');
    const channels = await (await page.request.get('/api/v1/channels')).json();
    const created = channels.items.find((c: { name: string }) => c.name === name);
    expect(created.config.allowed_origins).toEqual(['https://tienda.example', 'http://localhost:5000']);
    expect(created.config.pre_chat.phone).toBe('required');
  });
});
