import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type APIRequestContext, expect } from '@playwright/test';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), '../../crates/charla-testkit/fixtures');

/** A published-format answer from the testkit's fixtures. */
export function fixture(path: string): unknown {
  return JSON.parse(readFileSync(join(fixtures, path), 'utf8'));
}

export interface Recorded {
  method: string;
  path: string;
  body: unknown;
}

/** The business account's templates, in Graph's `message_templates` format. */
export const TEMPLATES = [
  {
    name: 'order_confirmation',
    language: 'es_MX',
    status: 'APPROVED',
    category: 'UTILITY',
    id: '1689556908129832',
    parameter_format: 'NAMED',
    components: [{ type: 'BODY', text: 'Hola {{first_name}}, tu pedido {{order_number}} está confirmado.' }],
  },
  {
    name: 'promo_enero',
    language: 'es',
    status: 'APPROVED',
    category: 'MARKETING',
    id: '1689556908129833',
    components: [{ type: 'BODY', text: 'Hola {{1}}, tienes {{2}} de descuento hasta el {{3}}.' }],
  },
  {
    name: 'abandoned_cart',
    language: 'es',
    status: 'REJECTED',
    category: 'MARKETING',
    id: '1689556908129835',
    rejected_reason: 'INVALID_FORMAT',
    components: [{ type: 'BODY', text: '{{1}}{{2}} tu carrito te espera' }],
  },
];

/**
 * A tiny stand-in for the Graph API and the Telegram Bot API (the server's base URLs point at
 * it, CH-9): it records every call and answers in the networks' published formats.
 */
export class StandIn {
  readonly calls: Recorded[] = [];
  private server: Server | null = null;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      void read(req).then((raw) => {
        const path = (req.url ?? '/').split('?')[0] ?? '/';
        let body: unknown = null;
        try {
          body = raw ? JSON.parse(raw) : null;
        } catch {
          body = raw;
        }
        this.calls.push({ method: req.method ?? 'GET', path, body });
        const [status, answer] = this.answer(req.method ?? 'GET', path, body);
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(answer));
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${port}`;
  }

  private created = 0;

  private answer(method: string, path: string, body: unknown): [number, unknown] {
    const recipient = (body as { recipient?: { id?: string } } | null)?.recipient?.id;
    if (method === 'POST' && path.endsWith('/messages') && recipient) {
      // The Send API of pages and Instagram accounts names the message it created.
      return [200, { recipient_id: recipient, message_id: `m_e2e_${this.calls.length}` }];
    }
    if (method === 'POST' && /^\/bot[^/]+\/setWebhook$/.test(path)) {
      return [200, { ok: true, result: true, description: 'Webhook was set' }];
    }
    if (method === 'GET' && path.endsWith('/message_templates')) {
      return [200, { data: TEMPLATES, paging: { cursors: { before: 'start', after: 'end' } } }];
    }
    if (method === 'POST' && path.endsWith('/message_templates')) {
      // As Graph answers a template submitted for review.
      this.created += 1;
      const category = (body as { category?: string } | null)?.category ?? 'UTILITY';
      return [200, { id: `17900000000${this.created}`, status: 'PENDING', category }];
    }
    const twilioSend = /^\/2010-04-01\/Accounts\/(AC[0-9a-f]{32})\/Messages\.json$/.exec(path);
    if (method === 'POST' && twilioSend) {
      // Twilio's Messages resource answers 201 with the queued message and its sid.
      const form = new URLSearchParams(typeof body === 'string' ? body : '');
      const sid = `SM${String(this.calls.length).padStart(32, '0')}`;
      const answer = fixture('twilio/outbound/send_response_201.json') as Record<string, unknown>;
      return [201, { ...answer, sid, account_sid: twilioSend[1], to: form.get('To'), from: form.get('From') }];
    }
    if (method === 'POST' && path.endsWith('/messages')) {
      return [200, fixture('whatsapp/outbound/send_response.json')];
    }
    return [404, { error: { message: 'not in the stand-in', code: 100 } }];
  }

  async waitFor(match: (r: Recorded) => boolean, timeoutMs = 20_000): Promise<Recorded> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const found = this.calls.find(match);
      if (found) return found;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`the stand-in saw no such call; it saw ${JSON.stringify(this.calls.map((c) => c.path))}`);
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

function read(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

/** Posts a webhook to a WhatsApp channel as Meta does: the JSON body signed with the app secret. */
export async function postWhatsAppWebhook(
  request: APIRequestContext,
  channel: string,
  appSecret: string,
  payload: unknown,
): Promise<void> {
  const body = JSON.stringify(payload);
  const signature = `sha256=${createHmac('sha256', appSecret).update(body).digest('hex')}`;
  const answer = await request.post(`/webhooks/whatsapp/${channel}`, {
    data: body,
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature },
  });
  expect(answer.status()).toBe(200);
}

/** Posts a webhook to a Messenger or Instagram channel as Meta does: signed with the app secret. */
export async function postMetaWebhook(
  request: APIRequestContext,
  kind: 'messenger' | 'instagram',
  channel: string,
  appSecret: string,
  payload: unknown,
): Promise<void> {
  const body = JSON.stringify(payload);
  const signature = `sha256=${createHmac('sha256', appSecret).update(body).digest('hex')}`;
  const answer = await request.post(`/webhooks/${kind}/${channel}`, {
    data: body,
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature },
  });
  expect(answer.status()).toBe(200);
}

/**
 * Posts an incoming SMS to an SMS channel as Twilio does: the form signed in
 * `X-Twilio-Signature` (base64 HMAC-SHA1 of the URL Twilio calls and the sorted fields).
 */
export async function postTwilioWebhook(
  request: APIRequestContext,
  webhookUrl: string,
  authToken: string,
  fields: Record<string, string>,
): Promise<void> {
  const signed = Object.keys(fields)
    .sort()
    .map((name) => `${name}${fields[name]}`)
    .join('');
  const signature = createHmac('sha1', authToken).update(webhookUrl + signed).digest('base64');
  const answer = await request.post(new URL(webhookUrl).pathname, {
    data: new URLSearchParams(fields).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
  });
  expect(answer.status()).toBe(200);
  expect(answer.headers()['content-type']).toBe('text/xml');
}
