import { useEffect, useState } from 'preact/hooks';
import { endpoints } from '../../api/endpoints';
import type { Conversation } from '../../api/types';
import { num } from '../../components/format';
import { ErrorBanner } from '../../components/forms/ErrorBanner';
import { useSubmit } from '../../components/forms/useSubmit';
import { TransferDialog } from '../../components/inbox/actions';
import { ChannelIcon, contactLabel, duration, WaitTime } from '../../components/inbox/bits';
import { conversationPath, secondsSince } from '../../components/inbox/query';
import { LoadMore } from '../../components/LoadMore';
import { Button, EmptyState, Link, PageHeader, Spinner, StatusLabel } from '../../components/ui';
import { t } from '../../i18n';
import { now, startClock } from '../../state/clock';
import {
  agentName,
  campaignName,
  loadAgents,
  loadDirectory,
  loadList,
  loadQueues,
  queueName,
} from '../../state/inbox-data';
import { app, can, dispatch } from '../../state/store';
import { notify } from '../../state/toasts';
import { MonitoringCards } from './monitoring';

export const SUPERVISION_LIST = 'supervision';
const QUERY = { status: 'queued,assigned' };

/** Waiting ones first by how long they wait, then the rest by activity. */
export function byWait(a: Conversation, b: Conversation): number {
  const ta = Date.parse(a.queued_at ?? a.last_activity_at) || 0;
  const tb = Date.parse(b.queued_at ?? b.last_activity_at) || 0;
  return ta - tb;
}

function AssignForm(props: { c: Conversation }) {
  const agents = app.value.inbox.agents;
  const [agent, setAgent] = useState('');
  const { busy, submit } = useSubmit({ toast: true });
  const id = `assign-${props.c.id}`;
  async function assign(e: Event) {
    e.preventDefault();
    if (!agent) return;
    await submit(async () => {
      dispatch({ kind: 'local.conversation_saved', conversation: await endpoints.assign(props.c.id, agent) });
      notify('success', t('supervision.assigned', { name: agentName(agent) }));
    });
  }
  return (
    <form class="assign-form" onSubmit={assign}>
      <label for={id} class="visually-hidden">
        {t('supervision.assign_to', { name: contactLabel(props.c) })}
      </label>
      <select
        id={id}
        class="input input-compact"
        value={agent}
        onChange={(e) => setAgent((e.currentTarget as HTMLSelectElement).value)}
      >
        <option value="">{t('supervision.pick_agent')}</option>
        {agents.map((a) => (
          <option key={a.id} value={a.id}>
            {a.name} · {t(`statuses.${a.status}`)}
          </option>
        ))}
      </select>
      <Button type="submit" small busy={busy} disabled={!agent}>
        {t('supervision.assign')}
      </Button>
    </form>
  );
}

/** How long the agent has been in their status ("12 min"), ticking with the page's clock. */
function AgentSince(props: { at: string }) {
  const seconds = secondsSince(props.at, now.value);
  if (seconds === null) return null;
  return (
    <span class="muted agent-since">
      <time dateTime={props.at}>{t('supervision.for_time', { time: duration(seconds) })}</time>
    </span>
  );
}

