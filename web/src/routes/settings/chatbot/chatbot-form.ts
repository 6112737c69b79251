import type { BotLanguage, ChatbotSettings, DefaultText, SurveyEvery, SurveyKind } from '../../../api/bots';
import { fieldMessage } from '../../../api/problem';
import type { Queue } from '../../../api/types';
import { type Language, translate } from '../../../i18n';

/** The editor's tabs, in order, after the seed's "Flujo de conversación", "Preguntas frecuentes"… */
export type ChatbotTab = 'flow' | 'faq' | 'queues' | 'attention';
export const CHATBOT_TABS: ChatbotTab[] = ['flow', 'faq', 'queues', 'attention'];

export const MENU_ITEMS_MAX = 10;

/** What every tab of the editor gets: the draft and its setter, the messages, the default texts. */
export interface ChatbotTabProps {
  draft: ChatbotDraft;
  set: (next: ChatbotDraft) => void;
  errors: Record<string, string>;
  placeholder: (key: DefaultText) => string;
  queues: Queue[];
}

export interface SwitchedDraft {
  enabled: boolean;
  text: string;
}

/** The settings as the form edits them: texts as strings ('' = default), numbers as typed. */
export interface ChatbotDraft {
  enabled: boolean;
  language: BotLanguage;
  greeting: SwitchedDraft;
  returnGreeting: SwitchedDraft & { afterHours: string };
  faq: {
    enabled: boolean;
    intro: string;
    items: { question: string; answer: string }[];
    agentOption: string;
  };
  queueMenu: {
    enabled: boolean;
    intro: string;
    queues: { queueId: string; label: string }[];
    defaultQueueId: string;
  };
  preAttention: SwitchedDraft;
  postAttention: SwitchedDraft;
  unavailable: SwitchedDraft;
  maxInvalid: string;
  survey: {
    enabled: boolean;
    kind: SurveyKind;
    invitation: boolean;
    invitationText: string;
    question: string;
    every: SurveyEvery;
    interval: string;
  };
}

const sw = (s: { enabled: boolean; text: string | null }): SwitchedDraft => ({
  enabled: s.enabled,
  text: s.text ?? '',
});

export function toDraft(s: ChatbotSettings): ChatbotDraft {
  return {
    enabled: s.enabled,
    language: s.language,
    greeting: sw(s.greeting),
    returnGreeting: { ...sw(s.return_greeting), afterHours: String(s.return_greeting.after_hours) },
    faq: {
      enabled: s.faq.enabled,
      intro: s.faq.intro ?? '',
      items: s.faq.items.map((i) => ({ question: i.question, answer: i.answer })),
      agentOption: s.faq.agent_option ?? '',
    },
    queueMenu: {
      enabled: s.queue_menu.enabled,
      intro: s.queue_menu.intro ?? '',
      queues: s.queue_menu.queues.map((q) => ({ queueId: q.queue_id, label: q.label })),
      defaultQueueId: s.queue_menu.default_queue_id ?? '',
    },
    preAttention: sw(s.pre_attention),
    postAttention: sw(s.post_attention),
    unavailable: sw(s.unavailable),
    maxInvalid: String(s.max_invalid),
    survey: {
      enabled: s.survey.enabled,
      kind: s.survey.kind,
      invitation: s.survey.invitation,
      invitationText: s.survey.invitation_text ?? '',
      question: s.survey.question ?? '',
      every: s.survey.every,
      interval: String(s.survey.interval),
    },
  };
}

/** An empty text means "the default text": the API takes it as null. */
export function textOrNull(text: string): string | null {
  const trimmed = text.trim();
  return trimmed ? trimmed : null;
}

/** A local problem, as the server would name it (field path and error code). */
export interface LocalProblem {
  field: string;
  code: string;
  params?: Record<string, number>;
}

function whole(problems: LocalProblem[], field: string, value: string, min: number, max: number): number {
  const v = value.trim();
  if (!/^\d+$/.test(v)) {
    problems.push({ field, code: 'invalid' });
    return min;
  }
  const n = Number(v);
  if (n < min || n > max) problems.push({ field, code: 'out_of_range', params: { min, max } });
  return n;
}

const swOut = (s: SwitchedDraft) => ({ enabled: s.enabled, text: textOrNull(s.text) });

/**
 * The settings to PUT, or the problems the server could not even read (numbers that are not
 * numbers, queue rows without a queue). Everything else is left to the server's checks.
 */
