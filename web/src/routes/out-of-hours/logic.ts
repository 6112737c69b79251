import type { Callback } from '../../api/bots';

/** The locale key of the "¿Solicitó retorno?" column for the server's value. */
export function callbackKey(callback: Callback): string {
  switch (callback) {
    case 'yes':
      return 'out_of_hours.callback.yes';
    case 'no':
      return 'out_of_hours.callback.no';
    case 'no_answer':
      return 'out_of_hours.callback.no_answer';
    default:
      return 'out_of_hours.callback.na';
  }
}
