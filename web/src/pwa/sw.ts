/**
 * Charla's service worker: installable app, hashed static files from the cache, notifications
 * on phones (where pages cannot show them). Built to `/sw.js` (see vite.config.ts) as a classic
 * script: it imports nothing at run time.
 */
import { notificationTarget, strategyFor } from './route';

// The DOM typings do not describe a service worker's scope; these are the few parts used here.
interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  readonly request: Request;
  respondWith(response: Promise<Response>): void;
}
interface NotificationEvent extends ExtendableEvent {
  readonly notification: Notification;
}
interface WindowClient {
  readonly url: string;
  focus(): Promise<WindowClient>;
  navigate(url: string): Promise<WindowClient | null>;
}
interface Scope {
  readonly location: Location;
  readonly registration: ServiceWorkerRegistration;
  readonly caches: CacheStorage;
  readonly clients: {
    matchAll(options: { type: 'window'; includeUncontrolled: boolean }): Promise<WindowClient[]>;
    openWindow(url: string): Promise<WindowClient | null>;
    claim(): Promise<void>;
  };
  skipWaiting(): Promise<void>;
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', listener: (event: FetchEvent) => void): void;
  addEventListener(type: 'notificationclick', listener: (event: NotificationEvent) => void): void;
}

const sw = self as unknown as Scope;
const CACHE = 'charla-assets-v1';
/** Old builds' files are dropped beyond this many (they are never asked for again). */
const MAX_ENTRIES = 80;

sw.addEventListener('install', (event) => event.waitUntil(sw.skipWaiting()));

sw.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await sw.caches.keys()) if (name !== CACHE) await sw.caches.delete(name);
      await sw.clients.claim();
    })(),
  );
});

async function cacheFirst(request: Request): Promise<Response> {
  const cache = await sw.caches.open(CACHE);
  const hit = await cache.match(request);
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok && response.type === 'basic') {
    await cache.put(request, response.clone());
    const keys = await cache.keys();
    for (const old of keys.slice(0, Math.max(0, keys.length - MAX_ENTRIES))) await cache.delete(old);
  }
  return response;
}

sw.addEventListener('fetch', (event) => {
  const { request } = event;
  if (strategyFor(request.method, new URL(request.url), sw.location.origin) === 'cache-first') {
    event.respondWith(cacheFirst(request));
  }
  // Everything else is left to the network: no respondWith.
});

sw.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const target = new URL(notificationTarget(event.notification.data), sw.location.origin).href;
  event.waitUntil(
    (async () => {
      const windows = await sw.clients.matchAll({ type: 'window', includeUncontrolled: true });
      const open = windows[0];
      if (open) {
        await open.focus();
        await open.navigate(target);
      } else {
        await sw.clients.openWindow(target);
      }
    })(),
  );
});
