import { languageName } from '../../../components/LanguageSwitch';
import { TextAreaField } from '../../../components/TextAreaField';
import { CheckboxField, SelectField, TextField } from '../../../components/ui';
import { LANGUAGES, t } from '../../../i18n';
import type { ChatbotDraft, ChatbotTabProps } from './chatbot-form';
import { SwitchedText } from './switched-text';

/** The conversation's flow: the switch, the language, the greetings and the survey. */
export function FlowTab({ draft, set, errors, placeholder }: ChatbotTabProps) {
  const s = draft.survey;
  const setSurvey = (patch: Partial<ChatbotDraft['survey']>) => set({ ...draft, survey: { ...s, ...patch } });
  return (
    <>
      <CheckboxField
        id="bot-enabled"
        label={t('chatbot.enabled')}
        hint={t('chatbot.enabled_hint')}
        checked={draft.enabled}
        onChecked={(on) => set({ ...draft, enabled: on })}
      />
      <SelectField
        id="bot-language"
        label={t('chatbot.language')}
        hint={t('chatbot.language_hint')}
        value={draft.language}
        options={LANGUAGES.map((code) => ({ value: code, label: languageName(code) }))}
        onValue={(v) => set({ ...draft, language: v as ChatbotDraft['language'] })}
        error={errors.language}
      />
      <SwitchedText
        id="bot-greeting"
        legend={t('chatbot.greeting')}
        switchLabel={t('chatbot.greeting_switch')}
        value={draft.greeting}
        onValue={(greeting) => set({ ...draft, greeting })}
        placeholder={placeholder('greeting')}
        hint={t('chatbot.name_hint')}
        error={errors['greeting.text']}
      />
      <fieldset class="plain-fieldset bot-block">
        <legend>{t('chatbot.return_greeting')}</legend>
        <CheckboxField
          id="bot-return-enabled"
          label={t('chatbot.return_greeting_switch')}
          checked={draft.returnGreeting.enabled}
          onChecked={(on) => set({ ...draft, returnGreeting: { ...draft.returnGreeting, enabled: on } })}
        />
        <TextAreaField
          id="bot-return-text"
          label={t('chatbot.text')}
          value={draft.returnGreeting.text}
          onValue={(text) => set({ ...draft, returnGreeting: { ...draft.returnGreeting, text } })}
          placeholder={placeholder('return_greeting')}
          hint={t('chatbot.name_hint')}
          error={errors['return_greeting.text']}
          disabled={!draft.returnGreeting.enabled}
        />
        <TextField
          id="bot-return-hours"
          label={t('chatbot.return_after_hours')}
          hint={t('chatbot.return_after_hours_hint')}
          inputMode="numeric"
          value={draft.returnGreeting.afterHours}
          onValue={(afterHours) => set({ ...draft, returnGreeting: { ...draft.returnGreeting, afterHours } })}
          error={errors['return_greeting.after_hours']}
        />
      </fieldset>
      <fieldset class="plain-fieldset bot-block">
        <legend>{t('chatbot.survey')}</legend>
        <CheckboxField
          id="bot-survey-enabled"
          label={t('chatbot.survey_switch')}
          hint={t('chatbot.survey_hint')}
          checked={s.enabled}
          onChecked={(on) => setSurvey({ enabled: on })}
        />
        <SelectField
          id="bot-survey-kind"
          label={t('chatbot.survey_kind')}
          value={s.kind}
          options={[
            { value: 'csat', label: t('chatbot.kinds.csat') },
            { value: 'nps', label: t('chatbot.kinds.nps') },
          ]}
          onValue={(v) => setSurvey({ kind: v as 'csat' | 'nps' })}
        />
        <CheckboxField
          id="bot-survey-invitation"
          label={t('chatbot.survey_invitation')}
          hint={t('chatbot.survey_invitation_hint')}
          checked={s.invitation}
          onChecked={(on) => setSurvey({ invitation: on })}
        />
        {s.invitation ? (
          <TextAreaField
            id="bot-survey-invitation-text"
            label={t('chatbot.survey_invitation_text')}
            value={s.invitationText}
            onValue={(invitationText) => setSurvey({ invitationText })}
            placeholder={placeholder('survey_invitation')}
            hint={t('chatbot.default_hint')}
            error={errors['survey.invitation_text']}
          />
        ) : null}
        <TextAreaField
          id="bot-survey-question"
          label={t('chatbot.survey_question')}
          value={s.question}
          onValue={(question) => setSurvey({ question })}
          placeholder={placeholder(s.kind === 'nps' ? 'survey_nps' : 'survey_csat')}
          hint={t('chatbot.default_hint')}
          error={errors['survey.question']}
        />
        <div class="grid-2 bot-pair">
          <SelectField
            id="bot-survey-every"
            label={t('chatbot.survey_every')}
            value={s.every}
            options={[
              { value: 'attentions', label: t('chatbot.every.attentions') },
              { value: 'days', label: t('chatbot.every.days') },
            ]}
            onValue={(v) => setSurvey({ every: v as 'attentions' | 'days' })}
          />
          <TextField
            id="bot-survey-interval"
            label={s.every === 'days' ? t('chatbot.interval_days') : t('chatbot.interval_attentions')}
            inputMode="numeric"
            value={s.interval}
            onValue={(interval) => setSurvey({ interval })}
            error={errors['survey.interval']}
          />
        </div>
        <p class="field-hint">{t('chatbot.survey_first_always')}</p>
      </fieldset>
    </>
  );
}
