import type { Language } from '../i18n';
import type { components } from './generated';

/** The server's views, generated from its OpenAPI document (`npm run gen:api`). */
type Schemas = components['schemas'];

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

export interface Page<T> {
  items: T[];
  next: string | null;
}

export interface PauseReason {
  id: string;
  name: string;
}

export type BuiltinProfile = 'administrator' | 'supervisor' | 'agent';

export interface Profile {
  id: string;
  name: string;
  builtin: BuiltinProfile | null;
  permissions: string[];
  member_count: number;
}

export interface PermissionModule {
  module: string;
  permissions: string[];
}

export type StatusChange = Schemas['StatusChangeView'] & { status: UserStatus };

export interface HierarchyNode {
  id: string;
  name: string;
  archived?: boolean;
  archived_at: string | null;
  created_at: string;
  client_id?: string;
  project_id?: string;
  description?: string | null;
}

/** An API token; `token` is there only in the answer that created it. */
export type ApiToken = Schemas['TokenView'] & { token?: string };

export interface AuditEntry {
  id: string;
  at: string;
  actor_id: string | null;
  actor_name: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  before: unknown;
  after: unknown;
}

export interface FieldProblem {
  field: string;
  code: string;
  params?: Record<string, string | number>;
}

export interface Problem {
  type?: string;
  title?: string;
  status: number;
  code: string;
  detail?: string | null;
  errors?: FieldProblem[];
  locked_until?: string;
  retry_after?: number;
}

/** A channel of the organization (WhatsApp number, simulator, …). */
export interface Channel {
  id: string;
  kind: string;
  name: string;
  campaign_id: string | null;
  /** `active` (green), `inactive` (orange: archived), `unlinked` (red: its credentials stopped working). */
  status: string;
  /** What the network lets be shown (ids, base URL); never a token. */
  config?: Record<string, unknown>;
  /** Network health; `last_error` says why a channel is unlinked. */
  health?: { last_error?: { code?: string; title?: string } } & Record<string, unknown>;
  /** Where the network posts its webhooks (not for the simulator). */
  webhook_url?: string | null;
  /** WhatsApp only, for those who manage settings: what goes into Meta's dashboard. */
  verify_token?: string | null;
  archived?: boolean;
  created_at?: string;
}

/** A WhatsApp number's template (`GET /api/v1/templates?channel_id=`). */
export interface Template {
  id: string;
  name: string;
  language: string | null;
  category: string | null;
  /** Meta's status: only `APPROVED` ones can be sent. */
  status: string;
  reason: string | null;
  body: string | null;
  positional_parameters: number;
  named_parameters: string[];
}

/** The parameters of a template send: a list for `{{1}}..{{n}}`, an object for named variables. */
export type TemplateParameters = string[] | Record<string, string>;

/** A file of the library (`GET /api/v1/files`). */
export interface LibraryFile extends StoredFile {
  in_library: boolean;
  created_at: string;
}

/** An uploaded file (`POST /api/v1/files`); `url` is a same-origin path for signed-in users. */
export interface StoredFile {
  id: string;
  name: string;
  content_type: string;
  size: number;
  url: string;
}

export type MessageDirection = 'inbound' | 'outbound';
export type MessageStatus = 'pending' | 'sending' | 'sent' | 'delivered' | 'read' | 'failed';

/** One message of a simulator thread. `inbound` = written by the customer, `outbound` = an agent's reply. */
export interface SimulatorMessage {
  id: string;
  conversation_id: string;
  direction: MessageDirection;
  kind: string;
  text: string | null;
  attachment: StoredFile | null;
  status: MessageStatus | null;
  contact_phone: string;
  contact_name: string | null;
  created_at: string;
}

export interface SimulatorSend {
  text?: string;
  attachment?: string;
  contact_name?: string;
  contact_phone?: string;
}

export type ConversationStatus = 'bot' | 'queued' | 'assigned' | 'closed';
export const CONVERSATION_STATUSES: readonly ConversationStatus[] = ['bot', 'queued', 'assigned', 'closed'];

/** A conversation as the inbox list and the events carry it. */
export interface Conversation {
  id: string;
  status: ConversationStatus;
  closed_reason: string | null;
  contact: { id: string; name: string | null; phone: string | null; email: string | null };
  campaign_id: string;
  channel_id: string;
  channel_kind: string;
  queue_id: string | null;
  agent_id: string | null;
  reserved_for: string | null;
  disposition_id: string | null;
  closing_note: string | null;
  fields: Record<string, unknown>;
  unread_count: number;
  last_activity_at: string;
  last_message: { preview: string | null; direction: string | null };
  last_contact_message_at: string | null;
  opened_at: string;
  queued_at: string | null;
  assigned_at: string | null;
  first_response_at: string | null;
  closed_at: string | null;
  closed_by: string | null;
  bot_paused: boolean;
  transferred_from_id: string | null;
  transferred_to_id: string | null;
}

