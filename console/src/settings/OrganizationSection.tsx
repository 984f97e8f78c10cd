import { useState, type FormEvent } from 'react';
import { request } from '../api/client';
import { useAction } from '../api/useAction';
import type { LevelMode } from '../gql/graphql';
import { useI18n } from '../i18n/I18n';
import { ErrorNotice, Notice, SelectField } from '../ui/kit';
import { UpdateOrgSettings } from './queries';

type Tri = '' | 'on' | 'off';

/** Organization switches. The API does not report their current values yet, so each starts at "no change". */
export function OrganizationSection() {
  const { t } = useI18n();
  const [levelMode, setLevelMode] = useState<'' | LevelMode>('');
  const [accounts, setAccounts] = useState<Tri>('');
  const [passwords, setPasswords] = useState<Tri>('');
  const [done, setDone] = useState(false);
  const action = useAction();
  const tri = (v: Tri) => (v === '' ? null : v === 'on');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setDone(false);
    const input = { levelMode: levelMode || null, clientAccountsEnabled: tri(accounts), staffPasswordAssignment: tri(passwords) };
    if (await action.run(async () => (await request(UpdateOrgSettings, { input })).updateOrganizationSettings)) setDone(true);
  };
  const options = (
    <>
      <option value="">{t('settings.noChange')}</option>
      <option value="on">{t('common.on')}</option>
      <option value="off">{t('common.off')}</option>
    </>
  );
  return (
    <section className="card" aria-labelledby="org-title">
      <h2 id="org-title">{t('settings.organization')}</h2>
      <p className="muted small">{t('settings.organizationExplain')}</p>
      <form onSubmit={submit} noValidate>
        <SelectField label={t('settings.levelMode')} value={levelMode} onChange={(e) => setLevelMode(e.target.value as '' | LevelMode)}>
          <option value="">{t('settings.noChange')}</option>
          <option value="AUTOMATIC">{t('settings.levelAutomatic')}</option>
          <option value="MANUAL">{t('settings.levelManual')}</option>
        </SelectField>
        <SelectField label={t('settings.clientAccounts')} value={accounts} onChange={(e) => setAccounts(e.target.value as Tri)}>{options}</SelectField>
        <SelectField label={t('settings.passwordAssignment')} value={passwords} onChange={(e) => setPasswords(e.target.value as Tri)}>{options}</SelectField>
        <button type="submit" className="button" disabled={action.busy}>{t('common.save')}</button>
      </form>
      {done ? <Notice kind="ok">{t('card.saved')}</Notice> : null}
      <ErrorNotice error={action.failure} />
    </section>
  );
}
