import { errorFields, errorText } from '../format';

/** Turns a failed call into messages for the form's fields (`errorFields` unless a form reads its own). */
export type FieldMapper = (problem: unknown) => Record<string, string>;

/** What a failed call shows: a message beside each field it names, else one banner sentence. */
export interface ProblemView {
  fieldErrors: Record<string, string>;
  error: string | null;
}

export function problemView(problem: unknown, mapFields: FieldMapper = errorFields): ProblemView {
  if (problem === null || problem === undefined) return { fieldErrors: {}, error: null };
  const fieldErrors = mapFields(problem);
  return { fieldErrors, error: Object.keys(fieldErrors).length ? null : errorText(problem) };
}

/** Where a submission reports its progress; the hook backs these with component state. */
export interface SubmitSinks {
  setBusy: (busy: boolean) => void;
  setProblem: (problem: unknown) => void;
  /** Called with each failure too, e.g. to show it as a toast. */
  onFailure?: ((problem: unknown) => void) | undefined;
}

/**
 * Runs one async action: busy while it runs, the previous problem cleared when it starts and the
 * new one kept when it fails. Resolves true when the action succeeded.
 */
export async function runSubmit(action: () => Promise<unknown>, sinks: SubmitSinks): Promise<boolean> {
  sinks.setBusy(true);
  sinks.setProblem(null);
  try {
    await action();
    return true;
  } catch (problem) {
    sinks.setProblem(problem);
    sinks.onFailure?.(problem);
    return false;
  } finally {
    sinks.setBusy(false);
  }
}
