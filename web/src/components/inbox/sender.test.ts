import { describe, expect, it } from 'vitest';
import { setLanguage } from '../../i18n';
import { outboundLabel, previewPrefix, senderKind } from './sender';

const ANA = { id: 'ana', name: 'Ana Agente' };
const reply = { direction: 'outbound', kind: 'text', automated: null, author: ANA };

describe('message senders', () => {
  it('tell the bot, automatic texts and templates from a person', () => {
    setLanguage('es');
    expect(senderKind(reply)).toBeNull();
    expect(outboundLabel(reply)).toBe('Ana Agente');
    expect(senderKind({ ...reply, author: null, automated: 'survey' })).toBe('survey');
    expect(outboundLabel({ ...reply, author: null, automated: 'out_of_hours' })).toBe(
      'Mensaje automático: fuera del horario',
    );
    // An unknown automatic sender is still not a person.
    expect(outboundLabel({ ...reply, author: null, automated: 'future' })).toBe('Bot');
    expect(outboundLabel({ ...reply, kind: 'template' })).toBe('Plantilla · Ana Agente');
    expect(senderKind({ ...reply, direction: 'inbound', automated: 'bot' })).toBeNull();
  });

  it('say "You" in the list only for the viewer’s own reply', () => {
    setLanguage('es');
    const last = { direction: 'outbound', preview: 'Hola', author: ANA };
    expect(previewPrefix(last, 'ana')).toBe('Tú: ');
    expect(previewPrefix(last, 'supervisor')).toBe('Ana Agente: ');
    expect(previewPrefix({ ...last, author: null }, 'ana')).toBe('Agente: ');
    expect(previewPrefix({ ...last, direction: 'inbound' }, 'ana')).toBe('');
    setLanguage('en');
    expect(previewPrefix(last, 'ana')).toBe('You: ');
    setLanguage('es');
  });
});
