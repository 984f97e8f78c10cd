import { useState, type FormEvent } from 'react';
import { request } from '../api/client';
import { useQuery } from '../api/hooks';
import { useAction } from '../api/useAction';
import { wordingInput } from '../consent/wording';
import { LANGUAGES } from '../i18n/core';
import { useI18n } from '../i18n/I18n';
import { ErrorNotice, Field, Loading, Notice } from '../ui/kit';
import { ConsentTexts, SaveConsentTexts } from './queries';

/** The organization's consent wording per language (R11.1): shown by the client app beside
 * the marketing switch and recorded as the proof; offered as the proof when staff record one. */
export function ConsentWordingSection() {
  const { t } = useI18n();
  const saved = useQuery(ConsentTexts, {});
  const texts = saved.data?.me?.organization.consentTexts;
  return (
    <section className="card" aria-labelledby="wording-title" data-testid="consent-wording">
      <h2 id="wording-title">{t('settings.consentWording')}</h2>
      <p className="muted small">{t('settings.consentWordingExplain')}</p>
      <ErrorNotice error={saved.error} />
      {texts ? <WordingForm texts={texts} onSaved={saved.reload} /> : saved.loading ? <Loading /> : null}
    </section>
  );
}

function WordingForm({ texts, onSaved }: { texts: readonly { locale: string; text: string }[]; onSaved: () => void }) {
  const { t, errorText } = useI18n();
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(LANGUAGES.map((lang) => [lang, texts.find((w) => w.locale === lang)?.text ?? ''])),
  );
  const [done, setDone] = useState(false);
  const action = useAction();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setDone(false);
    const consentTexts = wordingInput(values, texts);
    if (!consentTexts.length) {
      setDone(true);
      return;
    }
    if (await action.run(async () => (await request(SaveConsentTexts, { input: { consentTexts } })).updateOrganizationSettings)) {
      setDone(true);
      onSaved();
    }
  };
  const problem = [...action.errors.values()][0];
  return (
    <form onSubmit={submit} noValidate>
      {LANGUAGES.map((lang) => (
        <Field key={lang} label={t(`locale.${lang}`)}>
          {(props) => (
            <textarea {...props} lang={lang} rows={3} value={values[lang] ?? ''} onChange={(e) => setValues((v) => ({ ...v, [lang]: e.target.value }))} />
          )}
        </Field>
      ))}
      {problem ? <Notice kind="error">{errorText(problem)}</Notice> : null}
      <ErrorNotice error={action.failure} />
      {done ? <Notice kind="ok">{t('card.saved')}</Notice> : null}
      <button type="submit" className="button" disabled={action.busy}>{t('common.save')}</button>
    </form>
  );
}
