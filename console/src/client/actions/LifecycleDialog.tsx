import { useState } from 'react';
import { request } from '../../api/client';
import { useAction } from '../../api/useAction';
import { useI18n } from '../../i18n/I18n';
import type { MessageKey } from '../../i18n/en';
import { Notice, TextField } from '../../ui/kit';
import { Deactivate, DeletePermanently, Disable, Enable, Reactivate } from '../queries';
import type { CardClient } from '../types';
import { ActionDialog } from './ActionDialog';

export type LifecycleAction = 'deactivate' | 'reactivate' | 'disable' | 'enable' | 'delete';

const TEXT: Record<LifecycleAction, { title: MessageKey; explain: MessageKey; done: MessageKey }> = {
  deactivate: { title: 'action.deactivate', explain: 'lifecycle.deactivateExplain', done: 'lifecycle.done' },
  reactivate: { title: 'action.reactivate', explain: 'lifecycle.reactivateExplain', done: 'lifecycle.done' },
  disable: { title: 'action.disable', explain: 'lifecycle.disableExplain', done: 'lifecycle.done' },
  enable: { title: 'action.enable', explain: 'lifecycle.enableExplain', done: 'lifecycle.done' },
  delete: { title: 'action.delete', explain: 'lifecycle.deleteExplain', done: 'lifecycle.deleted' },
};

/** Status changes (R8.1); deleting asks the user to type the word shown, after saying what is erased. */
export function LifecycleDialog({ client, action: which, onClose, onChanged }: { client: CardClient; action: LifecycleAction; onClose: () => void; onChanged: () => void }) {
  const { t } = useI18n();
  const [done, setDone] = useState(false);
  const [confirm, setConfirm] = useState('');
  const action = useAction();
  const word = t('lifecycle.confirmWord');
  const submit = async () => {
    if (which === 'delete' && confirm.trim().toLowerCase() !== word.toLowerCase()) return;
    const input = { clientId: client.id };
    const payload = await action.run(async () => {
      switch (which) {
        case 'deactivate':
          return (await request(Deactivate, { input })).deactivateClient;
        case 'reactivate':
          return (await request(Reactivate, { input })).reactivateClient;
        case 'disable':
          return (await request(Disable, { input })).disableClient;
        case 'enable':
          return (await request(Enable, { input })).enableClient;
        case 'delete':
          return (await request(DeletePermanently, { input })).deleteClientPermanently;
      }
    });
    if (payload) {
      setDone(true);
      onChanged();
    }
  };
  const text = TEXT[which];
  return (
    <ActionDialog title={t(text.title)} open onClose={onClose} onSubmit={() => void submit()} action={action} done={done ? t(text.done) : null}
      submitLabel={t(text.title)} danger={which === 'delete' || which === 'disable'}>
      <p>{t(text.explain)}</p>
      {which === 'delete' ? (
        <>
          <Notice kind="warn">
            <p>{t('lifecycle.erased')}</p>
            <p>{t('lifecycle.kept')}</p>
          </Notice>
          <TextField label={t('lifecycle.typeToConfirm', { word })} value={confirm} onChange={(e) => setConfirm(e.target.value)} autoFocus name="confirm" />
        </>
      ) : null}
    </ActionDialog>
  );
}
