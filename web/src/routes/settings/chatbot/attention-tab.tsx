import { TextField } from '../../../components/ui';
import { t } from '../../../i18n';
import type { ChatbotTabProps } from './chatbot-form';
import { SwitchedText } from './switched-text';

/** Around the attention: before and after it, when nobody can attend, and wrong answers. */
export function AttentionTab({ draft, set, errors, placeholder }: ChatbotTabProps) {
  return (
    <>
      <SwitchedText
        id="bot-pre"
        legend={t('chatbot.pre_attention')}
        switchLabel={t('chatbot.pre_attention_switch')}
        value={draft.preAttention}
        onValue={(preAttention) => set({ ...draft, preAttention })}
        placeholder={placeholder('pre_attention')}
        error={errors['pre_attention.text']}
      />
      <SwitchedText
        id="bot-post"
        legend={t('chatbot.post_attention')}
        switchLabel={t('chatbot.post_attention_switch')}
        value={draft.postAttention}
        onValue={(postAttention) => set({ ...draft, postAttention })}
        placeholder={placeholder('post_attention')}
        error={errors['post_attention.text']}
      />
      <SwitchedText
        id="bot-unavailable"
        legend={t('chatbot.unavailable')}
        switchLabel={t('chatbot.unavailable_switch')}
        value={draft.unavailable}
        onValue={(unavailable) => set({ ...draft, unavailable })}
        placeholder={placeholder('unavailable')}
        hint={t('chatbot.unavailable_hint')}
        error={errors['unavailable.text']}
      />
      <TextField
        id="bot-max-invalid"
        label={t('chatbot.max_invalid')}
        hint={t('chatbot.max_invalid_hint')}
        inputMode="numeric"
        value={draft.maxInvalid}
        onValue={(maxInvalid) => set({ ...draft, maxInvalid })}
        error={errors.max_invalid}
      />
    </>
  );
}
