import { describe, expect, it } from 'vitest';
import type { Profile } from '../../api/types';
import { supervisesByCampaign } from './user-dialogs';

function profile(permissions: string[]): Profile {
  return { id: 'p', name: 'P', builtin: null, permissions, member_count: 0 };
}

describe('supervisesByCampaign', () => {
  it('asks for campaigns only for supervisors who do not see the whole inbox', () => {
    expect(supervisesByCampaign(profile(['inbox.own', 'inbox.supervise']))).toBe(true);
    expect(supervisesByCampaign(profile(['inbox.supervise', 'inbox.all']))).toBe(false);
    expect(supervisesByCampaign(profile(['inbox.own']))).toBe(false);
    expect(supervisesByCampaign(undefined)).toBe(false);
  });
});
