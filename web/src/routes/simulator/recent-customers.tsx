import { t } from '../../i18n';
import type { Customer } from './thread';

/** The customers played lately, one press away. */
export function RecentCustomers(props: {
  customers: Customer[];
  current: string;
  onShow: (c: Customer) => void;
}) {
  return (
    <fieldset class="sim-recent">
      <legend class="visually-hidden">{t('simulator.recent')}</legend>
      <ul>
        {props.customers.map((c) => (
          <li key={c.phone}>
            <button
              type="button"
              class="sim-chip"
              aria-pressed={c.phone === props.current}
              onClick={() => props.onShow(c)}
            >
              <span class="sim-chip-name">{c.name || c.phone}</span>
              <span class="sim-chip-phone">{c.phone}</span>
            </button>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}
