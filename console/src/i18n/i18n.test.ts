import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client';
import { detectLanguage, format } from './core';
import { en } from './en';
import { es } from './es';
import { DICTIONARIES, errorCode, makeI18n } from './I18n';
import { it as italian } from './it';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('language choice', () => {
  it('prefers the saved choice, then the browser, then English', () => {
    expect(detectLanguage('es', ['it-IT'])).toBe('es');
    expect(detectLanguage(null, ['fr-FR', 'it-IT', 'en'])).toBe('it');
    expect(detectLanguage('de', ['es-MX'])).toBe('es');
    expect(detectLanguage(null, ['fr'])).toBe('en');
  });
});

describe('dictionaries', () => {
  it.each([
    ['it', italian],
    ['es', es],
  ])('%s has every English key, non-empty, with the same placeholders', (_, dict) => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(dict[key], key).toBeTruthy();
      expect(placeholders(dict[key]), key).toEqual(placeholders(en[key]));
    }
  });
  it('translates rather than copies the English text', () => {
    const same = (Object.keys(en) as (keyof typeof en)[]).filter((k) => italian[k] === en[k] && es[k] === en[k]);
    // Brand names, "Email", "Marketing"… may stay the same; whole sentences may not.
    expect(same.filter((k) => en[k].includes(' ') && en[k].length > 20)).toEqual([]);
  });
});

describe('messages', () => {
  it('fills placeholders and leaves unknown ones', () => {
    expect(format('{count} clients, {x}', { count: 3 })).toBe('3 clients, {x}');
  });
  it('maps API error codes to the language, unknown codes to a generic message', () => {
    const t = makeI18n('it', () => undefined);
    expect(t.errorText({ code: 'EMAIL_IN_USE' })).toBe(DICTIONARIES.it['error.EMAIL_IN_USE']);
    expect(t.errorText(new ApiError('FORBIDDEN', 'x'))).toBe(DICTIONARIES.it['error.FORBIDDEN']);
    expect(t.errorText('SOMETHING_NEW')).toBe(DICTIONARIES.it['error.UNKNOWN']);
    expect(errorCode(new Error('x'))).toBe('UNKNOWN');
  });
});
