import { useState, type FormEvent } from 'react';
import { request } from '../../api/client';
import { useAction } from '../../api/useAction';
import { useI18n } from '../../i18n/I18n';
import { Dialog, ErrorNotice, Notice, TextField } from '../../ui/kit';
import { AssignPassword } from '../queries';
import type { CardClient } from '../types';

export function AssignPasswordDialog({ client, open, onClose }: { client: CardClient; open: boolean; onClose: () => void }) {
  const { t, errorText } = useI18n();
  const [password, setPassword] = useState('');
  const [done, setDone] = useState(false);
  const action = useAction();
  const close = () => {
    setPassword('');
    setDone(false);
    action.reset();
    onClose();
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const payload = await action.run(async () => (await request(AssignPassword, { input: { clientId: client.id, password } })).assignPassword);
    if (payload) {
      setPassword('');
      setDone(true);
    }
  };
  const fieldError = action.errors.get('password');
  const other = action.errors.get('') ?? action.errors.get('clientId');
  return (
    <Dialog title={t('action.assignPassword')} open={open} onClose={close}>
      <form onSubmit={submit}>
        <p className="muted">{t('password.explain')}</p>
        {done ? (
          <Notice kind="ok">{t('password.done')}</Notice>
        ) : (
          <TextField label={t('password.new')} type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} error={fieldError ? errorText(fieldError) : null} autoFocus />
        )}
        {other ? <Notice kind="error">{errorText(other)}</Notice> : null}
        <ErrorNotice error={action.failure} />
        <div className="dialog__actions">
          <button type="button" className="button" onClick={close}>{done ? t('common.close') : t('common.cancel')}</button>
          {!done ? <button type="submit" className="button button--primary" disabled={action.busy || !password}>{t('action.assignPassword')}</button> : null}
        </div>
      </form>
    </Dialog>
  );
}
