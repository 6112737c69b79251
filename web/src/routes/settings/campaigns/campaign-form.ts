import type { AgentPermissions, CampaignField, FieldKind } from '../../../api/types';
import { errorFields } from '../../../components/format';

export type CampaignTab = 'assignment' | 'schedule' | 'dispositions' | 'permissions' | 'fields' | 'queues';
export const CAMPAIGN_TABS: CampaignTab[] = [
  'assignment',
  'schedule',
  'dispositions',
  'permissions',
  'fields',
  'queues',
];

/** The agent permissions shown as switches (the history hours is a number beside them). */
export const PERMISSION_FLAGS: (keyof AgentPermissions)[] = [
  'attachments',
  'transfer_between_agents',
  'show_contact_number',
  'history',
  'reassign_when_exclusive_offline',
  'close_without_reply',
  'emojis',
  'voice_notes',
];

export const FIELD_KINDS: FieldKind[] = ['text', 'number', 'date', 'list', 'boolean'];

/** A field as edited here: options as one comma-separated text. */
export interface FieldDraft {
  id?: string;
  name: string;
  kind: FieldKind;
  required: boolean;
  options: string;
}

export function toDrafts(fields: CampaignField[]): FieldDraft[] {
  return fields.map((f) => ({
    id: f.id,
    name: f.name,
    kind: f.kind,
    required: f.required,
    options: f.options.join(', '),
  }));
}

export function fromDrafts(drafts: FieldDraft[]): (Omit<CampaignField, 'id'> & { id?: string })[] {
  return drafts.map((d) => ({
    ...(d.id ? { id: d.id } : {}),
    name: d.name.trim(),
    kind: d.kind,
    required: d.required,
    options:
      d.kind === 'list'
        ? d.options
            .split(',')
            .map((o) => o.trim())
            .filter(Boolean)
        : [],
  }));
}

/** The message of one property of the i-th field, however the server indexes it. */
export function draftError(
  errors: Record<string, string>,
  index: number,
  property: 'name' | 'options',
): string | undefined {
  return errors[`fields[${index}].${property}`] ?? errors[`fields.${index}.${property}`];
}

/** A number typed in a form: digits only. */
export function isWholeNumber(text: string): boolean {
  return /^\d+$/.test(text.trim());
}

/** Only the name's message of a failed creation (the rest goes to the banner). */
export function nameError(problem: unknown): Record<string, string> {
  const name = errorFields(problem).name;
  return name ? { name } : {};
}

/** The history-hours field's message, wherever the server puts it. */
export function historyHoursError(problem: unknown): Record<string, string> {
  const byField = errorFields(problem);
  return { history_hours: byField['agent_permissions.history_hours'] ?? byField.history_hours ?? '' };
}