/** `/supervision`: queues and their waiting conversations, agents with status and load, live. */
export function SupervisionPage() {
  const state = app.value;
  const inbox = state.inbox;
  const list = inbox.lists[SUPERVISION_LIST];
  const reloads = state.reloads;
  const [error, setError] = useState<unknown>(null);
  const [transfer, setTransfer] = useState<Conversation | null>(null);
  const mayAct = can('inbox.supervise') || can('inbox.all');
  const { busy: more, submit: loadPage } = useSubmit({ onFailure: setError });

  useEffect(() => {
    startClock();
    loadDirectory();
    setError(null);
    void loadQueues();
    void loadAgents();
    loadList(SUPERVISION_LIST, QUERY).catch((err: unknown) => setError(err));
  }, [reloads]);
  useEffect(() => () => dispatch({ kind: 'local.list_dropped', list: SUPERVISION_LIST }), []);

  const items = list?.items ?? [];
  const waiting = items.filter((c) => c.status === 'queued').sort(byWait);
  const active = items.filter((c) => c.status === 'assigned');
  const queues = inbox.queues.filter((q) => !q.archived);

  return (
    <>
      <PageHeader title={t('supervision.title')} description={t('supervision.intro')} />
      <ErrorBanner error={error} />
      <div class="supervision">
        {can('monitoring.view') ? <MonitoringCards /> : null}
        <section class="card" aria-labelledby="sup-queues">
          <h2 id="sup-queues">{t('supervision.queues')}</h2>
          {queues.length === 0 ? (
            <EmptyState>{t('supervision.no_queues')}</EmptyState>
          ) : (
            <section
              class="table-scroll"
              aria-labelledby="sup-queues"
              // biome-ignore lint/a11y/noNoninteractiveTabindex: a table wider than a phone scrolls; the keyboard must reach it
              tabIndex={0}
            >
              <table class="table">
                <thead>
                  <tr>
                    <th scope="col">{t('supervision.queue')}</th>
                    <th scope="col">{t('inbox.campaign')}</th>
                    <th scope="col" class="num">
                      {t('supervision.waiting')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {queues.map((q) => (
                    <tr key={q.id} data-queue={q.id}>
                      <td>{q.name}</td>
                      <td>{campaignName(q.campaign_id)}</td>
                      <td class="num">
                        <strong class="queue-waiting">{num(q.waiting)}</strong>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          )}
        </section>

        <section class="card" aria-labelledby="sup-agents">
          <h2 id="sup-agents">{t('supervision.agents')}</h2>
          {inbox.agents.length === 0 ? (
            <Spinner />
          ) : (
            <section
              class="table-scroll"
              aria-labelledby="sup-agents"
              // biome-ignore lint/a11y/noNoninteractiveTabindex: a table wider than a phone scrolls; the keyboard must reach it
              tabIndex={0}
            >
              <table class="table">
                <thead>
                  <tr>
                    <th scope="col">{t('fields.name')}</th>
                    <th scope="col">{t('fields.status')}</th>
                    <th scope="col" class="num">
                      {t('supervision.load')}
                    </th>
                    <th scope="col" class="num">
                      {t('supervision.unread')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {inbox.agents.map((a) => (
                    <tr key={a.id} class="agent-row" data-agent={a.id}>
                      <td>{a.name}</td>
                      <td>
                        <StatusLabel
                          status={a.status}
                          reason={app.value.pauseReasons.find((r) => r.id === a.pause_reason_id)?.name}
                        />
                        <AgentSince at={a.status_changed_at} />
                      </td>
                      <td class="num agent-load">
                        {t('supervision.load_value', { n: a.assigned, max: a.capacity })}
                      </td>
                      <td class="num">{num(a.unread_conversations)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          )}
        </section>

        <section class="card sup-wide" aria-labelledby="sup-waiting">
          <h2 id="sup-waiting">
            {t('supervision.waiting_conversations')} <span class="count">{waiting.length}</span>
          </h2>
          {!list ? (
            <Spinner />
          ) : waiting.length === 0 ? (
            <EmptyState>{t('supervision.none_waiting')}</EmptyState>
          ) : (
            <ul class="sup-list" aria-label={t('supervision.waiting_conversations')}>
              {waiting.map((c) => (
                <li key={c.id} class="sup-item sup-waiting">
                  <ChannelIcon kind={c.channel_kind} />
                  <span class="sup-who">
                    <Link href={conversationPath(c.id)}>{contactLabel(c)}</Link>
                    <span class="muted">{queueName(c.queue_id)}</span>
                  </span>
                  <WaitTime conversation={c} />
                  {mayAct ? <AssignForm c={c} /> : null}
                </li>
              ))}
            </ul>
          )}
        </section>

        <section class="card sup-wide" aria-labelledby="sup-active">
          <h2 id="sup-active">
            {t('supervision.active_conversations')} <span class="count">{active.length}</span>
          </h2>
          {!list ? (
            <Spinner />
          ) : active.length === 0 ? (
            <EmptyState>{t('supervision.none_active')}</EmptyState>
          ) : (
            <ul class="sup-list" aria-label={t('supervision.active_conversations')}>
              {active.map((c) => (
                <li key={c.id} class="sup-item sup-active">
                  <ChannelIcon kind={c.channel_kind} />
                  <span class="sup-who">
                    <Link href={conversationPath(c.id)}>{contactLabel(c)}</Link>
                    <span class="muted sup-agent">{agentName(c.agent_id)}</span>
                  </span>
                  <WaitTime conversation={c} />
                  {mayAct ? (
                    <Button
                      small
                      onClick={() => setTransfer(c)}
                      aria-label={t('supervision.transfer_named', { name: contactLabel(c) })}
                    >
                      {t('inbox.transfer')}
                    </Button>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
          <LoadMore
            hasMore={Boolean(list?.next)}
            busy={more}
            onLoad={() => loadPage(() => loadList(SUPERVISION_LIST, QUERY, list?.next ?? null))}
            small
          />
        </section>
      </div>
      {transfer ? <TransferDialog conversation={transfer} onClose={() => setTransfer(null)} /> : null}
    </>
  );
}
