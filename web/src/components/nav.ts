import { OPENAPI_URL } from '../api/endpoints';

export interface NavItem {
  href: string;
  /** Locale key of the label; `<key>_hint` holds the description shown on the Home page. */
  label: string;
  icon: string;
  permission: string | null;
  external?: boolean;
}

export const NAV_ITEMS: NavItem[] = [
  { href: '/', label: 'nav.home', icon: 'home', permission: null },
  { href: '/settings/users', label: 'nav.users', icon: 'users', permission: 'users.manage' },
  { href: '/settings/profiles', label: 'nav.profiles', icon: 'shield', permission: 'users.manage' },
  {
    href: '/settings/organization',
    label: 'nav.organization',
    icon: 'building',
    permission: 'campaigns.manage',
  },
  { href: '/settings/tokens', label: 'nav.tokens', icon: 'key', permission: 'api.manage' },
  { href: '/settings/audit-log', label: 'nav.audit_log', icon: 'list', permission: 'audit.view' },
  { href: OPENAPI_URL, label: 'nav.api_docs', icon: 'doc', permission: 'api.manage', external: true },
];

export function allowedItems(has: (permission: string) => boolean): NavItem[] {
  return NAV_ITEMS.filter((item) => item.permission === null || has(item.permission));
}
