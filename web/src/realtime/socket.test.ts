import { describe, expect, it } from 'vitest';
import { backoffDelay, parseMessage, realtimeUrl } from './socket';

describe('backoffDelay', () => {
  it('doubles from half a second and stops at ten seconds', () => {
    const noJitter = () => 0;
    expect([0, 1, 2, 3, 4, 5, 6, 10].map((n) => backoffDelay(n, noJitter))).toEqual([
      500, 1000, 2000, 4000, 8000, 10000, 10000, 10000,
    ]);
  });

  it('never exceeds the cap with jitter', () => {
    for (let attempt = 0; attempt < 20; attempt++) {
      const d = backoffDelay(attempt, () => 0.999);
      expect(d).toBeGreaterThan(0);
      expect(d).toBeLessThanOrEqual(10000);
    }
  });
});

describe('realtimeUrl', () => {
  it('uses the same origin and passes the last event id', () => {
    expect(realtimeUrl({ protocol: 'http:', host: 'localhost:8080' }, null)).toBe(
      'ws://localhost:8080/api/v1/realtime',
    );
    expect(realtimeUrl({ protocol: 'https:', host: 'app.example' }, 42)).toBe(
      'wss://app.example/api/v1/realtime?last_event_id=42',
    );
  });
});

describe('parseMessage', () => {
  it('accepts JSON with a kind and rejects the rest', () => {
    expect(parseMessage('{"kind":"hello","last_event_id":3}')).toEqual({ kind: 'hello', last_event_id: 3 });
    expect(parseMessage('not json')).toBeNull();
    expect(parseMessage('{"id":1}')).toBeNull();
    expect(parseMessage(new ArrayBuffer(2))).toBeNull();
  });
});
