import type { ErrorCode, Problem } from './types';

/** A failed API call: the problem+json body the server answered, or a made-up one for network failures. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: ErrorCode;
  readonly problem: Problem;

  constructor(problem: Problem) {
    super(problem.detail ?? problem.code);
    this.name = 'ApiError';
    this.status = problem.status;
    this.code = problem.code;
    this.problem = problem;
  }
}

let csrfToken: string | null = null;
let unauthorizedHandler: (() => void) | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when a request of a logged-in user answers 401 (the session ended elsewhere). */
export function onUnauthorized(handler: () => void): void {
  unauthorizedHandler = handler;
}

export function readCookie(
  name: string,
  cookies: string = typeof document === 'undefined' ? '' : document.cookie,
) {
  for (const part of cookies.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return null;
}

function currentCsrf(): string | null {
  return csrfToken ?? readCookie('charla_csrf');
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Calls whose 401 is an answer for the page, not a sign that the session ended. */
const OWN_401 = ['/api/v1/session', '/api/v1/me', '/api/v1/setup', '/api/v1/password-reset'];

async function toProblem(response: Response): Promise<Problem> {
  let body: Partial<Problem> = {};
  try {
    const text = await response.text();
    if (text) body = JSON.parse(text) as Partial<Problem>;
  } catch {
    // not JSON: keep the status only
  }
  const problem: Problem = {
    ...body,
    status: response.status,
    code: typeof body.code === 'string' && body.code ? body.code : 'unknown',
  };
  const retryAfter = response.headers.get('Retry-After');
  if (retryAfter && typeof problem.retry_after !== 'number') {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds)) problem.retry_after = seconds;
  }
  return problem;
}

export interface RequestOptions {
  query?: Record<string, string | number | boolean | null | undefined>;
  signal?: AbortSignal;
}

export function withQuery(path: string, query?: RequestOptions['query']): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}${path.includes('?') ? '&' : '?'}${qs}` : path;
}

/** A request body: JSON (serialized here) or raw bytes sent with their own content type. */
type Payload = { json: unknown } | { raw: Blob; contentType: string } | { form: FormData } | null;

async function send<T>(method: string, path: string, payload: Payload, options: RequestOptions): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  let body: BodyInit | undefined;
  if (payload && 'json' in payload) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(payload.json);
  } else if (payload && 'form' in payload) {
    // The browser writes the multipart Content-Type with its boundary.
    body = payload.form;
  } else if (payload) {
    headers['Content-Type'] = payload.contentType;
    body = payload.raw;
  }
  if (UNSAFE.has(method)) {
    const token = currentCsrf();
    if (token) headers['X-CSRF-Token'] = token;
  }
  let response: Response;
  try {
    response = await fetch(withQuery(path, options.query), {
      method,
      headers,
      body,
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError({ status: 0, code: 'network_error' });
  }
  if (!response.ok) {
    const problem = await toProblem(response);
    if (response.status === 401 && !OWN_401.includes(path) && unauthorizedHandler) unauthorizedHandler();
    throw new ApiError(problem);
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** One call to the API. Resolves with the parsed JSON (undefined for 204), rejects with ApiError. */
export async function request<T>(method: string, path: string, body?: unknown, options: RequestOptions = {}) {
  return send<T>(method, path, body === undefined ? null : { json: body }, options);
}

/** POSTs a file as the raw request body (not multipart), with its own `Content-Type`. */
export async function upload<T>(path: string, file: Blob, options: RequestOptions = {}) {
  const contentType = file.type || 'application/octet-stream';
  return send<T>('POST', path, { raw: file, contentType }, options);
}

/** POSTs a multipart form (files and text fields). */
export async function postForm<T>(path: string, form: FormData, options: RequestOptions = {}) {
  return send<T>('POST', path, { form }, options);
}

export const api = {
  get: <T>(path: string, options?: RequestOptions) => request<T>('GET', path, undefined, options),
  post: <T>(path: string, body?: unknown, options?: RequestOptions) =>
    request<T>('POST', path, body ?? {}, options),
  put: <T>(path: string, body?: unknown, options?: RequestOptions) =>
    request<T>('PUT', path, body ?? {}, options),
  patch: <T>(path: string, body?: unknown, options?: RequestOptions) =>
    request<T>('PATCH', path, body ?? {}, options),
  delete: <T = void>(path: string, options?: RequestOptions) =>
    request<T>('DELETE', path, undefined, options),
};
