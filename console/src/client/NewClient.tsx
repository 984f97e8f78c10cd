import { useState } from 'react';
import { request } from '../api/client';
import { useAction } from '../api/useAction';
import type { UserErrorLike } from '../api/userErrors';
import { Link, navigate } from '../app/router';
import { useSignedIn } from '../auth/Session';
import { useI18n } from '../i18n/I18n';
import { ErrorNotice, Notice } from '../ui/kit';
import { changedFields, toFormValues, type FormValues } from './fields';
import { ProfileForm } from './ProfileForm';
import { CreateClient } from './queries';

type ClientError = UserErrorLike & { conflictingClientId?: string | null };
const EMPTY = toFormValues({});

export function NewClient() {
  const { t } = useI18n();
  const { can } = useSignedIn();
  const create = useAction<ClientError>();
  const [localErrors, setLocalErrors] = useState<Map<string, ClientError>>(new Map());
  if (!can('CLIENTS_WRITE')) return <Notice kind="warn">{t('error.FORBIDDEN')}</Notice>;

  const submit = async (values: FormValues) => {
    const { input, invalid } = changedFields(EMPTY, values);
    setLocalErrors(new Map(invalid.map((name) => [name, { code: 'INVALID', field: [name] }])));
    if (invalid.length) return;
    const payload = await create.run(async () => (await request(CreateClient, { input })).createClient);
    if (payload?.client) navigate({ name: 'client', id: payload.client.id }, { replace: true });
  };
  return (
    <section aria-labelledby="new-title">
      <p className="breadcrumb"><Link to={{ name: 'clients' }}>{t('nav.clients')}</Link></p>
      <h1 id="new-title">{t('clients.new')}</h1>
      <div className="card">
        <ErrorNotice error={create.failure} />
        <ProfileForm initial={EMPTY} editable submitLabel={t('clients.create')} onSubmit={(v) => void submit(v)}
          errors={localErrors.size ? localErrors : create.errors} busy={create.busy} />
      </div>
    </section>
  );
}
