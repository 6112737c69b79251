import { useEffect, useRef, useState } from 'preact/hooks';
import { endpoints } from '../api/endpoints';
import { t } from '../i18n';
import { navigate } from '../routes/router';
import { alertsOn, setAlertsOn } from '../state/alerts';
import { app, dispatch } from '../state/store';
import { when } from './format';
import { Icon } from './icons';
import { INBOX_PERMISSIONS } from './nav';

/** The mentions bell: unread mentions, and the switch for sounds and desktop notifications. */
export function NotificationsBell() {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const state = app.value;
  const perms = state.me?.permissions ?? [];
  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (root.current && !root.current.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setOpen(false);
    };
    document.addEventListener('mousedown', onDown);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('mousedown', onDown);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);
  if (!INBOX_PERMISSIONS.some((p) => perms.includes(p))) return null;
  const items = state.inbox.notifications;
  const unread = items.filter((n) => !n.read_at).length;

  function openOne(id: string, conversation: string | undefined) {
    setOpen(false);
    dispatch({ kind: 'local.notification_read', id });
    endpoints.readNotification(id).catch(() => undefined);
    if (conversation) navigate(`/inbox/${encodeURIComponent(conversation)}`);
  }

  return (
    <div class="bell" ref={root}>
      <button
        type="button"
        class="icon-btn bell-btn"
        aria-expanded={open}
        aria-controls="bell-panel"
        aria-label={unread ? t('alerts.bell_unread', { n: unread }) : t('alerts.bell')}
        onClick={() => setOpen(!open)}
      >
        <Icon name="bell" size={22} />
        {unread ? (
          <span class="bell-count" aria-hidden="true">
            {unread}
          </span>
        ) : null}
      </button>
      {open ? (
        <div class="bell-panel" id="bell-panel">
          <h2 class="bell-title">{t('alerts.mentions')}</h2>
          {items.length === 0 ? (
            <p class="muted">{t('alerts.no_mentions')}</p>
          ) : (
            <ul class="bell-list">
              {items.slice(0, 20).map((n) => (
                <li key={n.id}>
                  <button
                    type="button"
                    class={n.read_at ? 'bell-item' : 'bell-item bell-item-unread'}
                    onClick={() => openOne(n.id, n.payload.conversation_id)}
                  >
                    <strong>{t('alerts.mention', { name: n.payload.by?.name ?? '' })}</strong>
                    {n.payload.text ? <span>{n.payload.text}</span> : null}
                    <span class="muted">{when(n.created_at)}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
          <div class="check">
            <input
              type="checkbox"
              id="alerts-on"
              checked={alertsOn.value}
              onChange={(e) => setAlertsOn((e.currentTarget as HTMLInputElement).checked)}
            />
            <label for="alerts-on">{t('alerts.toggle')}</label>
          </div>
        </div>
      ) : null}
    </div>
  );
}
