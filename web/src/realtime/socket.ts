import { signal } from '@preact/signals';
import { app, dispatch } from '../state/store';
import type { ServerMessage } from './reducer';

export type ConnectionState = 'idle' | 'connecting' | 'open' | 'waiting';

/** Whether the live connection is up, for the header's indicator. */
export const connection = signal<ConnectionState>('idle');

const MAX_DELAY_MS = 10_000;
const BASE_DELAY_MS = 500;

/** Exponential back-off: 0.5 s, 1 s, 2 s, … capped at 10 s, with up to 20 % jitter removed. */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const raw = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.max(0, attempt));
  return Math.round(raw * (1 - 0.2 * random()));
}

export function realtimeUrl(loc: { protocol: string; host: string }, lastEventId: number | null): string {
  const scheme = loc.protocol === 'https:' ? 'wss' : 'ws';
  const query = lastEventId === null ? '' : `?last_event_id=${lastEventId}`;
  return `${scheme}://${loc.host}/api/v1/realtime${query}`;
}

export function parseMessage(data: unknown): ServerMessage | null {
  if (typeof data !== 'string') return null;
  try {
    const value = JSON.parse(data) as unknown;
    if (value && typeof value === 'object' && typeof (value as { kind?: unknown }).kind === 'string') {
      return value as ServerMessage;
    }
  } catch {
    // ignore what is not JSON
  }
  return null;
}

let socket: WebSocket | null = null;
let handshakeFailed: (() => void) | null = null;

/** Called when the socket closes without ever opening (e.g. the session ended elsewhere). */
export function onHandshakeFailure(handler: () => void): void {
  handshakeFailed = handler;
}
let timer: ReturnType<typeof setTimeout> | null = null;
let attempt = 0;
let running = false;

function open(): void {
  if (!running) return;
  connection.value = 'connecting';
  const ws = new WebSocket(realtimeUrl(window.location, app.value.lastEventId));
  socket = ws;
  let opened = false;
  ws.onopen = () => {
    opened = true;
    attempt = 0;
    connection.value = 'open';
  };
  ws.onmessage = (message) => {
    const parsed = parseMessage(message.data);
    if (parsed) dispatch(parsed);
  };
  ws.onclose = () => {
    if (socket !== ws) return;
    socket = null;
    if (!running) return;
    if (!opened) handshakeFailed?.();
    if (!running) return;
    connection.value = 'waiting';
    timer = setTimeout(open, backoffDelay(attempt));
    attempt += 1;
  };
}

/** Opens the tab's one WebSocket (no-op when already open). */
export function startRealtime(): void {
  if (running || typeof WebSocket === 'undefined') return;
  running = true;
  attempt = 0;
  open();
}

export function stopRealtime(): void {
  running = false;
  if (timer) clearTimeout(timer);
  timer = null;
  const ws = socket;
  socket = null;
  ws?.close();
  connection.value = 'idle';
}
