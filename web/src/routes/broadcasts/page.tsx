import { useEffect, useState } from 'preact/hooks';
import { type Broadcast, type BroadcastDetail, broadcasts } from '../../api/broadcasts';
import { errorFields } from '../../components/format';
import { ErrorBanner } from '../../components/forms/ErrorBanner';
import { useSubmit } from '../../components/forms/useSubmit';
import { Tabs } from '../../components/Tabs';
import { Badge, Button, EmptyState, Field, PageHeader, Spinner, TextField } from '../../components/ui';
import { t } from '../../i18n';
import { BroadcastDetailPanel } from './detail';
import { BroadcastReportPanel } from './report';

const TABS = ['broadcasts', 'report'] as const;
type Tab = (typeof TABS)[number];

/** The upload form: the sheet, a name, now or at a time, and the gradual pace. */
function UploadForm(props: { onCreated: (b: BroadcastDetail) => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [name, setName] = useState('');
  const [startAt, setStartAt] = useState('');
  const [batchSize, setBatchSize] = useState('');
  const [interval, setInterval] = useState('');
  const [optOutWord, setOptOutWord] = useState('');
  const { busy, problem, submit } = useSubmit();
  const fields = errorFields(problem);

  async function send(e: Event) {
    e.preventDefault();
    if (!file) return;
    await submit(async () => {
      // A local time from the picker, sent as an instant with its offset.
      const start = startAt ? new Date(startAt).toISOString() : '';
      const created = await broadcasts.create({
        file,
        name,
        startAt: start,
        batchSize,
        batchIntervalSeconds: interval,
        optOutWord,
      });
      props.onCreated(created);
    });
  }

  return (
    <form class="card stack" onSubmit={send} aria-label={t('broadcasts.new')}>
      <h2>{t('broadcasts.new')}</h2>
      <p class="muted">{t('broadcasts.sheet_hint')}</p>
      <Field id="broadcast-file" label={t('broadcasts.file')} error={fields.file}>
        {(aria) => (
          <input
            type="file"
            accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            onChange={(e) => setFile((e.currentTarget as HTMLInputElement).files?.[0] ?? null)}
            {...aria}
          />
        )}
      </Field>
      <TextField
        id="broadcast-name"
        label={t('broadcasts.name')}
        value={name}
        onValue={setName}
        error={fields.name}
      />
      <Field
        id="broadcast-start"
        label={t('broadcasts.start_at')}
        hint={t('broadcasts.start_at_hint')}
        error={fields.start_at}
      >
        {(aria) => (
          <input
            class="input"
            type="datetime-local"
            value={startAt}
            onInput={(e) => setStartAt((e.currentTarget as HTMLInputElement).value)}
            {...aria}
          />
        )}
      </Field>
      <TextField
        id="broadcast-batch"
        inputMode="numeric"
        label={t('broadcasts.batch_size')}
        hint={t('broadcasts.gradual_hint')}
        value={batchSize}
        onValue={setBatchSize}
        error={fields.batch_size}
      />
      <TextField
        id="broadcast-interval"
        inputMode="numeric"
        label={t('broadcasts.batch_interval')}
        hint={t('broadcasts.batch_interval_hint')}
        value={interval}
        onValue={setInterval}
        error={fields.batch_interval_seconds}
      />
      <TextField
        id="broadcast-opt-out"
        label={t('broadcast_opt_out.opt_out_word')}
        hint={t('broadcast_opt_out.opt_out_hint')}
        value={optOutWord}
        onValue={setOptOutWord}
        maxLength={20}
        error={fields.opt_out_word}
      />
      {problem && !Object.keys(fields).length ? <ErrorBanner error={problem} /> : null}
      <div>
        <Button type="submit" disabled={!file || busy}>
          {busy ? t('broadcasts.validating') : t('broadcasts.upload')}
        </Button>
      </div>
    </form>
  );
}

/** `/broadcasts` (OUT-2, OUT-4): upload a sheet, read why rows are left out, send, track. */
export function BroadcastsPage() {
  const [list, setList] = useState<Broadcast[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [tab, setTab] = useState<Tab>('broadcasts');

  async function load() {
    const page = await broadcasts.list();
    setList(page.items);
  }

  useEffect(() => {
    load().catch(setError);
  }, []);

  return (
    <section class="page">
      <PageHeader title={t('broadcasts.title')} description={t('broadcasts.intro')} />
      {error ? <ErrorBanner error={error} /> : null}
      <Tabs
        label={t('broadcast_report.tabs_label')}
        tabs={TABS}
        current={tab}
        onTab={setTab}
        title={(x) => t(`broadcast_report.tab_${x}`)}
        prefix="broadcasts-"
      >
        {tab === 'report' ? <BroadcastReportPanel list={list ?? []} /> : broadcastsTab()}
      </Tabs>
    </section>
  );

  function broadcastsTab() {
    return (
      <>
        <UploadForm
          onCreated={(b) => {
            setSelected(b.id);
            load().catch(setError);
          }}
        />
        {selected ? (
          <BroadcastDetailPanel key={selected} id={selected} onChanged={() => load().catch(setError)} />
        ) : null}
        <h2>{t('broadcasts.list')}</h2>
        {list === null ? (
          <Spinner />
        ) : list.length === 0 ? (
          <EmptyState>{t('broadcasts.empty')}</EmptyState>
        ) : (
          <div class="table-scroll">
            <table class="table">
              <thead>
                <tr>
                  <th>{t('broadcasts.name')}</th>
                  <th>{t('broadcasts.status')}</th>
                  <th>{t('broadcasts.valid')}</th>
                  <th>{t('broadcasts.with_errors')}</th>
                </tr>
              </thead>
              <tbody>
                {list.map((b) => (
                  <tr key={b.id}>
                    <td>
                      <button type="button" class="link-btn" onClick={() => setSelected(b.id)}>
                        {b.name}
                      </button>
                    </td>
                    <td>
                      <Badge>{t(`broadcasts.statuses.${b.status}`)}</Badge>
                    </td>
                    <td>{b.validation.valid}</td>
                    <td>{b.validation.invalid}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </>
    );
  }
}
