import { describe, expect, it } from 'vitest';
import { callbackKey } from './logic';

describe('out-of-hours contacts', () => {
  it('labels the call-back answer', () => {
    expect(callbackKey('yes')).toBe('out_of_hours.callback.yes');
    expect(callbackKey('no')).toBe('out_of_hours.callback.no');
    expect(callbackKey('no_answer')).toBe('out_of_hours.callback.no_answer');
    expect(callbackKey('n/a')).toBe('out_of_hours.callback.na');
  });
});
