import { useState, type FormEvent } from 'react';
import { request } from '../api/client';
import { LanguagePicker } from '../app/LanguagePicker';
import { navigate } from '../app/router';
import { graphql } from '../gql';
import { useI18n } from '../i18n/I18n';
import { Notice, TextField } from '../ui/kit';
import { useSession } from './Session';

const Accept = graphql(`
  mutation AcceptStaffInvite($input: AcceptStaffInviteInput!) {
    acceptStaffInvite(input: $input) {
      token
      staffUser { id name }
      userErrors { field code message }
    }
  }
`);

// The invitation link's token, read once: the address bar keeps only /console/accept-invite.
let taken: string | null | undefined;
function takeToken(): string | null {
  if (taken === undefined) {
    taken = new URLSearchParams(window.location.search).get('token');
    if (taken) window.history.replaceState(null, '', window.location.pathname);
  }
  return taken;
}

/** An invited staff user (R9.3) chooses a password and is signed in. */
export function AcceptInvite() {
  const { t, errorText } = useI18n();
  const { signIn } = useSession();
  const [token] = useState(takeToken);
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!token) return;
    setBusy(true);
    setError(null);
    setFieldError(null);
    try {
      const { acceptStaffInvite } = await request(Accept, { input: { token, password } });
      const problem = acceptStaffInvite.userErrors[0];
      if (problem?.field?.includes('password')) setFieldError(errorText(problem));
      else if (problem || !acceptStaffInvite.token) setError(problem ?? 'INVALID_TOKEN');
      else {
        signIn(acceptStaffInvite.token, null);
        navigate({ name: 'clients' }, { replace: true });
      }
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main id="main" className="signin">
      <form className="signin__card" onSubmit={submit} noValidate data-testid="accept-invite">
        <div className="signin__top">
          <h1>{t('invite.title')}</h1>
          <LanguagePicker />
        </div>
        {token ? (
          <>
            <p>{t('invite.intro')}</p>
            <TextField label={t('password.new')} type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} error={fieldError} required autoFocus />
            {error ? <Notice kind="error">{errorText(error)}</Notice> : null}
            <button type="submit" className="button button--primary" disabled={busy || !password}>{t('invite.submit')}</button>
          </>
        ) : (
          <Notice kind="error">{errorText('INVALID_TOKEN')}</Notice>
        )}
      </form>
    </main>
  );
}
