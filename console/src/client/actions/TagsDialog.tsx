import { useState } from 'react';
import { request } from '../../api/client';
import { useQuery } from '../../api/hooks';
import { useAction } from '../../api/useAction';
import { splitList } from '../../clients/filters';
import { TagNames } from '../../clients/queries';
import { useI18n } from '../../i18n/I18n';
import { TextField } from '../../ui/kit';
import { AddClientTags, RemoveClientTags } from '../queries';
import type { CardClient } from '../types';
import { ActionDialog } from './ActionDialog';

/** Tags are added and removed one by one, never overwritten (R6.1). */
export function TagsDialog({ client, open, onClose, onChanged }: { client: CardClient; open: boolean; onClose: () => void; onChanged: () => void }) {
  const { t, errorText } = useI18n();
  const [names, setNames] = useState('');
  const [fieldError, setFieldError] = useState<string | null>(null);
  const action = useAction();
  const known = useQuery(TagNames, {}, { skip: !open });
  const close = () => {
    setNames('');
    setFieldError(null);
    action.reset();
    onClose();
  };
  const change = async (tags: string[], remove: boolean) => {
    if (!tags.length) {
      setFieldError(errorText('REQUIRED'));
      return;
    }
    setFieldError(null);
    const input = { tags, clientIds: [client.id] };
    const payload = await action.run(async () =>
      remove ? (await request(RemoveClientTags, { input })).removeTags : (await request(AddClientTags, { input })).addTags,
    );
    if (payload) {
      setNames('');
      onChanged();
    } else {
      const first = [...action.errors.values()][0];
      if (first) setFieldError(errorText(first));
    }
  };
  return (
    <ActionDialog title={t('action.tags')} open={open} onClose={close} onSubmit={() => void change(splitList(names), false)} action={action} done={null} submitLabel={t('tags.add')}>
      <ul className="chips" aria-label={t('field.tags')}>
        {client.tags.map((tag) => (
          <li key={tag.id} className="tag">
            {tag.name}
            <button type="button" className="chip-remove" aria-label={t('tags.removeNamed', { tag: tag.name })} onClick={() => void change([tag.name], true)}>
              ×
            </button>
          </li>
        ))}
        {client.tags.length === 0 ? <li className="muted">{t('tags.none')}</li> : null}
      </ul>
      <TextField label={t('tags.new')} hint={t('filter.commaHint')} list="tag-names" value={names} onChange={(e) => setNames(e.target.value)} error={fieldError} autoFocus />
      <datalist id="tag-names">
        {(known.data?.tags ?? []).map((tag) => (
          <option key={tag.id} value={tag.name} />
        ))}
      </datalist>
    </ActionDialog>
  );
}
