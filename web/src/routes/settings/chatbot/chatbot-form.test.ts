import { describe, expect, it } from 'vitest';
import type { ChatbotSettings } from '../../../api/bots';
import {
  copyDraft,
  defaultText,
  errorsByTab,
  firstErrorTab,
  fromDraft,
  localMessages,
  tabOfField,
  textOrNull,
  toDraft,
} from './chatbot-form';

const QUEUE = '0190f2a0-0000-7000-8000-000000000001';

function settings(): ChatbotSettings {
  return {
    enabled: true,
    language: 'es',
    greeting: { enabled: true, text: null },
    return_greeting: { enabled: false, text: 'Hola de nuevo {name}', after_hours: 24 },
    faq: {
      enabled: true,
      intro: null,
      items: [{ question: '¿Horario?', answer: 'De 8 a 18' }],
      agent_option: null,
    },
    queue_menu: {
      enabled: true,
      intro: null,
      queues: [{ queue_id: QUEUE, label: 'Ventas' }],
      default_queue_id: null,
    },
    pre_attention: { enabled: true, text: null },
    post_attention: { enabled: true, text: null },
    unavailable: { enabled: false, text: null },
    max_invalid: 2,
    survey: {
      enabled: false,
      kind: 'csat',
      invitation: false,
      invitation_text: null,
      question: null,
      every: 'attentions',
      interval: 1,
    },
  };
}

describe('chatbot form ↔ API', () => {
  it('round-trips the settings unchanged', () => {
    const s = settings();
    expect(fromDraft(toDraft(s))).toEqual({ settings: s, problems: [] });
  });

  it('shows default texts (null) as empty fields and sends empty or blank fields back as null', () => {
    const draft = toDraft(settings());
    expect(draft.greeting.text).toBe('');
    expect(draft.queueMenu.defaultQueueId).toBe('');
    draft.greeting.text = '   ';
    draft.preAttention.text = '  Ya te atiendo  ';
    draft.faq.agentOption = 'Hablar con alguien';
    const out = fromDraft(draft);
    expect(out.settings?.greeting.text).toBeNull();
    expect(out.settings?.pre_attention.text).toBe('Ya te atiendo');
    expect(out.settings?.faq.agent_option).toBe('Hablar con alguien');
    expect(textOrNull('')).toBeNull();
  });

  it('reads numbers and names the fields it cannot send, as the server would', () => {
    const draft = toDraft(settings());
    draft.maxInvalid = 'dos';
    draft.survey.interval = '0';
    draft.returnGreeting.afterHours = '48';
    draft.queueMenu.queues.push({ queueId: '', label: 'Otra' });
    const out = fromDraft(draft);
    expect(out.settings).toBeNull();
    expect(out.problems).toEqual([
      { field: 'max_invalid', code: 'invalid' },
      { field: 'survey.interval', code: 'out_of_range', params: { min: 1, max: 365 } },
      { field: 'queue_menu.queues.1.queue_id', code: 'required' },
    ]);
  });

  it('puts each error on its tab', () => {
    expect(tabOfField('faq.items.3.answer')).toBe('faq');
    expect(tabOfField('queue_menu.queues.1.label')).toBe('queues');
    expect(tabOfField('max_invalid')).toBe('attention');
    expect(tabOfField('unavailable.text')).toBe('attention');
    expect(tabOfField('survey.interval')).toBe('flow');
    expect(tabOfField('language')).toBe('flow');
    expect(errorsByTab(['faq.items', 'faq.items.0.question', 'max_invalid'])).toEqual({
      flow: 0,
      faq: 2,
      queues: 0,
      attention: 1,
    });
  });

  it('shows the tab of the first error', () => {
    expect(firstErrorTab({ 'queue_menu.queues.0.queue_id': 'x', max_invalid: 'y' })).toBe('queues');
    expect(firstErrorTab({ language: 'x' })).toBe('flow');
    expect(firstErrorTab({})).toBeNull();
  });

  it('shows one translated message per field of the local problems', () => {
    const out = localMessages(
      [
        { field: 'max_invalid', code: 'out_of_range', params: { min: 1, max: 5 } },
        { field: 'max_invalid', code: 'invalid' },
        { field: 'queue_menu.queues.0.queue_id', code: 'required' },
      ],
      'en',
    );
    expect(Object.keys(out)).toEqual(['max_invalid', 'queue_menu.queues.0.queue_id']);
    expect(out.max_invalid).toContain('5');
    expect(out['queue_menu.queues.0.queue_id']).toBe('This field is required.');
  });

  it("uses the server's default texts in the saved language, the locale's in another", () => {
    const saved = { language: 'es' as const, defaults: { greeting: 'Hola desde el servidor' } };
    expect(defaultText('greeting', 'es', saved)).toBe('Hola desde el servidor');
    expect(defaultText('greeting', 'en', saved)).toContain('{{contact.name}}');
    expect(defaultText('other_matters', 'pt-BR', saved)).not.toBe('bot.other_matters');
    expect(defaultText('queue_intro', 'es', saved)).toBe(
      'Para dirigir correctamente tu atención, elige una de las siguientes opciones:',
    );
  });
});

describe('copying another channel', () => {
  it('takes its texts and menus but keeps this switch, and its queues only within the campaign', () => {
    const other = settings();
    other.enabled = true;
    other.greeting.text = 'Bienvenido';
    const here = toDraft({
      ...settings(),
      enabled: false,
      queue_menu: { ...settings().queue_menu, queues: [] },
    });
    const same = copyDraft(other, here, true);
    expect(same.enabled).toBe(false);
    expect(same.greeting.text).toBe('Bienvenido');
    expect(same.queueMenu.queues).toEqual([{ queueId: QUEUE, label: 'Ventas' }]);
    const elsewhere = copyDraft(other, here, false);
    expect(elsewhere.greeting.text).toBe('Bienvenido');
    expect(elsewhere.queueMenu.queues).toEqual([]);
  });
});
