import { t } from '../../i18n';
import type { OpenConversation } from '../../realtime/inbox';

function shown(value: unknown): string {
  if (typeof value === 'boolean') return value ? t('inbox.closing_yes') : t('inbox.closing_no');
  if (Array.isArray(value)) return value.map(String).join(', ');
  return value === null || value === undefined ? '' : String(value);
}

/**
 * What the timeline's closing line adds: each field filled in at closing ("Motivo: Pedido")
 * and the closing note, in the campaign's field order.
 */
export function closingLines(open: Pick<OpenConversation, 'conversation' | 'detail'>): string[] {
  const c = open.conversation;
  if (c?.status !== 'closed') return [];
  const values = (c.fields ?? {}) as Record<string, unknown>;
  const lines = (open.detail?.campaign.fields ?? [])
    .map((f) => ({ name: f.name, value: shown(values[f.id]) }))
    .filter((f) => f.value !== '')
    .map((f) => `${f.name}: ${f.value}`);
  if (c.closing_note?.trim()) lines.push(t('inbox.closing_note_line', { note: c.closing_note.trim() }));
  return lines;
}
