import { computed, signal } from '@preact/signals';
import { type AppEvent, type AppState, applyEvent, initialState } from '../realtime/reducer';

/** The application state. Every change goes through `dispatch` → `applyEvent`. */
export const app = signal<AppState>(initialState);

type Listener = (previous: AppState, event: AppEvent, next: AppState) => void;
const listeners: Listener[] = [];

/** Side effects after an event was applied (sounds, desktop notifications). */
export function onDispatch(listener: Listener): void {
  listeners.push(listener);
}

export function dispatch(event: AppEvent): void {
  const previous = app.value;
  const next = applyEvent(previous, event);
  app.value = next;
  for (const listener of listeners) listener(previous, event, next);
}

export const me = computed(() => app.value.me);
export const permissions = computed(() => new Set(app.value.me?.permissions ?? []));

export function can(permission: string): boolean {
  return permissions.value.has(permission);
}
