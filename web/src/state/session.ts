import { effect, signal } from '@preact/signals';
import { ApiError, onUnauthorized, readCookie, setCsrfToken } from '../api/client';
import { endpoints, itemsOf } from '../api/endpoints';
import type { Me } from '../api/types';
import { INBOX_PERMISSIONS } from '../components/nav';
import { isLanguage, setLanguage } from '../i18n';
import { onHandshakeFailure, startRealtime, stopRealtime } from '../realtime/socket';
import { navigate, route } from '../routes/router';
import { startAlerts } from './alerts';
import { loadAgents, loadCounts, loadDirectory, loadNotifications } from './inbox-data';
import { app, dispatch } from './store';
import { flash } from './toasts';

export type BootState = 'loading' | 'ready';
export const boot = signal<BootState>('loading');
/** True until the first organization exists (`GET /api/v1/setup`). */
export const needsSetup = signal(false);

export async function loadPauseReasons(): Promise<void> {
  try {
    dispatch({ kind: 'local.pause_reasons_loaded', items: itemsOf(await endpoints.pauseReasons()) });
  } catch {
    // the status switch then offers no reasons
  }
}

export function startSession(me: Me): void {
  setCsrfToken(me.csrf_token ?? null);
  dispatch({ kind: 'local.session_started', me });
  if (isLanguage(me.user.language)) setLanguage(me.user.language);
  needsSetup.value = false;
  startRealtime();
  void loadPauseReasons();
  loadInboxBasics();
}

/** Counters, agents and notifications, for whoever works the inbox. */
function loadInboxBasics(): void {
  const perms = app.value.me?.permissions ?? [];
  if (!INBOX_PERMISSIONS.some((p) => perms.includes(p))) return;
  void loadCounts();
  void loadAgents();
  void loadNotifications();
  loadDirectory(true);
}

export function endSession(): void {
  stopRealtime();
  setCsrfToken(null);
  dispatch({ kind: 'local.session_ended' });
}

export async function logout(everywhere: boolean): Promise<void> {
  try {
    await (everywhere ? endpoints.logoutEverywhere() : endpoints.logout());
  } catch {
    // the session is dropped here either way
  }
  endSession();
  flash.value = { kind: 'info', key: everywhere ? 'auth.logged_out_everywhere' : 'auth.logged_out' };
  navigate('/login');
}

/** Refreshes the caller (after the server asked for a reload). */
async function refreshMe(): Promise<void> {
  try {
    const me = await endpoints.me();
    dispatch({ kind: 'local.me_updated', user: me.user });
  } catch {
    // a 401 is handled by onUnauthorized
  }
}

function sessionExpired(): void {
  if (!app.value.me) return;
  endSession();
  flash.value = { kind: 'info', key: 'auth.session_expired' };
  navigate(`/login?next=${encodeURIComponent(route.value.path)}`);
}

export async function bootstrap(): Promise<void> {
  startAlerts();
  onUnauthorized(sessionExpired);
  onHandshakeFailure(() => {
    endpoints.me().catch((err: unknown) => {
      if (err instanceof ApiError && err.status === 401) sessionExpired();
    });
  });
  try {
    const status = await endpoints.setupStatus();
    needsSetup.value = Boolean(status?.needs_setup);
  } catch {
    needsSetup.value = false;
  }
  // Without the session's readable twin cookie there is no session: asking /me would only log a 401.
  if (!needsSetup.value && readCookie('charla_csrf') !== null) {
    try {
      startSession(await endpoints.me());
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
    }
  }
  let seen = app.value.reloads;
  effect(() => {
    const reloads = app.value.reloads;
    if (reloads !== seen) {
      seen = reloads;
      if (app.value.me) {
        void refreshMe();
        void loadPauseReasons();
        loadInboxBasics();
      }
    }
  });
  boot.value = 'ready';
}
