import { useState, type FormEvent } from 'react';
import { request } from '../api/client';
import { graphql } from '../gql';
import { useI18n } from '../i18n/I18n';
import { LanguagePicker } from '../app/LanguagePicker';
import { Notice, TextField } from '../ui/kit';
import { useSession } from './Session';

const StaffLogin = graphql(`
  mutation StaffLogin($input: StaffLoginInput!) {
    staffLogin(input: $input) {
      token
      expiresAt
      userErrors { field code message }
    }
  }
`);

export function SignIn({ expired }: { expired: boolean }) {
  const { t, errorText } = useI18n();
  const { signIn } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const { staffLogin } = await request(StaffLogin, { input: { email, password } });
      const problem = staffLogin.userErrors[0];
      if (problem || !staffLogin.token) setError(problem ?? 'INVALID_CREDENTIALS');
      else signIn(staffLogin.token, staffLogin.expiresAt ?? null);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="signin" id="main">
      <form className="signin__card" onSubmit={submit} noValidate>
        <div className="signin__top">
          <h1>{t('signIn.title')}</h1>
          <LanguagePicker />
        </div>
        <p className="muted">{t('signIn.intro')}</p>
        {expired ? <Notice kind="info">{t('signIn.expired')}</Notice> : null}
        {error ? <Notice kind="error">{errorText(error)}</Notice> : null}
        <TextField
          label={t('signIn.email')}
          type="email"
          name="email"
          autoComplete="username"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
        <TextField
          label={t('signIn.password')}
          type="password"
          name="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        <button className="button button--primary" type="submit" disabled={busy || !email || !password}>
          {t('signIn.submit')}
        </button>
      </form>
    </main>
  );
}
