import { signal } from '@preact/signals';

/** The current time, ticking every 15 s while something reads it (wait times). */
export const now = signal(Date.now());
let timer: ReturnType<typeof setInterval> | null = null;

export function startClock(): void {
  if (timer || typeof window === 'undefined') return;
  timer = setInterval(() => {
    now.value = Date.now();
  }, 15_000);
}
