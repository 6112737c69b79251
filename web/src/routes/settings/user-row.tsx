import type { User } from '../../api/types';
import { Avatar, Badge, Button, StatusLabel } from '../../components/ui';
import { t } from '../../i18n';

/** What can be opened for a user from its row. */
export type UserAction = 'edit' | 'history' | 'reset' | 'absence';

/** One user in the list: who, profile, status and capacity, and its actions. */
export function UserRow(props: {
  user: User;
  profile: string;
  pauseReason: string | undefined;
  onDialog: (action: UserAction) => void;
}) {
  const { user } = props;
  return (
    <li class={`row${user.active ? '' : ' row-muted'}`}>
      <div class="row-main">
        <Avatar name={user.name} url={user.avatar_url} size="sm" />
        <div class="row-text">
          <span class="row-title">{user.name}</span>
          <span class="muted">{user.email}</span>
        </div>
      </div>
      <div class="row-meta">
        <span>{props.profile}</span>
        <StatusLabel status={user.status} reason={props.pauseReason} />
        <span class="muted">{t('users.capacity_value', { n: user.capacity })}</span>
        {!user.active ? (
          <Badge tone="danger">{t('users.inactive')}</Badge>
        ) : user.invited ? (
          <Badge tone="info">{t('users.invited')}</Badge>
        ) : null}
      </div>
      <div class="row-actions">
        <Button
          small
          onClick={() => props.onDialog('edit')}
          aria-label={t('users.edit_named', { name: user.name })}
        >
          {t('common.edit')}
        </Button>
        <Button
          small
          onClick={() => props.onDialog('history')}
          aria-label={t('users.history_named', { name: user.name })}
        >
          {t('users.history')}
        </Button>
        <Button
          small
          onClick={() => props.onDialog('reset')}
          aria-label={t('users.reset_named', { name: user.name })}
        >
          {t('users.reset_password')}
        </Button>
        <Button
          small
          onClick={() => props.onDialog('absence')}
          aria-label={t('absence.edit_named', { name: user.name })}
        >
          {t('absence.short')}
        </Button>
      </div>
    </li>
  );
}
