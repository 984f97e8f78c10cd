import { useState } from 'react';
import { request } from '../api/client';
import { useAction } from '../api/useAction';
import { useSignedIn } from '../auth/Session';
import { GENERIC_FIELDS } from '../clients/labels';
import type { GenericField } from '../gql/graphql';
import { useI18n } from '../i18n/I18n';
import { ErrorNotice, Notice } from '../ui/kit';
import { SetFieldLabel } from './queries';

/** The organization's names for its generic fields ("text1 = shoe size", §2). */
export function FieldLabelsSection() {
  const { t, errorText } = useI18n();
  const { org, refresh } = useSignedIn();
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(GENERIC_FIELDS.map((f) => [f, org.fieldLabels.find((l) => l.field === f)?.label ?? ''])),
  );
  const [saved, setSaved] = useState<GenericField | null>(null);
  const [failed, setFailed] = useState<{ field: GenericField; code: string } | null>(null);
  const action = useAction();
  const save = async (field: GenericField) => {
    setSaved(null);
    setFailed(null);
    const label = (values[field] ?? '').trim();
    const payload = await action.run(async () => (await request(SetFieldLabel, { input: { field, label: label || null } })).setFieldLabel);
    if (payload) {
      setSaved(field);
      refresh();
    } else {
      const first = [...action.errors.values()][0];
      if (first) setFailed({ field, code: first.code });
    }
  };
  return (
    <section className="card" aria-labelledby="labels-title">
      <h2 id="labels-title">{t('settings.fieldLabels')}</h2>
      <p className="muted small">{t('settings.fieldLabelsExplain')}</p>
      <table className="table table--compact">
        <tbody>
          {GENERIC_FIELDS.map((field) => (
            <tr key={field}>
              <th scope="row"><label htmlFor={`label-${field}`}>{t(`generic.${field}`)}</label></th>
              <td>
                <input id={`label-${field}`} value={values[field] ?? ''} onChange={(e) => setValues((v) => ({ ...v, [field]: e.target.value }))}
                  aria-invalid={failed?.field === field} />
                {failed?.field === field ? <p className="field__error" role="alert">{errorText(failed.code)}</p> : null}
              </td>
              <td>
                <button type="button" className="button" onClick={() => void save(field)} disabled={action.busy}>{t('common.save')}</button>
                {saved === field ? <span className="ok-mark" role="status"> ✓ {t('card.saved')}</span> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <ErrorNotice error={action.failure} />
      {failed && !GENERIC_FIELDS.includes(failed.field) ? <Notice kind="error">{errorText(failed.code)}</Notice> : null}
    </section>
  );
}
