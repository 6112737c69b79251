import { api, postForm, withQuery } from './client';
import type { components } from './generated';

/**
 * Types and calls of the broadcasts API (OUT-2, OUT-4): a sheet uploaded as a draft, its
 * start, pause, resume and cancel, and each message's tracking. Kept apart from
 * `endpoints.ts` so only the (lazy) Broadcasts page loads them.
 */

type Schemas = components['schemas'];

export type Broadcast = Schemas['BroadcastView'];
export type BroadcastDetail = Schemas['BroadcastDetailView'];
export type BroadcastMessage = Schemas['BroadcastMessageView'];
export type BroadcastStatus = Schemas['BroadcastStatusView'];
export type MessageStatus = Schemas['TrackView'];
export type BroadcastAction = 'start' | 'pause' | 'resume' | 'cancel';
export type BroadcastReport = Schemas['BroadcastReportView'];
export type ReportFigures = Schemas['ReportFiguresView'];
export type ReportOrigin = Schemas['OriginView'];

/** The broadcast report's filters; empty strings mean "all". */
export interface ReportFilters {
  from: string;
  to: string;
  channel_id: string;
  origin: ReportOrigin | '';
  broadcast_id: string;
}

const REPORT = '/api/v1/reports/broadcasts';
interface PageOf<T> {
  items: T[];
  next?: string | null;
}

const V1 = '/api/v1/broadcasts';

export interface NewBroadcast {
  file: File;
  name: string;
  /** RFC 3339 with offset; empty to start when started. */
  startAt: string;
  batchSize: string;
  batchIntervalSeconds: string;
  /** The broadcast's own opt-out word; empty for the defaults only. */
  optOutWord: string;
}

export const broadcasts = {
  list: () => api.get<PageOf<Broadcast>>(V1, { query: { limit: 100 } }),
  get: (id: string) => api.get<BroadcastDetail>(`${V1}/${encodeURIComponent(id)}`),
  create: (b: NewBroadcast) => {
    const form = new FormData();
    form.append('name', b.name);
    if (b.startAt) form.append('start_at', b.startAt);
    if (b.batchSize) form.append('batch_size', b.batchSize);
    if (b.batchIntervalSeconds) form.append('batch_interval_seconds', b.batchIntervalSeconds);
    if (b.optOutWord.trim()) form.append('opt_out_word', b.optOutWord);
    form.append('file', b.file, b.file.name);
    return postForm<BroadcastDetail>(V1, form);
  },
  act: (id: string, action: BroadcastAction) =>
    api.post<BroadcastDetail>(`${V1}/${encodeURIComponent(id)}/${action}`),
  messages: (id: string, status: MessageStatus | '', after: string | null) =>
    api.get<PageOf<BroadcastMessage>>(`${V1}/${encodeURIComponent(id)}/messages`, {
      query: { status, after, limit: 100 },
    }),
  /** The rows a sheet left out, as CSV (a plain link: the browser downloads it). */
  invalidRowsCsvUrl: (id: string) => `${V1}/${encodeURIComponent(id)}/invalid-rows.csv`,
  /** The messages as CSV, with the tracking table's status filter. */
  messagesCsvUrl: (id: string, status: MessageStatus | '') =>
    withQuery(`${V1}/${encodeURIComponent(id)}/messages.csv`, { status }),
  report: (f: ReportFilters) => api.get<BroadcastReport>(REPORT, { query: { ...f } }),
  /** The report's CSV copy: a plain link, so the browser downloads it with the session. */
  reportCsvUrl: (f: ReportFilters) => withQuery(`${REPORT}.csv`, { ...f }),
};

/** The actions a broadcast in this status offers, in the order they are shown. */
export function actionsFor(status: BroadcastStatus): BroadcastAction[] {
  switch (status) {
    case 'draft':
      return ['start', 'cancel'];
    case 'scheduled':
    case 'sending':
      return ['pause', 'cancel'];
    case 'paused':
      return ['resume', 'cancel'];
    default:
      return [];
  }
}

/** Messages that have left the outbox, out of all of them, for the progress bar. */
export function progress(totals: BroadcastDetail['totals']): { done: number; total: number } {
  const total = Object.values(totals).reduce((sum, n) => sum + n, 0);
  return { done: total - totals.in_outbox, total };
}
