import { useId } from 'react';
import { LANGUAGES, type Lang } from '../i18n/core';
import { useI18n } from '../i18n/I18n';

const NAMES: Record<Lang, string> = { it: 'Italiano', es: 'Español', en: 'English' };

export function LanguagePicker() {
  const { lang, setLang, t } = useI18n();
  const id = useId();
  return (
    <span className="langpicker">
      <label htmlFor={id} className="visually-hidden">
        {t('app.language')}
      </label>
      <select id={id} value={lang} onChange={(e) => setLang(e.target.value as Lang)} data-testid="language">
        {LANGUAGES.map((code) => (
          <option key={code} value={code} lang={code}>
            {NAMES[code]}
          </option>
        ))}
      </select>
    </span>
  );
}
