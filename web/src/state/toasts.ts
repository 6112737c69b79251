import { signal } from '@preact/signals';

export type ToastKind = 'success' | 'error' | 'info';
export interface Toast {
  id: number;
  kind: ToastKind;
  text: string;
}

export const toasts = signal<Toast[]>([]);
let seq = 0;

export function dismiss(id: number): void {
  toasts.value = toasts.value.filter((t) => t.id !== id);
}

/** Shows a short message in the live region; it goes away after a few seconds. */
export function notify(kind: ToastKind, text: string, ms = 6000): void {
  seq += 1;
  const id = seq;
  toasts.value = [...toasts.value, { id, kind, text }];
  setTimeout(() => dismiss(id), ms);
}

/** A message for the next page (e.g. "password set" on the login page). */
export const flash = signal<{ kind: ToastKind; key: string } | null>(null);
