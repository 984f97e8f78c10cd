import { useState, type FormEvent } from 'react';
import { request } from '../api/client';
import { useQuery } from '../api/hooks';
import { useAction } from '../api/useAction';
import { useFieldError } from '../client/actions/ActionDialog';
import type { Permission } from '../gql/graphql';
import { useI18n } from '../i18n/I18n';
import { ErrorNotice, Notice, TextField } from '../ui/kit';
import { ApiKeys, CreateApiKey, RevokeApiKey } from './queries';

// The scopes a partner key may carry (models/access.py API_KEY_SCOPES).
const SCOPES: Permission[] = ['CLIENTS_READ', 'CLIENTS_WRITE', 'NOTES_WRITE', 'NOTIFICATIONS_SEND', 'POINTS_WRITE', 'TAGS_WRITE', 'SEGMENTS_MANAGE'];

export function ApiKeysSection() {
  const { t, dateTime } = useI18n();
  const keys = useQuery(ApiKeys, {});
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<Permission[]>(['CLIENTS_READ']);
  const [secret, setSecret] = useState<string | null>(null);
  const create = useAction();
  const revoke = useAction();
  const fieldError = useFieldError(create);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const payload = await create.run(async () => (await request(CreateApiKey, { input: { name, scopes } })).createApiKey);
    if (payload?.secret) {
      setSecret(payload.secret);
      setName('');
      keys.reload();
    }
  };
  const doRevoke = async (id: string) => {
    if (await revoke.run(async () => (await request(RevokeApiKey, { input: { apiKeyId: id } })).revokeApiKey)) keys.reload();
  };
  return (
    <section className="card card--wide" aria-labelledby="keys-title">
      <h2 id="keys-title">{t('settings.apiKeys')}</h2>
      {secret ? (
        <Notice kind="warn">
          <p>{t('settings.keyShownOnce')}</p>
          <code className="secret" data-testid="api-key-secret">{secret}</code>
          <p><button type="button" className="button" onClick={() => setSecret(null)}>{t('settings.keyStored')}</button></p>
        </Notice>
      ) : null}
      <ErrorNotice error={keys.error ?? revoke.failure} />
      <div className="table-wrap">
        <table className="table table--compact">
          <thead>
            <tr>
              <th scope="col">{t('col.name')}</th>
              <th scope="col">{t('settings.prefix')}</th>
              <th scope="col">{t('settings.scopes')}</th>
              <th scope="col">{t('settings.lastUsed')}</th>
              <th scope="col">{t('col.status')}</th>
              <th scope="col"><span className="visually-hidden">{t('card.actions')}</span></th>
            </tr>
          </thead>
          <tbody>
            {(keys.data?.apiKeys ?? []).map((k) => (
              <tr key={k.id}>
                <td>{k.name}</td>
                <td><code>{k.prefix}…</code></td>
                <td>{k.scopes.map((s) => t(`permission.${s}`)).join(', ')}</td>
                <td>{dateTime(k.lastUsedAt)}</td>
                <td>{k.revokedAt ? t('settings.revokedOn', { date: dateTime(k.revokedAt) }) : t('settings.active')}</td>
                <td>{k.revokedAt ? null : <button type="button" className="button button--danger" onClick={() => void doRevoke(k.id)}>{t('settings.revoke')}</button>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <form onSubmit={submit} noValidate>
        <TextField label={t('col.name')} value={name} onChange={(e) => setName(e.target.value)} error={fieldError('name')} />
        <fieldset className="checks">
          <legend>{t('settings.scopes')}</legend>
          {SCOPES.map((s) => (
            <label key={s}>
              <input type="checkbox" checked={scopes.includes(s)} onChange={() => setScopes((l) => (l.includes(s) ? l.filter((x) => x !== s) : [...l, s]))} /> {t(`permission.${s}`)}
            </label>
          ))}
        </fieldset>
        {fieldError('scopes') ? <p className="field__error" role="alert">{fieldError('scopes')}</p> : null}
        <button type="submit" className="button button--primary" disabled={create.busy}>{t('settings.createKey')}</button>
      </form>
      <ErrorNotice error={create.failure} />
    </section>
  );
}
