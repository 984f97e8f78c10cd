import { useState, type FormEvent } from 'react';
import { request } from '../api/client';
import { useAction } from '../api/useAction';
import { useSignedIn } from '../auth/Session';
import { useFieldError } from '../client/actions/ActionDialog';
import { useI18n } from '../i18n/I18n';
import { Dialog, ErrorNotice, Notice, TextField } from '../ui/kit';
import { levelChanges } from './changes';
import { CreateLevel, DeleteLevel, UpdateLevel } from './queries';

type Level = { id: string; name: string; threshold: number };

/** Levels (R5.2, R9.3): add, rename, re-threshold, delete (clients move to the level their points give). */
export function LevelsSection() {
  const { t, errorText } = useI18n();
  const { org, refresh } = useSignedIn();
  const [name, setName] = useState('');
  const [threshold, setThreshold] = useState('');
  const [deleting, setDeleting] = useState<Level | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const action = useAction();
  const remove = useAction();
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
  const doDelete = async () => {
    if (!deleting) return;
    if (await remove.run(async () => (await request(DeleteLevel, { input: { levelId: deleting.id } })).deleteLevel)) {
      setNotice(t('levels.deleted', { name: deleting.name }));
      setDeleting(null);
      refresh();
    }
  };
  const removeError = [...remove.errors.values()][0];
  return (
    <section className="card" aria-labelledby="levels-title" data-testid="levels">
      <h2 id="levels-title">{t('settings.levels')}</h2>
      {notice ? <Notice kind="ok">{notice}</Notice> : null}
      <table className="table table--compact">
        <caption className="visually-hidden">{t('settings.levels')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('col.name')}</th>
            <th scope="col">{t('settings.threshold')}</th>
            <th scope="col"><span className="visually-hidden">{t('card.actions')}</span></th>
          </tr>
        </thead>
        <tbody>
          {org.levels.map((l) => (
            <LevelRow key={`${l.id}:${l.name}:${l.threshold}`} level={l} onSaved={refresh} onDelete={() => { remove.reset(); setNotice(null); setDeleting(l); }} />
          ))}
        </tbody>
      </table>
      <form onSubmit={submit} className="row" noValidate>
        <TextField label={t('col.name')} value={name} onChange={(e) => setName(e.target.value)} error={fieldError('name')} />
        <TextField label={t('settings.threshold')} inputMode="numeric" value={threshold} onChange={(e) => setThreshold(e.target.value)} error={fieldError('threshold')} />
        <button type="submit" className="button" disabled={action.busy}>{t('settings.addLevel')}</button>
      </form>
      <ErrorNotice error={action.failure} />
      <Dialog title={t('levels.delete')} open={deleting !== null} onClose={() => setDeleting(null)}>
        <p>{t('levels.deleteExplain', { name: deleting?.name ?? '' })}</p>
        {removeError ? <Notice kind="error">{errorText(removeError)}</Notice> : null}
        <ErrorNotice error={remove.failure} />
        <div className="dialog__actions">
          <button type="button" className="button" onClick={() => setDeleting(null)}>{t('common.cancel')}</button>
          <button type="button" className="button button--danger" disabled={remove.busy} onClick={() => void doDelete()}>{t('levels.delete')}</button>
        </div>
      </Dialog>
    </section>
  );
}

function LevelRow({ level, onSaved, onDelete }: { level: Level; onSaved: () => void; onDelete: () => void }) {
  const { t, errorText } = useI18n();
  const [name, setName] = useState(level.name);
  const [threshold, setThreshold] = useState(String(level.threshold));
  const [local, setLocal] = useState<string | null>(null);
  const action = useAction();
  const save = async () => {
    setLocal(null);
    const { input, invalid } = levelChanges({ name, threshold }, level);
    if (invalid) {
      setLocal(errorText('OUT_OF_RANGE'));
      return;
    }
    if (!Object.keys(input).length) return;
    if (await action.run(async () => (await request(UpdateLevel, { input: { levelId: level.id, ...input } })).updateLevel)) onSaved();
  };
  const nameError = action.errors.get('name');
  const thresholdError = action.errors.get('threshold');
  const other = action.errors.get('') ?? action.errors.get('levelId');
  return (
    <tr>
      <td>
        <input aria-label={t('levels.nameOf', { name: level.name })} value={name} onChange={(e) => setName(e.target.value)} aria-invalid={Boolean(nameError)} />
        {nameError ? <p className="field__error" role="alert">{errorText(nameError)}</p> : null}
      </td>
      <td>
        <input aria-label={t('levels.thresholdOf', { name: level.name })} inputMode="numeric" size={8} value={threshold} onChange={(e) => setThreshold(e.target.value)} aria-invalid={Boolean(thresholdError ?? local)} />
        {thresholdError || local ? <p className="field__error" role="alert">{local ?? errorText(thresholdError)}</p> : null}
        {other ? <p className="field__error" role="alert">{errorText(other)}</p> : null}
        <ErrorNotice error={action.failure} />
      </td>
      <td className="nowrap">
        <button type="button" className="button" disabled={action.busy} onClick={() => void save()} aria-label={t('levels.saveNamed', { name: level.name })}>{t('common.save')}</button>{' '}
        <button type="button" className="button button--danger" onClick={onDelete} aria-label={t('levels.deleteNamed', { name: level.name })}>{t('common.remove')}</button>
      </td>
    </tr>
  );
}
