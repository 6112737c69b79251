// The web chat widget: a launcher, a pre-chat form, the visitor's thread with a composer,
// in a shadow root on whatever page loaded the snippet. The visitor's token stays in this
// site's localStorage per channel, so reloads and other pages keep the conversation.
import { Api, ApiFailure, type WidgetConfig } from './api';
import { h, newId } from './dom';
import { errorText, pickLanguage, type Texts, textsFor } from './i18n';
import { STYLE } from './style';
import { backoffMs, lastId, merge, type ThreadMessage } from './thread';

const script =
  (document.currentScript as HTMLScriptElement | null) ??
  document.querySelector<HTMLScriptElement>('script[data-channel][src*="/widget/v1/charla.js"]');

class Widget {
  private readonly texts: Texts;
  private readonly storageKey: string;
  private readonly openKey: string;
  private config: WidgetConfig | null = null;
  private thread: ThreadMessage[] = [];
  private socket: WebSocket | null = null;
  private attempt = 0;
  private seen = false;
  private typingUntil = 0;
  private readonly panel: HTMLElement;
  private readonly title: HTMLElement;
  private readonly body: HTMLElement;
  private readonly status: HTMLElement;
  private readonly composer: HTMLFormElement;
  private readonly input: HTMLTextAreaElement;
  private readonly launcher: HTMLButtonElement;

