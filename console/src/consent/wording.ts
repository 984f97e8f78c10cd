// Which consent wording to offer as the proof when staff record a consent (R11.1): the
// organization's wording in the client's language, else in the organization's language, else
// any it has. Pure: unit-tested.
export interface Wording {
  locale: string;
  text: string;
}

export function proofWording(texts: readonly Wording[], clientLocale: string | null | undefined, orgLocale: string): string {
  const find = (locale: string | null | undefined) => (locale ? texts.find((w) => w.locale === locale && w.text.trim())?.text : undefined);
  return find(clientLocale) ?? find(orgLocale) ?? texts.find((w) => w.text.trim())?.text ?? '';
}

/** The consentTexts input for the settings form: every language, empty ones remove it. */
export function wordingInput(values: Record<string, string>, saved: readonly Wording[]): { locale: string; text: string | null }[] {
  const before = new Map(saved.map((w) => [w.locale, w.text]));
  return Object.entries(values)
    .filter(([locale, text]) => (before.get(locale) ?? '') !== text.trim())
    .map(([locale, text]) => ({ locale, text: text.trim() || null }));
}
