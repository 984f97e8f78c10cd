import { useState } from 'react';
import { request } from '../../api/client';
import { useAction } from '../../api/useAction';
import { useSignedIn } from '../../auth/Session';
import { useI18n } from '../../i18n/I18n';
import { SelectField } from '../../ui/kit';
import { ChangeLevel } from '../queries';
import type { CardClient } from '../types';
import { ActionDialog, useFieldError } from './ActionDialog';

/** Set the level by hand, or give it back to the points (R5.2). */
export function LevelDialog({ client, open, onClose, onChanged }: { client: CardClient; open: boolean; onClose: () => void; onChanged: () => void }) {
  const { t, number } = useI18n();
  const { org } = useSignedIn();
  const [levelId, setLevelId] = useState(client.level?.id ?? '');
  const [done, setDone] = useState(false);
  const action = useAction();
  const fieldError = useFieldError(action);
  const close = () => {
    setDone(false);
    action.reset();
    onClose();
  };
  const submit = async () => {
    if (await action.run(async () => (await request(ChangeLevel, { input: { clientId: client.id, levelId: levelId || null } })).changeLevel)) {
      setDone(true);
      onChanged();
    }
  };
  return (
    <ActionDialog title={t('action.changeLevel')} open={open} onClose={close} onSubmit={() => void submit()} action={action} done={done ? t('level.done') : null} submitLabel={t('common.save')}>
      <SelectField label={t('field.level')} value={levelId} onChange={(e) => setLevelId(e.target.value)} error={fieldError('levelId')}>
        <option value="">{t('level.automatic')}</option>
        {org.levels.map((level) => (
          <option key={level.id} value={level.id}>
            {level.name} ({t('level.from', { points: number(level.threshold) })})
          </option>
        ))}
      </SelectField>
      <p className="muted">{t('level.explain')}</p>
    </ActionDialog>
  );
}
