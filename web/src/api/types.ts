import type { Language } from '../i18n';

export type UserStatus = 'online' | 'paused' | 'invisible' | 'offline';
export const USER_STATUSES: readonly UserStatus[] = ['online', 'paused', 'invisible', 'offline'];

export interface User {
  id: string;
  email: string;
  name: string;
  avatar_url: string | null;
  language: Language;
  time_zone: string;
  status: UserStatus;
  pause_reason_id: string | null;
  status_changed_at?: string | null;
  capacity: number;
  profile_id: string;
  profile_name: string;
  /** Which built-in profile this is, when the server says so (its name is then translated). */
  profile_builtin?: BuiltinProfile | null;
  active: boolean;
  invited: boolean;
  created_at: string;
}

export interface Organization {
  id: string;
  name: string;
}

export interface Me {
  user: User;
  organization: Organization;
  permissions: string[];
  csrf_token: string | null;
}

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

export interface StatusChange {
  at: string;
  status: UserStatus;
  pause_reason_id: string | null;
  pause_reason_name: string | null;
}

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

export interface ApiToken {
  id: string;
  name: string;
  profile_id: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
  token?: string;
}

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
  status: string;
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
