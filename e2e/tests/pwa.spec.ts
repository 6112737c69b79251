import { expect, test } from '@playwright/test';
import { ADMIN, login } from './helpers';

test.describe('installable app (APP-3)', () => {
  test('the manifest, its icons and the service worker are served with their types', async ({ request }) => {
    const manifest = await request.get('/manifest.webmanifest');
    expect(manifest.headers()['content-type']).toContain('application/manifest+json');
    const body = await manifest.json();
    expect(body).toMatchObject({ name: 'Charla', start_url: '/inbox', display: 'standalone' });
    const icons = body.icons as { src: string; sizes: string; purpose: string }[];
    for (const [sizes, purpose] of [
      ['192x192', 'any'],
      ['512x512', 'any'],
      ['192x192', 'maskable'],
      ['512x512', 'maskable'],
    ]) {
      const icon = icons.find((i) => i.sizes === sizes && i.purpose === purpose);
      expect(icon, `${sizes} ${purpose}`).toBeTruthy();
      const png = await request.get(icon?.src ?? '');
      expect(png.status()).toBe(200);
      expect(png.headers()['content-type']).toBe('image/png');
    }
    const sw = await request.get('/sw.js');
    expect(sw.status()).toBe(200);
    expect(sw.headers()['content-type']).toContain('javascript');
  });

  test('the service worker takes the page and caches only hashed static files', async ({ page }) => {
    await page.goto('/login');
    await expect(page.locator('link[rel="manifest"]')).toHaveAttribute('href', '/manifest.webmanifest');
    const script = await page.evaluate(async () => (await navigator.serviceWorker.ready).active?.scriptURL);
    expect(script).toMatch(/\/sw\.js$/);
    await login(page, ADMIN);
    // Once it controls the page, the app's files go through it and the API does not.
    await page.reload();
    await expect(page.locator('h1')).toBeVisible();
    expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
    const cached = await page.evaluate(async () => {
      const names = await caches.keys();
      const urls: string[] = [];
      for (const name of names) {
        for (const request of await (await caches.open(name)).keys())
          urls.push(new URL(request.url).pathname);
      }
      return urls;
    });
    expect(cached.length).toBeGreaterThan(0);
    for (const path of cached) expect(path).toMatch(/^\/assets\/[^/]+-[A-Za-z0-9_-]{8,}\.(js|css)$/);
    const me = await page.evaluate(async () => (await fetch('/api/v1/me')).headers.get('content-type'));
    expect(me).toContain('application/json');
  });
});
