import { TextAreaField } from '../../../components/TextAreaField';
import { CheckboxField } from '../../../components/ui';
import { t } from '../../../i18n';
import type { SwitchedDraft } from './chatbot-form';

/** A message with its switch: "send it" and the text (empty: the default, shown as placeholder). */
export function SwitchedText(props: {
  id: string;
  legend: string;
  switchLabel: string;
  value: SwitchedDraft;
  onValue: (v: SwitchedDraft) => void;
  placeholder: string;
  error?: string | undefined;
  hint?: string;
}) {
  const v = props.value;
  return (
    <fieldset class="plain-fieldset bot-block">
      <legend>{props.legend}</legend>
      <CheckboxField
        id={`${props.id}-enabled`}
        label={props.switchLabel}
        checked={v.enabled}
        onChecked={(on) => props.onValue({ ...v, enabled: on })}
      />
      <TextAreaField
        id={`${props.id}-text`}
        label={t('chatbot.text')}
        value={v.text}
        onValue={(text) => props.onValue({ ...v, text })}
        placeholder={props.placeholder}
        hint={props.hint ?? t('chatbot.default_hint')}
        error={props.error}
        disabled={!v.enabled}
      />
    </fieldset>
  );
}
