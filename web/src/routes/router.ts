import { signal } from '@preact/signals';

export interface Location {
  path: string;
  search: string;
}

function current(): Location {
  if (typeof window === 'undefined') return { path: '/', search: '' };
  return { path: window.location.pathname, search: window.location.search };
}

/** The current path and query; pages re-render when it changes. */
export const route = signal<Location>(current());

/** How many in-app navigations happened (page titles take focus after the first). */
export const navigations = signal(0);

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  navigations.value += 1;
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  route.value = current();
  window.scrollTo(0, 0);
}

export function queryParam(name: string, search: string = route.value.search): string | null {
  return new URLSearchParams(search).get(name);
}

/** A path inside this app that is safe to go back to after logging in. */
export function safeNext(value: string | null): string {
  if (!value?.startsWith('/') || value.startsWith('//')) return '/';
  return value;
}

if (typeof window !== 'undefined') {
  window.addEventListener('popstate', () => {
    route.value = current();
  });
}
