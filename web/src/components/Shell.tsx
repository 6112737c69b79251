import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { t } from '../i18n';
import { connection } from '../realtime/socket';
import { route } from '../routes/router';
import { app, can } from '../state/store';
import { Icon, Logo } from './icons';
import { LanguageSwitch } from './LanguageSwitch';
import { NotificationsBell } from './NotificationsBell';
import { allowedItems } from './nav';
import { StatusSwitch } from './StatusSwitch';
import { Toasts } from './Toasts';
import { UserMenu } from './UserMenu';
import { Link } from './ui';

function isCurrent(href: string, path: string): boolean {
  return href === '/' ? path === '/' : path === href || path.startsWith(`${href}/`);
}

/** The signed-in layout: header, navigation, main area. */
export function Shell(props: { children: ComponentChildren }) {
  const [menuOpen, setMenuOpen] = useState(false);
  const path = route.value.path;
  const org = app.value.me?.organization;
  const items = allowedItems(can);
  const unread = app.value.inbox.counts?.unread_conversations ?? 0;

  useEffect(() => setMenuOpen(false), [path]);
  useEffect(() => {
    if (!menuOpen) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setMenuOpen(false);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [menuOpen]);

  return (
    <div class="shell">
      <a class="skip-link" href="#main">
        {t('common.skip_to_content')}
      </a>
      <header class="topbar">
        <button
          type="button"
          class="icon-btn menu-btn"
          aria-expanded={menuOpen}
          aria-controls="app-nav"
          aria-label={t('nav.menu')}
          onClick={() => setMenuOpen(!menuOpen)}
        >
          <Icon name="menu" size={22} />
        </button>
        <Link href="/" class="brand" aria-label={t('nav.home')}>
          <Logo />
          <span class="brand-org">{org?.name}</span>
        </Link>
        <div class="topbar-right">
          {connection.value === 'waiting' ? (
            <span class="badge badge-warning conn" role="status">
              {t('realtime.reconnecting')}
            </span>
          ) : null}
          <NotificationsBell />
          <StatusSwitch />
          <UserMenu />
        </div>
      </header>
      <div class="layout">
        {menuOpen ? <div class="backdrop" aria-hidden="true" onClick={() => setMenuOpen(false)} /> : null}
        <nav id="app-nav" class={`sidebar${menuOpen ? ' sidebar-open' : ''}`} aria-label={t('nav.label')}>
          <ul class="nav-list">
            {items.map((item) => (
              <li key={item.href}>
                {item.external ? (
                  <a class="nav-link" href={item.href} target="_blank" rel="noopener">
                    <Icon name={item.icon} />
                    <span>{t(item.label)}</span>
                    <Icon name="external" size={14} />
                  </a>
                ) : (
                  <Link
                    class="nav-link"
                    href={item.href}
                    aria-current={isCurrent(item.href, path) ? 'page' : undefined}
                    // The page's own link changes no path, so the path effect would leave the menu open.
                    onClick={() => setMenuOpen(false)}
                  >
                    <Icon name={item.icon} />
                    <span>{t(item.label)}</span>
                    {item.href === '/inbox' && unread > 0 ? (
                      <span class="nav-count">
                        <span aria-hidden="true">{unread}</span>
                        <span class="visually-hidden">{t('inbox.unread_n', { n: unread })}</span>
                      </span>
                    ) : null}
                  </Link>
                )}
              </li>
            ))}
          </ul>
          <div class="sidebar-footer">
            <LanguageSwitch />
          </div>
        </nav>
        <main id="main" tabIndex={-1} class={path.startsWith('/inbox') ? 'main-flush' : undefined}>
          {props.children}
        </main>
      </div>
      <Toasts />
    </div>
  );
}

/** The layout of the pages one sees before logging in. */
export function PublicLayout(props: { children: ComponentChildren }) {
  return (
    <div class="public">
      <main id="main" class="public-main">
        <div class="public-brand">
          <Logo />
          <span>{t('app.name')}</span>
        </div>
        <div class="card public-card">{props.children}</div>
        <div class="public-footer">
          <LanguageSwitch id="public-language" />
        </div>
      </main>
      <Toasts />
    </div>
  );
}
