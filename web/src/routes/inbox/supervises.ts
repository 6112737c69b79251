import { SUPERVISE_PERMISSIONS } from '../../realtime/inbox';
import { can } from '../../state/store';

/** Whether the signed-in user supervises the inbox (sees every conversation). */
export function supervises(): boolean {
  return SUPERVISE_PERMISSIONS.some((p) => can(p));
}
