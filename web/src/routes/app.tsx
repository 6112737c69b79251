import type { ComponentType } from 'preact';
import { useEffect } from 'preact/hooks';
import { lazy } from '../components/lazy';
import { INBOX_PERMISSIONS, type Permission, permitted, SUPERVISION_PERMISSIONS } from '../components/nav';
import { PublicLayout, Shell } from '../components/Shell';
import { Spinner } from '../components/ui';
import { t } from '../i18n';
import { boot, needsSetup } from '../state/session';
import { can, me } from '../state/store';
import { ForgotPasswordPage, LoginPage, SetPasswordPage, SetupPage } from './auth';
import { ContactsPage } from './contacts/page';
import { ForbiddenPage, HomePage, NotFoundPage } from './home';
import { InboxPage } from './inbox/page';
import { landingPath } from './landing';
import { navigate, route } from './router';
import { AuditLogPage } from './settings/audit-log';
import { OrganizationPage } from './settings/organization';
import { ProfilesPage } from './settings/profiles';
import { QuickRepliesPage } from './settings/quick-replies';
import { TokensPage } from './settings/tokens';
import { UsersPage } from './settings/users';
import { SimulatorChannelPage, SimulatorPage } from './simulator/page';
import { SupervisionPage } from './supervision/page';

// Pages few people open load their code when first shown (the inbox's first load stays small).
const CampaignsPage = lazy(() => import('./settings/campaigns').then((m) => m.CampaignsPage));
const ChannelsPage = lazy(() => import('./settings/channels').then((m) => m.ChannelsPage));
const FilesPage = lazy(() => import('./settings/files').then((m) => m.FilesPage));
const OutOfHoursPage = lazy(() => import('./out-of-hours/page').then((m) => m.OutOfHoursPage));
const ChatbotPage = lazy(() => import('./settings/chatbot').then((m) => m.ChatbotPage));
const ContactFieldsPage = lazy(() => import('./settings/contact-fields').then((m) => m.ContactFieldsPage));
const TemplatesPage = lazy(() => import('./templates/page').then((m) => m.TemplatesPage));
const BroadcastsPage = lazy(() => import('./broadcasts/page').then((m) => m.BroadcastsPage));
// The reports draw with ECharts: lazy, so it is fetched only when a report page is opened.
const ReportsPage = lazy(() => import('./reports/page').then((m) => m.ReportsPage));
const SurveysPage = lazy(() => import('./reports/surveys').then((m) => m.SurveysPage));

interface AppRoute {
  page: ComponentType;
  permission: Permission;
}

export const APP_ROUTES: Record<string, AppRoute> = {
  '/': { page: HomePage, permission: null },
  '/settings/users': { page: UsersPage, permission: 'users.manage' },
  '/settings/profiles': { page: ProfilesPage, permission: 'users.manage' },
  '/settings/organization': { page: OrganizationPage, permission: 'campaigns.manage' },
  '/settings/tokens': { page: TokensPage, permission: 'api.manage' },
  '/settings/audit-log': { page: AuditLogPage, permission: 'audit.view' },
  '/simulator': { page: SimulatorPage, permission: INBOX_PERMISSIONS },
  '/inbox': { page: InboxPage, permission: INBOX_PERMISSIONS },
  '/supervision': { page: SupervisionPage, permission: SUPERVISION_PERMISSIONS },
  '/contacts': { page: ContactsPage, permission: 'contacts.view' },
  '/settings/campaigns': { page: CampaignsPage, permission: 'campaigns.manage' },
  '/settings/quick-replies': { page: QuickRepliesPage, permission: 'quick_replies.manage' },
  '/settings/channels': { page: ChannelsPage, permission: 'settings.manage' },
  '/settings/files': { page: FilesPage, permission: 'files.use' },
  '/settings/chatbot': { page: ChatbotPage, permission: 'settings.manage' },
  '/settings/contact-fields': { page: ContactFieldsPage, permission: 'settings.manage' },
  '/out-of-hours': { page: OutOfHoursPage, permission: INBOX_PERMISSIONS },
  '/templates': { page: TemplatesPage, permission: 'broadcasts.manage' },
  '/reports': { page: ReportsPage, permission: 'reports.view' },
  '/reports/surveys': { page: SurveysPage, permission: 'reports.view' },
  '/broadcasts': { page: BroadcastsPage, permission: 'broadcasts.manage' },
};

/** Routes with one parameter after a prefix (`/simulator/:channelId`); the page reads it from the path. */
const PARAM_ROUTES: { prefix: string; route: AppRoute }[] = [
  { prefix: '/simulator/', route: { page: SimulatorChannelPage, permission: INBOX_PERMISSIONS } },
  { prefix: '/inbox/', route: { page: InboxPage, permission: INBOX_PERMISSIONS } },
  { prefix: '/contacts/', route: { page: ContactsPage, permission: 'contacts.view' } },
];

/** The route of a (normalized) path, or undefined for "not found". */
export function matchRoute(path: string): AppRoute | undefined {
  const exact = APP_ROUTES[path];
  if (exact) return exact;
  for (const { prefix, route } of PARAM_ROUTES) {
    const rest = path.startsWith(prefix) ? path.slice(prefix.length) : '';
    if (rest && !rest.includes('/')) return route;
  }
  return undefined;
}

const PUBLIC_PATHS = ['/login', '/forgot-password', '/reset-password', '/accept-invite', '/setup'];

function normalize(path: string): string {
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}

/** Where the current URL should go instead, or null to show it. */
export function redirectFor(
  path: string,
  search: string,
  signedIn: boolean,
  setup: boolean,
  landing = '/',
): string | null {
  if (setup) return path === '/setup' ? null : '/setup';
  if (path === '/setup') return signedIn ? landing : '/login';
  if (signedIn && (path === '/login' || path === '/forgot-password')) return landing;
  if (!signedIn && !PUBLIC_PATHS.includes(path)) {
    const next = path === '/' ? '' : `?next=${encodeURIComponent(path + search)}`;
    return `/login${next}`;
  }
  return null;
}

function Redirect(props: { to: string }) {
  useEffect(() => navigate(props.to, { replace: true }), [props.to]);
  return null;
}

function publicPage(path: string) {
  switch (path) {
    case '/login':
      return <LoginPage />;
    case '/forgot-password':
      return <ForgotPasswordPage />;
    case '/reset-password':
      return <SetPasswordPage key="reset" invite={false} />;
    case '/accept-invite':
      return <SetPasswordPage key="invite" invite />;
    case '/setup':
      return <SetupPage />;
    default:
      return null;
  }
}

export function App() {
  if (boot.value === 'loading') {
    return (
      <div class="boot">
        <Spinner label={t('common.loading')} />
      </div>
    );
  }
  const path = normalize(route.value.path);
  const signedIn = me.value !== null;
  const target = redirectFor(path, route.value.search, signedIn, needsSetup.value, landingPath(can));
  if (target) return <Redirect to={target} />;

  const pub = publicPage(path);
  if (pub && (!signedIn || path === '/reset-password' || path === '/accept-invite')) {
    return <PublicLayout>{pub}</PublicLayout>;
  }
  const match = matchRoute(path);
  let page = <NotFoundPage />;
  if (match) {
    const Page = match.page;
    page = permitted(match.permission, can) ? <Page /> : <ForbiddenPage />;
  }
  return <Shell>{page}</Shell>;
}
