import { useState, type FormEvent } from 'react';
import { request } from '../api/client';
import { navigate } from '../app/router';
import type { ClientFilterInput } from '../gql/graphql';
import { useI18n } from '../i18n/I18n';
import { Dialog, ErrorNotice, TextField } from '../ui/kit';
import { useAction } from '../api/useAction';
import { CreateSegment, UpdateSegmentFilter } from './queries';

export function SaveSegment({ filter }: { filter: ClientFilterInput }) {
  const { t, errorText } = useI18n();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [fieldError, setFieldError] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setFieldError(null);
    try {
      const { createSegment } = await request(CreateSegment, { input: { name, filter } });
      const problem = createSegment.userErrors[0];
      if (problem) setFieldError(errorText(problem));
      else if (createSegment.segment) navigate({ name: 'segment', id: createSegment.segment.id });
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <button type="button" className="button" onClick={() => setOpen(true)}>
        {t('segments.saveFilter')}
      </button>
      <Dialog title={t('segments.saveFilter')} open={open} onClose={() => setOpen(false)}>
        <form onSubmit={submit}>
          <TextField label={t('segments.name')} value={name} onChange={(e) => setName(e.target.value)} error={fieldError} required autoFocus />
          <ErrorNotice error={error} />
          <div className="dialog__actions">
            <button type="button" className="button" onClick={() => setOpen(false)}>
              {t('common.cancel')}
            </button>
            <button type="submit" className="button button--primary" disabled={busy}>
              {t('common.save')}
            </button>
          </div>
        </form>
      </Dialog>
    </>
  );
}

/** Save the list's current filter back into the segment it was opened from (R6.3). */
export function UpdateSegment({ segment, filter, onGone }: { segment: { id: string; name: string }; filter: ClientFilterInput; onGone: () => void }) {
  const { t, errorText } = useI18n();
  const action = useAction();
  const [done, setDone] = useState(false);
  const save = async () => {
    setDone(false);
    const payload = await action.run(async () => (await request(UpdateSegmentFilter, { input: { segmentId: segment.id, filter } })).updateSegment);
    if (payload) setDone(true);
    else if (action.errors.get('segmentId')?.code === 'NOT_FOUND') onGone();
  };
  const problem = [...action.errors.values()][0];
  return (
    <>
      <button type="button" className="button" onClick={() => void save()} disabled={action.busy}>
        {t('segments.update', { name: segment.name })}
      </button>
      {done ? <span className="ok-mark" role="status">✓ {t('card.saved')}</span> : null}
      {problem ? <span className="field__error" role="alert">{errorText(problem)}</span> : null}
      {action.failure ? <span className="field__error" role="alert">{errorText(action.failure)}</span> : null}
    </>
  );
}
