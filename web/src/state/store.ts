import { computed, signal } from '@preact/signals';
import { type AppEvent, type AppState, applyEvent, initialState } from '../realtime/reducer';

/** The application state. Every change goes through `dispatch` → `applyEvent`. */
export const app = signal<AppState>(initialState);

export function dispatch(event: AppEvent): void {
  app.value = applyEvent(app.value, event);
}

export const me = computed(() => app.value.me);
export const permissions = computed(() => new Set(app.value.me?.permissions ?? []));

export function can(permission: string): boolean {
  return permissions.value.has(permission);
}
