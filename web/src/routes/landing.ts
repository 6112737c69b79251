import { INBOX_PERMISSIONS, permitted } from '../components/nav';

/** Where a signed-in user starts: the inbox for those who work it, else Home. */
export function landingPath(has: (permission: string) => boolean): string {
  return permitted(INBOX_PERMISSIONS, has) ? '/inbox' : '/';
}
