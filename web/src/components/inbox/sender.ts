import { t, tOr } from '../../i18n';

/** The automatic senders the server names (`MessageView.automated`). */
const AUTOMATED = ['bot', 'out_of_hours', 'absence', 'survey', 'post_attention'] as const;

/** What the labels read of a message (the inbox's and the simulator's views alike). */
interface Sent {
  direction: string;
  kind: string;
  automated?: string | null | undefined;
  author?: { id: string; name: string | null } | null | undefined;
}

/**
 * What sent an outbound message, when it was not a person's plain reply: `bot` and the automatic
 * senders, or `template` for an approved template (sent by a person); null otherwise.
 */
export function senderKind(m: Sent): string | null {
  if (m.direction !== 'outbound') return null;
  if (m.automated) return (AUTOMATED as readonly string[]).includes(m.automated) ? m.automated : 'bot';
  return m.kind === 'template' ? 'template' : null;
}

/** The label over an outbound bubble: the automatic sender, the template and its author, or the author. */
export function outboundLabel(m: Sent): string {
  const kind = senderKind(m);
  const author = m.author?.name ?? '';
  if (kind === 'template') return author ? t('senders.template_by', { name: author }) : t('senders.template');
  if (kind) return tOr(`senders.${kind}`, t('senders.bot'));
  return author || t('inbox.from_agent');
}

/** Who wrote the list's preview: "You" only for the viewer's own reply, a colleague by name. */
export function previewPrefix(
  last: Pick<Sent, 'author'> & { direction: string | null },
  me: string | undefined,
): string {
  if (last.direction === 'note') return `${t('inbox.note')}: `;
  if (last.direction !== 'outbound') return '';
  if (last.author && last.author.id === me) return `${t('inbox.you')}: `;
  return `${last.author?.name || t('inbox.from_agent')}: `;
}
