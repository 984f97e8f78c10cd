import { useState } from 'react';
import { request } from '../../api/client';
import { useAction } from '../../api/useAction';
import { useI18n } from '../../i18n/I18n';
import { Field } from '../../ui/kit';
import { AddNote } from '../queries';
import type { CardClient } from '../types';
import { ActionDialog, useFieldError } from './ActionDialog';

export function NoteDialog({ client, open, onClose, onChanged }: { client: CardClient; open: boolean; onClose: () => void; onChanged: () => void }) {
  const { t } = useI18n();
  const [body, setBody] = useState('');
  const [done, setDone] = useState(false);
  const action = useAction();
  const fieldError = useFieldError(action);
  const close = () => {
    setBody('');
    setDone(false);
    action.reset();
    onClose();
  };
  const submit = async () => {
    if (await action.run(async () => (await request(AddNote, { input: { clientId: client.id, body } })).addNote)) {
      setDone(true);
      onChanged();
    }
  };
  return (
    <ActionDialog title={t('action.addNote')} open={open} onClose={close} onSubmit={() => void submit()} action={action} done={done ? t('note.done') : null} submitLabel={t('action.addNote')}>
      <Field label={t('col.note')} error={fieldError('body')}>
        {(props) => <textarea {...props} rows={5} value={body} onChange={(e) => setBody(e.target.value)} autoFocus />}
      </Field>
    </ActionDialog>
  );
}
