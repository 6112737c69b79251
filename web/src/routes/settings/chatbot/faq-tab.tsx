import { ErrorBanner } from '../../../components/forms/ErrorBanner';
import { TextAreaField } from '../../../components/TextAreaField';
import { Button, CheckboxField, EmptyState, TextField } from '../../../components/ui';
import { t } from '../../../i18n';
import { type ChatbotDraft, type ChatbotTabProps, MENU_ITEMS_MAX } from './chatbot-form';

/** The frequent questions the bot answers, and the option to reach an agent. */
export function FaqTab({ draft, set, errors, placeholder }: ChatbotTabProps) {
  const faq = draft.faq;
  const setFaq = (patch: Partial<ChatbotDraft['faq']>) => set({ ...draft, faq: { ...faq, ...patch } });
  const setItem = (i: number, patch: Partial<{ question: string; answer: string }>) =>
    setFaq({ items: faq.items.map((item, j) => (j === i ? { ...item, ...patch } : item)) });
  return (
    <>
      <CheckboxField
        id="bot-faq-enabled"
        label={t('chatbot.faq_switch')}
        hint={t('chatbot.faq_hint')}
        checked={faq.enabled}
        onChecked={(on) => setFaq({ enabled: on })}
      />
      <TextAreaField
        id="bot-faq-intro"
        label={t('chatbot.faq_intro')}
        value={faq.intro}
        onValue={(intro) => setFaq({ intro })}
        placeholder={placeholder('faq_intro')}
        hint={t('chatbot.default_hint')}
        error={errors['faq.intro']}
      />
      <h3 class="bot-subtitle">{t('chatbot.faq_items', { n: faq.items.length, max: MENU_ITEMS_MAX })}</h3>
      <ErrorBanner error={errors['faq.items']} />
      {faq.items.length === 0 ? <EmptyState>{t('chatbot.faq_empty')}</EmptyState> : null}
      <ol class="field-drafts bot-rows">
        {faq.items.map((item, i) => (
          <li key={i} class="card field-draft">
            <TextField
              id={`bot-faq-question-${i}`}
              label={t('chatbot.question_n', { n: i + 1 })}
              value={item.question}
              onValue={(question) => setItem(i, { question })}
              error={errors[`faq.items.${i}.question`]}
              maxLength={200}
            />
            <TextAreaField
              id={`bot-faq-answer-${i}`}
              label={t('chatbot.answer_n', { n: i + 1 })}
              value={item.answer}
              onValue={(answer) => setItem(i, { answer })}
              error={errors[`faq.items.${i}.answer`]}
            />
            <Button
              small
              variant="ghost"
              onClick={() => setFaq({ items: faq.items.filter((_, j) => j !== i) })}
            >
              {t('chatbot.remove_question', { n: i + 1 })}
            </Button>
          </li>
        ))}
      </ol>
      <div class="form-actions bot-add">
        <Button
          disabled={faq.items.length >= MENU_ITEMS_MAX}
          onClick={() => setFaq({ items: [...faq.items, { question: '', answer: '' }] })}
        >
          {t('chatbot.add_question')}
        </Button>
      </div>
      <TextField
        id="bot-faq-agent"
        label={t('chatbot.agent_option')}
        hint={t('chatbot.agent_option_hint')}
        value={faq.agentOption}
        onValue={(agentOption) => setFaq({ agentOption })}
        placeholder={placeholder('agent_option')}
        error={errors['faq.agent_option']}
        maxLength={60}
      />
    </>
  );
}
