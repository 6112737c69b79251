import { describe, expect, it } from 'vitest';
import { EMPTY_DRAFT, exampleKeys, formErrors, toComponents } from './draft';

describe('the template draft', () => {
  it('is written in the Graph API shape, leaving out what is empty', () => {
    const { components } = toComponents({
      ...EMPTY_DRAFT,
      body: 'Hola {{1}}, tu pedido llega el {{2}}.',
      examples: { '1': 'Ana', '2': 'jueves' },
      footer: 'Tienda Demo',
      buttons: ['Sí', '', 'No'],
    });
    expect(components).toEqual([
      {
        type: 'BODY',
        text: 'Hola {{1}}, tu pedido llega el {{2}}.',
        example: { body_text: [['Ana', 'jueves']] },
      },
      { type: 'FOOTER', text: 'Tienda Demo' },
      {
        type: 'BUTTONS',
        buttons: [
          { type: 'QUICK_REPLY', text: 'Sí' },
          { type: 'QUICK_REPLY', text: 'No' },
        ],
      },
    ]);
  });

  it('gives named variables their named examples', () => {
    const { components } = toComponents({
      ...EMPTY_DRAFT,
      body: 'Hola {{nombre}}',
      examples: { nombre: 'Ana' },
    });
    expect(components[0]).toEqual({
      type: 'BODY',
      text: 'Hola {{nombre}}',
      example: { body_text_named_params: [{ param_name: 'nombre', example: 'Ana' }] },
    });
    expect(exampleKeys('{{1}} y {{2}}')).toEqual(['1', '2']);
  });

  it('puts the server messages beside the fields they are about', () => {
    const { fields } = toComponents({ ...EMPTY_DRAFT, header: 'x'.repeat(61), body: 'y', buttons: ['a'] });
    expect(
      formErrors(
        {
          name: 'bad name',
          'components.0.text': 'header too long',
          'components.1.text': 'body too long',
          'components.2.buttons.0.text': 'label too long',
        },
        fields,
      ),
    ).toEqual({
      name: 'bad name',
      header: 'header too long',
      body: 'body too long',
      buttons: 'label too long',
    });
  });
});
