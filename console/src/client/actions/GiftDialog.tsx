import { useState } from 'react';
import { request } from '../../api/client';
import { useAction } from '../../api/useAction';
import { useSignedIn } from '../../auth/Session';
import { useI18n } from '../../i18n/I18n';
import { TextField } from '../../ui/kit';
import { SendGift } from '../queries';
import type { CardClient } from '../types';
import { ActionDialog, useFieldError } from './ActionDialog';

/** A gift (R5.4): points, a gift card or a membership, announced to the client. */
export function GiftDialog({ client, open, onClose, onChanged }: { client: CardClient; open: boolean; onClose: () => void; onChanged: () => void }) {
  const { t } = useI18n();
  const [kind, setKind] = useState<'points' | 'giftCard' | 'membership'>('points');
  const [points, setPoints] = useState('');
  const [amount, setAmount] = useState('');
  const { viewer } = useSignedIn();
  const [currency, setCurrency] = useState(viewer.organization.currency);
  const [expiresOn, setExpiresOn] = useState('');
  const [name, setName] = useState('');
  const [startsOn, setStartsOn] = useState(() => new Date().toISOString().slice(0, 10));
  const [endsOn, setEndsOn] = useState('');
  const [message, setMessage] = useState('');
  const [done, setDone] = useState(false);
  const [local, setLocal] = useState<string | null>(null);
  const action = useAction();
  const fieldError = useFieldError(action);
  const close = () => {
    setDone(false);
    setLocal(null);
    action.reset();
    onClose();
  };
  const submit = async () => {
    const base = { clientId: client.id, message: message || null };
    let input;
    if (kind === 'points') {
      if (!/^\d+$/.test(points.trim()) || Number(points) <= 0) {
        setLocal(t('error.OUT_OF_RANGE'));
        return;
      }
      input = { ...base, points: Number(points) };
    } else if (kind === 'giftCard') {
      input = { ...base, giftCard: { amount: amount.trim(), currency: currency.trim().toUpperCase(), expiresOn: expiresOn || null } };
    } else {
      input = { ...base, membership: { name, startsOn, endsOn: endsOn || null } };
    }
    setLocal(null);
    if (await action.run(async () => (await request(SendGift, { input })).sendGift)) {
      setDone(true);
      onChanged();
    }
  };
  return (
    <ActionDialog title={t('action.sendGift')} open={open} onClose={close} onSubmit={() => void submit()} action={action} done={done ? t('gift.done') : null} submitLabel={t('action.sendGift')}>
      <div className="segmented" role="radiogroup" aria-label={t('gift.kind')}>
        <label><input type="radio" name="gift" checked={kind === 'points'} onChange={() => setKind('points')} /> {t('gift.points')}</label>
        <label><input type="radio" name="gift" checked={kind === 'giftCard'} onChange={() => setKind('giftCard')} /> {t('gift.giftCard')}</label>
        <label><input type="radio" name="gift" checked={kind === 'membership'} onChange={() => setKind('membership')} /> {t('gift.membership')}</label>
      </div>
      {kind === 'points' ? <TextField label={t('gift.points')} inputMode="numeric" value={points} onChange={(e) => setPoints(e.target.value)} error={local ?? fieldError('points')} /> : null}
      {kind === 'giftCard' ? (
        <div className="row">
          <TextField label={t('col.amount')} inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} error={fieldError('giftCard.amount')} />
          <TextField label={t('gift.currency')} value={currency} maxLength={3} onChange={(e) => setCurrency(e.target.value)} error={fieldError('giftCard.currency')} />
          <TextField label={t('col.expires')} type="date" value={expiresOn} onChange={(e) => setExpiresOn(e.target.value)} error={fieldError('giftCard.expiresOn')} />
        </div>
      ) : null}
      {kind === 'membership' ? (
        <>
          <TextField label={t('col.name')} value={name} onChange={(e) => setName(e.target.value)} error={fieldError('membership.name')} />
          <div className="row">
            <TextField label={t('col.startsOn')} type="date" value={startsOn} onChange={(e) => setStartsOn(e.target.value)} error={fieldError('membership.startsOn')} />
            <TextField label={t('col.endsOn')} type="date" value={endsOn} onChange={(e) => setEndsOn(e.target.value)} error={fieldError('membership.endsOn')} />
          </div>
        </>
      ) : null}
      <TextField label={t('gift.message')} value={message} onChange={(e) => setMessage(e.target.value)} error={fieldError('message')} />
    </ActionDialog>
  );
}