  constructor(
    private readonly api: Api,
    root: ShadowRoot,
  ) {
    this.texts = textsFor(pickLanguage(document.documentElement.lang, navigator.languages ?? []));
    this.storageKey = `charla.visitor.${api.channel}`;
    this.openKey = `charla.open.${api.channel}`;
    api.token = localStorage.getItem(this.storageKey);
    const t = this.texts;
    this.title = h('h2', { id: 'charla-title' });
    this.body = h('div', { class: 'body', role: 'log', 'aria-live': 'polite' });
    this.status = h('div', { class: 'status', role: 'status' });
    this.input = h('textarea', { 'aria-label': t.placeholder, placeholder: t.placeholder, rows: '1' });
    this.input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.shiftKey) {
        e.preventDefault();
        this.composer.requestSubmit();
      }
    });
    const file = h('input', { type: 'file', hidden: true, 'aria-hidden': 'true', tabindex: '-1' });
    file.addEventListener('change', () => {
      const chosen = file.files?.[0];
      file.value = '';
      if (chosen) void this.send(() => this.api.attach(newId(), chosen));
    });
    this.composer = h(
      'form',
      { class: 'composer', hidden: true },
      file,
      h(
        'button',
        {
          type: 'button',
          class: 'attach',
          'aria-label': t.attach,
          title: t.attach,
          onclick: () => file.click(),
        },
        '📎',
      ),
      this.input,
      h('button', { type: 'submit', class: 'send' }, t.send),
    );
    this.composer.addEventListener('submit', (e) => {
      e.preventDefault();
      const text = this.input.value.trim();
      if (!text) return;
      this.input.value = '';
      const id = newId();
      void this.send(
        () => this.api.write(id, text),
        () => (this.input.value = text),
      );
    });
    this.panel = h(
      'section',
      { class: 'panel', hidden: true, role: 'dialog', 'aria-labelledby': 'charla-title' },
      h(
        'header',
        {},
        this.title,
        h('button', { type: 'button', 'aria-label': t.close, onclick: () => this.toggle(false) }, '×'),
      ),
      this.body,
      this.status,
      this.composer,
    );
    this.launcher = h(
      'button',
      { type: 'button', class: 'launcher', 'aria-label': t.open, 'aria-expanded': 'false' },
      '💬',
    );
    this.launcher.addEventListener('click', () =>
      this.toggle(this.launcher.getAttribute('aria-expanded') !== 'true'),
    );
    root.append(h('style', {}, STYLE), this.panel, this.launcher);
    void this.loadConfig().then(() => {
      if (sessionStorage.getItem(this.openKey)) this.toggle(true);
    });
  }

  private async loadConfig(): Promise<void> {
    try {
      this.config = await this.api.config();
      this.title.textContent = this.config.title;
      const host = this.panel.parentNode as ShadowRoot;
      (host.host as HTMLElement).style.setProperty('--c', this.config.color ?? '#0a66c2');
    } catch (err) {
      this.status.textContent = errorText(this.texts, err instanceof ApiFailure ? err.code : undefined);
    }
  }

  private toggle(open: boolean): void {
    // Open stays open on the site's next page, for this tab.
    sessionStorage.setItem(this.openKey, open ? '1' : '');
    this.panel.hidden = !open;
    this.launcher.setAttribute('aria-expanded', String(open));
    if (!open) return;
    if (this.api.token) void this.resume();
    else this.showForm();
  }

  private showForm(): void {
    const t = this.texts;
    const form = h('form', { class: 'prechat', novalidate: true }, h('p', {}, t.intro));
    const fields = this.config?.pre_chat ?? { name: 'required', email: 'optional', phone: 'off' };
    const inputs: Record<string, HTMLInputElement> = {};
    const errors: Record<string, HTMLElement> = {};
    for (const key of ['name', 'email', 'phone'] as const) {
      if (fields[key] === 'off') continue;
      const type = key === 'email' ? 'email' : key === 'phone' ? 'tel' : 'text';
      const input = h('input', {
        name: key,
        type,
        required: fields[key] === 'required',
        autocomplete: key === 'phone' ? 'tel' : key,
      });
      const error = h('span', { class: 'error' });
      inputs[key] = input;
      errors[key] = error;
      const suffix = fields[key] === 'optional' ? ` ${t.optional}` : '';
      form.append(h('label', {}, `${t[key]}${suffix}`, input, error));
    }
    const general = h('span', { class: 'error', role: 'alert' });
    form.append(general, h('button', { type: 'submit', class: 'primary' }, t.start));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      for (const el of Object.values(errors)) el.textContent = '';
      general.textContent = '';
      const answers: Record<string, string> = {};
      for (const [key, input] of Object.entries(inputs))
        if (input.value.trim()) answers[key] = input.value.trim();
      try {
        const token = await this.api.start(answers);
        localStorage.setItem(this.storageKey, token);
        this.api.token = token;
        await this.resume();
      } catch (err) {
        const failure = err instanceof ApiFailure ? err : null;
        for (const fe of failure?.errors ?? []) {
          const target = errors[fe.field];
          if (target) target.textContent = errorText(this.texts, fe.code);
        }
        if (!failure?.errors.length) general.textContent = errorText(this.texts, failure?.code);
      }
    });
    this.body.replaceChildren(form);
    this.composer.hidden = true;
    inputs.name?.focus();
  }

  private async resume(): Promise<void> {
    try {
      this.thread = merge(this.thread, await this.api.thread());
    } catch (err) {
      if (err instanceof ApiFailure && err.status === 401) return this.forget();
      this.status.textContent = errorText(this.texts, undefined);
    }
    this.composer.hidden = false;
    this.render();
    this.markRead();
    this.connect();
    this.input.focus();
  }

  /** The token no longer stands (the channel's visitors were cleared): start over. */
  private forget(): void {
    localStorage.removeItem(this.storageKey);
    this.api.token = null;
    this.thread = [];
    this.socket?.close();
    this.socket = null;
    this.showForm();
  }

  private connect(): void {
    if (this.socket || !this.api.token) return;
    const socket = new WebSocket(this.api.streamUrl());
    this.socket = socket;
    socket.onopen = () => socket.send(JSON.stringify({ token: this.api.token, after: lastId(this.thread) }));
    socket.onmessage = (event) => this.onEvent(JSON.parse(String(event.data)));
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = null;
      if (!this.api.token) return;
      this.status.textContent = this.texts.reconnecting;
      window.setTimeout(() => this.connect(), backoffMs(this.attempt++));
    };
  }

  private onEvent(event: { kind: string; code?: string; message?: ThreadMessage }): void {
    switch (event.kind) {
      case 'hello':
        this.attempt = 0;
        this.status.textContent = '';
        break;
      case 'message':
        if (!event.message) return;
        this.thread = merge(this.thread, [event.message]);
        if (event.message.direction === 'inbound') this.seen = false;
        else this.typingUntil = 0;
        this.render();
        this.markRead();
        break;
      case 'typing':
        this.typingUntil = Date.now() + 4000;
        this.render();
        window.setTimeout(() => this.render(), 4100);
        break;
      case 'read':
        this.seen = true;
        this.render();
        break;
      case 'error':
        if (event.code === 'unauthorized') this.forget();
        break;
    }
  }

  /** The agents' replies are on screen: tell them they were read. */
  private markRead(): void {
    if (this.panel.hidden || !this.thread.some((m) => m.direction === 'outbound' && m.status !== 'read'))
      return;
    this.api.read().catch(() => undefined);
  }

  /** Sends once, retrying the same message (same id) when the network dropped the answer. */
  private async send(call: () => Promise<ThreadMessage>, restore?: () => void): Promise<void> {
    // Nothing goes before the pre-chat form has given the visitor a token.
    if (!this.api.token) {
      restore?.();
      return;
    }
    for (let attempt = 0; ; attempt++) {
      try {
        const stored = await call();
        this.thread = merge(this.thread, [stored]);
        this.seen = false;
        this.status.textContent = '';
        this.render();
        return;
      } catch (err) {
        if (err instanceof ApiFailure || attempt >= 3) {
          this.status.textContent =
            err instanceof ApiFailure
              ? errorText(this.texts, err.errors[0]?.code ?? err.code)
              : this.texts.failed;
          restore?.();
          return;
        }
        await new Promise((resolve) => window.setTimeout(resolve, backoffMs(attempt)));
      }
    }
  }

  private render(): void {
    const t = this.texts;
    const items: Node[] = [];
    if (this.config?.welcome) items.push(h('p', { class: 'note' }, this.config.welcome));
    for (const m of this.thread) {
      const bubble = h('div', { class: `msg ${m.direction}` });
      if (m.direction === 'outbound') bubble.append(h('span', { class: 'who' }, m.author_name ?? t.agent));
      if (m.attachment) bubble.append(this.attachment(m.attachment));
      if (m.text) bubble.append(m.text);
      items.push(bubble);
    }
    const last = this.thread[this.thread.length - 1];
    if (this.seen && last?.direction === 'inbound') items.push(h('span', { class: 'seen' }, t.seen));
    if (Date.now() < this.typingUntil) items.push(h('span', { class: 'note' }, t.typing));
    this.body.replaceChildren(...items);
    this.body.scrollTop = this.body.scrollHeight;
  }

  private attachment(a: NonNullable<ThreadMessage['attachment']>): Node {
    const name = a.name ?? 'file';
    if (a.content_type?.startsWith('image/')) {
      const img = h('img', { alt: name });
      this.api.fileUrl(a.url).then(
        (src) => (img.src = src),
        () => (img.alt = `${name} ✕`),
      );
      return img;
    }
    const link = h('a', { href: '#', download: name }, `📄 ${name}`);
    link.addEventListener('click', async (e) => {
      e.preventDefault();
      const url = await this.api.fileUrl(a.url).catch(() => null);
      if (url) window.open(url, '_blank', 'noopener');
    });
    return h('div', {}, link);
  }
}

function mount(): void {
  const channel = script?.dataset.channel;
  if (!script || !channel || document.querySelector('[data-charla-widget]')) return;
  const host = document.createElement('div');
  host.dataset.charlaWidget = channel;
  document.body.append(host);
  new Widget(new Api(new URL(script.src).origin, channel), host.attachShadow({ mode: 'open' }));
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', mount);
else mount();
