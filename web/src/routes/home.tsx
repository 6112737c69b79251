import { day } from '../components/format';
import { Icon } from '../components/icons';
import { languageName } from '../components/LanguageSwitch';
import { allowedItems } from '../components/nav';
import { Avatar, Link, PageHeader, StatusLabel } from '../components/ui';
import { isLanguage, t } from '../i18n';
import { app, can } from '../state/store';

/** Who you are, your status, and the pages you may open. */
export function HomePage() {
  const state = app.value;
  const me = state.me;
  if (!me) return null;
  const user = me.user;
  const reason = state.pauseReasons.find((r) => r.id === user.pause_reason_id)?.name;
  const links = allowedItems(can).filter((item) => item.href !== '/');
  return (
    <>
      <PageHeader title={t('home.title')} description={t('home.greeting', { name: user.name })} />
      <div class="grid-2">
        <section class="card" aria-labelledby="home-me">
          <h2 id="home-me">{t('home.you')}</h2>
          <div class="who">
            <Avatar name={user.name} url={user.avatar_url} />
            <div>
              <p class="who-name">{user.name}</p>
              <p class="muted">{user.email}</p>
            </div>
          </div>
          <dl class="facts">
            <div>
              <dt>{t('fields.organization')}</dt>
              <dd>{me.organization.name}</dd>
            </div>
            <div>
              <dt>{t('fields.profile')}</dt>
              <dd>
                {user.profile_builtin ? t(`profiles.builtin.${user.profile_builtin}`) : user.profile_name}
              </dd>
            </div>
            <div>
              <dt>{t('fields.status')}</dt>
              <dd>
                <StatusLabel status={user.status} reason={reason} />
              </dd>
            </div>
            <div>
              <dt>{t('fields.language')}</dt>
              <dd>{isLanguage(user.language) ? languageName(user.language) : user.language}</dd>
            </div>
            <div>
              <dt>{t('fields.time_zone')}</dt>
              <dd>{user.time_zone}</dd>
            </div>
            <div>
              <dt>{t('fields.member_since')}</dt>
              <dd>{day(user.created_at)}</dd>
            </div>
          </dl>
        </section>
        <section class="card" aria-labelledby="home-admin">
          <h2 id="home-admin">{t('home.admin')}</h2>
          {links.length === 0 ? (
            <p class="muted">{t('home.no_admin')}</p>
          ) : (
            <ul class="link-list">
              {links.map((item) => (
                <li key={item.href}>
                  {item.external ? (
                    <a href={item.href} target="_blank" rel="noopener" class="link-card">
                      <Icon name={item.icon} />
                      <span>
                        <strong>{t(item.label)}</strong>
                        <span class="muted">{t(`${item.label}_hint`)}</span>
                      </span>
                    </a>
                  ) : (
                    <Link href={item.href} class="link-card">
                      <Icon name={item.icon} />
                      <span>
                        <strong>{t(item.label)}</strong>
                        <span class="muted">{t(`${item.label}_hint`)}</span>
                      </span>
                    </Link>
                  )}
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </>
  );
}

export function NotFoundPage() {
  return (
    <>
      <PageHeader title={t('errors.not_found')} />
      <p>
        <Link href="/">{t('nav.back_home')}</Link>
      </p>
    </>
  );
}

export function ForbiddenPage() {
  return (
    <>
      <PageHeader title={t('errors.forbidden')} />
      <p>
        <Link href="/">{t('nav.back_home')}</Link>
      </p>
    </>
  );
}
