import type { AnchorHTMLAttributes, ButtonHTMLAttributes, ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import type { UserStatus } from '../api/types';
import { t } from '../i18n';
import { navigate, navigations } from '../routes/router';

type ButtonVariant = 'primary' | 'secondary' | 'danger' | 'ghost';

export function Button(
  props: ButtonHTMLAttributes<HTMLButtonElement> & {
    variant?: ButtonVariant;
    busy?: boolean;
    small?: boolean;
  },
) {
  const { variant = 'secondary', busy, small, class: extra, children, disabled, type, ...rest } = props;
  const cls = ['btn', `btn-${variant}`, small ? 'btn-small' : '', extra ?? ''].filter(Boolean).join(' ');
  return (
    <button
      type={type ?? 'button'}
      class={cls}
      disabled={disabled || busy}
      aria-busy={busy || undefined}
      {...rest}
    >
      {busy ? <span class="spinner" aria-hidden="true" /> : null}
      {children}
    </button>
  );
}

/** An in-app link that changes the route without reloading the page. */
export function Link(props: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  const { href, onClick, ...rest } = props;
  return (
    <a
      href={href}
      onClick={(event) => {
        if (onClick) (onClick as (e: MouseEvent) => void)(event as unknown as MouseEvent);
        if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey)
          return;
        event.preventDefault();
        navigate(href);
      }}
      {...rest}
    />
  );
}

interface FieldProps {
  id: string;
  label: string;
  error?: string | undefined;
  hint?: string | undefined;
  children: (aria: {
    id: string;
    'aria-invalid'?: boolean;
    'aria-describedby'?: string;
  }) => ComponentChildren;
}

/** A label, the control, a hint and the error, wired together for screen readers. */
export function Field({ id, label, error, hint, children }: FieldProps) {
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div class={`field${error ? ' field-invalid' : ''}`}>
      <label for={id}>{label}</label>
      {children({ id, 'aria-invalid': error ? true : undefined, 'aria-describedby': described || undefined })}
      {hint ? (
        <p class="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p class="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

interface InputProps {
  id: string;
  label: string;
  value: string;
  onValue: (value: string) => void;
  error?: string | undefined;
  hint?: string | undefined;
  type?: 'text' | 'email' | 'password' | 'url' | 'search' | 'tel' | 'number' | 'date';
  autoComplete?: string;
  required?: boolean;
  placeholder?: string;
  inputMode?: 'text' | 'numeric' | 'email' | 'url' | 'search' | 'tel' | 'decimal';
  list?: string;
  minLength?: number;
  maxLength?: number;
  spellcheck?: boolean;
  readOnly?: boolean;
}

export function TextField({ id, label, value, onValue, error, hint, type, ...rest }: InputProps) {
  return (
    <Field id={id} label={label} error={error} hint={hint}>
      {(aria) => {
        // Preact's input typings tie `list`/`role` to `type`; these combinations are valid HTML.
        const attrs: object = {
          class: 'input',
          type: type ?? 'text',
          value,
          onInput: (e: Event) => onValue((e.currentTarget as HTMLInputElement).value),
          ...aria,
          ...rest,
        };
        return <input {...attrs} />;
      }}
    </Field>
  );
}

export interface Option {
  value: string;
  label: string;
  disabled?: boolean;
}

interface SelectProps {
  id: string;
  label: string;
  value: string;
  options: Option[];
  onValue: (value: string) => void;
  error?: string | undefined;
  hint?: string | undefined;
  disabled?: boolean;
}

export function SelectField({ id, label, value, options, onValue, error, hint, disabled }: SelectProps) {
  return (
    <Field id={id} label={label} error={error} hint={hint}>
      {(aria) => (
        <select
          class="input"
          value={value}
          disabled={disabled}
          onChange={(e) => onValue((e.currentTarget as HTMLSelectElement).value)}
          {...aria}
        >
          {options.map((o) => (
            <option key={o.value} value={o.value} disabled={o.disabled}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

export function CheckboxField(props: {
  id: string;
  label: string;
  checked: boolean;
  onChecked: (checked: boolean) => void;
  disabled?: boolean;
  hint?: string;
}) {
  return (
    <div class="check">
      <input
        type="checkbox"
        id={props.id}
        checked={props.checked}
        disabled={props.disabled}
        aria-describedby={props.hint ? `${props.id}-hint` : undefined}
        onChange={(e) => props.onChecked((e.currentTarget as HTMLInputElement).checked)}
      />
      <label for={props.id}>{props.label}</label>
      {props.hint ? (
        <p class="field-hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      ) : null}
    </div>
  );
}

export function Alert(props: {
  kind: 'error' | 'success' | 'info' | 'warning';
  children: ComponentChildren;
}) {
  return (
    <div class={`alert alert-${props.kind}`} role={props.kind === 'error' ? 'alert' : 'status'}>
      {props.children}
    </div>
  );
}

export function Badge(props: {
  tone?: 'neutral' | 'success' | 'warning' | 'danger' | 'info';
  children: ComponentChildren;
}) {
  return <span class={`badge badge-${props.tone ?? 'neutral'}`}>{props.children}</span>;
}

export function Spinner(props: { label?: string }) {
  return (
    <p class="loading" role="status">
      <span class="spinner" aria-hidden="true" />
      {props.label ?? t('common.loading')}
    </p>
  );
}

export function StatusDot(props: { status: UserStatus }) {
  return <span class={`dot dot-${props.status}`} aria-hidden="true" />;
}

export function StatusLabel(props: { status: UserStatus; reason?: string | null | undefined }) {
  return (
    <span class="status-label">
      <StatusDot status={props.status} />
      {t(`statuses.${props.status}`)}
      {props.status === 'paused' && props.reason ? <span class="muted"> · {props.reason}</span> : null}
    </span>
  );
}

export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const first = parts[0]?.[0] ?? '?';
  const last = parts.length > 1 ? (parts[parts.length - 1]?.[0] ?? '') : '';
  return (first + last).toUpperCase();
}

export function Avatar(props: { name: string; url?: string | null; size?: 'sm' | 'md' }) {
  const cls = `avatar avatar-${props.size ?? 'md'}`;
  if (props.url) return <img class={cls} src={props.url} alt="" />;
  return (
    <span class={cls} aria-hidden="true">
      {initials(props.name)}
    </span>
  );
}

/** The page title: sets the document title and takes focus after an in-app navigation. */
export function PageHeader(props: { title: string; description?: string; actions?: ComponentChildren }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${props.title} · ${t('app.name')}`;
  }, [props.title]);
  useEffect(() => {
    if (navigations.value > 0) ref.current?.focus();
  }, []);
  return (
    <div class="page-header">
      <div>
        <h1 tabIndex={-1} ref={ref}>
          {props.title}
        </h1>
        {props.description ? <p class="muted">{props.description}</p> : null}
      </div>
      {props.actions ? <div class="page-actions">{props.actions}</div> : null}
    </div>
  );
}

export function EmptyState(props: { children: ComponentChildren }) {
  return <p class="empty">{props.children}</p>;
}
