import { useEffect, useRef, useState } from 'preact/hooks';
import type { Conversation } from '../../api/types';
import { NewConversationDialog } from '../../components/conversations/NewConversationDialog';
import { clock, day } from '../../components/format';
import { ErrorBanner } from '../../components/forms/ErrorBanner';
import { useSubmit } from '../../components/forms/useSubmit';
import { Icon } from '../../components/icons';
import { ChannelIcon, ConversationStatusBadge, contactLabel, WaitTime } from '../../components/inbox/bits';
import {
  activeFilters,
  apiQuery,
  conversationIdOf,
  conversationPath,
  filterSearch,
  INBOX_VIEWS,
  type InboxFilter,
  parseFilter,
  queryKey,
} from '../../components/inbox/query';
import { previewPrefix } from '../../components/inbox/sender';
import { LoadMore } from '../../components/LoadMore';
import { Button, EmptyState, Link, PageHeader, Spinner } from '../../components/ui';
import { t } from '../../i18n';
import { startClock } from '../../state/clock';
import {
  agentName,
  channelOf,
  loadCounts,
  loadDirectory,
  loadList,
  loadQueues,
} from '../../state/inbox-data';
import { app } from '../../state/store';
import { navigate, route } from '../router';
import { ConversationView } from './conversation';
import { viewCount } from './counts';
import { Filters } from './filters';
import { ShortcutsDialog, typing } from './shortcuts';
import { supervises } from './supervises';

export const LIST = 'inbox';

function Row(props: { c: Conversation; current: boolean; search: string }) {
  const { c } = props;
  const preview = c.last_message.preview ?? '';
  const agent = c.agent_id ? agentName(c.agent_id) : '';
  const today = day(new Date().toISOString()) === day(c.last_activity_at);
  return (
    <li class={`conv-row${c.unread_count > 0 ? ' conv-unread' : ''}`}>
      <Link
        href={conversationPath(c.id, props.search)}
        class="conv-link"
        aria-current={props.current ? 'page' : undefined}
        data-id={c.id}
      >
        <ChannelIcon kind={c.channel_kind} />
        <span class="conv-main">
          <span class="conv-top">
            <strong class="conv-name">{contactLabel(c)}</strong>
            <time class="conv-time" dateTime={c.last_activity_at}>
              {today ? clock(c.last_activity_at) : day(c.last_activity_at)}
            </time>
          </span>
          <span class="conv-preview">
            {previewPrefix(c.last_message, app.value.me?.user.id)}
            {preview || '\u00a0'}
          </span>
          <span class="conv-meta">
            <ConversationStatusBadge status={c.status} />
            {agent ? <span class="muted">{agent}</span> : null}
            <WaitTime conversation={c} />
          </span>
        </span>
        {c.unread_count > 0 ? (
          <span class="unread-badge">
            <span aria-hidden="true">{c.unread_count}</span>
            <span class="visually-hidden">{t('inbox.unread_n', { n: c.unread_count })}</span>
          </span>
        ) : null}
      </Link>
    </li>
  );
}

