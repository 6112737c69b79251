import { Fragment } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { endpoints, pageOf } from '../../api/endpoints';
import type { AuditEntry } from '../../api/types';
import { when } from '../../components/format';
import { ErrorBanner } from '../../components/forms/ErrorBanner';
import { useSubmit } from '../../components/forms/useSubmit';
import { LoadMore } from '../../components/LoadMore';
import { Button, EmptyState, PageHeader, SelectField, Spinner } from '../../components/ui';
import { t, tOr } from '../../i18n';
import { app } from '../../state/store';

export const ENTITY_TYPES = [
  'user',
  'profile',
  'client',
  'project',
  'campaign',
  'token',
  'pause_reason',
  'organization',
];

export interface DiffRow {
  field: string;
  before: string;
  after: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function show(value: unknown): string {
  if (value === undefined) return '';
  if (value === null) return '—';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

/** The fields that changed between two snapshots (all of one side for a creation or a deletion). */
export function diff(before: unknown, after: unknown): DiffRow[] {
  const b = isRecord(before) ? before : {};
  const a = isRecord(after) ? after : {};
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].sort();
  const rows: DiffRow[] = [];
  for (const key of keys) {
    const was = show(b[key]);
    const now = show(a[key]);
    if (isRecord(before) && isRecord(after) && was === now) continue;
    rows.push({ field: key, before: key in b ? was : '', after: key in a ? now : '' });
  }
  return rows;
}

/** What the entry is about: the name in its snapshot when it has one. */
export function entityName(entry: AuditEntry): string {
  for (const side of [entry.after, entry.before]) {
    if (isRecord(side)) {
      const name = side.name ?? side.email;
      if (typeof name === 'string' && name) return name;
    }
  }
  return '';
}

const PAGE = 50;

export function AuditLogPage() {
  const [entityType, setEntityType] = useState('');
  const [items, setItems] = useState<AuditEntry[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const { busy: more, submit: loadPage } = useSubmit({ onFailure: setError });
  const [open, setOpen] = useState<Set<string>>(new Set());
  const reloads = app.value.reloads;

  useEffect(() => {
    let live = true;
    setLoading(true);
    endpoints.auditLog({ entity_type: entityType || undefined, limit: PAGE }).then(
      (page) => {
        if (!live) return;
        const p = pageOf(page);
        setItems(p.items);
        setNext(p.next);
        setError(null);
        setLoading(false);
      },
      (err: unknown) => {
        if (!live) return;
        setError(err);
        setLoading(false);
      },
    );
    return () => {
      live = false;
    };
  }, [entityType, reloads]);

  async function loadMore() {
    await loadPage(async () => {
      const p = pageOf(
        await endpoints.auditLog({ entity_type: entityType || undefined, after: next, limit: PAGE }),
      );
      setItems((old) => [...old, ...p.items]);
      setNext(p.next);
    });
  }

  function toggle(id: string) {
    const nextOpen = new Set(open);
    if (nextOpen.has(id)) nextOpen.delete(id);
    else nextOpen.add(id);
    setOpen(nextOpen);
  }

  return (
    <>
      <PageHeader title={t('audit.title')} description={t('audit.intro')} />
      <div class="toolbar">
        <SelectField
          id="audit-entity"
          label={t('audit.filter')}
          value={entityType}
          onValue={setEntityType}
          options={[
            { value: '', label: t('audit.all_types') },
            ...ENTITY_TYPES.map((type) => ({ value: type, label: tOr(`audit.entities.${type}`, type) })),
          ]}
        />
      </div>
      <ErrorBanner error={error} />
      <section class="card" aria-labelledby="audit-table-title">
        <h2 id="audit-table-title" class="visually-hidden">
          {t('audit.title')}
        </h2>
        {loading && items.length === 0 ? (
          <Spinner />
        ) : items.length === 0 ? (
          <EmptyState>{t('audit.empty')}</EmptyState>
        ) : (
          <table class="table audit-table">
            <thead>
              <tr>
                <th scope="col">{t('audit.when')}</th>
                <th scope="col">{t('audit.who')}</th>
                <th scope="col">{t('audit.what')}</th>
                <th scope="col">{t('audit.changes')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((entry) => {
                const rows = diff(entry.before, entry.after);
                const expanded = open.has(entry.id);
                const name = entityName(entry);
                const hasBefore = isRecord(entry.before);
                const hasAfter = isRecord(entry.after);
                return (
                  <Fragment key={entry.id}>
                    <tr>
                      <td data-label={t('audit.when')}>
                        <time dateTime={entry.at}>{when(entry.at)}</time>
                      </td>
                      <td data-label={t('audit.who')}>{entry.actor_name || t('audit.system')}</td>
                      <td data-label={t('audit.what')}>
                        <span class="audit-action">
                          {tOr(`audit.actions.${entry.action.replace(/\./g, '_')}`, entry.action)}
                        </span>
                        {name ? <span class="muted"> · {name}</span> : null}
                      </td>
                      <td data-label={t('audit.changes')}>
                        {rows.length ? (
                          <Button
                            small
                            aria-expanded={expanded}
                            aria-controls={`diff-${entry.id}`}
                            onClick={() => toggle(entry.id)}
                          >
                            {expanded ? t('audit.hide_changes') : t('audit.show_changes', { n: rows.length })}
                          </Button>
                        ) : (
                          <span class="muted">—</span>
                        )}
                      </td>
                    </tr>
                    {expanded ? (
                      <tr class="diff-row" id={`diff-${entry.id}`}>
                        <td colSpan={4}>
                          <table class="table diff">
                            <thead>
                              <tr>
                                <th scope="col">{t('audit.field')}</th>
                                {hasBefore ? <th scope="col">{t('audit.before')}</th> : null}
                                {hasAfter ? <th scope="col">{t('audit.after')}</th> : null}
                              </tr>
                            </thead>
                            <tbody>
                              {rows.map((row) => (
                                <tr key={row.field}>
                                  <th scope="row" class="mono">
                                    {row.field}
                                  </th>
                                  {hasBefore ? <td class="diff-before">{row.before}</td> : null}
                                  {hasAfter ? <td class="diff-after">{row.after}</td> : null}
                                </tr>
                              ))}
                            </tbody>
                          </table>
                        </td>
                      </tr>
                    ) : null}
                  </Fragment>
                );
              })}
            </tbody>
          </table>
        )}
        <LoadMore hasMore={Boolean(next)} busy={more} onLoad={loadMore} />
      </section>
    </>
  );
}
