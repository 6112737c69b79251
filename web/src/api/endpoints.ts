import type { Language } from '../i18n';
import { api, upload } from './client';
import type {
  Agent,
  ApiToken,
  AppNotification,
  AuditEntry,
  CampaignField,
  CampaignSettings,
  Channel,
  Contact,
  ContactDetail,
  ContactField,
  ContactFieldType,
  ContactNote,
  Conversation,
  ConversationDetail,
  Disposition,
  HierarchyNode,
  InboxCounts,
  LibraryFile,
  Me,
  Message,
  Monitoring,
  Page,
  PauseReason,
  PermissionCatalogue,
  Profile,
  Queue,
  QuickReply,
  QuickReplyCategory,
  RenderedReply,
  SetupStatus,
  SimulatorMessage,
  SimulatorSend,
  StatusChange,
  StoredFile,
  Supervision,
  Template,
  TemplateParameters,
  User,
  UserStatus,
} from './types';

const V1 = '/api/v1';

/** Lists answer `{items, next}`; this also accepts a bare array. */
export function itemsOf<T>(value: Page<T> | T[] | null | undefined): T[] {
  if (!value) return [];
  return Array.isArray(value) ? value : (value.items ?? []);
}

export function pageOf<T>(value: Page<T> | T[] | null | undefined): Page<T> {
  if (!value) return { items: [], next: null };
  return Array.isArray(value)
    ? { items: value, next: null }
    : { items: value.items ?? [], next: value.next ?? null };
}

/** Follows `next` cursors to read a whole (small) list. */
export async function fetchAll<T>(
  path: string,
  query: Record<string, string> = {},
  maxPages = 20,
): Promise<T[]> {
  const out: T[] = [];
  let after: string | null = null;
  for (let i = 0; i < maxPages; i++) {
    const page: Page<T> = pageOf(await api.get<Page<T>>(path, { query: { ...query, limit: 200, after } }));
    out.push(...page.items);
    if (!page.next) break;
    after = page.next;
  }
  return out;
}

export interface MePatch {
  name?: string;
  time_zone?: string;
  language?: Language;
  avatar_url?: string | null;
}

export interface InviteBody {
  email: string;
  name: string;
  profile_id: string;
  language?: Language;
  time_zone?: string;
  capacity?: number;
}

export interface UserPatch {
  name?: string;
  profile_id?: string;
  capacity?: number;
  language?: Language;
  time_zone?: string;
  active?: boolean;
}

/** Follows `next` cursors with the server's default page size (for lists that take no `limit`). */
async function followPages<T>(
  path: string,
  query: Record<string, string>,
  signal?: AbortSignal,
  maxPages = 20,
): Promise<T[]> {
  const out: T[] = [];
  let after: string | null = null;
  for (let i = 0; i < maxPages; i++) {
    const page: Page<T> = pageOf(await api.get<Page<T>>(path, { query: { ...query, after }, signal }));
    out.push(...page.items);
    if (!page.next) break;
    after = page.next;
  }
  return out;
}

export type Level = 'clients' | 'projects' | 'campaigns';

