/** The kinds this server can create. */
export const CREATABLE_KINDS = [
  'simulator',
  'whatsapp',
  'telegram',
  'messenger',
  'instagram',
  'sms',
] as const;
export type CreatableKind = (typeof CREATABLE_KINDS)[number];

/** The config fields of each kind, in form order; `optional` ones may stay empty, `advanced` ones sit apart. */
export interface ConfigField {
  name: string;
  optional?: boolean;
  advanced?: boolean;
  secret?: boolean;
  type?: 'text' | 'url' | 'tel';
}

export const CONFIG_FIELDS: Record<CreatableKind, ConfigField[]> = {
  simulator: [],
  whatsapp: [
    { name: 'phone_number_id' },
    { name: 'waba_id' },
    { name: 'display_phone_number', optional: true, type: 'tel' },
    { name: 'access_token', secret: true },
    { name: 'app_secret', secret: true },
    { name: 'verify_token', optional: true },
    { name: 'api_base_url', optional: true, advanced: true, type: 'url' },
  ],
  telegram: [
    { name: 'bot_token', secret: true },
    { name: 'secret_token', optional: true },
    { name: 'api_base_url', optional: true, advanced: true, type: 'url' },
  ],
  messenger: [
    { name: 'page_id' },
    { name: 'page_access_token', secret: true },
    { name: 'app_secret', secret: true },
    { name: 'verify_token', optional: true },
    { name: 'api_base_url', optional: true, advanced: true, type: 'url' },
  ],
  instagram: [
    { name: 'instagram_account_id' },
    { name: 'access_token', secret: true },
    { name: 'app_secret', secret: true },
    { name: 'verify_token', optional: true },
    { name: 'api_base_url', optional: true, advanced: true, type: 'url' },
  ],
  sms: [
    { name: 'account_sid' },
    { name: 'auth_token', secret: true },
    { name: 'phone_number', type: 'tel' },
    { name: 'api_base_url', optional: true, advanced: true, type: 'url' },
  ],
};

/** Config values a kind always carries (SMS goes through Twilio, the one provider so far). */
const FIXED_CONFIG: Partial<Record<CreatableKind, Record<string, string>>> = {
  sms: { provider: 'twilio' },
};

/** The kinds whose webhook is set in the network's console (Meta's with a verify token), each with its own help. */
const WEBHOOK_HELP = ['whatsapp', 'messenger', 'instagram', 'sms'];

/** Which `channels.webhook_help.*` text tells an administrator where to paste a kind's webhook. */
export function webhookHelp(kind: string): string {
  return WEBHOOK_HELP.includes(kind) ? kind : 'other';
}

export function isCreatable(kind: string): kind is CreatableKind {
  return (CREATABLE_KINDS as readonly string[]).includes(kind);
}

/** The `config` of a new channel: the kind's fields, trimmed, empty optional ones left out. */
export function channelConfig(kind: CreatableKind, values: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = { ...FIXED_CONFIG[kind] };
  for (const field of CONFIG_FIELDS[kind]) {
    const value = (values[field.name] ?? '').trim();
    if (value || !field.optional) out[field.name] = value;
  }
  return out;
}

/** Required fields left empty, as `config.<name>` → true (the API's own field paths). */
export function missingConfig(kind: CreatableKind, values: Record<string, string>): string[] {
  return CONFIG_FIELDS[kind]
    .filter((f) => !f.optional && !(values[f.name] ?? '').trim())
    .map((f) => `config.${f.name}`);
}

/** The badge tone of a channel's status (CH-7: active green, inactive orange, unlinked red). */
export function statusTone(status: string): 'success' | 'warning' | 'danger' | 'neutral' {
  if (status === 'active') return 'success';
  if (status === 'inactive') return 'warning';
  if (status === 'unlinked') return 'danger';
  return 'neutral';
}

/** CH-7 health of a WhatsApp number, from what Meta reported (quality rating, messaging limit tier). */
export interface Health {
  quality: 'good' | 'medium' | 'bad' | null;
  /** `unlimited`, or the tier's size as Meta names it (`250`, `1K`, `10K`, `100K`). */
  limit: string | null;
}

const QUALITY: Record<string, Health['quality']> = {
  GREEN: 'good',
  HIGH: 'good',
  YELLOW: 'medium',
  MEDIUM: 'medium',
  RED: 'bad',
  LOW: 'bad',
};

export function healthOf(health: Record<string, unknown> | null | undefined): Health {
  const text = (key: string) => (typeof health?.[key] === 'string' ? (health[key] as string) : null);
  const quality = QUALITY[(text('quality_rating') ?? '').toUpperCase()] ?? null;
  const tier =
    text('current_limit') ?? text('messaging_limit_tier') ?? text('max_daily_conversations_per_business');
  const size = tier?.toUpperCase().replace(/^TIER_/, '') ?? null;
  return { quality, limit: size === 'UNLIMITED' ? 'unlimited' : size || null };
}