function ListPane(props: { openId: string | null }) {
  const [starting, setStarting] = useState(false);
  const search = route.value.search;
  const filter = parseFilter(search);
  const me = app.value.me?.user.id ?? '';
  const query = apiQuery(filter, me);
  const key = queryKey(query);
  const list = app.value.inbox.lists[LIST];
  const loaded = list && queryKey(list.query) === key ? list : undefined;
  const reloads = app.value.reloads;
  const [error, setError] = useState<unknown>(null);
  const { busy: more, submit: loadPage } = useSubmit({ onFailure: setError });
  const [showFilters, setShowFilters] = useState(activeFilters(filter) > 0);
  const [q, setQ] = useState(filter.q);
  const searchRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLUListElement>(null);

  useEffect(() => {
    setError(null);
    loadList(LIST, query).catch((err: unknown) => {
      if (!(err instanceof DOMException && err.name === 'AbortError')) setError(err);
    });
  }, [key, reloads]);

  useEffect(() => setQ(filter.q), [filter.q]);

  function change(next: InboxFilter) {
    const path = props.openId ? conversationPath(props.openId) : '/inbox';
    navigate(`${path}${filterSearch(next)}`, { replace: true });
  }

  // The search box filters as one types, a moment after the last key.
  useEffect(() => {
    if (q === filter.q) return;
    const timer = setTimeout(() => change({ ...filter, q }), 300);
    return () => clearTimeout(timer);
  }, [q]);

  async function loadMore() {
    const after = loaded?.next;
    if (!after) return;
    await loadPage(() => loadList(LIST, query, after));
  }

  // Keyboard: j/k (or arrows) move between rows, Enter opens (a focused link), "/" searches.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return;
      if (document.querySelector('dialog[open]')) return;
      const rows = [...(listRef.current?.querySelectorAll<HTMLAnchorElement>('a.conv-link') ?? [])];
      if (e.key === '/') {
        e.preventDefault();
        searchRef.current?.focus();
        return;
      }
      const down = e.key === 'j' || e.key === 'ArrowDown';
      const up = e.key === 'k' || e.key === 'ArrowUp';
      if (!down && !up) return;
      if ((e.key === 'ArrowDown' || e.key === 'ArrowUp') && !listRef.current?.contains(e.target as Node)) {
        const active = document.activeElement;
        if (active && active !== document.body && !listRef.current?.contains(active)) return;
      }
      if (rows.length === 0) return;
      e.preventDefault();
      const focused = rows.indexOf(document.activeElement as HTMLAnchorElement);
      const current =
        focused !== -1 ? focused : rows.findIndex((r) => r.getAttribute('aria-current') === 'page');
      const next = current === -1 ? 0 : Math.min(rows.length - 1, Math.max(0, current + (down ? 1 : -1)));
      rows[next]?.focus();
      rows[next]?.scrollIntoView({ block: 'nearest' });
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  const items = loaded?.items ?? [];
  return (
    <section class="inbox-list-pane" aria-label={t('inbox.title')}>
      {starting ? (
        <NewConversationDialog
          onClose={() => setStarting(false)}
          onStarted={(id) => {
            setStarting(false);
            navigate(conversationPath(id));
          }}
        />
      ) : null}
      <div class="inbox-list-head">
        <PageHeader
          title={t('inbox.title')}
          actions={
            <Button small onClick={() => setStarting(true)}>
              {t('new_conversation.open')}
            </Button>
          }
        />
        <nav class="inbox-views" aria-label={t('inbox.views_label')}>
          {INBOX_VIEWS.map((view) => {
            const n = viewCount(app.value.inbox.counts, view, supervises());
            return (
              <Link
                key={view}
                href={`/inbox${filterSearch({ ...filter, view })}`}
                class="inbox-view"
                aria-current={filter.view === view ? 'page' : undefined}
                onClick={(e) => {
                  e.preventDefault();
                  change({ ...filter, view });
                }}
              >
                {t(`inbox.views.${view}`)}
                {n !== null && n > 0 ? <span class="count">{n}</span> : null}
              </Link>
            );
          })}
        </nav>
        <div class="inbox-search">
          <label for="inbox-search" class="visually-hidden">
            {t('inbox.search')}
          </label>
          <span class="inbox-search-icon" aria-hidden="true">
            <Icon name="search" size={18} />
          </span>
          <input
            ref={searchRef}
            id="inbox-search"
            type="search"
            class="input"
            placeholder={t('inbox.search')}
            value={q}
            autoComplete="off"
            onInput={(e) => setQ((e.currentTarget as HTMLInputElement).value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape') (e.currentTarget as HTMLInputElement).blur();
            }}
          />
          <button
            type="button"
            class={`icon-btn${activeFilters(filter) > 0 ? ' icon-btn-active' : ''}`}
            aria-expanded={showFilters}
            aria-controls="inbox-filters"
            aria-label={t('inbox.filters.toggle')}
            title={t('inbox.filters.toggle')}
            onClick={() => setShowFilters(!showFilters)}
          >
            <Icon name="filter" />
          </button>
        </div>
        {showFilters ? <Filters filter={filter} onChange={change} /> : null}
      </div>
      <ErrorBanner error={error} />
      {!loaded && !error ? (
        <Spinner />
      ) : items.length === 0 && loaded ? (
        <EmptyState>{filter.q ? t('inbox.no_match') : t('inbox.empty')}</EmptyState>
      ) : (
        <ul class="conv-list" ref={listRef} aria-label={t('inbox.list_label')}>
          {items.map((c) => (
            <Row key={c.id} c={c} current={c.id === props.openId} search={search} />
          ))}
        </ul>
      )}
      <LoadMore hasMore={Boolean(loaded?.next)} busy={more} onLoad={loadMore} small />
    </section>
  );
}

/** `/inbox` and `/inbox/:id`: the list, and the open conversation beside it (alone on a phone). */
export function InboxPage() {
  const openId = conversationIdOf(route.value.path);
  const [help, setHelp] = useState(false);

  useEffect(() => {
    startClock();
    loadDirectory();
    void loadQueues();
  }, []);

  // Supervisors' totals per filter are counted by the server: read again once events settle.
  const lists = app.value.inbox.lists;
  useEffect(() => {
    if (!supervises()) return;
    const timer = setTimeout(() => void loadCounts(), 1000);
    return () => clearTimeout(timer);
  }, [lists]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || typing(e.target) || document.querySelector('dialog[open]')) return;
      if (e.key === '?') {
        e.preventDefault();
        setHelp(true);
      } else if (e.key === 'Escape' && openId) {
        navigate(`/inbox${route.value.search}`);
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [openId]);

  const channel = openId ? channelOf(app.value.inbox.open?.conversation?.channel_id) : undefined;
  return (
    <div class={`inbox${openId ? ' inbox-has-open' : ''}`}>
      <ListPane openId={openId} />
      <section
        class="inbox-conv-pane"
        aria-label={openId ? t('inbox.conversation_label') : t('inbox.no_selection_label')}
      >
        {openId ? (
          <ConversationView key={openId} id={openId} channelName={channel?.name ?? ''} />
        ) : (
          <div class="inbox-placeholder">
            <Icon name="inbox" size={40} />
            <p>{t('inbox.pick_one')}</p>
            <p class="muted">
              <button type="button" class="link-btn" onClick={() => setHelp(true)}>
                {t('inbox.shortcuts.hint')}
              </button>
            </p>
          </div>
        )}
      </section>
      <button
        type="button"
        class="icon-btn help-btn"
        aria-label={t('inbox.shortcuts.title')}
        title={t('inbox.shortcuts.title')}
        onClick={() => setHelp(true)}
      >
        <Icon name="help" />
      </button>
      {help ? <ShortcutsDialog onClose={() => setHelp(false)} /> : null}
    </div>
  );
}
