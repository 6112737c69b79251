import { useState } from 'preact/hooks';
import { notify } from '../../state/toasts';
import { errorText } from '../format';
import { type FieldMapper, problemView, runSubmit } from './submission';

export interface SubmitOptions {
  /** Also shows each failure as an error toast (forms on a page rather than in a dialog). */
  toast?: boolean;
  /** Reads the field messages from a problem; `errorFields` by default. */
  fields?: FieldMapper;
  /** Called with each failure (after its toast), e.g. to react to one code. */
  onFailure?: (problem: unknown) => void;
}

export interface Submit {
  busy: boolean;
  /** The banner: the failure's translated sentence when no field carries it. */
  error: string | null;
  /** Field name → translated message of the last failure. */
  fieldErrors: Record<string, string>;
  /** The last failure as thrown (an ApiError for a failed call), or null. */
  problem: unknown;
  /** Runs the action with busy set; resolves true when it succeeded. */
  submit: (action: () => Promise<unknown>) => Promise<boolean>;
  /** Forgets the last failure. */
  reset: () => void;
}

/** A form's submission: busy state, and a failed call mapped to its fields and a banner. */
export function useSubmit(options: SubmitOptions = {}): Submit {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<unknown>(null);
  const onFailure = (problem: unknown) => {
    if (options.toast) notify('error', errorText(problem));
    options.onFailure?.(problem);
  };
  return {
    busy,
    problem,
    ...problemView(problem, options.fields),
    submit: (action) => runSubmit(action, { setBusy, setProblem, onFailure }),
    reset: () => setProblem(null),
  };
}
