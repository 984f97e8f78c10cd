import { describe, expect, it } from 'vitest';
import { makeI18n } from '../i18n/I18n';
import { countText } from './count';

describe('countText', () => {
  const en = makeI18n('en', () => undefined);
  const es = makeI18n('es', () => undefined);
  it('says "at least" when the API gives a lower bound', () => {
    expect(countText({ value: 10000, precision: 'AT_LEAST' }, en)).toBe('10,000+ clients');
    expect(countText({ value: 100000, precision: 'AT_LEAST' }, es)).toBe('al menos 100.000 clientes');
    expect(countText({ value: 12, precision: 'EXACT' }, en)).toBe('12 clients');
    expect(countText(3, en)).toBe('3 clients');
    expect(countText(undefined, en)).toBe('Counting…');
    expect(countText({ value: 10000, precision: 'AT_LEAST' }, makeI18n('it', () => undefined))).toBe('almeno 10.000 clienti');
  });
});
