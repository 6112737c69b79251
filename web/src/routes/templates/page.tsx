import { useState } from 'preact/hooks';
import { endpoints, itemsOf } from '../../api/endpoints';
import { when } from '../../components/format';
import { ErrorBanner } from '../../components/forms/ErrorBanner';
import { statusTone } from '../../components/templates/templates';
import { Badge, Button, EmptyState, PageHeader, SelectField, Spinner } from '../../components/ui';
import { useResource } from '../../components/useResource';
import { t, tOr } from '../../i18n';
import { notify } from '../../state/toasts';
import { navigate, queryParam } from '../router';
import { CreateTemplateDialog } from './create-dialog';

/** `/templates?channel=`: a WhatsApp number's templates with Meta's status, and creating one (OUT-1). */
export function TemplatesPage() {
  const channels = useResource(() => endpoints.channels('whatsapp'), []);
  const list = channels.data ?? [];
  const channelId = queryParam('channel') ?? list[0]?.id ?? '';
  const templates = useResource(
    () => (channelId ? endpoints.templates(channelId).then(itemsOf) : Promise.resolve([])),
    [channelId],
  );
  const [creating, setCreating] = useState(false);
  const items = templates.data ?? [];

  return (
    <>
      <PageHeader
        title={t('templates.title')}
        description={t('templates.intro')}
        actions={
          channelId ? (
            <Button variant="primary" onClick={() => setCreating(true)}>
              {t('templates.create')}
            </Button>
          ) : null
        }
      />
      <section class="card" aria-labelledby="templates-list-title">
        <h2 id="templates-list-title" class="visually-hidden">
          {t('templates.list')}
        </h2>
        {list.length > 1 ? (
          <div class="toolbar">
            <SelectField
              id="templates-channel"
              label={t('templates.channel')}
              value={channelId}
              options={list.map((c) => ({ value: c.id, label: c.name }))}
              onValue={(v) => navigate(`/templates?channel=${encodeURIComponent(v)}`, { replace: true })}
            />
          </div>
        ) : null}
        <ErrorBanner error={channels.error ?? templates.error} />
        {channels.loading && !channels.data ? (
          <Spinner />
        ) : !list.length ? (
          <EmptyState>{t('templates.no_channels')}</EmptyState>
        ) : templates.loading && !templates.data ? (
          <Spinner />
        ) : !items.length ? (
          <EmptyState>{t('templates.empty')}</EmptyState>
        ) : (
          <table class="table table-stack templates-table">
            <thead>
              <tr>
                <th scope="col">{t('templates.name')}</th>
                <th scope="col">{t('templates.language')}</th>
                <th scope="col">{t('templates.category')}</th>
                <th scope="col">{t('templates.status')}</th>
                <th scope="col">{t('templates.updated')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((x) => (
                <tr key={x.id} data-template={x.name}>
                  <td data-label={t('templates.name')}>
                    <span class="template-name">{x.name}</span>
                    {x.body ? <span class="muted template-body">{x.body}</span> : null}
                  </td>
                  <td data-label={t('templates.language')}>{x.language ?? '—'}</td>
                  <td data-label={t('templates.category')}>
                    {x.category ? tOr(`templates.categories.${x.category.toLowerCase()}`, x.category) : '—'}
                  </td>
                  <td data-label={t('templates.status')}>
                    <Badge tone={statusTone(x.status)}>
                      {tOr(`templates.statuses.${x.status.toLowerCase()}`, x.status)}
                    </Badge>
                    {x.reason ? <span class="muted"> {x.reason}</span> : null}
                  </td>
                  <td data-label={t('templates.updated')}>{when(x.updated_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {creating && channelId ? (
        <CreateTemplateDialog
          channelId={channelId}
          onClose={() => setCreating(false)}
          onCreated={(created) => {
            setCreating(false);
            notify('success', t('templates.created', { name: created.name }));
            templates.reload();
          }}
        />
      ) : null}
    </>
  );
}
