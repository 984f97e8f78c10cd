import { useEffect, useState } from 'react';
import { request } from '../api/client';
import { useQuery } from '../api/hooks';
import { useAction } from '../api/useAction';
import type { UserErrorLike } from '../api/userErrors';
import { Link, navigate } from '../app/router';
import { useSignedIn } from '../auth/Session';
import { useI18n } from '../i18n/I18n';
import { ErrorNotice, Loading, Notice } from '../ui/kit';
import { ConsentPanel } from '../consent/ConsentPanel';
import { AccountPanel } from './AccountPanel';
import { ActionBar } from './actions/ActionBar';
import { changedFields, toFormValues, type FormValues } from './fields';
import { ProfileForm } from './ProfileForm';
import { ClientCardQuery, UpdateClient } from './queries';
import { RelatedTabs } from './RelatedTabs';

type ClientError = UserErrorLike & { conflictingClientId?: string | null };

// Set when an absorbed id was opened and the card moved to its survivor's address, so the
// survivor's card can say why (R4.2).
let arrivedFromMerged: string | null = null;

export function ClientCard({ id }: { id: string }) {
  const { t, number, date, dateTime } = useI18n();
  const { can } = useSignedIn();
  const card = useQuery(ClientCardQuery, { id });
  const [version, setVersion] = useState(0);
  const [saved, setSaved] = useState<string | null>(null);
  const [localErrors, setLocalErrors] = useState<Map<string, ClientError>>(new Map());
  const save = useAction<ClientError>();
  const client = card.data?.client;
  const [mergedAway] = useState(() => arrivedFromMerged === id);

  // An absorbed record's id resolves to its survivor (R4.2): show the survivor's address.
  useEffect(() => {
    if (client && client.id !== id) {
      arrivedFromMerged = client.id;
      navigate({ name: 'client', id: client.id }, { replace: true });
    }
  }, [client, id]);
  useEffect(() => {
    if (arrivedFromMerged === id) arrivedFromMerged = null;
  }, [id]);

  if (card.loading && !card.data) return <Loading />;
  if (card.error) return <ErrorNotice error={card.error} />;
  if (!client) return <Notice kind="warn">{t('card.notFound')}</Notice>;

  const refresh = () => {
    card.reload();
    setVersion((v) => v + 1);
  };
  const initial = toFormValues(client);
  const editable = can('CLIENTS_WRITE') && client.status !== 'DELETED' && client.status !== 'MERGED';

  const submit = async (values: FormValues) => {
    setSaved(null);
    const { input, invalid } = changedFields(initial, values);
    if (invalid.length) {
      setLocalErrors(new Map(invalid.map((name) => [name, { code: 'INVALID', field: [name] }])));
      return;
    }
    setLocalErrors(new Map());
    if (!Object.keys(input).length) {
      setSaved(t('card.nothingChanged'));
      return;
    }
    const payload = await save.run(async () => (await request(UpdateClient, { input: { clientId: client.id, ...input } })).updateClient);
    if (payload) {
      setSaved(t('card.saved'));
      refresh();
    }
  };

  const name = `${client.firstName} ${client.lastName}`.trim() || t('clients.noName');
  const errors = localErrors.size ? localErrors : save.errors;
  return (
    <article aria-labelledby="client-name" data-testid="client-card">
      <p className="breadcrumb">
        <Link to={{ name: 'clients' }}>{t('nav.clients')}</Link>
      </p>
      {mergedAway ? <Notice kind="info">{t('card.wasMerged')}</Notice> : null}
      <header className="card-head">
        <div>
          <h1 id="client-name">{name}</h1>
          <p className="muted">
            <span className={`badge badge--${client.status.toLowerCase()}`} data-testid="client-status">{t(`status.${client.status}`)}</span>{' '}
            {client.level ? <span className="badge">{client.level.name}{client.levelSetManually ? ` · ${t('card.levelManual')}` : ''}</span> : null}{' '}
            <span data-testid="client-points">{t('card.points', { points: number(client.points) })}</span>
          </p>
          <p className="tags-line">
            {client.tags.map((tag) => (
              <span className="tag" key={tag.id}>{tag.name}</span>
            ))}
          </p>
        </div>
        <dl className="facts">
          <div><dt>{t('field.id')}</dt><dd><code>{client.id}</code></dd></div>
          <div><dt>{t('field.registeredAt')}</dt><dd>{date(client.registeredAt)}</dd></div>
          <div><dt>{t('field.updatedAt')}</dt><dd>{dateTime(client.updatedAt)}</dd></div>
          {client.referredBy ? (
            <div><dt>{t('field.referredBy')}</dt><dd><Link to={{ name: 'client', id: client.referredBy.id }}>{`${client.referredBy.firstName} ${client.referredBy.lastName}`.trim() || client.referredBy.id}</Link></dd></div>
          ) : null}
          {client.mergedFrom.length ? (
            <div><dt>{t('field.mergedFrom')}</dt><dd>{t('card.mergedCount', { count: client.mergedFrom.length })}</dd></div>
          ) : null}
        </dl>
      </header>
      <ActionBar client={client} onChanged={refresh} />
      <div className="card-grid">
        <section className="card" aria-labelledby="profile-title">
          <h2 id="profile-title">{t('card.profile')}</h2>
          {saved ? <Notice kind="ok">{saved}</Notice> : null}
          <ErrorNotice error={save.failure} />
          <ProfileForm
            key={client.updatedAt}
            initial={initial}
            editable={editable}
            submitLabel={t('common.save')}
            onSubmit={(values) => void submit(values)}
            errors={errors}
            busy={save.busy}
            selfId={client.id}
          />
        </section>
        <div className="card-side">
          <AccountPanel client={client} onChanged={refresh} />
          <ConsentPanel client={client} version={version} onChanged={refresh} />
        </div>
      </div>
      <RelatedTabs clientId={client.id} version={version} live={client.status !== 'DELETED' && client.status !== 'MERGED'} onChanged={refresh} />
    </article>
  );
}
