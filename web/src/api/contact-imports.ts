import { api, postForm, withQuery } from './client';
import type { components } from './generated';

/**
 * Contact import and export (CRM-5): a sheet queued for import, its progress, and the URL
 * that downloads the contact list's current filter as CSV.
 */

type Schemas = components['schemas'];

export type ContactImport = Schemas['ContactImportView'];
export type ContactImportQueued = Schemas['ContactImportQueuedView'];

const V1 = '/api/v1/contacts';

export type ContactFilter = Record<string, string | number | boolean | null | undefined>;

export const contactImports = {
  start: (file: File) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return postForm<ContactImportQueued>(`${V1}/imports`, form);
  },
  get: (id: string) => api.get<ContactImport>(`${V1}/imports/${encodeURIComponent(id)}`),
  /** Downloaded by the browser (cookie session), so a plain link does it. */
  exportUrl: (filter: ContactFilter) => withQuery(`${V1}/export`, filter),
};

/** Whether an import is still being read. */
export function importRunning(i: ContactImport | null): boolean {
  return i !== null && (i.status === 'queued' || i.status === 'running');
}

/**
 * Whether the caller may import: an import may touch any contact, so it takes managing
 * contacts without being limited to supervised campaigns (as the server decides).
 */
export function mayImport(can: (permission: string) => boolean): boolean {
  const limited = !can('inbox.all') && can('inbox.supervise');
  return can('contacts.manage') && !limited;
}
