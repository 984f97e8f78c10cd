import { useState, type FormEvent } from 'react';
import { request } from '../api/client';
import { useAction } from '../api/useAction';
import { useSignedIn } from '../auth/Session';
import { useFieldError } from '../client/actions/ActionDialog';
import type { LevelMode } from '../gql/graphql';
import { useI18n } from '../i18n/I18n';
import { ErrorNotice, Notice, SelectField, TextField } from '../ui/kit';
import { UpdateOrgSettings } from './queries';

type Tri = '' | 'on' | 'off';

/**
 * Organization settings: how its mail speaks for it (R7.6: sender name, reply-to, time zone,
 * currency), and three switches whose current value the API does not report yet, so each
 * starts at "no change".
 */
export function OrganizationSection() {
  const { t } = useI18n();
  const { viewer, refresh } = useSignedIn();
  const org = viewer.organization;
  const [senderName, setSenderName] = useState(org.senderName ?? '');
  const [replyTo, setReplyTo] = useState(org.replyTo ?? '');
  const [timeZone, setTimeZone] = useState(org.timeZone);
  const [currency, setCurrency] = useState(org.currency);
  const [levelMode, setLevelMode] = useState<'' | LevelMode>('');
  const [accounts, setAccounts] = useState<Tri>('');
  const [passwords, setPasswords] = useState<Tri>('');
  const [done, setDone] = useState(false);
  const action = useAction();
  const fieldError = useFieldError(action);
  const tri = (v: Tri) => (v === '' ? null : v === 'on');
  const changed = (value: string, old: string | null | undefined) => (value.trim() === (old ?? '') ? null : value.trim());
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setDone(false);
    const input = {
      levelMode: levelMode || null,
      clientAccountsEnabled: tri(accounts),
      staffPasswordAssignment: tri(passwords),
      senderName: changed(senderName, org.senderName),
      replyTo: changed(replyTo, org.replyTo),
      timeZone: changed(timeZone, org.timeZone),
      currency: changed(currency, org.currency),
    };
    if (await action.run(async () => (await request(UpdateOrgSettings, { input })).updateOrganizationSettings)) {
      setDone(true);
      refresh();
    }
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
      <form onSubmit={submit} noValidate>
        <TextField label={t('settings.senderName')} value={senderName} placeholder={org.name} onChange={(e) => setSenderName(e.target.value)} error={fieldError('senderName')} />
        <TextField label={t('settings.replyTo')} type="email" value={replyTo} onChange={(e) => setReplyTo(e.target.value)} error={fieldError('replyTo')} />
        <div className="row">
          <TextField label={t('settings.timeZone')} value={timeZone} onChange={(e) => setTimeZone(e.target.value)} error={fieldError('timeZone')} />
          <TextField label={t('gift.currency')} value={currency} maxLength={3} onChange={(e) => setCurrency(e.target.value.toUpperCase())} error={fieldError('currency')} />
        </div>
        <p className="muted small">{t('settings.organizationExplain')}</p>
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
