import { endpoints } from '../api/endpoints';
import { USER_STATUSES, type UserStatus } from '../api/types';
import { t } from '../i18n';
import { app, dispatch } from '../state/store';
import { useSubmit } from './forms/useSubmit';
import { StatusDot } from './ui';

/** `paused:<reason id>` for a pause with its reason, else the status itself. */
export function statusValue(status: UserStatus, pauseReasonId: string | null): string {
  return status === 'paused' && pauseReasonId ? `paused:${pauseReasonId}` : status;
}

export function parseStatusValue(value: string): { status: UserStatus; reason: string | null } {
  if (value.startsWith('paused:')) return { status: 'paused', reason: value.slice('paused:'.length) };
  const status = (USER_STATUSES as readonly string[]).includes(value) ? (value as UserStatus) : 'offline';
  return { status, reason: null };
}

/** The signed-in user's own status: online, paused (with a reason), invisible, offline. */
export function StatusSwitch() {
  const { busy, submit } = useSubmit({ toast: true });
  const state = app.value;
  const user = state.me?.user;
  if (!user) return null;
  const reasons = state.pauseReasons;
  const value = statusValue(user.status, user.pause_reason_id);
  const pausedWithoutKnownReason =
    user.status === 'paused' && !reasons.some((r) => r.id === user.pause_reason_id);

  async function change(next: string) {
    const { status, reason } = parseStatusValue(next);
    await submit(async () => {
      dispatch({ kind: 'local.user_saved', user: await endpoints.setStatus(status, reason) });
    });
  }

  return (
    <div class="status-switch">
      <StatusDot status={user.status} />
      <label class="visually-hidden" for="status-switch">
        {t('status.label')}
      </label>
      <select
        id="status-switch"
        class="input input-compact"
        value={pausedWithoutKnownReason ? 'paused' : value}
        disabled={busy}
        onChange={(e) => change((e.currentTarget as HTMLSelectElement).value)}
      >
        <option value="online">{t('statuses.online')}</option>
        {reasons.length === 0 || pausedWithoutKnownReason ? (
          <option value="paused" disabled>
            {t('statuses.paused')}
          </option>
        ) : null}
        {reasons.map((reason) => (
          <option key={reason.id} value={`paused:${reason.id}`}>
            {t('status.paused_with', { reason: reason.name })}
          </option>
        ))}
        <option value="invisible">{t('statuses.invisible')}</option>
        <option value="offline">{t('statuses.offline')}</option>
      </select>
    </div>
  );
}
