import { describe, expect, it } from 'vitest';
import { oneDecimal, percent, scoreLabel, scoreTone, sinceFor } from './surveys-logic';

describe('survey results', () => {
  it('turns a period into a since instant', () => {
    const now = new Date('2026-03-31T12:00:00Z');
    expect(sinceFor('7', now)).toBe('2026-03-24T12:00:00.000Z');
    expect(sinceFor('all', now)).toBeUndefined();
  });

  it('formats averages, scores and percentages in the language, with a dash for no answers', () => {
    expect(oneDecimal(4.25, 'es')).toBe('4,3');
    expect(oneDecimal(4, 'en')).toBe('4');
    expect(oneDecimal(-33.333, 'en')).toBe('-33.3');
    expect(oneDecimal(null, 'es')).toBe('—');
    expect(percent(75, 'en')).toBe('75%');
    expect(percent(null, 'en')).toBe('—');
  });

  it('reads each answer on its own scale', () => {
    expect(scoreLabel({ kind: 'csat', score: 4 })).toBe('4/5');
    expect(scoreLabel({ kind: 'nps', score: 9 })).toBe('9/10');
    expect(scoreLabel({ kind: 'nps', score: null })).toBe('—');
    expect(scoreTone({ kind: 'csat', score: 5 })).toBe('success');
    expect(scoreTone({ kind: 'csat', score: 3 })).toBe('warning');
    expect(scoreTone({ kind: 'csat', score: 1 })).toBe('danger');
    expect(scoreTone({ kind: 'nps', score: 10 })).toBe('success');
    expect(scoreTone({ kind: 'nps', score: 8 })).toBe('warning');
    expect(scoreTone({ kind: 'nps', score: 6 })).toBe('danger');
  });
});
