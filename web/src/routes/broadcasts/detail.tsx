import { useEffect, useState } from 'preact/hooks';
import {
  actionsFor,
  type BroadcastDetail,
  type BroadcastMessage,
  broadcasts,
  type MessageStatus,
  progress,
} from '../../api/broadcasts';
import { when } from '../../components/format';
import { ErrorBanner } from '../../components/forms/ErrorBanner';
import { useSubmit } from '../../components/forms/useSubmit';
import { Badge, Button, EmptyState, SelectField } from '../../components/ui';
import { t } from '../../i18n';

const STATUSES: MessageStatus[] = [
  'in_outbox',
  'departed',
  'sent',
  'delivered',
  'read',
  'departure_failed',
  'send_failed',
];
const STAGES = ['departure', 'send', 'delivery', 'read'] as const;
/** How often a broadcast that is sending (or waiting to) is read again. */
const REFRESH_MS = 3000;

function InvalidRows(props: { broadcast: BroadcastDetail }) {
  const rows = props.broadcast.invalid_rows;
  if (!rows.length) return <p>{t('broadcasts.all_valid')}</p>;
  return (
    <>
      <div>
        <a
          class="btn btn-secondary btn-small"
          href={broadcasts.invalidRowsCsvUrl(props.broadcast.id)}
          download
        >
          {t('broadcast_report.download_invalid')}
        </a>
      </div>
      <div class="table-scroll">
        <table class="table" aria-label={t('broadcasts.invalid_rows')}>
          <thead>
            <tr>
              <th>{t('broadcasts.row')}</th>
              <th>{t('broadcasts.column')}</th>
              <th>{t('broadcasts.reason')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.row}>
                <td>{r.row}</td>
                <td>{r.column}</td>
                <td>{r.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function Messages(props: { id: string; version: number }) {
  const [status, setStatus] = useState<MessageStatus | ''>('');
  const [items, setItems] = useState<BroadcastMessage[]>([]);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    broadcasts
      .messages(props.id, status, null)
      .then((page) => setItems(page.items))
      .catch(setError);
  }, [props.id, status, props.version]);
  const options = [
    { value: '', label: t('broadcasts.all_statuses') },
    ...STATUSES.map((s) => ({ value: s, label: t(`broadcasts.message_statuses.${s}`) })),
  ];
  return (
    <div class="stack">
      <SelectField
        id="broadcast-status-filter"
        label={t('broadcasts.filter_status')}
        value={status}
        options={options}
        onValue={(v) => setStatus(v as MessageStatus | '')}
      />
      <div>
        <a class="btn btn-secondary btn-small" href={broadcasts.messagesCsvUrl(props.id, status)} download>
          {t('broadcast_report.download_messages')}
        </a>
      </div>
      {error ? <ErrorBanner error={error} /> : null}
      {items.length === 0 ? (
        <EmptyState>{t('broadcasts.no_messages')}</EmptyState>
      ) : (
        <div class="table-scroll">
          <table class="table" aria-label={t('broadcasts.messages')}>
            <thead>
              <tr>
                <th>{t('broadcasts.row')}</th>
                <th>{t('broadcasts.recipient')}</th>
                <th>{t('broadcasts.status')}</th>
                {STAGES.map((s) => (
                  <th key={s}>{t(`broadcasts.stages.${s}`)}</th>
                ))}
                <th>{t('broadcasts.replied')}</th>
                <th>{t('broadcasts.detail')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((m) => (
                <tr key={m.row}>
                  <td>{m.row}</td>
                  <td>{m.recipient}</td>
                  <td>{t(`broadcasts.message_statuses.${m.status}`)}</td>
                  {STAGES.map((s) => (
                    <td key={s} title={when(m.stage_times[s])}>
                      {t(`broadcasts.stage_values.${m.stages[s]}`)}
                    </td>
                  ))}
                  <td>{when(m.replied_at)}</td>
                  <td>
                    {m.error
                      ? `${m.error.code ?? ''} ${m.error.title ?? ''}`
                      : m.comment
                        ? t(`broadcasts.comments.${m.comment}`)
                        : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

/** One broadcast: why rows were left out, the summary, its actions, progress and messages. */
export function BroadcastDetailPanel(props: { id: string; onChanged: () => void }) {
  const [b, setB] = useState<BroadcastDetail | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [version, setVersion] = useState(0);
  const { busy, submit } = useSubmit({ toast: true });
  // Read again while it sends, and while messages that left may still be delivered or read.
  const inFlight = b ? b.totals.departed + b.totals.sent + b.totals.delivered > 0 : false;
  const live = b?.status === 'sending' || b?.status === 'scheduled' || inFlight;

  useEffect(() => {
    broadcasts.get(props.id).then(setB).catch(setError);
  }, [props.id, version]);
  useEffect(() => {
    if (!live) return;
    const timer = window.setTimeout(() => setVersion((v) => v + 1), REFRESH_MS);
    return () => window.clearTimeout(timer);
  }, [live, version]);

  if (error) return <ErrorBanner error={error} />;
  if (!b) return null;
  const { done, total } = progress(b.totals);
  return (
    <section class="card stack" aria-label={b.name}>
      <h2>
        {b.name} <Badge>{t(`broadcasts.statuses.${b.status}`)}</Badge>
      </h2>
      <p>
        {t('broadcasts.validation', {
          rows: String(b.validation.rows),
          valid: String(b.validation.valid),
          invalid: String(b.validation.invalid),
        })}
      </p>
      <p>
        {t('broadcasts.summary', {
          senders: String(b.summary.senders),
          recipients: String(b.summary.recipients),
          templates: String(b.summary.templates),
        })}
      </p>
      {b.start_at ? <p>{t('broadcasts.starts', { at: when(b.start_at) })}</p> : null}
      {b.opt_out_word ? <p>{t('broadcast_opt_out.opt_out_shown', { word: b.opt_out_word })}</p> : null}
      {b.wait_reason ? <p class="alert">{t(`broadcasts.wait.${b.wait_reason}`)}</p> : null}
      <InvalidRows broadcast={b} />
      <div class="toolbar">
        {actionsFor(b.status).map((action) => (
          <Button
            key={action}
            disabled={busy}
            onClick={() =>
              submit(async () => {
                setB(await broadcasts.act(b.id, action));
                setVersion((v) => v + 1);
                props.onChanged();
              })
            }
          >
            {t(`broadcasts.actions.${action}`)}
          </Button>
        ))}
      </div>
      <label>
        {t('broadcasts.progress', { done: String(done), total: String(total) })}
        <progress max={total || 1} value={done} />
      </label>
      <p>{t('broadcasts.replied_count', { replied: String(b.replied) })}</p>
      <Messages id={b.id} version={version} />
    </section>
  );
}
