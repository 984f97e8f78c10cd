import { describe, expect, it } from 'vitest';
import { proofWording, wordingInput } from './wording';

describe('consent wording', () => {
  const texts = [
    { locale: 'en', text: 'I agree to news by email.' },
    { locale: 'it', text: 'Acconsento alle novità via email.' },
  ];
  it("offers the client's language, then the organization's, then any", () => {
    expect(proofWording(texts, 'it', 'en')).toBe('Acconsento alle novità via email.');
    expect(proofWording(texts, 'es', 'en')).toBe('I agree to news by email.');
    expect(proofWording(texts, null, 'it')).toBe('Acconsento alle novità via email.');
    expect(proofWording([{ locale: 'es', text: 'Acepto.' }], 'it', 'it')).toBe('Acepto.');
    expect(proofWording([], 'it', 'it')).toBe('');
  });
  it('sends only the languages that changed, an emptied one as null', () => {
    expect(wordingInput({ it: 'Acconsento alle novità via email.', es: ' Acepto. ', en: '' }, texts)).toEqual([
      { locale: 'es', text: 'Acepto.' },
      { locale: 'en', text: null },
    ]);
  });
});
