import { Field } from './ui';

/** A labelled multi-line text, wired like TextField (hint, error, aria). */
export function TextAreaField(props: {
  id: string;
  label: string;
  value: string;
  onValue: (value: string) => void;
  error?: string | undefined;
  hint?: string | undefined;
  placeholder?: string | undefined;
  rows?: number;
  maxLength?: number;
  disabled?: boolean;
}) {
  return (
    <Field id={props.id} label={props.label} error={props.error} hint={props.hint}>
      {(aria) => (
        <textarea
          class="input textarea"
          rows={props.rows ?? 3}
          value={props.value}
          placeholder={props.placeholder}
          maxLength={props.maxLength}
          disabled={props.disabled}
          onInput={(e) => props.onValue((e.currentTarget as HTMLTextAreaElement).value)}
          {...aria}
        />
      )}
    </Field>
  );
}
