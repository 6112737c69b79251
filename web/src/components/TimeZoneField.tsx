import { useMemo } from 'preact/hooks';
import { t } from '../i18n';
import { timeZones } from '../i18n/format';
import { TextField } from './ui';

/** A time zone input that suggests every IANA zone. */
export function TimeZoneField(props: {
  id: string;
  value: string;
  onValue: (value: string) => void;
  error?: string | undefined;
}) {
  const zones = useMemo(() => timeZones(), []);
  const listId = `${props.id}-zones`;
  return (
    <>
      <TextField
        id={props.id}
        label={t('fields.time_zone')}
        hint={t('fields.time_zone_hint')}
        value={props.value}
        onValue={props.onValue}
        error={props.error}
        list={listId}
        autoComplete="off"
        spellcheck={false}
      />
      <datalist id={listId}>
        {zones.map((zone) => (
          <option key={zone} value={zone} />
        ))}
      </datalist>
    </>
  );
}
