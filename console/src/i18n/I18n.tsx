import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { ApiError } from '../api/client';
import { format, loadLanguage, saveLanguage, type Lang, type Params } from './core';
import { en, type MessageKey, type Messages } from './en';
import { es } from './es';
import { it } from './it';

export const DICTIONARIES: Record<Lang, Messages> = { en, it, es };

export interface I18n {
  lang: Lang;
  setLang: (lang: Lang) => void;
  t: (key: MessageKey, params?: Params) => string;
  /** A message for an API error code (userError code or top-level code), in this language. */
  errorText: (error: unknown) => string;
  date: (value: string | null | undefined) => string;
  dateTime: (value: string | null | undefined) => string;
  number: (value: number) => string;
}

export function hasKey(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(en, key);
}

/** The code of anything thrown or returned: ApiError, a userError, a bare code string. */
export function errorCode(error: unknown): string {
  if (error instanceof ApiError) return error.code;
  if (typeof error === 'string') return error;
  if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'string') return error.code;
  return 'UNKNOWN';
}

export function makeI18n(lang: Lang, setLang: (lang: Lang) => void): I18n {
  const dict = DICTIONARIES[lang];
  const t = (key: MessageKey, params?: Params) => format(dict[key], params);
  const dateFmt = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeZone: 'UTC' });
  const dateTimeFmt = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' });
  const numberFmt = new Intl.NumberFormat(lang);
  return {
    lang,
    setLang,
    t,
    errorText: (error) => {
      const key = `error.${errorCode(error)}`;
      return hasKey(key) ? t(key) : t('error.UNKNOWN');
    },
    date: (value) => (value ? dateFmt.format(new Date(value.length === 10 ? `${value}T00:00:00Z` : value)) : '—'),
    dateTime: (value) => (value ? dateTimeFmt.format(new Date(value)) : '—'),
    number: (value) => numberFmt.format(value),
  };
}

const I18nContext = createContext<I18n>(makeI18n('en', () => undefined));

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(loadLanguage);
  const setLang = useCallback((next: Lang) => {
    saveLanguage(next);
    setLangState(next);
  }, []);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  const value = useMemo(() => makeI18n(lang, setLang), [lang, setLang]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  return useContext(I18nContext);
}
