import { useState, type FormEvent } from 'react';
import { request } from '../../api/client';
import { useAction } from '../../api/useAction';
import type { UserErrorLike } from '../../api/userErrors';
import { Link, navigate } from '../../app/router';
import { useI18n } from '../../i18n/I18n';
import { Dialog, ErrorNotice, Notice, TextField } from '../../ui/kit';
import { CreateClient, MigrateEmail } from '../queries';
import type { CardClient } from '../types';

type ClientError = UserErrorLike & { conflictingClientId?: string | null };

/**
 * Migrate email (R3.2), with what will happen said before it happens. When the login email is
 * verified only its owner can change it; the dialog then offers the documented way (seed 000):
 * a new record with the new email, the old one unified into it, then the welcome email.
 */
export function MigrateEmailDialog({
  client,
  open,
  onClose,
  onChanged,
}: {
  client: CardClient;
  open: boolean;
  onClose: () => void;
  onChanged: () => void;
}) {
  const { t, errorText } = useI18n();
  const [email, setEmail] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const migrate = useAction<ClientError>();
  const create = useAction<ClientError>();

  const close = () => {
    setEmail('');
    setDone(null);
    migrate.reset();
    create.reset();
    onClose();
  };

  const outcome = !client.account
    ? t('migrate.outcomeNoAccount')
    : client.account.verified
      ? t('migrate.outcomeVerified')
      : t('migrate.outcomeUnverified');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setDone(null);
    const payload = await migrate.run(async () => (await request(MigrateEmail, { input: { clientId: client.id, email } })).migrateClientEmail);
    if (payload) {
      setDone(payload.client?.account && !payload.client.account.verified ? t('migrate.doneBoth') : t('migrate.doneNotification'));
      onChanged();
    }
  };
  const refused = migrate.errors.get('') ?? migrate.errors.get('email') ?? migrate.errors.get('clientId');
  const verified = Boolean(client.account?.verified) || refused?.code === 'ACCOUNT_EMAIL_OWNED_BY_CLIENT';

  // The TIMP way: a new record with the right email; the unify screen then absorbs this one.
  const newRecord = async () => {
    const payload = await create.run(async () =>
      (await request(CreateClient, { input: { firstName: client.firstName, lastName: client.lastName, email } })).createClient,
    );
    if (payload?.client) navigate({ name: 'unify', id: payload.client.id, other: client.id });
  };
  const createError = create.errors.get('email') ?? create.errors.get('');

  const conflictLinks = (error: ClientError | undefined) =>
    error?.conflictingClientId ? (
      <p>
        <Link to={{ name: 'client', id: error.conflictingClientId }}>{t('card.openConflicting')}</Link>
        {' · '}
        <Link to={{ name: 'unify', id: client.id, other: error.conflictingClientId }}>{t('card.unifyWithConflicting')}</Link>
      </p>
    ) : null;

  return (
    <Dialog title={t('action.migrateEmail')} open={open} onClose={close} wide>
      <form onSubmit={submit} data-testid="migrate-dialog">
        <p>{outcome}</p>
        <TextField
          label={t('migrate.newEmail')}
          type="email"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={refused && refused.code !== 'ACCOUNT_EMAIL_OWNED_BY_CLIENT' ? errorText(refused) : null}
          autoFocus
        />
        {conflictLinks(refused)}
        <ErrorNotice error={migrate.failure ?? create.failure} />
        {done ? <Notice kind="ok">{done}</Notice> : null}
        {verified ? (
          <div className="timp" data-testid="timp-offer">
            <Notice kind="warn">{t('migrate.timpExplain')}</Notice>
            <ol className="steps">
              <li>{t('migrate.timpStep1')}</li>
              <li>{t('migrate.timpStep2')}</li>
              <li>{t('migrate.timpStep3')}</li>
            </ol>
            {createError ? <Notice kind="error">{errorText(createError)}</Notice> : null}
            {conflictLinks(createError)}
            <button type="button" className="button button--primary" disabled={create.busy || !email} onClick={() => void newRecord()}>
              {t('migrate.timpStart')}
            </button>
          </div>
        ) : null}
        <div className="dialog__actions">
          <button type="button" className="button" onClick={close}>{done ? t('common.close') : t('common.cancel')}</button>
          {!done && !client.account?.verified ? (
            <button type="submit" className="button button--primary" disabled={migrate.busy || !email}>
              {t('action.migrateEmail')}
            </button>
          ) : null}
        </div>
      </form>
    </Dialog>
  );
}
