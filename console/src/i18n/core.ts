// Language choice and message lookup, with no React in it (unit-tested).
export const LANGUAGES = ['it', 'es', 'en'] as const;
export type Lang = (typeof LANGUAGES)[number];

const LANG_KEY = 'clientela.lang';

function asLang(value: string | null | undefined): Lang | null {
  const base = (value ?? '').toLowerCase().split(/[-_]/)[0];
  return (LANGUAGES as readonly string[]).includes(base ?? '') ? (base as Lang) : null;
}

/** The staff user's saved choice, else the first browser language we speak, else English. */
export function detectLanguage(saved: string | null, browser: readonly string[]): Lang {
  const chosen = asLang(saved);
  if (chosen) return chosen;
  for (const language of browser) {
    const match = asLang(language);
    if (match) return match;
  }
  return 'en';
}

export function loadLanguage(): Lang {
  const browser = typeof navigator === 'undefined' ? [] : navigator.languages;
  try {
    return detectLanguage(localStorage.getItem(LANG_KEY), browser);
  } catch {
    return detectLanguage(null, browser);
  }
}

export function saveLanguage(lang: Lang): void {
  try {
    localStorage.setItem(LANG_KEY, lang);
  } catch {
    // storage off: the choice lasts for this page only
  }
}

export type Params = Record<string, string | number>;

/** `{name}` placeholders filled from params; `{n, plural, one {…} other {…}}` is not needed. */
export function format(template: string, params: Params = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}
