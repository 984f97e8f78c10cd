import { useState } from 'react';
import { request } from '../../api/client';
import { useAction } from '../../api/useAction';
import { useI18n } from '../../i18n/I18n';
import { TextField } from '../../ui/kit';
import { AddPoints } from '../queries';
import type { CardClient } from '../types';
import { ActionDialog, useFieldError } from './ActionDialog';

/** Add or redeem points (R5.1): a ledger entry; a retried click cannot add twice (idempotency key). */
export function PointsDialog({ client, open, onClose, onChanged }: { client: CardClient; open: boolean; onClose: () => void; onChanged: () => void }) {
  const { t, number } = useI18n();
  const [mode, setMode] = useState<'add' | 'redeem'>('add');
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const [expires, setExpires] = useState('');
  const [key, setKey] = useState(() => crypto.randomUUID());
  const [done, setDone] = useState<number | null>(null);
  const action = useAction();
  const fieldError = useFieldError(action);
  const [local, setLocal] = useState<string | null>(null);
  const close = () => {
    setAmount('');
    setReason('');
    setExpires('');
    setDone(null);
    setLocal(null);
    setKey(crypto.randomUUID());
    action.reset();
    onClose();
  };
  const submit = async () => {
    const n = Number(amount);
    if (!/^\d+$/.test(amount.trim()) || n <= 0 || n > 1_000_000_000) {
      setLocal(t('error.OUT_OF_RANGE'));
      return;
    }
    setLocal(null);
    const input = {
      clientId: client.id,
      amount: mode === 'add' ? n : -n,
      reason,
      idempotencyKey: key,
      expiresAt: mode === 'add' && expires ? `${expires}T23:59:59Z` : null,
    };
    const payload = await action.run(async () => (await request(AddPoints, { input })).addPoints);
    if (payload?.entry) {
      setDone(payload.entry.balanceAfter);
      onChanged();
    }
  };
  return (
    <ActionDialog title={t('action.points')} open={open} onClose={close} onSubmit={() => void submit()} action={action}
      done={done !== null ? t('points.done', { balance: number(done) }) : null} submitLabel={mode === 'add' ? t('points.add') : t('points.redeem')}>
      <p>{t('card.points', { points: number(client.points) })}</p>
      <div className="segmented" role="radiogroup" aria-label={t('action.points')}>
        <label><input type="radio" name="mode" checked={mode === 'add'} onChange={() => setMode('add')} /> {t('points.add')}</label>
        <label><input type="radio" name="mode" checked={mode === 'redeem'} onChange={() => setMode('redeem')} /> {t('points.redeem')}</label>
      </div>
      <TextField label={t('col.amount')} inputMode="numeric" value={amount} onChange={(e) => setAmount(e.target.value)} error={local ?? fieldError('amount')} autoFocus name="amount" />
      <TextField label={t('col.reason')} value={reason} onChange={(e) => setReason(e.target.value)} error={fieldError('reason')} name="reason" />
      {mode === 'add' ? <TextField label={t('col.expires')} type="date" value={expires} onChange={(e) => setExpires(e.target.value)} error={fieldError('expiresAt')} /> : null}
    </ActionDialog>
  );
}
