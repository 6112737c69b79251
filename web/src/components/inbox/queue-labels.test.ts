import { describe, expect, it } from 'vitest';
import { queueLabels } from './queue-labels';

const campaigns: Record<string, string> = { s: 'Soporte', v: 'Ventas' };
const name = (id: string) => campaigns[id] ?? '';

describe('queue labels', () => {
  it('adds the campaign to a name that queues of two campaigns share, and only to it', () => {
    const labels = queueLabels(
      [
        { id: '1', name: 'Cola general', campaignId: 's' },
        { id: '2', name: 'cola general', campaignId: 'v' },
        { id: '3', name: 'Compras', campaignId: 'v' },
      ],
      name,
    );
    expect(labels.get('1')).toBe('Cola general · Soporte');
    expect(labels.get('2')).toBe('cola general · Ventas');
    expect(labels.get('3')).toBe('Compras');
  });

  it('keeps the names of repeats within one campaign, and of a campaign it does not know', () => {
    const same = queueLabels(
      [
        { id: '1', name: 'Cola general', campaignId: 's' },
        { id: '2', name: 'Cola general', campaignId: 's' },
      ],
      name,
    );
    expect(same.get('1')).toBe('Cola general');
    const unknown = queueLabels(
      [
        { id: '1', name: 'Cola general', campaignId: 's' },
        { id: '3', name: 'Cola general', campaignId: 'x' },
      ],
      name,
    );
    expect(unknown.get('1')).toBe('Cola general · Soporte');
    expect(unknown.get('3')).toBe('Cola general');
  });
});
