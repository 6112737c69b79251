import { signal } from '@preact/signals';
import type { Conversation, Message } from '../api/types';
import { t } from '../i18n';
import { knownConversation, viewerOf, visibleTo } from '../realtime/inbox';
import type { AppEvent, AppState } from '../realtime/reducer';
import { navigate } from '../routes/router';
import { onDispatch } from './store';

export interface AlertInfo {
  kind: 'assigned' | 'waiting' | 'message' | 'mention';
  conversationId: string;
  /** Who it is about (the contact, or who mentioned the user). */
  who: string;
  text: string;
}

/** A conversation assigned this recently counts as "new" even when the screen did not know it. */
const FRESH_MS = 120_000;

function label(c: Conversation): string {
  return c.contact.name || c.contact.phone || '';
}

/**
 * What to tell the user about an event just applied: a new conversation of theirs or waiting in
 * one of their queues, a message, a mention.
 */
export function alertFor(previous: AppState, event: AppEvent, next: AppState): AlertInfo | null {
  if (!('id' in event) || typeof event.id !== 'number' || next.lastEventId === previous.lastEventId)
    return null;
  const me = next.me?.user.id;
  if (!me || !('payload' in event)) return null;
  const payload = event.payload as Record<string, unknown> | null;
  if (!payload || typeof payload !== 'object') return null;
  if (event.kind === 'notification.created') {
    const p = (payload.payload ?? {}) as {
      conversation_id?: string;
      by?: { name?: string | null };
      text?: string;
    };
    if (payload.kind !== 'mention' || !p.conversation_id) return null;
    return { kind: 'mention', conversationId: p.conversation_id, who: p.by?.name ?? '', text: p.text ?? '' };
  }
  if (event.kind !== 'conversation.updated' && event.kind !== 'message.created') return null;
  const c = payload.conversation as Conversation | undefined;
  if (!c || typeof c !== 'object') return null;
  const before = knownConversation(previous.inbox, c.id);
  const at = 'at' in event && typeof event.at === 'string' ? Date.parse(event.at) : Date.now();
  if (c.status === 'queued' && next.me) {
    // A conversation that just started waiting where this user can take it.
    const viewer = viewerOf(me, next.me.permissions, next.inbox.counts, next.inbox.agents);
    const fresh = c.queued_at ? Math.abs(at - Date.parse(c.queued_at)) < FRESH_MS : false;
    const newlyWaiting = before ? before.status !== 'queued' && before.agent_id !== me : fresh;
    if (newlyWaiting && visibleTo(c, viewer)) {
      return { kind: 'waiting', conversationId: c.id, who: label(c), text: c.last_message.preview ?? '' };
    }
    return null;
  }
  if (c.agent_id !== me || c.status !== 'assigned') return null;
  const fresh = c.assigned_at ? Math.abs(at - Date.parse(c.assigned_at)) < FRESH_MS : false;
  const newlyMine = before ? before.agent_id !== me || before.status !== 'assigned' : fresh;
  if (newlyMine && event.kind === 'conversation.updated') {
    return { kind: 'assigned', conversationId: c.id, who: label(c), text: c.last_message.preview ?? '' };
  }
  const m = payload.message as Message | undefined;
  if (event.kind === 'message.created' && m && m.direction === 'inbound') {
    return { kind: 'message', conversationId: c.id, who: label(c), text: m.text ?? m.attachment?.name ?? '' };
  }
  return null;
}

const STORAGE_KEY = 'charla.alerts';

function initial(): boolean {
  try {
    return window.localStorage.getItem(STORAGE_KEY) !== 'off';
  } catch {
    return true;
  }
}

/** Whether sounds and desktop notifications are on (the user's choice, kept in this browser). */
export const alertsOn = signal(typeof window === 'undefined' ? false : initial());

export function setAlertsOn(on: boolean): void {
  alertsOn.value = on;
  try {
    window.localStorage.setItem(STORAGE_KEY, on ? 'on' : 'off');
  } catch {
    // kept for this tab only
  }
  if (on && typeof Notification !== 'undefined' && Notification.permission === 'default') {
    void Notification.requestPermission().catch(() => undefined);
  }
}

let audio: AudioContext | null = null;

/** A short two-tone chime, made on the fly (no sound file to download). */
export function chime(): void {
  try {
    const Ctx = window.AudioContext;
    if (!Ctx) return;
    audio ??= new Ctx();
    const ctx = audio;
    const start = ctx.currentTime;
    for (const [i, freq] of [880, 1320].entries()) {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.frequency.value = freq;
      gain.gain.setValueAtTime(0.0001, start + i * 0.12);
      gain.gain.exponentialRampToValueAtTime(0.15, start + i * 0.12 + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + i * 0.12 + 0.2);
      osc.connect(gain).connect(ctx.destination);
      osc.start(start + i * 0.12);
      osc.stop(start + i * 0.12 + 0.22);
    }
  } catch {
    // no sound available
  }
}

function show(alert: AlertInfo, next: AppState): void {
  const watching =
    next.inbox.open?.id === alert.conversationId &&
    document.visibilityState === 'visible' &&
    document.hasFocus();
  if (watching && alert.kind === 'message') return;
  chime();
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted' || watching) return;
  const title =
    alert.kind === 'assigned'
      ? t('alerts.assigned', { name: alert.who })
      : alert.kind === 'waiting'
        ? t('alerts.waiting', { name: alert.who })
        : alert.kind === 'mention'
          ? t('alerts.mention', { name: alert.who })
          : t('alerts.message', { name: alert.who });
  const path = `/inbox/${encodeURIComponent(alert.conversationId)}`;
  const options = { body: alert.text, tag: `${alert.kind}:${alert.conversationId}` };
  try {
    const n = new Notification(title, options);
    n.onclick = () => {
      window.focus();
      navigate(path);
      n.close();
    };
  } catch {
    // Phones only notify from a service worker; it opens `path` when the notification is tapped.
    void navigator.serviceWorker?.ready
      .then((registration) => registration.showNotification(title, { ...options, data: { path } }))
      .catch(() => undefined);
  }
}

export function startAlerts(): void {
  onDispatch((previous, event, next) => {
    if (!alertsOn.value) return;
    const alert = alertFor(previous, event, next);
    if (alert) show(alert, next);
  });
}
