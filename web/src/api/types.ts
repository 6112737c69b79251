import type { Language } from '../i18n';
import type { components } from './generated';

/** The server's views, generated from its OpenAPI document (`npm run gen:api`). */
type Schemas = components['schemas'];

/** `T` with the fields of `U` put in place of its own (to narrow a view's strings and free-form objects). */
type With<T, U> = Omit<T, keyof U> & U;

export type UserStatus = 'online' | 'paused' | 'invisible' | 'offline';
export const USER_STATUSES: readonly UserStatus[] = ['online', 'paused', 'invisible', 'offline'];

/** A user as administrators see it; the server's enums narrowed to the web's unions. */
export type User = Schemas['UserView'] & {
  language: Language;
  status: UserStatus;
  profile_builtin: BuiltinProfile | null;
};

export type Organization = Schemas['OrganizationView'];

export type Me = Omit<Schemas['WhoamiView'], 'user'> & { user: User };

/** A list answer (every `PageOf…View`): its items and the cursor of the next page. */
export interface Page<T> {
  items: T[];
  next: string | null;
}

export type PauseReason = Schemas['PauseReasonView'];

export type BuiltinProfile = 'administrator' | 'supervisor' | 'agent';

export type Profile = Schemas['ProfileView'] & { builtin: BuiltinProfile | null };

export type PermissionModule = Schemas['PermissionModuleView'];

/** Every permission a profile may hold, by module (`GET /api/v1/permissions`). */
export type PermissionCatalogue = Schemas['PermissionCatalogueView'];

/** Whether the organization still has to be set up (`GET /api/v1/setup`). */
export type SetupStatus = Schemas['SetupStatusView'];

/** The campaigns a supervisor supervises (`/api/v1/users/{id}/supervision`). */
export type Supervision = Schemas['SupervisionView'];
export type Monitoring = Schemas['MonitoringView'];
export type ConversationReport = Schemas['ConversationReportView'];
export type AgentReport = Schemas['AgentReportView'];

export type StatusChange = Schemas['StatusChangeView'] & { status: UserStatus };

/** A client, project or campaign, as the organization browser lists them. */
export type HierarchyNode = Schemas['ClientView'] | Schemas['ProjectView'] | Schemas['CampaignView'];

/** An API token; `token` is there only in the answer that created it. */
export type ApiToken = Schemas['TokenView'] & Partial<Pick<Schemas['NewTokenView'], 'token'>>;

export type AuditEntry = Schemas['AuditEntryView'];

/** A field's error: one of a problem's `errors`, or one the web's own checks found (those may have no `params`). */
export type FieldProblem = With<Schemas['FieldError'], { params?: Schemas['FieldError']['params'] }>;

/** The codes of problems the client makes up: `network_error` (no answer), `unknown` (an answer without a code). */
export type ErrorCode = Schemas['ErrorCode'] | 'network_error' | 'unknown';

/** A problem+json answer, or one the client made up (those have only `status` and `code`). */
export type Problem = Partial<Omit<Schemas['Problem'], 'status' | 'code'>> & {
  status: number;
  code: ErrorCode;
};

/** What the server last learned of a channel's link; `last_error` says why it is unlinked. */
export type ChannelHealth = { last_error?: { code?: string; title?: string } } & Record<string, unknown>;

/** A channel of the organization (WhatsApp number, simulator, …). */
export type Channel = With<Schemas['ChannelView'], { health: ChannelHealth | null }>;

/** A WhatsApp number's template (`GET /api/v1/templates?channel_id=`). */
export type Template = Schemas['TemplateView'];

/** The parameters of a template send: a list for `{{1}}..{{n}}`, an object for named variables. */
export type TemplateParameters = string[] | Record<string, string>;

/** An uploaded file (`POST /api/v1/files`); `url` is a same-origin path for signed-in users. */
export type StoredFile = Schemas['FileView'];

/** A file of the library (`GET /api/v1/files`). */
export type LibraryFile = StoredFile;

/** A message's attachment; what is not known of a file (a network's media) is null. */
export type Attachment = Schemas['AttachmentView'];