export function fromDraft(
  d: ChatbotDraft,
): { settings: ChatbotSettings; problems: [] } | { settings: null; problems: LocalProblem[] } {
  const problems: LocalProblem[] = [];
  const afterHours = whole(problems, 'return_greeting.after_hours', d.returnGreeting.afterHours, 1, 24 * 90);
  const maxInvalid = whole(problems, 'max_invalid', d.maxInvalid, 1, 5);
  const interval = whole(problems, 'survey.interval', d.survey.interval, 1, 365);
  d.queueMenu.queues.forEach((q, i) => {
    if (!q.queueId) problems.push({ field: `queue_menu.queues.${i}.queue_id`, code: 'required' });
  });
  if (problems.length) return { settings: null, problems };
  return {
    problems: [],
    settings: {
      enabled: d.enabled,
      language: d.language,
      greeting: swOut(d.greeting),
      return_greeting: { ...swOut(d.returnGreeting), after_hours: afterHours },
      faq: {
        enabled: d.faq.enabled,
        intro: textOrNull(d.faq.intro),
        items: d.faq.items.map((i) => ({ question: i.question.trim(), answer: i.answer.trim() })),
        agent_option: textOrNull(d.faq.agentOption),
      },
      queue_menu: {
        enabled: d.queueMenu.enabled,
        intro: textOrNull(d.queueMenu.intro),
        queues: d.queueMenu.queues.map((q) => ({ queue_id: q.queueId, label: q.label.trim() })),
        default_queue_id: d.queueMenu.defaultQueueId || null,
      },
      pre_attention: swOut(d.preAttention),
      post_attention: swOut(d.postAttention),
      unavailable: swOut(d.unavailable),
      max_invalid: maxInvalid,
      survey: {
        enabled: d.survey.enabled,
        kind: d.survey.kind,
        invitation: d.survey.invitation,
        invitation_text: textOrNull(d.survey.invitationText),
        question: textOrNull(d.survey.question),
        every: d.survey.every,
        interval,
      },
    },
  };
}

/** The tab that shows a field of the settings (by its API path). */
export function tabOfField(field: string): ChatbotTab {
  const head = field.split('.')[0] ?? '';
  if (head === 'faq') return 'faq';
  if (head === 'queue_menu') return 'queues';
  if (['pre_attention', 'post_attention', 'unavailable', 'max_invalid'].includes(head)) return 'attention';
  return 'flow';
}

/** The tab of the first field in error, to show it; null without errors. */
export function firstErrorTab(errors: Record<string, string>): ChatbotTab | null {
  const first = Object.keys(errors)[0];
  return first ? tabOfField(first) : null;
}

/** The local problems as the form shows them: the first message of each field. */
export function localMessages(problems: LocalProblem[], lang: Language): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of problems) out[p.field] ??= fieldMessage(p, lang);
  return out;
}

/** How many errors each tab holds, for the marks on the tabs. */
export function errorsByTab(fields: Iterable<string>): Record<ChatbotTab, number> {
  const out: Record<ChatbotTab, number> = { flow: 0, faq: 0, queues: 0, attention: 0 };
  for (const f of fields) out[tabOfField(f)] += 1;
  return out;
}

const LOCALE_KEYS: Record<DefaultText, string> = {
  greeting: 'bot.greeting',
  return_greeting: 'bot.return_greeting',
  faq_intro: 'bot.faq_intro',
  agent_option: 'bot.agent_option',
  queue_intro: 'bot.queue_intro',
  other_matters: 'bot.other_matters',
  pre_attention: 'bot.pre_attention',
  post_attention: 'bot.post_attention',
  unavailable: 'bot.unavailable',
  survey_invitation: 'bot.survey_invitation',
  survey_csat: 'bot.survey_csat',
  survey_nps: 'bot.survey_nps',
};

/**
 * The default text contacts read when a field is left empty: the server's (in the saved
 * language), or, once the editor picks another language, the same locale text in that one.
 */
export function defaultText(
  key: DefaultText,
  language: BotLanguage,
  saved: { language: BotLanguage; defaults: Partial<Record<DefaultText, string>> },
): string {
  const server = saved.defaults[key];
  if (language === saved.language && server) return server;
  return translate(language as Language, LOCALE_KEYS[key]);
}

/**
 * Another channel's settings as a draft for this one ("número de referencia"): everything but
 * the master switch, which stays as it is here; the queue menu only when both channels are in
 * the same campaign (queues belong to a campaign).
 */
export function copyDraft(from: ChatbotSettings, current: ChatbotDraft, sameCampaign: boolean): ChatbotDraft {
  const copied = toDraft(from);
  copied.enabled = current.enabled;
  if (!sameCampaign) copied.queueMenu = { ...current.queueMenu };
  return copied;
}