export const endpoints = {
  setupStatus: () => api.get<SetupStatus>(`${V1}/setup`),
  setup: (body: { organization_name: string; name: string; email: string; password: string }) =>
    api.post<Me>(`${V1}/setup`, body),
  login: (email: string, password: string) => api.post<Me>(`${V1}/session`, { email, password }),
  logout: () => api.delete(`${V1}/session`),
  logoutEverywhere: () => api.delete(`${V1}/sessions`),
  recover: (email: string) => api.post<void>(`${V1}/password-recovery`, { email }),
  resetPassword: (token: string, password: string) =>
    api.post<void>(`${V1}/password-reset`, { token, password }),
  me: () => api.get<Me>(`${V1}/me`),
  updateMe: (patch: MePatch) => api.patch<User>(`${V1}/me`, patch),
  setStatus: (status: UserStatus, pauseReason: string | null) =>
    api.put<User>(`${V1}/me/status`, { status, pause_reason: pauseReason }),

  users: (query: { q?: string; after?: string | null; limit?: number }) =>
    api.get<Page<User>>(`${V1}/users`, { query }),
  invite: (body: InviteBody) => api.post<User>(`${V1}/users`, body),
  updateUser: (id: string, patch: UserPatch) => api.patch<User>(`${V1}/users/${id}`, patch),
  adminResetPassword: (id: string) => api.post<void>(`${V1}/users/${id}/reset-password`),
  supervision: (id: string) => api.get<Supervision>(`${V1}/users/${id}/supervision`),
  monitoring: () => api.get<Monitoring>(`${V1}/monitoring`),
  setSupervision: (id: string, campaignIds: string[]) =>
    api.put<Supervision>(`${V1}/users/${id}/supervision`, { campaign_ids: campaignIds }),
  statusHistory: (id: string, after: string | null) =>
    api.get<Page<StatusChange>>(`${V1}/users/${id}/status-history`, { query: { after, limit: 50 } }),

  pauseReasons: () => api.get<Page<PauseReason>>(`${V1}/pause-reasons`),
  createPauseReason: (name: string) => api.post<PauseReason>(`${V1}/pause-reasons`, { name }),
  renamePauseReason: (id: string, name: string) =>
    api.patch<PauseReason>(`${V1}/pause-reasons/${id}`, { name }),
  deletePauseReason: (id: string) => api.delete(`${V1}/pause-reasons/${id}`),

  permissions: () => api.get<PermissionCatalogue>(`${V1}/permissions`),
  profiles: () => fetchAll<Profile>(`${V1}/profiles`),
  createProfile: (name: string, permissions: string[]) =>
    api.post<Profile>(`${V1}/profiles`, { name, permissions }),
  updateProfile: (id: string, patch: { name?: string; permissions?: string[] }) =>
    api.patch<Profile>(`${V1}/profiles/${id}`, patch),
  deleteProfile: (id: string) => api.delete(`${V1}/profiles/${id}`),
  profileMembers: (id: string, after: string | null) =>
    api.get<Page<User>>(`${V1}/profiles/${id}/members`, { query: { after, limit: 50 } }),

  nodes: (level: Level, parent?: { client_id?: string; project_id?: string }) =>
    fetchAll<HierarchyNode>(`${V1}/${level}`, { ...parent }),
  createNode: (level: Level, body: Record<string, string>) => api.post<HierarchyNode>(`${V1}/${level}`, body),
  updateNode: (
    level: Level,
    id: string,
    patch: { name?: string; description?: string | null; archived?: boolean },
  ) => api.patch<HierarchyNode>(`${V1}/${level}/${id}`, patch),

  tokens: () => fetchAll<ApiToken>(`${V1}/tokens`),
  createToken: (name: string, profileId: string) =>
    api.post<ApiToken>(`${V1}/tokens`, { name, profile_id: profileId }),
  revokeToken: (id: string) => api.delete(`${V1}/tokens/${id}`),

  auditLog: (query: { after?: string | null; entity_type?: string; limit?: number }) =>
    api.get<Page<AuditEntry>>(`${V1}/audit-log`, { query }),

  channels: (kind: string) => followPages<Channel>(`${V1}/channels`, { kind }),
  uploadFile: (file: File, library = false) =>
    upload<StoredFile>(`${V1}/files`, file, {
      query: { name: file.name || 'file', library: library || undefined },
    }),
  library: (after: string | null) =>
    api.get<Page<LibraryFile>>(`${V1}/files`, { query: { after, limit: 50 } }),
  removeFromLibrary: (id: string) => api.delete(`${V1}/files/${encodeURIComponent(id)}`),

  conversations: (
    query: Record<string, string | number | boolean | null | undefined>,
    signal?: AbortSignal,
  ) => api.get<Page<Conversation>>(`${V1}/conversations`, { query, signal }),
  conversation: (id: string) => api.get<ConversationDetail>(`${V1}/conversations/${encodeURIComponent(id)}`),
  messages: (id: string, before: string | null, limit = 50) =>
    api.get<Page<Message>>(`${V1}/conversations/${encodeURIComponent(id)}/messages`, {
      query: { before, limit },
    }),
  sendMessage: (id: string, body: { text?: string; attachments?: string[]; private?: boolean }) =>
    api.post<Message>(`${V1}/conversations/${encodeURIComponent(id)}/messages`, body),
  sendTemplate: (
    id: string,
    template: { name: string; language: string | null; parameters: TemplateParameters },
  ) => api.post<Message>(`${V1}/conversations/${encodeURIComponent(id)}/messages`, { template }),
  templates: (channelId: string) =>
    api.get<Page<Template>>(`${V1}/templates`, { query: { channel_id: channelId } }),
  accept: (id: string) => api.post<Conversation>(`${V1}/conversations/${encodeURIComponent(id)}/accept`),
  assign: (id: string, agentId: string) =>
    api.post<Conversation>(`${V1}/conversations/${encodeURIComponent(id)}/assign`, { agent_id: agentId }),
  transfer: (id: string, target: { agent_id?: string; queue_id?: string; campaign_id?: string }) =>
    api.post<Conversation>(`${V1}/conversations/${encodeURIComponent(id)}/transfer`, target),
  close: (
    id: string,
    body: { disposition_id: string | null; note?: string; fields: Record<string, unknown> },
  ) => api.post<Conversation>(`${V1}/conversations/${encodeURIComponent(id)}/close`, body),
  markRead: (id: string) => api.post<Conversation>(`${V1}/conversations/${encodeURIComponent(id)}/read`),
  setBotPaused: (id: string, paused: boolean) =>
    api.post<Conversation>(`${V1}/conversations/${encodeURIComponent(id)}/bot`, { paused }),
  inboxCounts: () => api.get<InboxCounts>(`${V1}/inbox/counts`),
  agents: () => api.get<Page<Agent>>(`${V1}/agents`),
  queues: (campaignId?: string) =>
    api.get<Page<Queue>>(`${V1}/queues`, { query: { campaign_id: campaignId } }),
  campaigns: () => fetchAll<HierarchyNode>(`${V1}/campaigns`),
  allChannels: () => followPages<Channel>(`${V1}/channels`, {}),
  dispositions: () => api.get<Page<Disposition>>(`${V1}/dispositions`),
  quickReplies: (q: string) => api.get<Page<QuickReply>>(`${V1}/quick-replies`, { query: { q } }),
  renderQuickReply: (id: string, conversationId: string) =>
    api.post<RenderedReply>(`${V1}/quick-replies/${encodeURIComponent(id)}/render`, {
      conversation_id: conversationId,
    }),
  notifications: () => api.get<Page<AppNotification>>(`${V1}/notifications`, { query: { limit: 30 } }),
  readNotification: (id: string) => api.post<void>(`${V1}/notifications/${encodeURIComponent(id)}/read`),
  contacts: (query: Record<string, string | number | boolean | null | undefined>) =>
    api.get<Page<Contact>>(`${V1}/contacts`, { query }),
  contact: (id: string) => api.get<ContactDetail>(`${V1}/contacts/${encodeURIComponent(id)}`),
  updateContact: (
    id: string,
    patch: {
      name?: string | null;
      email?: string | null;
      phone?: string | null;
      tags?: string[];
      fields?: Record<string, unknown>;
    },
  ) => api.patch<ContactDetail>(`${V1}/contacts/${encodeURIComponent(id)}`, patch),
  contactFields: (archived = false) =>
    api.get<Page<ContactField>>(`${V1}/contact-fields`, { query: { archived } }),
  createContactField: (field: { key: string; label: string; type: ContactFieldType; options: string[] }) =>
    api.post<ContactField>(`${V1}/contact-fields`, field),
  updateContactField: (id: string, patch: { label?: string; options?: string[]; archived?: boolean }) =>
    api.patch<ContactField>(`${V1}/contact-fields/${encodeURIComponent(id)}`, patch),
  addContactNote: (id: string, text: string) =>
    api.post<ContactNote>(`${V1}/contacts/${encodeURIComponent(id)}/notes`, { text }),

  campaign: (id: string) => api.get<CampaignSettings>(`${V1}/campaigns/${encodeURIComponent(id)}`),
  updateCampaign: (id: string, patch: Partial<Omit<CampaignSettings, 'id' | 'name'>> & { name?: string }) =>
    api.patch<CampaignSettings>(`${V1}/campaigns/${encodeURIComponent(id)}`, patch),
  campaignFields: (id: string) =>
    api.get<Page<CampaignField>>(`${V1}/campaigns/${encodeURIComponent(id)}/fields`),
  replaceCampaignFields: (id: string, fields: (Omit<CampaignField, 'id'> & { id?: string })[]) =>
    api.put<Page<CampaignField>>(`${V1}/campaigns/${encodeURIComponent(id)}/fields`, { fields }),
  createDisposition: (projectId: string, name: string) =>
    api.post<Disposition>(`${V1}/dispositions`, { project_id: projectId, name }),
  createQueue: (campaignId: string, name: string, memberIds: string[]) =>
    api.post<Queue>(`${V1}/queues`, { campaign_id: campaignId, name, member_ids: memberIds }),
  updateQueue: (id: string, patch: { name?: string; member_ids?: string[]; archived?: boolean }) =>
    api.patch<Queue>(`${V1}/queues/${encodeURIComponent(id)}`, patch),
  quickReplyCategories: () => api.get<Page<QuickReplyCategory>>(`${V1}/quick-reply-categories`),
  createQuickReplyCategory: (name: string) =>
    api.post<QuickReplyCategory>(`${V1}/quick-reply-categories`, { name }),
  deleteQuickReplyCategory: (id: string) =>
    api.delete(`${V1}/quick-reply-categories/${encodeURIComponent(id)}`),
  createQuickReply: (body: { title: string; text: string; category_id: string | null }) =>
    api.post<QuickReply>(`${V1}/quick-replies`, body),
  updateQuickReply: (id: string, body: { title: string; text: string; category_id: string | null }) =>
    api.patch<QuickReply>(`${V1}/quick-replies/${encodeURIComponent(id)}`, body),
  deleteQuickReply: (id: string) => api.delete(`${V1}/quick-replies/${encodeURIComponent(id)}`),
  createChannel: (body: {
    kind: string;
    name: string;
    campaign_id: string;
    config?: Record<string, string>;
  }) => api.post<Channel>(`${V1}/channels`, body),
  channel: (id: string) => api.get<Channel>(`${V1}/channels/${encodeURIComponent(id)}`),
  syncTemplates: (id: string) => api.post<void>(`${V1}/channels/${encodeURIComponent(id)}/sync-templates`),

  simulatorMessages: (channelId: string, contactPhone: string, signal?: AbortSignal) =>
    followPages<SimulatorMessage>(
      `${V1}/simulator/${encodeURIComponent(channelId)}/messages`,
      { contact_phone: contactPhone },
      signal,
    ),
  simulatorSend: (channelId: string, body: SimulatorSend) =>
    api.post<SimulatorMessage>(`${V1}/simulator/${encodeURIComponent(channelId)}/messages`, body),
  simulatorRead: (channelId: string, contactPhone: string) =>
    api.post<void>(`${V1}/simulator/${encodeURIComponent(channelId)}/read`, { contact_phone: contactPhone }),
};

export const OPENAPI_URL = `${V1}/openapi.json`;
