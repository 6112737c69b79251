import { api } from './client';
import type { TemplateParameters } from './types';

/**
 * Types and calls of the bots API (BOT-2..5, CONV-13): a channel's chatbot settings, the
 * out-of-hours contacts, absence messages and survey results. Kept apart from `endpoints.ts`
 * so only the (lazy) pages that use them load them.
 */

const V1 = '/api/v1';

export type BotLanguage = 'es' | 'pt-BR' | 'en';
export type SurveyKind = 'csat' | 'nps';
export type SurveyEvery = 'attentions' | 'days';

export interface Switched {
  enabled: boolean;
  text: string | null;
}

export interface FaqItem {
  question: string;
  answer: string;
}

export interface QueueOption {
  queue_id: string;
  label: string;
}

/** `GET/PUT /api/v1/channels/{id}/chatbot` → `settings` (texts `null` = the default text). */
export interface ChatbotSettings {
  enabled: boolean;
  language: BotLanguage;
  greeting: Switched;
  return_greeting: Switched & { after_hours: number };
  faq: { enabled: boolean; intro: string | null; items: FaqItem[]; agent_option: string | null };
  queue_menu: {
    enabled: boolean;
    intro: string | null;
    queues: QueueOption[];
    default_queue_id: string | null;
  };
  pre_attention: Switched;
  post_attention: Switched;
  unavailable: Switched;
  max_invalid: number;
  survey: {
    enabled: boolean;
    kind: SurveyKind;
    invitation: boolean;
    invitation_text: string | null;
    question: string | null;
    every: SurveyEvery;
    interval: number;
  };
}

export type DefaultText =
  | 'greeting'
  | 'return_greeting'
  | 'faq_intro'
  | 'agent_option'
  | 'queue_intro'
  | 'other_matters'
  | 'pre_attention'
  | 'post_attention'
  | 'unavailable'
  | 'survey_invitation'
  | 'survey_csat'
  | 'survey_nps';

export interface ChatbotView {
  settings: ChatbotSettings;
  defaults: Record<DefaultText, string>;
}

export type Callback = 'yes' | 'no' | 'no_answer' | 'n/a';

export interface OutOfHoursContact {
  id: string;
  wrote_at: string;
  campaign_id: string;
  channel_id: string;
  conversation_id: string;
  contact_id: string;
  name: string | null;
  display_name: string;
  phone: string | null;
  callback: Callback;
  message_sent: boolean;
  message_sent_at: string | null;
}

export interface TemplateSend {
  name: string;
  language: string | null;
  parameters: TemplateParameters;
}

export interface Absence {
  user_id?: string;
  enabled: boolean;
  message: string;
  suggested_contact: string | null;
  updated_at?: string | null;
}

export interface SurveyAnswer {
  id: string;
  conversation_id: string;
  contact_id: string;
  channel_id: string;
  campaign_id: string;
  agent_id: string | null;
  kind: SurveyKind;
  score: number | null;
  sent_at: string;
  answered_at: string | null;
}

export interface SurveySummary {
  csat: { answers: number; average: number | null; satisfied_percent: number | null };
  nps: { answers: number; average: number | null; score: number | null };
}

export interface SurveyResults {
  items: SurveyAnswer[];
  summary: SurveySummary;
}

const enc = encodeURIComponent;

export const bots = {
  chatbot: (channelId: string) => api.get<ChatbotView>(`${V1}/channels/${enc(channelId)}/chatbot`),
  saveChatbot: (channelId: string, settings: ChatbotSettings) =>
    api.put<ChatbotView>(`${V1}/channels/${enc(channelId)}/chatbot`, settings),

  outOfHours: (query: { campaign_id?: string; channel_id?: string }) =>
    api.get<{ items: OutOfHoursContact[] }>(`${V1}/out-of-hours-contacts`, { query: { ...query } }),
  sendOutOfHours: (id: string, body: { text: string } | { template: TemplateSend }) =>
    api.post<{ conversation_id: string; message: unknown }>(
      `${V1}/out-of-hours-contacts/${enc(id)}/send`,
      body,
    ),

  absence: (userId: string) => api.get<Absence>(`${V1}/users/${enc(userId)}/absence`),
  saveAbsence: (
    userId: string,
    body: { enabled: boolean; message: string; suggested_contact: string | null },
  ) => api.put<Absence>(`${V1}/users/${enc(userId)}/absence`, body),

  surveys: (query: { campaign_id?: string; agent_id?: string; since?: string }) =>
    api.get<SurveyResults>(`${V1}/surveys`, { query: { ...query } }),
};
