/** What the service worker does with a request. */
export type Strategy = 'cache-first' | 'network';

/** Vite's content-hashed build output: `/assets/<name>-<hash>.<ext>`; such a file never changes. */
const HASHED_ASSET = /^\/assets\/[^/]+-[A-Za-z0-9_-]{8,}\.(?:js|css|woff2?|png|svg|webp|jpg)$/;

/**
 * The one routing rule of the service worker: only the app shell's hashed static files come
 * from the cache; the API, webhooks, the WebSocket, pages and anything else go to the network.
 */
export function strategyFor(method: string, url: URL, origin: string): Strategy {
  if (method !== 'GET' || url.origin !== origin) return 'network';
  if (url.pathname.startsWith('/api/') || url.pathname.startsWith('/webhooks/')) return 'network';
  if (url.search) return 'network';
  return HASHED_ASSET.test(url.pathname) ? 'cache-first' : 'network';
}

/** Where a notification takes the user: a conversation of this app, or the inbox. */
export function notificationTarget(data: unknown): string {
  const path = data && typeof data === 'object' && 'path' in data ? (data as { path: unknown }).path : null;
  return typeof path === 'string' && path.startsWith('/inbox') ? path : '/inbox';
}
