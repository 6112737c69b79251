import type { Profile } from '../../api/types';
import { t } from '../../i18n';

/** Built-in profiles are named in the user's language; custom ones keep their name. */
export function profileLabel(profile: Pick<Profile, 'name' | 'builtin'>): string {
  return profile.builtin ? t(`profiles.builtin.${profile.builtin}`) : profile.name;
}

/** A profile's shown name; `fallback` when the id is none or unknown. */
export function profileName(
  profiles: Profile[] | undefined,
  id: string | null,
  fallback: string | null,
): string {
  const found = profiles?.find((p) => p.id === id);
  return found ? profileLabel(found) : (fallback ?? '');
}

/** Parses a capacity input; undefined when empty, NaN when not a whole number. */
export function parseCapacity(value: string): number | undefined {
  const trimmed = value.trim();
  if (!trimmed) return undefined;
  return /^\d+$/.test(trimmed) ? Number(trimmed) : Number.NaN;
}
