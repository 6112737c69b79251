import { useState } from 'preact/hooks';
import { reports } from '../../api/reports';
import { ErrorBanner } from '../../components/forms/ErrorBanner';
import { useSubmit } from '../../components/forms/useSubmit';
import { TimeZoneField } from '../../components/TimeZoneField';
import { Button } from '../../components/ui';
import { t } from '../../i18n';
import { app, dispatch } from '../../state/store';
import { notify } from '../../state/toasts';

/** The organization's time zone, which decides the days its reports count (administrators). */
export function OrgTimeZoneCard() {
  const current = app.value.me?.organization.time_zone ?? '';
  const [zone, setZone] = useState(current);
  const { busy, error, fieldErrors, submit } = useSubmit();

  async function save(e: Event) {
    e.preventDefault();
    await submit(async () => {
      const organization = await reports.updateOrganization({ time_zone: zone.trim() });
      dispatch({ kind: 'local.organization_updated', organization });
      setZone(organization.time_zone);
      notify('success', t('reports.time_zone_saved', { zone: organization.time_zone }));
    });
  }

  return (
    <section class="card org-time-zone" aria-labelledby="org-tz-title">
      <h2 id="org-tz-title">{t('reports.time_zone_title')}</h2>
      <p class="muted">{t('reports.time_zone_intro')}</p>
      <form class="inline-form" onSubmit={save} noValidate>
        <TimeZoneField id="org-tz" value={zone} onValue={setZone} error={fieldErrors.time_zone} />
        <Button type="submit" variant="primary" busy={busy} disabled={zone.trim() === current}>
          {t('common.save')}
        </Button>
      </form>
      <ErrorBanner error={error} />
    </section>
  );
}
