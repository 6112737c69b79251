import { errorText } from '../format';
import { Alert } from '../ui';

/** The error banner of a form or a page: a failed call (translated) or a sentence; nothing without one. */
export function ErrorBanner(props: { error: unknown }) {
  const { error } = props;
  if (!error) return null;
  return <Alert kind="error">{typeof error === 'string' ? error : errorText(error)}</Alert>;
}
