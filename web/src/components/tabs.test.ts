import { describe, expect, it } from 'vitest';
import { tabAfterKey } from './tabs';

describe('tabAfterKey', () => {
  const tabs = ['one', 'two', 'three'] as const;

  it('moves right and left, wrapping around', () => {
    expect(tabAfterKey(tabs, 'one', 'ArrowRight')).toBe('two');
    expect(tabAfterKey(tabs, 'three', 'ArrowRight')).toBe('one');
    expect(tabAfterKey(tabs, 'two', 'ArrowLeft')).toBe('one');
    expect(tabAfterKey(tabs, 'one', 'ArrowLeft')).toBe('three');
  });

  it('ignores other keys', () => {
    expect(tabAfterKey(tabs, 'one', 'Enter')).toBeNull();
    expect(tabAfterKey(tabs, 'one', 'ArrowDown')).toBeNull();
  });
});
