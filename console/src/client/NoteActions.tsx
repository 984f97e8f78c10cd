import { useState } from 'react';
import { request } from '../api/client';
import { useAction } from '../api/useAction';
import { useI18n } from '../i18n/I18n';
import { Field } from '../ui/kit';
import { ActionDialog, useFieldError } from './actions/ActionDialog';
import { DeleteNote, EditNote } from './queries';

/** Correct or delete a note (R9.3: its author or an admin; the API says NOT_NOTE_AUTHOR
 * otherwise). The activity log keeps the old text. */
export function NoteActions({ note, onChanged }: { note: { id: string; body: string; createdAt: string }; onChanged: () => void }) {
  const { t, dateTime } = useI18n();
  const [open, setOpen] = useState<'edit' | 'delete' | null>(null);
  const [body, setBody] = useState(note.body);
  const [done, setDone] = useState<string | null>(null);
  const action = useAction();
  const fieldError = useFieldError(action);
  const close = () => {
    if (done) onChanged();
    setOpen(null);
    setDone(null);
    action.reset();
  };
  const submit = async () => {
    if (open === 'edit') {
      if (await action.run(async () => (await request(EditNote, { input: { noteId: note.id, body } })).editNote)) setDone(t('note.edited'));
    } else if (await action.run(async () => (await request(DeleteNote, { input: { noteId: note.id } })).deleteNote)) setDone(t('note.deleted'));
  };
  const when = dateTime(note.createdAt);
  return (
    <span className="nowrap">
      <button type="button" className="link" onClick={() => { setBody(note.body); setOpen('edit'); }} aria-label={t('note.editOf', { date: when })}>
        {t('note.edit')}
      </button>{' · '}
      <button type="button" className="link" onClick={() => setOpen('delete')} aria-label={t('note.deleteOf', { date: when })}>
        {t('common.remove')}
      </button>
      {open ? (
        <ActionDialog
          title={open === 'edit' ? t('note.edit') : t('note.delete')}
          open
          onClose={close}
          onSubmit={() => void submit()}
          action={action}
          done={done}
          submitLabel={open === 'edit' ? t('common.save') : t('note.delete')}
          danger={open === 'delete'}
        >
          {open === 'edit' ? (
            <Field label={t('col.note')} error={fieldError('body')}>
              {(props) => <textarea {...props} rows={5} value={body} onChange={(e) => setBody(e.target.value)} autoFocus />}
            </Field>
          ) : (
            <>
              <p className="prewrap">{note.body}</p>
              <p className="muted">{t('note.deleteExplain')}</p>
            </>
          )}
        </ActionDialog>
      ) : null}
    </span>
  );
}
