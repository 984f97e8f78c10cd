import { useState, type FormEvent } from 'react';
import { request } from '../api/client';
import type { ClientFilterInput } from '../gql/graphql';
import { useI18n } from '../i18n/I18n';
import { Dialog, ErrorNotice, Notice, TextField } from '../ui/kit';
import { countText, type BoundedCount } from './count';
import { splitList } from './filters';
import { AddTags, RemoveTags } from './queries';

/** Add or remove tags on every client of the current filter (R6.1). */
export function BulkTags({
  filter,
  count,
  tagNames,
  onDone,
}: {
  filter: ClientFilterInput | null;
  count: BoundedCount | undefined;
  tagNames: string[];
  onDone: () => void;
}) {
  const { t, number, errorText } = useI18n();
  const [mode, setMode] = useState<'add' | 'remove' | null>(null);
  const [tags, setTags] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [done, setDone] = useState<number | null>(null);

  const close = () => {
    setMode(null);
    setTags('');
    setError(null);
    setFieldError(null);
    setDone(null);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const names = splitList(tags);
    if (!names.length) {
      setFieldError(errorText('REQUIRED'));
      return;
    }
    setBusy(true);
    setError(null);
    setFieldError(null);
    try {
      // An empty filter means "every client": the API takes an empty filter object for it.
      const input = { tags: names, filter: filter ?? {} };
      const result = mode === 'add' ? (await request(AddTags, { input })).addTags : (await request(RemoveTags, { input })).removeTags;
      const problem = result.userErrors[0];
      if (problem) setFieldError(errorText(problem));
      else {
        setDone(result.changed);
        onDone();
      }
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  const who = count === undefined ? t('bulk.matching') : t('bulk.matchingCount', { count: countText(count, { t, number }) });
  return (
    <>
      <button type="button" className="button" onClick={() => setMode('add')}>
        {t('bulk.addTag')}
      </button>
      <button type="button" className="button" onClick={() => setMode('remove')}>
        {t('bulk.removeTag')}
      </button>
      <Dialog title={mode === 'add' ? t('bulk.addTitle') : t('bulk.removeTitle')} open={mode !== null} onClose={close}>
        <form onSubmit={submit}>
          <p>{who}</p>
          <TextField label={t('field.tags')} hint={t('filter.commaHint')} value={tags} onChange={(e) => setTags(e.target.value)} list="bulk-tag-names" error={fieldError} autoFocus />
          <datalist id="bulk-tag-names">
            {tagNames.map((name) => (
              <option key={name} value={name} />
            ))}
          </datalist>
          <ErrorNotice error={error} />
          {done !== null ? <Notice kind="ok">{t('bulk.done', { count: number(done) })}</Notice> : null}
          <div className="dialog__actions">
            <button type="button" className="button" onClick={close}>
              {done !== null ? t('common.close') : t('common.cancel')}
            </button>
            {done === null ? (
              <button type="submit" className="button button--primary" disabled={busy}>
                {mode === 'add' ? t('bulk.addTag') : t('bulk.removeTag')}
              </button>
            ) : null}
          </div>
        </form>
      </Dialog>
    </>
  );
}