export type MessageDirection = 'inbound' | 'outbound';
export type MessageStatus = 'pending' | 'sending' | 'sent' | 'delivered' | 'read' | 'failed';

/** One message of a simulator thread. `inbound` = written by the customer, `outbound` = an agent's reply. */
export type SimulatorMessage = Schemas['SimulatorMessageView'] & {
  direction: MessageDirection;
  status: MessageStatus | null;
};

export interface SimulatorSend {
  text?: string;
  attachment?: string;
  contact_name?: string;
  contact_phone?: string;
}

export type ConversationStatus = 'bot' | 'queued' | 'assigned' | 'closed';
export const CONVERSATION_STATUSES: readonly ConversationStatus[] = ['bot', 'queued', 'assigned', 'closed'];

/** A conversation as the inbox list and the events carry it. */
export type Conversation = Schemas['ConversationView'] & { status: ConversationStatus };

export type Direction = 'inbound' | 'outbound' | 'note' | 'system';

export type Message = Schemas['MessageView'] & { direction: Direction; status: MessageStatus | null };

export type Contact = Schemas['ContactView'];
export type ContactField = Schemas['ContactFieldView'];
export type ContactFieldType = ContactField['type'];

export type ContactNote = Schemas['NoteView'];

export type Identity = Schemas['IdentityView'];

export type ContactDetail = With<Schemas['ContactDetailView'], { conversations: Conversation[] }>;

export type FieldKind = 'text' | 'number' | 'date' | 'list' | 'boolean';

/** A conversation field of a campaign (`GET .../fields` adds its `position`, which the web does not read). */
export type CampaignField = Schemas['ConversationFieldView'] & { kind: FieldKind };

export type AgentPermissions = Schemas['AgentPermissions'];

export type ConversationDetail = With<
  Schemas['ConversationDetailView'],
  {
    conversation: Conversation;
    campaign: With<Schemas['ConversationCampaignView'], { fields: CampaignField[] }>;
    previous_conversations: Conversation[];
    history_messages: Message[];
  }
>;

/** A person of the inbox (`GET /api/v1/agents`). */
export type Agent = Schemas['InboxAgentView'] & { status: UserStatus };

export type Queue = Schemas['QueueView'];

export type QueueCount = Schemas['QueueCountView'];

/** Open conversations per filter value (supervisors only). */
export type OpenCounts = With<
  Schemas['OpenCountsView'],
  { by_status: Partial<Record<ConversationStatus, number>> }
>;

export type InboxCounts = With<Schemas['InboxCountsView'], { open: OpenCounts | null }>;

export type Disposition = Schemas['DispositionView'];

export type QuickReply = Schemas['QuickReplyView'];

/** A quick reply's text with the conversation's variables filled in. */
export type RenderedReply = Schemas['RenderedReplyView'];

/** What a notification points at, by its `kind`. */
export interface NotificationPayload {
  conversation_id?: string;
  message_id?: string;
  by?: { id: string; name: string | null };
  text?: string;
}

export type AppNotification = With<Schemas['NotificationView'], { payload: NotificationPayload }>;

export type AssignmentMethod = 'round_robin' | 'intelligent';

/** A campaign with its conversation settings (`GET /api/v1/campaigns/{id}`). */
export type CampaignSettings = With<
  Schemas['CampaignView'],
  {
    assignment_method: AssignmentMethod;
    agent_permissions: AgentPermissions;
    schedule: Schedule | null;
    out_of_hours: OutOfHours | null;
  }
>;

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** `["08:00", "12:00"]`: open from the first time to the second (24:00 = end of day). */
export type Interval = [string, string];

/** A campaign's opening hours (BOT-1), as the API takes and answers them. */
export interface Schedule {
  time_zone: string;
  always_open: boolean;
  days: Partial<Record<Weekday, Interval[]>>;
  holidays: { date: string; name: string; intervals: Interval[] }[];
}

/** What happens when a contact writes out of hours (BOT-2). */
export interface OutOfHours {
  action: 'close' | 'queue';
  message: string;
  send_message: boolean;
  apply_to_queued: boolean;
}

export type QuickReplyCategory = Schemas['CategoryView'];
