import { api } from '../../api/client';

/** How often, at most, an agent who keeps typing tells the visitor again (the widget shows it for 4 s). */
export const TYPING_EVERY_MS = 3000;

/** A function to call on every keystroke that calls `send` at most once per interval. */
export function throttled(
  send: () => void,
  everyMs = TYPING_EVERY_MS,
  now: () => number = Date.now,
): () => void {
  let last = Number.NEGATIVE_INFINITY;
  return () => {
    const at = now();
    if (at - last < everyMs) return;
    last = at;
    send();
  };
}

/** Tells a web chat visitor that the agent is typing in this conversation (other channels: nothing to tell). */
export function typingNotifier(conversationId: string): () => void {
  return throttled(() => {
    api.post(`/api/v1/conversations/${encodeURIComponent(conversationId)}/typing`, {}).catch(() => undefined);
  });
}
