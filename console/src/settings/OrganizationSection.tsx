import { useState, type FormEvent } from 'react';
import { request } from '../api/client';
import { useAction } from '../api/useAction';
import { useSignedIn } from '../auth/Session';
import { useFieldError } from '../client/actions/ActionDialog';
import type { LevelMode } from '../gql/graphql';
import { useI18n } from '../i18n/I18n';
import { ErrorNotice, Notice, SelectField, TextField } from '../ui/kit';
import { organizationChanges } from './changes';
import { UpdateOrgSettings } from './queries';

type OnOff = 'on' | 'off';

/**
 * Organization settings: how its mail speaks for it (R7.6: sender name, reply-to, time zone,
 * currency), and three switches shown at their current value; only what changed is sent.
 */
export function OrganizationSection() {
  const { t } = useI18n();
  const { viewer, refresh } = useSignedIn();
  const org = viewer.organization;
  const [senderName, setSenderName] = useState(org.senderName ?? '');
  const [replyTo, setReplyTo] = useState(org.replyTo ?? '');
  const [timeZone, setTimeZone] = useState(org.timeZone);
  const [currency, setCurrency] = useState(org.currency);
  const onOff = (value: boolean): OnOff => (value ? 'on' : 'off');
  const [levelMode, setLevelMode] = useState<LevelMode>(org.levelMode);
  const [accounts, setAccounts] = useState<OnOff>(onOff(org.clientAccountsEnabled));
  const [passwords, setPasswords] = useState<OnOff>(onOff(org.staffPasswordAssignment));
  const [done, setDone] = useState(false);
  const action = useAction();
  const fieldError = useFieldError(action);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setDone(false);
    const input = organizationChanges(
      { senderName, replyTo, timeZone, currency, levelMode, clientAccountsEnabled: accounts === 'on', staffPasswordAssignment: passwords === 'on' },
      org,
    );
    if (await action.run(async () => (await request(UpdateOrgSettings, { input })).updateOrganizationSettings)) {
      setDone(true);
      refresh();
    }
  };
  const options = (
    <>
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
        <SelectField label={t('settings.levelMode')} value={levelMode} onChange={(e) => setLevelMode(e.target.value as LevelMode)}>
          <option value="AUTOMATIC">{t('settings.levelAutomatic')}</option>
          <option value="MANUAL">{t('settings.levelManual')}</option>
        </SelectField>
        <SelectField label={t('settings.clientAccounts')} value={accounts} onChange={(e) => setAccounts(e.target.value as OnOff)}>{options}</SelectField>
        <SelectField label={t('settings.passwordAssignment')} value={passwords} onChange={(e) => setPasswords(e.target.value as OnOff)}>{options}</SelectField>
        <button type="submit" className="button" disabled={action.busy}>{t('common.save')}</button>
      </form>
      {done ? <Notice kind="ok">{t('card.saved')}</Notice> : null}
      <ErrorNotice error={action.failure} />
    </section>
  );
}
