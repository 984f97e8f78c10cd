import { useState } from 'react';
import { request } from '../api/client';
import { useAction } from '../api/useAction';
import { useSignedIn } from '../auth/Session';
import { useI18n } from '../i18n/I18n';
import { Dialog, ErrorNotice, Notice } from '../ui/kit';
import { AssignPasswordDialog } from './actions/AssignPasswordDialog';
import { MigrateEmailDialog } from './actions/MigrateEmailDialog';
import { FixEmailAccess, LinkAccount, SendSetupLink, SendWelcome, UnlinkAccount, VerificationReminder } from './queries';
import { skippedText } from './reminder';
import type { CardClient } from './types';

/** The login identity (R3.1, R3.4) and what staff can do to help the person in (R3.8, R3.9). */
export function AccountPanel({ client, onChanged }: { client: CardClient; onChanged: () => void }) {
  const { t, dateTime, errorText } = useI18n();
  const { can, viewer } = useSignedIn();
  const account = client.account;
  const [dialog, setDialog] = useState<'migrate' | 'password' | 'unlink' | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const action = useAction();
  const live = client.status !== 'DELETED' && client.status !== 'MERGED';

  const namesDiffer =
    account && (account.firstName !== client.firstName || account.lastName !== client.lastName);
  const emailsDiffer = account && client.email && account.email.toLowerCase() !== client.email.toLowerCase();

  const simple = async (kind: 'fix' | 'welcome' | 'setup' | 'link' | 'unlink' | 'remind') => {
    setDone(null);
    const input = { clientId: client.id };
    if (kind === 'link') {
      if (await action.run(async () => (await request(LinkAccount, { input })).linkClientAccount)) setDone(t('account.linked'));
    } else if (kind === 'unlink') {
      if (await action.run(async () => (await request(UnlinkAccount, { input })).unlinkClientAccount)) {
        setDialog(null);
        setDone(t('account.unlinked'));
      }
    } else if (kind === 'remind') {
      const payload = await action.run(async () => (await request(VerificationReminder, { input: { clientIds: [client.id] } })).sendVerificationReminder);
      if (payload) setDone(payload.queued ? t('account.reminderSent') : `${t('account.reminderNotSent')} ${skippedText(payload.skipped, t)}`);
    } else if (kind === 'fix') {
      const payload = await action.run(async () => (await request(FixEmailAccess, { input })).fixEmailAccess);
      if (payload) setDone(payload.action === 'login_link_sent' ? t('account.loginLinkSent') : t('account.verificationSent'));
    } else if (kind === 'welcome') {
      const payload = await action.run(async () => (await request(SendWelcome, { input })).sendWelcomeEmail);
      if (payload) setDone(t('account.welcomeSent'));
    } else {
      const payload = await action.run(async () => (await request(SendSetupLink, { input })).sendPasswordSetupLink);
      if (payload) setDone(t('account.setupLinkSent'));
    }
    onChanged();
  };

  const firstError = [...action.errors.values()][0];
  return (
    <section className="card" aria-labelledby="account-title" data-testid="account-panel">
      <h2 id="account-title">{t('account.title')}</h2>
      <dl className="facts facts--stack">
        <div>
          <dt>{t('account.notificationEmail')}</dt>
          <dd>{client.email ?? '—'}</dd>
        </div>
        {account ? (
          <>
            <div>
              <dt>{t('account.loginEmail')}</dt>
              <dd data-testid="login-email">{account.email}</dd>
            </div>
            <div>
              <dt>{t('account.verified')}</dt>
              <dd>{account.verified ? t('account.verifiedOn', { date: dateTime(account.verifiedAt) }) : t('account.notVerified')}</dd>
            </div>
            <div>
              <dt>{t('account.signUpNames')}</dt>
              <dd>{`${account.firstName} ${account.lastName}`.trim() || '—'}</dd>
            </div>
            <div>
              <dt>{t('account.channels')}</dt>
              <dd>
                {t('channel.EMAIL')}: {account.emailNotifications ? t('common.on') : t('common.off')} · {t('channel.IN_APP')}:{' '}
                {account.inAppNotifications ? t('common.on') : t('common.off')}
              </dd>
            </div>
          </>
        ) : (
          <div>
            <dt>{t('account.loginEmail')}</dt>
            <dd>{t('account.none')}</dd>
          </div>
        )}
      </dl>
      {account?.verified ? <Notice kind="info">{t('account.verifiedExplain')}</Notice> : null}
      {namesDiffer ? <Notice kind="info">{t('account.namesDiffer')}</Notice> : null}
      {emailsDiffer ? <Notice kind="warn">{t('account.emailsDiffer')}</Notice> : null}
      {done ? <Notice kind="ok">{done}</Notice> : null}
      {firstError ? <Notice kind="error">{errorText(firstError)}</Notice> : null}
      <ErrorNotice error={action.failure} />
      {live ? (
        <div className="button-row">
          {can('CLIENTS_WRITE') ? (
            <button type="button" className="button" onClick={() => setDialog('migrate')}>
              {t('action.migrateEmail')}
            </button>
          ) : null}
          {can('ACCOUNTS_MANAGE') && account ? (
            <>
              <button type="button" className="button" disabled={action.busy} onClick={() => void simple('fix')}>
                {t('action.fixEmailAccess')}
              </button>
              <button type="button" className="button" disabled={action.busy} onClick={() => void simple('setup')}>
                {t('action.sendSetupLink')}
              </button>
            </>
          ) : null}
          {can('ACCOUNTS_MANAGE') && client.email ? (
            <button type="button" className="button" disabled={action.busy} onClick={() => void simple('welcome')}>
              {t('action.sendWelcome')}
            </button>
          ) : null}
          {can('PASSWORDS_ASSIGN') && account && viewer.organization.staffPasswordAssignment ? (
            <button type="button" className="button" onClick={() => setDialog('password')}>
              {t('action.assignPassword')}
            </button>
          ) : null}
          {can('ACCOUNTS_MANAGE') && can('NOTIFICATIONS_SEND') && account && !account.verified && viewer.organization.clientAccountsEnabled ? (
            <button type="button" className="button" disabled={action.busy} onClick={() => void simple('remind')}>
              {t('action.verificationReminder')}
            </button>
          ) : null}
          {can('ACCOUNTS_MANAGE') && !account && client.email && viewer.organization.clientAccountsEnabled ? (
            <button type="button" className="button" disabled={action.busy} onClick={() => void simple('link')}>
              {t('action.linkAccount')}
            </button>
          ) : null}
          {can('ACCOUNTS_MANAGE') && account ? (
            <button type="button" className="button button--danger" onClick={() => { action.reset(); setDialog('unlink'); }}>
              {t('action.unlinkAccount')}
            </button>
          ) : null}
        </div>
      ) : null}
      {!viewer.organization.staffPasswordAssignment && can('PASSWORDS_ASSIGN') && account && live ? (
        <p className="muted small">{t('account.passwordAssignmentOff')}</p>
      ) : null}
      <Dialog title={t('action.unlinkAccount')} open={dialog === 'unlink'} onClose={() => setDialog(null)}>
        <p>{t('account.unlinkExplain', { email: account?.email ?? '' })}</p>
        {firstError ? <Notice kind="error">{errorText(firstError)}</Notice> : null}
        <ErrorNotice error={action.failure} />
        <div className="dialog__actions">
          <button type="button" className="button" onClick={() => setDialog(null)}>{t('common.cancel')}</button>
          <button type="button" className="button button--danger" disabled={action.busy} onClick={() => void simple('unlink')}>{t('action.unlinkAccount')}</button>
        </div>
      </Dialog>
      <MigrateEmailDialog client={client} open={dialog === 'migrate'} onClose={() => setDialog(null)} onChanged={onChanged} />
      <AssignPasswordDialog client={client} open={dialog === 'password'} onClose={() => setDialog(null)} />
    </section>
  );
}
