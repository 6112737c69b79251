import { describe, expect, it } from 'vitest';
import { parseOrigins } from './webchat';

describe('web chat origins', () => {
  it('split by commas, spaces and lines, blanks dropped', () => {
    expect(parseOrigins(' https://shop.example,\nhttp://127.0.0.1:5000  , ')).toEqual([
      'https://shop.example',
      'http://127.0.0.1:5000',
    ]);
    expect(parseOrigins('')).toEqual([]);
  });
});
