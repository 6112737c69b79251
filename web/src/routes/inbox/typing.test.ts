import { describe, expect, it } from 'vitest';
import { throttled } from './typing';

describe('typing signal', () => {
  it('goes out at most once per interval while the agent keeps typing', () => {
    let clock = 0;
    let sent = 0;
    const typing = throttled(
      () => sent++,
      3000,
      () => clock,
    );
    for (clock = 0; clock < 7000; clock += 250) typing();
    expect(sent).toBe(3);
  });
});
