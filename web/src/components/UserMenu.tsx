import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../i18n';
import { logout } from '../state/session';
import { app } from '../state/store';
import { Icon } from './icons';
import { lazy } from './lazy';
import { ProfileDialog } from './ProfileDialog';
import { Avatar } from './ui';

const AbsenceDialog = lazy(() => import('./AbsenceDialog').then((m) => m.AbsenceDialog), { quiet: true });

/** The avatar button: the user's name, their profile, logging out. */
export function UserMenu() {
  const [open, setOpen] = useState(false);
  const [profile, setProfile] = useState(false);
  const [absence, setAbsence] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const user = app.value.me?.user;

  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (root.current && !root.current.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        setOpen(false);
        button.current?.focus();
      }
    };
    document.addEventListener('mousedown', onDown);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('mousedown', onDown);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  if (!user) return null;
  return (
    <div class="user-menu" ref={root}>
      <button
        ref={button}
        type="button"
        class="user-menu-button"
        aria-expanded={open}
        aria-controls="user-menu-panel"
        onClick={() => setOpen(!open)}
      >
        <Avatar name={user.name} url={user.avatar_url} size="sm" />
        <span class="user-menu-name">{user.name}</span>
        <span class="visually-hidden">{t('user_menu.label')}</span>
        <Icon name="chevron" size={16} />
      </button>
      {open ? (
        <div class="user-menu-panel" id="user-menu-panel">
          <div class="user-menu-who">
            <strong>{user.name}</strong>
            <span class="muted">{user.email}</span>
          </div>
          <ul>
            <li>
              <button
                type="button"
                onClick={() => {
                  setOpen(false);
                  setProfile(true);
                }}
              >
                {t('user_menu.profile')}
              </button>
            </li>
            <li>
              <button
                type="button"
                onClick={() => {
                  setOpen(false);
                  setAbsence(true);
                }}
              >
                {t('user_menu.absence')}
              </button>
            </li>
            <li>
              <button type="button" onClick={() => logout(false)}>
                {t('user_menu.logout')}
              </button>
            </li>
            <li>
              <button type="button" onClick={() => logout(true)}>
                {t('user_menu.logout_everywhere')}
              </button>
            </li>
          </ul>
        </div>
      ) : null}
      {profile ? <ProfileDialog onClose={() => setProfile(false)} /> : null}
      {absence ? <AbsenceDialog userId={user.id} onClose={() => setAbsence(false)} /> : null}
    </div>
  );
}
