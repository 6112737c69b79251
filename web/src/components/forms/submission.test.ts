import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client';
import { setLanguage } from '../../i18n';
import { problemView, runSubmit } from './submission';

function recorder() {
  const events: string[] = [];
  const problems: unknown[] = [];
  return {
    events,
    problems,
    sinks: {
      setBusy: (busy: boolean) => events.push(busy ? 'busy' : 'idle'),
      setProblem: (problem: unknown) => {
        events.push(problem ? 'failed' : 'cleared');
        problems.push(problem);
      },
      onFailure: () => events.push('reported'),
    },
  };
}

describe('runSubmit', () => {
  it('is busy while the action runs and clears the previous problem', async () => {
    const r = recorder();
    let during: string[] = [];
    const ok = await runSubmit(async () => {
      during = [...r.events];
    }, r.sinks);
    expect(ok).toBe(true);
    expect(during).toEqual(['busy', 'cleared']);
    expect(r.events).toEqual(['busy', 'cleared', 'idle']);
  });

  it('keeps and reports the failure, then is idle again', async () => {
    const r = recorder();
    const failure = new ApiError({ status: 409, code: 'conflict' });
    const ok = await runSubmit(() => Promise.reject(failure), r.sinks);
    expect(ok).toBe(false);
    expect(r.events).toEqual(['busy', 'cleared', 'failed', 'reported', 'idle']);
    expect(r.problems.at(-1)).toBe(failure);
  });
});

describe('problemView', () => {
  it('shows nothing without a problem', () => {
    expect(problemView(null)).toEqual({ fieldErrors: {}, error: null });
  });

  it('puts field errors beside their fields and leaves the banner empty', () => {
    setLanguage('en');
    const failure = new ApiError({
      status: 422,
      code: 'validation_failed',
      errors: [{ field: 'permissions[2]', code: 'required', params: {} }],
    });
    const view = problemView(failure);
    expect(Object.keys(view.fieldErrors)).toEqual(['permissions']);
    expect(view.fieldErrors.permissions).toBeTruthy();
    expect(view.error).toBeNull();
  });

  it('translates a problem without field errors into the banner', () => {
    setLanguage('en');
    const view = problemView(new ApiError({ status: 401, code: 'invalid_credentials' }));
    expect(view).toEqual({ fieldErrors: {}, error: 'The email or password is incorrect.' });
  });

  it('reads the fields with the form’s own mapper', () => {
    const view = problemView(new ApiError({ status: 422, code: 'validation_failed' }), () => ({ x: 'bad' }));
    expect(view).toEqual({ fieldErrors: { x: 'bad' }, error: null });
  });
});
