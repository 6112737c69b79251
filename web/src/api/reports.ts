import { api } from './client';
import type { AgentReport, ConversationReport, Organization } from './types';

/**
 * Calls of the reports pages (REP-4) and the organization's settings. Kept apart from
 * `endpoints.ts` so only the (lazy) pages that use them load them.
 */

const V1 = '/api/v1';

export const reports = {
  conversations: (query: Record<string, string>) =>
    api.get<ConversationReport>(`${V1}/reports/conversations`, { query }),
  /** `agents` (by name) or `leaderboard` (best first): the same rows per agent. */
  agents: (name: 'agents' | 'leaderboard', query: Record<string, string>) =>
    api.get<AgentReport>(`${V1}/reports/${name}`, { query }),
  updateOrganization: (patch: { time_zone?: string }) => api.patch<Organization>(`${V1}/organization`, patch),
};
