import { describe, expect, it } from 'vitest';
import { contactImports, importRunning, mayImport } from './contact-imports';

const holding =
  (...permissions: string[]) =>
  (p: string) =>
    permissions.includes(p);

describe('contact imports', () => {
  it('exports the filter as the list reads it, without empty parameters', () => {
    expect(contactImports.exportUrl({ q: 'ana', tag: '', field: 'plan', field_value: 'Oro' })).toBe(
      '/api/v1/contacts/export?q=ana&field=plan&field_value=Oro',
    );
    expect(contactImports.exportUrl({ q: '' })).toBe('/api/v1/contacts/export');
  });

  it('imports only for managers who read every contact', () => {
    expect(mayImport(holding('contacts.manage', 'inbox.all', 'inbox.supervise'))).toBe(true);
    expect(mayImport(holding('contacts.manage'))).toBe(true);
    expect(mayImport(holding('contacts.manage', 'inbox.supervise'))).toBe(false);
    expect(mayImport(holding('contacts.view', 'inbox.all'))).toBe(false);
  });

  it('keeps polling while queued or running', () => {
    const at = (status: 'queued' | 'running' | 'done' | 'failed') =>
      ({ status }) as Parameters<typeof importRunning>[0];
    expect([at('queued'), at('running'), at('done'), at('failed'), null].map(importRunning)).toEqual([
      true,
      true,
      false,
      false,
      false,
    ]);
  });
});
