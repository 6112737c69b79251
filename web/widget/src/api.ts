// The widget's calls to Charla: the visitor's token in a header (never a cookie), so the
// widget works on any site the channel allows.
import type { ThreadMessage } from './thread';

export interface WidgetConfig {
  channel_id: string;
  title: string;
  color: string | null;
  welcome: string | null;
  pre_chat: Record<'name' | 'email' | 'phone', 'required' | 'optional' | 'off'>;
}

export interface FieldError {
  field: string;
  code: string;
}

/** A refusal from the server, with its stable code and the fields at fault. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly errors: FieldError[],
  ) {
    super(code);
  }
}

export class Api {
  token: string | null = null;

  constructor(
    readonly origin: string,
    readonly channel: string,
  ) {}

  get base(): string {
    return `${this.origin}/widget/v1/channels/${this.channel}`;
  }

  private async call<T>(path: string, init: RequestInit = {}): Promise<T> {
    const headers = new Headers(init.headers);
    if (this.token) headers.set('X-Charla-Visitor', this.token);
    const response = await fetch(`${this.base}${path}`, { ...init, headers, credentials: 'omit' });
    if (!response.ok) {
      const body = await response.json().catch(() => ({}));
      throw new ApiFailure(response.status, body.code ?? 'unknown', body.errors ?? []);
    }
    return response.status === 204 ? (undefined as T) : ((await response.json()) as T);
  }

  private json<T>(path: string, body: unknown): Promise<T> {
    return this.call<T>(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
  }

  config(): Promise<WidgetConfig> {
    return this.call('/config');
  }

  async start(answers: Record<string, string>): Promise<string> {
    const { token } = await this.json<{ token: string }>('/sessions', answers);
    return token;
  }

  async thread(): Promise<ThreadMessage[]> {
    const items: ThreadMessage[] = [];
    let after: string | null = null;
    do {
      const page: { items: ThreadMessage[]; next: string | null } = await this.call(
        `/messages?limit=200${after ? `&after=${after}` : ''}`,
      );
      items.push(...page.items);
      after = page.next;
    } while (after);
    return items;
  }

  write(id: string, text: string): Promise<ThreadMessage> {
    return this.json('/messages', { id, text });
  }

  attach(id: string, file: File): Promise<ThreadMessage> {
    const query = `?id=${id}&name=${encodeURIComponent(file.name)}`;
    return this.call(`/files${query}`, {
      method: 'POST',
      headers: { 'Content-Type': file.type || 'application/octet-stream' },
      body: file,
    });
  }

  read(): Promise<void> {
    return this.json('/read', {});
  }

  /** A file of the thread, as a blob URL (an <img> cannot send the token). */
  async fileUrl(url: string): Promise<string> {
    const headers = new Headers();
    if (this.token) headers.set('X-Charla-Visitor', this.token);
    const response = await fetch(`${this.origin}${url}`, { headers, credentials: 'omit' });
    if (!response.ok) throw new ApiFailure(response.status, 'not_found', []);
    return URL.createObjectURL(await response.blob());
  }

  streamUrl(): string {
    return `${this.base.replace(/^http/, 'ws')}/stream`;
  }
}
