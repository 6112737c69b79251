import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, readCookie, request, setCsrfToken, upload, withQuery } from './client';

afterEach(() => {
  vi.unstubAllGlobals();
  setCsrfToken(null);
});

function respond(status: number, body: unknown, headers: Record<string, string> = {}) {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  });
}

describe('request', () => {
  it('sends the CSRF token on unsafe methods only', async () => {
    const fetch = vi.fn(async () => respond(200, { ok: true }));
    vi.stubGlobal('fetch', fetch);
    setCsrfToken('tok');
    await request('PATCH', '/api/v1/me', { name: 'A' });
    await request('GET', '/api/v1/me');
    const calls = fetch.mock.calls as unknown as [string, RequestInit][];
    const headers = (i: number) => (calls[i]?.[1].headers ?? {}) as Record<string, string>;
    expect(headers(0)['X-CSRF-Token']).toBe('tok');
    expect(headers(1)['X-CSRF-Token']).toBeUndefined();
  });

  it('turns problem+json into ApiError, with Retry-After', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => respond(429, { status: 429, code: 'too_many_requests' }, { 'Retry-After': '17' })),
    );
    const err = await request('POST', '/api/v1/session', {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe('too_many_requests');
    expect((err as ApiError).problem.retry_after).toBe(17);
  });

  it('reports network failures as network_error and 204 as undefined', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => {
        throw new TypeError('offline');
      }),
    );
    const err = await request('GET', '/x').catch((e: unknown) => e);
    expect((err as ApiError).code).toBe('network_error');
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response(null, { status: 204 })),
    );
    await expect(request('DELETE', '/x')).resolves.toBeUndefined();
  });
});

describe('helpers', () => {
  it('builds query strings without empty values', () => {
    expect(withQuery('/a', { q: 'ana', after: null, limit: 50, x: '' })).toBe('/a?q=ana&limit=50');
    expect(withQuery('/a', {})).toBe('/a');
  });

  it('reads a cookie by name', () => {
    expect(readCookie('charla_csrf', 'a=1; charla_csrf=abc%3D; b=2')).toBe('abc=');
    expect(readCookie('nope', 'a=1')).toBeNull();
  });
});

describe('upload', () => {
  it('sends the file as the raw body with its content type and the CSRF token', async () => {
    const fetch = vi.fn(async () => respond(201, { id: 'f1' }));
    vi.stubGlobal('fetch', fetch);
    setCsrfToken('tok');
    const file = new Blob(['abc'], { type: 'image/png' });
    await expect(upload('/api/v1/files', file, { query: { name: 'a b+.png' } })).resolves.toEqual({
      id: 'f1',
    });
    const [url, init] = (fetch.mock.calls as unknown as [string, RequestInit][])[0] ?? [];
    const headers = (init?.headers ?? {}) as Record<string, string>;
    expect(url).toBe('/api/v1/files?name=a+b%2B.png');
    expect(init?.method).toBe('POST');
    expect(init?.body).toBe(file);
    expect(headers['Content-Type']).toBe('image/png');
    expect(headers['X-CSRF-Token']).toBe('tok');
  });

  it('falls back to application/octet-stream when the file has no type', async () => {
    const fetch = vi.fn(async () => respond(201, {}));
    vi.stubGlobal('fetch', fetch);
    await upload('/api/v1/files', new Blob(['x']));
    const init = (fetch.mock.calls as unknown as [string, RequestInit][])[0]?.[1];
    const headers = (init?.headers ?? {}) as Record<string, string>;
    expect(headers['Content-Type']).toBe('application/octet-stream');
  });
});