export type Direction = 'inbound' | 'outbound' | 'note' | 'system';

export interface Message {
  id: string;
  conversation_id: string;
  contact_id: string;
  channel_id: string;
  direction: Direction;
  kind: string;
  text: string | null;
  payload: Record<string, unknown> | null;
  attachment: StoredFile | null;
  reply_to_id: string | null;
  author: { id: string; name: string | null } | null;
  status: MessageStatus | null;
  error: { code: string; title: string | null } | null;
  resent?: boolean;
  sent_at: string | null;
  delivered_at: string | null;
  read_at: string | null;
  created_at: string;
}

export interface Contact {
  id: string;
  name: string | null;
  phone: string | null;
  email: string | null;
  attributes: Record<string, unknown>;
  exclusive_agent_id: string | null;
  unreachable: boolean;
  last_interaction_at: string | null;
  created_at: string;
}

export interface ContactNote {
  id: string;
  contact_id: string;
  author: { id: string; name: string | null } | null;
  text: string;
  pinned: boolean;
  created_at: string;
}

export interface Identity {
  kind: string;
  value: string | null;
}

export interface ContactDetail extends Contact {
  identities: Identity[];
  tags: string[];
  notes: ContactNote[];
  conversations: Conversation[];
}

export type FieldKind = 'text' | 'number' | 'date' | 'list' | 'boolean';

export interface CampaignField {
  id: string;
  name: string;
  kind: FieldKind;
  required: boolean;
  options: string[];
}

export interface AgentPermissions {
  attachments: boolean;
  transfer_between_agents: boolean;
  show_contact_number: boolean;
  history: boolean;
  history_hours: number;
  reassign_when_exclusive_offline: boolean;
  close_without_reply: boolean;
  emojis: boolean;
  voice_notes: boolean;
}

export interface ConversationDetail {
  conversation: Conversation;
  contact: { contact: Contact; identities: Identity[]; tags: string[]; notes: ContactNote[] };
  campaign: {
    id: string;
    name: string;
    agent_permissions: Partial<AgentPermissions>;
    disposition_ids: string[];
    fields: CampaignField[];
  };
  previous_conversations: Conversation[];
  history_messages: Message[];
}

/** A person of the inbox (`GET /api/v1/agents`). */
export interface Agent {
  id: string;
  name: string;
  avatar_url: string | null;
  status: UserStatus;
  status_changed_at: string | null;
  capacity: number;
  assigned: number;
  unread_conversations: number;
  queue_ids: string[];
}

export interface Queue {
  id: string;
  campaign_id: string;
  name: string;
  is_default: boolean;
  waiting: number;
  member_ids: string[];
  archived: boolean;
}

export interface QueueCount {
  queue_id: string;
  campaign_id: string;
  name: string;
  waiting: number;
}

/** Open conversations per filter value (supervisors only). */
export interface OpenCounts {
  by_status: Partial<Record<ConversationStatus, number>>;
  by_campaign: Record<string, number>;
  by_channel: Record<string, number>;
}

export interface InboxCounts {
  assigned: number;
  unread_conversations: number;
  unread_messages: number;
  queues: QueueCount[];
  open?: OpenCounts | null;
}

export interface Disposition {
  id: string;
  project_id: string;
  name: string;
  archived: boolean;
}

export interface QuickReply {
  id: string;
  category_id: string | null;
  title: string;
  text: string;
  variables: string[];
}

export interface AppNotification {
  id: string;
  kind: string;
  payload: {
    conversation_id?: string;
    message_id?: string;
    by?: { id: string; name: string | null };
    text?: string;
  };
  read_at?: string | null;
  created_at: string;
}

export type AssignmentMethod = 'round_robin' | 'intelligent';

/** A campaign with its conversation settings (`GET /api/v1/campaigns/{id}`). */
export interface CampaignSettings extends HierarchyNode {
  default_queue_id: string | null;
  assignment_method: AssignmentMethod;
  cancel_word: string | null;
  inactivity_minutes: number | null;
  inactivity_disposition_id: string | null;
  transfer_disposition_id: string | null;
  mass_transfer_disposition_id: string | null;
  agent_permissions: AgentPermissions & Record<string, unknown>;
  disposition_ids: string[];
  schedule: Schedule | null;
  out_of_hours: OutOfHours | null;
}

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

export interface QuickReplyCategory {
  id: string;
  name: string;
}
