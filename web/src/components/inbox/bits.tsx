import type { Conversation, ConversationStatus } from '../../api/types';
import { t } from '../../i18n';
import { now } from '../../state/clock';
import { Icon } from '../icons';
import { Badge } from '../ui';
import { durationParts, secondsSince, waitingSince } from './query';

const CHANNEL_ICONS: Record<string, string> = {
  whatsapp: 'phone',
  simulator: 'phone',
  sms: 'chat',
  telegram: 'send',
  email: 'mail',
  webchat: 'chat',
  messenger: 'chat',
  instagram: 'chat',
};

export const CHANNEL_KINDS = Object.keys(CHANNEL_ICONS);

/** The translated name of a channel kind. */
export function channelKindLabel(kind: string): string {
  return CHANNEL_KINDS.includes(kind) ? t(`channels.kinds.${kind}`) : kind;
}

export function ChannelIcon(props: { kind: string }) {
  const label = channelKindLabel(props.kind);
  return (
    <span class={`channel-icon channel-${props.kind}`} title={label}>
      <Icon name={CHANNEL_ICONS[props.kind] ?? 'chat'} size={16} />
      <span class="visually-hidden">{label}</span>
    </span>
  );
}

const STATUS_TONES: Record<ConversationStatus, 'neutral' | 'success' | 'warning' | 'info'> = {
  bot: 'info',
  queued: 'warning',
  assigned: 'success',
  closed: 'neutral',
};

export function ConversationStatusBadge(props: { status: ConversationStatus }) {
  return <Badge tone={STATUS_TONES[props.status] ?? 'neutral'}>{t(`inbox.statuses.${props.status}`)}</Badge>;
}

/** "12 min", "3 h 5 min" in the interface's language. */
export function duration(seconds: number): string {
  const p = durationParts(seconds);
  if (p.unit === 'h' && p.rest) return t('inbox.duration.h_min', { h: p.value, m: p.rest });
  return t(`inbox.duration.${p.unit}`, { n: Math.floor(p.value) });
}

/** How long the contact has been waiting for an answer, or nothing. */
export function WaitTime(props: { conversation: Conversation }) {
  const since = waitingSince(props.conversation);
  const seconds = secondsSince(since, now.value);
  if (seconds === null || since === null) return null;
  return (
    <span class={`wait${seconds >= 300 ? ' wait-long' : ''}`}>
      <time dateTime={since}>{t('inbox.waiting_for', { time: duration(seconds) })}</time>
    </span>
  );
}

/** The contact's name, else their number, else a placeholder. */
export function contactLabel(c: Pick<Conversation, 'contact'>): string {
  return c.contact.name || c.contact.phone || c.contact.email || t('inbox.unknown_contact');
}
