import { useState } from 'react';
import { navigate } from '../../app/router';
import { useSignedIn } from '../../auth/Session';
import { useI18n } from '../../i18n/I18n';
import type { CardClient } from '../types';
import { GiftDialog } from './GiftDialog';
import { LevelDialog } from './LevelDialog';
import { LifecycleDialog, type LifecycleAction } from './LifecycleDialog';
import { NoteDialog } from './NoteDialog';
import { NotifyDialog } from './NotifyDialog';
import { PointsDialog } from './PointsDialog';
import { TagsDialog } from './TagsDialog';

type Open = 'note' | 'points' | 'level' | 'tags' | 'gift' | 'notify' | LifecycleAction | null;

/** The client card's actions (seed 004), each shown only to roles that may do it. */
export function ActionBar({ client, onChanged }: { client: CardClient; onChanged: () => void }) {
  const { t } = useI18n();
  const { can } = useSignedIn();
  const [open, setOpen] = useState<Open>(null);
  const close = () => setOpen(null);
  const live = client.status !== 'DELETED' && client.status !== 'MERGED';
  if (!live) return null;
  const button = (name: Exclude<Open, null>, label: string, danger = false) => (
    <button type="button" className={`button${danger ? ' button--danger' : ''}`} onClick={() => setOpen(name)}>
      {label}
    </button>
  );
  const props = { client, onClose: close, onChanged };
  return (
    <div className="actionbar" role="toolbar" aria-label={t('card.actions')} data-testid="actions">
      {can('NOTES_WRITE') ? button('note', t('action.addNote')) : null}
      {can('POINTS_WRITE') ? button('points', t('action.points')) : null}
      {can('CLIENTS_WRITE') ? button('level', t('action.changeLevel')) : null}
      {can('TAGS_WRITE') ? button('tags', t('action.tags')) : null}
      {can('POINTS_WRITE') ? button('gift', t('action.sendGift')) : null}
      {can('NOTIFICATIONS_SEND') ? button('notify', t('action.notify')) : null}
      {can('CLIENTS_WRITE') ? (
        <button type="button" className="button" onClick={() => navigate({ name: 'unify', id: client.id, other: null })}>
          {t('action.unify')}
        </button>
      ) : null}
      <span className="actionbar__sep" />
      {can('CLIENTS_WRITE') && client.status === 'ACTIVE' ? button('deactivate', t('action.deactivate')) : null}
      {can('CLIENTS_WRITE') && client.status === 'INACTIVE' ? button('reactivate', t('action.reactivate')) : null}
      {can('CLIENTS_DISABLE') && client.status !== 'DISABLED' ? button('disable', t('action.disable'), true) : null}
      {can('CLIENTS_DISABLE') && client.status === 'DISABLED' ? button('enable', t('action.enable')) : null}
      {can('CLIENTS_DELETE') ? button('delete', t('action.delete'), true) : null}

      <NoteDialog {...props} open={open === 'note'} />
      <PointsDialog {...props} open={open === 'points'} />
      <LevelDialog {...props} open={open === 'level'} />
      <TagsDialog {...props} open={open === 'tags'} />
      <GiftDialog {...props} open={open === 'gift'} />
      <NotifyDialog {...props} open={open === 'notify'} />
      {open === 'deactivate' || open === 'reactivate' || open === 'disable' || open === 'enable' || open === 'delete' ? (
        <LifecycleDialog {...props} action={open} />
      ) : null}
    </div>
  );
}
