import { useState, type FormEvent } from 'react';
import { request } from '../api/client';
import { useAction } from '../api/useAction';
import { useSignedIn } from '../auth/Session';
import { useFieldError } from '../client/actions/ActionDialog';
import { useI18n } from '../i18n/I18n';
import { ErrorNotice, TextField } from '../ui/kit';
import { CreateLevel } from './queries';

export function LevelsSection() {
  const { t, number } = useI18n();
  const { org, refresh } = useSignedIn();
  const [name, setName] = useState('');
  const [threshold, setThreshold] = useState('');
  const action = useAction();
  const fieldError = useFieldError(action);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const n = Number(threshold);
    if (await action.run(async () => (await request(CreateLevel, { input: { name, threshold: Number.isSafeInteger(n) ? n : -1 } })).createLevel)) {
      setName('');
      setThreshold('');
      refresh();
    }
  };
  return (
    <section className="card" aria-labelledby="levels-title">
      <h2 id="levels-title">{t('settings.levels')}</h2>
      <table className="table table--compact">
        <thead><tr><th scope="col">{t('col.name')}</th><th scope="col">{t('settings.threshold')}</th></tr></thead>
        <tbody>
          {org.levels.map((l) => <tr key={l.id}><td>{l.name}</td><td className="num">{number(l.threshold)}</td></tr>)}
        </tbody>
      </table>
      <form onSubmit={submit} className="row" noValidate>
        <TextField label={t('col.name')} value={name} onChange={(e) => setName(e.target.value)} error={fieldError('name')} />
        <TextField label={t('settings.threshold')} inputMode="numeric" value={threshold} onChange={(e) => setThreshold(e.target.value)} error={fieldError('threshold')} />
        <button type="submit" className="button" disabled={action.busy}>{t('settings.addLevel')}</button>
      </form>
      <ErrorNotice error={action.failure} />
    </section>
  );
}
