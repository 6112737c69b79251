import { api } from './client';
import type { components } from './generated';
import type { Message, TemplateParameters } from './types';

/**
 * Types and calls of the bots API (BOT-2..5, CONV-13): a channel's chatbot settings, the
 * out-of-hours contacts, absence messages and survey results. Kept apart from `endpoints.ts`
 * so only the (lazy) pages that use them load them.
 */

const V1 = '/api/v1';

/** The server's views, generated from its OpenAPI document (`npm run gen:api`). */
type Schemas = components['schemas'];

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

/** The texts the chatbot's language gives where a setting's text is left empty. */
export type DefaultText = keyof Schemas['ChatbotDefaultsView'];

/** The server types `settings` as a free-form object; its shape is the one `PUT` takes. */
export type ChatbotView = Omit<Schemas['ChatbotView'], 'settings'> & { settings: ChatbotSettings };

export type Callback = 'yes' | 'no' | 'no_answer' | 'n/a';

export type OutOfHoursContact = Schemas['OutOfHoursContactView'] & { callback: Callback };

export type OutOfHoursSent = Omit<Schemas['OutOfHoursSentView'], 'message'> & { message: Message };

export interface TemplateSend {
  name: string;
  language: string | null;
  parameters: TemplateParameters;
}

export type Absence = Schemas['AbsenceView'];

export type SurveyAnswer = Schemas['SurveyView'] & { kind: SurveyKind };

export type SurveySummary = Schemas['SurveySummaryView'];

export type SurveyResults = Omit<Schemas['SurveyListView'], 'items'> & { items: SurveyAnswer[] };

const enc = encodeURIComponent;

export const bots = {
  chatbot: (channelId: string) => api.get<ChatbotView>(`${V1}/channels/${enc(channelId)}/chatbot`),
  saveChatbot: (channelId: string, settings: ChatbotSettings) =>
    api.put<ChatbotView>(`${V1}/channels/${enc(channelId)}/chatbot`, settings),

  outOfHours: (query: { campaign_id?: string; channel_id?: string }) =>
    api.get<{ items: OutOfHoursContact[] }>(`${V1}/out-of-hours-contacts`, { query: { ...query } }),
  sendOutOfHours: (id: string, body: { text: string } | { template: TemplateSend }) =>
    api.post<OutOfHoursSent>(`${V1}/out-of-hours-contacts/${enc(id)}/send`, body),

  absence: (userId: string) => api.get<Absence>(`${V1}/users/${enc(userId)}/absence`),
  saveAbsence: (
    userId: string,
    body: { enabled: boolean; message: string; suggested_contact: string | null },
  ) => api.put<Absence>(`${V1}/users/${enc(userId)}/absence`, body),

  surveys: (query: { campaign_id?: string; agent_id?: string; since?: string }) =>
    api.get<SurveyResults>(`${V1}/surveys`, { query: { ...query } }),
};
