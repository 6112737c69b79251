import type { Channel } from '../../../api/types';

/** Whether the widget's pre-chat form asks a field, and whether it must be filled. */
export type FieldRule = 'required' | 'optional' | 'off';
export const RULES: FieldRule[] = ['required', 'optional', 'off'];

/** A web chat channel as administrators see it: with the snippet to paste into a site. */
export interface WebchatChannel extends Channel {
  snippet?: string;
}

/** The origins an administrator typed, one per line or comma-separated; the server checks each. */
export function parseOrigins(raw: string): string[] {
  return raw
    .split(/[\s,]+/)
    .map((o) => o.trim())
    .filter(Boolean);
}
