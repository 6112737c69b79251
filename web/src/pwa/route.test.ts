import { describe, expect, it } from 'vitest';
import { notificationTarget, strategyFor } from './route';

const ORIGIN = 'https://charla.example.com';
const at = (path: string, origin = ORIGIN) => new URL(path, origin);

describe('service worker routing', () => {
  it('serves only the hashed static files from the cache', () => {
    expect(strategyFor('GET', at('/assets/index-DldAYFIV.js'), ORIGIN)).toBe('cache-first');
    expect(strategyFor('GET', at('/assets/index-DSbtWm3R.css'), ORIGIN)).toBe('cache-first');
    expect(strategyFor('GET', at('/assets/template-picker-DMDqfBCY.js'), ORIGIN)).toBe('cache-first');
  });

  it('never answers the API, webhooks or the WebSocket from the cache', () => {
    for (const path of [
      '/api/v1/me',
      '/api/v1/conversations?status=open',
      '/api/v1/files/0193/content',
      '/api/v1/realtime?last_event_id=4',
      '/webhooks/whatsapp/0193',
      '/api/assets/x-12345678.js',
    ]) {
      expect(strategyFor('GET', at(path), ORIGIN)).toBe('network');
    }
    expect(strategyFor('POST', at('/api/v1/session'), ORIGIN)).toBe('network');
  });

  it('leaves pages, unhashed files, other sites and other methods to the network', () => {
    for (const path of ['/', '/inbox', '/index.html', '/sw.js', '/manifest.webmanifest', '/icon-192.png']) {
      expect(strategyFor('GET', at(path), ORIGIN)).toBe('network');
    }
    expect(strategyFor('GET', at('/assets/index-DldAYFIV.js?v=2'), ORIGIN)).toBe('network');
    expect(strategyFor('GET', at('/assets/index-DldAYFIV.js', 'https://cdn.example.net'), ORIGIN)).toBe(
      'network',
    );
    expect(strategyFor('HEAD', at('/assets/index-DldAYFIV.js'), ORIGIN)).toBe('network');
  });

  it('opens a notification on its conversation, and nowhere outside the app', () => {
    expect(notificationTarget({ path: '/inbox/0193abc' })).toBe('/inbox/0193abc');
    expect(notificationTarget({ path: 'https://evil.example/inbox' })).toBe('/inbox');
    expect(notificationTarget({ path: '//evil.example' })).toBe('/inbox');
    expect(notificationTarget(null)).toBe('/inbox');
  });
});
