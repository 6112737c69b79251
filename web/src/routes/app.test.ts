import { describe, expect, it } from 'vitest';
import { allowedItems, NAV_ITEMS, permitted } from '../components/nav';
import { parseStatusValue, statusValue } from '../components/StatusSwitch';
import { matchRoute, redirectFor } from './app';
import { landingPath } from './landing';
import { safeNext } from './router';
import { diff, entityName } from './settings/audit-log';
import { parseCapacity } from './settings/common';
import { visibleNodes } from './settings/organization';
import { permissionKey } from './settings/profiles';

describe('redirectFor', () => {
  it('sends everyone to /setup while the server needs it', () => {
    expect(redirectFor('/login', '', false, true)).toBe('/setup');
    expect(redirectFor('/setup', '', false, true)).toBeNull();
  });

  it('sends anonymous visitors of app pages to login, remembering where they were going', () => {
    expect(redirectFor('/settings/users', '?q=a', false, false)).toBe(
      '/login?next=%2Fsettings%2Fusers%3Fq%3Da',
    );
    expect(redirectFor('/', '', false, false)).toBe('/login');
    expect(redirectFor('/reset-password', '?token=x', false, false)).toBeNull();
  });

  it('keeps signed-in users away from login and setup', () => {
    expect(redirectFor('/login', '', true, false)).toBe('/');
    expect(redirectFor('/setup', '', true, false)).toBe('/');
    expect(redirectFor('/settings/tokens', '', true, false)).toBeNull();
  });

  it('only follows local next paths', () => {
    expect(safeNext('/settings/users')).toBe('/settings/users');
    expect(safeNext('//evil.example')).toBe('/');
    expect(safeNext('https://evil.example')).toBe('/');
    expect(safeNext(null)).toBe('/');
  });
});

describe('navigation by permission', () => {
  it('shows an agent Home, the inbox, contacts, out-of-hours contacts, the simulator and the file library', () => {
    const agent = new Set(['inbox.own', 'contacts.view', 'quick_replies.use', 'files.use']);
    expect(allowedItems((p) => agent.has(p)).map((i) => i.href)).toEqual([
      '/',
      '/inbox',
      '/contacts',
      '/out-of-hours',
      '/simulator',
      '/settings/files',
    ]);
  });

  it('shows supervision to supervisors and monitors only', () => {
    expect(allowedItems((p) => p === 'inbox.own').map((i) => i.href)).not.toContain('/supervision');
    for (const permission of ['inbox.supervise', 'inbox.all', 'monitoring.view']) {
      expect(allowedItems((p) => p === permission).map((i) => i.href)).toContain('/supervision');
    }
  });

  it('lands inbox workers on the inbox and others on Home', () => {
    expect(landingPath((p) => p === 'inbox.own')).toBe('/inbox');
    expect(landingPath((p) => p === 'audit.view')).toBe('/');
    expect(redirectFor('/login', '', true, false, '/inbox')).toBe('/inbox');
    expect(matchRoute('/inbox')).toBeDefined();
    expect(matchRoute('/inbox/abc')?.page).toBe(matchRoute('/inbox')?.page);
    expect(matchRoute('/inbox/abc/def')).toBeUndefined();
    expect(matchRoute('/contacts/abc')).toBeDefined();
  });

  it('shows the simulator to holders of any inbox permission only', () => {
    for (const permission of ['inbox.own', 'inbox.supervise', 'inbox.all']) {
      expect(allowedItems((p) => p === permission).map((i) => i.href)).toContain('/simulator');
    }
    expect(allowedItems((p) => p === 'reports.view').map((i) => i.href)).toEqual([
      '/',
      '/reports',
      '/reports/surveys',
    ]);
    expect(permitted(null, () => false)).toBe(true);
    expect(permitted('a', (p) => p === 'a')).toBe(true);
    expect(permitted(['a', 'b'], (p) => p === 'b')).toBe(true);
    expect(permitted(['a', 'b'], () => false)).toBe(false);
  });

  it('shows an administrator everything', () => {
    expect(allowedItems(() => true)).toHaveLength(NAV_ITEMS.length);
  });
});

describe('matchRoute', () => {
  it('matches exact pages and the simulator channel page', () => {
    expect(matchRoute('/simulator')).toBeDefined();
    expect(matchRoute('/simulator/ch1')).toBeDefined();
    expect(matchRoute('/simulator/ch1')).not.toBe(matchRoute('/simulator'));
    expect(matchRoute('/simulator/ch1/x')).toBeUndefined();
    expect(matchRoute('/nope')).toBeUndefined();
  });
});

describe('status switch values', () => {
  it('round-trips a pause with its reason', () => {
    expect(statusValue('paused', 'r1')).toBe('paused:r1');
    expect(parseStatusValue('paused:r1')).toEqual({ status: 'paused', reason: 'r1' });
    expect(parseStatusValue('online')).toEqual({ status: 'online', reason: null });
    expect(statusValue('online', null)).toBe('online');
  });
});

describe('settings helpers', () => {
  it('diffs audit snapshots', () => {
    expect(diff({ name: 'A', archived: false }, { name: 'B', archived: false })).toEqual([
      { field: 'name', before: 'A', after: 'B' },
    ]);
    expect(diff(null, { name: 'New', id: 'x' })).toEqual([
      { field: 'id', before: '', after: 'x' },
      { field: 'name', before: '', after: 'New' },
    ]);
    expect(diff({ permissions: ['a'] }, null)).toEqual([
      { field: 'permissions', before: '["a"]', after: '' },
    ]);
  });

  it('names the audited entity', () => {
    const entry = {
      id: '1',
      at: '',
      actor_id: null,
      actor_token_id: null,
      actor_name: 'Ana',
      action: 'client.created',
      entity_type: 'client',
      entity_id: null,
      before: null,
      after: { name: 'Acme' },
    };
    expect(entityName(entry)).toBe('Acme');
  });

  it('orders archived nodes last and hides them on request', () => {
    const nodes = [
      { id: '1', name: 'b', archived: true, archived_at: '2026-01-01T00:00:00Z', created_at: '' },
      { id: '2', name: 'c', archived: false, archived_at: null, created_at: '' },
      { id: '3', name: 'a', archived: false, archived_at: null, created_at: '' },
    ];
    expect(visibleNodes(nodes, true).map((n) => n.id)).toEqual(['3', '2', '1']);
    expect(visibleNodes(nodes, false).map((n) => n.id)).toEqual(['3', '2']);
  });

  it('maps permissions to locale keys and parses capacities', () => {
    expect(permissionKey('quick_replies.use')).toBe('permissions.names.quick_replies_use');
    expect(parseCapacity(' 7 ')).toBe(7);
    expect(parseCapacity('')).toBeUndefined();
    expect(parseCapacity('2.5')).toBeNaN();
  });
});
