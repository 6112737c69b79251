import { OPENAPI_URL } from '../api/endpoints';

/** Who may see a page: everyone (null), holders of one permission, or holders of any of a list. */
export type Permission = string | readonly string[] | null;

/** The permissions that let a user work with conversations (and so play a customer in the simulator). */
export const INBOX_PERMISSIONS: readonly string[] = ['inbox.own', 'inbox.supervise', 'inbox.all'];

/** Who may open the supervisor's view. */
export const SUPERVISION_PERMISSIONS: readonly string[] = ['inbox.supervise', 'inbox.all', 'monitoring.view'];

export function permitted(permission: Permission, has: (permission: string) => boolean): boolean {
  if (permission === null) return true;
  if (typeof permission === 'string') return has(permission);
  return permission.some((p) => has(p));
}

export interface NavItem {
  href: string;
  /** Locale key of the label; `<key>_hint` holds the description shown on the Home page. */
  label: string;
  icon: string;
  permission: Permission;
  external?: boolean;
}

export const NAV_ITEMS: NavItem[] = [
  { href: '/', label: 'nav.home', icon: 'home', permission: null },
  { href: '/inbox', label: 'nav.inbox', icon: 'inbox', permission: INBOX_PERMISSIONS },
  { href: '/supervision', label: 'nav.supervision', icon: 'monitor', permission: SUPERVISION_PERMISSIONS },
  { href: '/contacts', label: 'nav.contacts', icon: 'contacts', permission: 'contacts.view' },
  { href: '/out-of-hours', label: 'nav.out_of_hours', icon: 'clock', permission: INBOX_PERMISSIONS },
  { href: '/templates', label: 'nav.templates', icon: 'chat', permission: 'broadcasts.manage' },
  { href: '/broadcasts', label: 'broadcasts.nav', icon: 'chat', permission: 'broadcasts.manage' },
  { href: '/simulator', label: 'nav.simulator', icon: 'phone', permission: INBOX_PERMISSIONS },
  { href: '/settings/users', label: 'nav.users', icon: 'users', permission: 'users.manage' },
  { href: '/settings/profiles', label: 'nav.profiles', icon: 'shield', permission: 'users.manage' },
  {
    href: '/settings/organization',
    label: 'nav.organization',
    icon: 'building',
    permission: 'campaigns.manage',
  },
  { href: '/settings/campaigns', label: 'nav.campaigns', icon: 'list', permission: 'campaigns.manage' },
  {
    href: '/settings/quick-replies',
    label: 'nav.quick_replies',
    icon: 'chat',
    permission: 'quick_replies.manage',
  },
  { href: '/settings/channels', label: 'nav.channels', icon: 'phone', permission: 'settings.manage' },
  { href: '/settings/files', label: 'nav.files', icon: 'file', permission: 'files.use' },
  { href: '/settings/chatbot', label: 'nav.chatbot', icon: 'bot', permission: 'settings.manage' },
  {
    href: '/settings/contact-fields',
    label: 'nav.contact_fields',
    icon: 'contacts',
    permission: 'settings.manage',
  },
  { href: '/reports', label: 'nav.reports', icon: 'chart', permission: 'reports.view' },
  { href: '/reports/surveys', label: 'nav.surveys', icon: 'star', permission: 'reports.view' },
  { href: '/settings/tokens', label: 'nav.tokens', icon: 'key', permission: 'api.manage' },
  { href: '/settings/audit-log', label: 'nav.audit_log', icon: 'list', permission: 'audit.view' },
  { href: OPENAPI_URL, label: 'nav.api_docs', icon: 'doc', permission: 'api.manage', external: true },
];

export function allowedItems(has: (permission: string) => boolean): NavItem[] {
  return NAV_ITEMS.filter((item) => permitted(item.permission, has));
}
