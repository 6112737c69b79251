import { api } from './client';
import type { components } from './generated';
import type { Template, TemplateParameters } from './types';

/**
 * Reaching out (OUT-1, OUT-3): creating a WhatsApp template, and starting a conversation with a
 * contact. Kept apart from `endpoints.ts` so only the pages that use them load them.
 */

const V1 = '/api/v1';

/** The server's answer to `POST /api/v1/conversations`. */
export type StartedConversation = components['schemas']['StartedConversationView'];

/** `POST /api/v1/templates`: a template in the Graph API's own shape. */
export interface NewTemplate {
  channel_id: string;
  name: string;
  language: string;
  category: string;
  components: Record<string, unknown>[];
}

/** `POST /api/v1/conversations`: who (a contact or a phone) and the first message. */
export interface StartConversation {
  channel_id: string;
  contact_id?: string;
  phone?: string;
  text?: string;
  template?: { name: string; language: string | null; parameters: TemplateParameters };
}

export const outbound = {
  createTemplate: (body: NewTemplate) => api.post<Template>(`${V1}/templates`, body),
  startConversation: (body: StartConversation) => api.post<StartedConversation>(`${V1}/conversations`, body),
};
