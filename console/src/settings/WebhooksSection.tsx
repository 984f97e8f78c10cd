import { useState, type FormEvent } from 'react';
import { request } from '../api/client';
import { useQuery } from '../api/hooks';
import { useAction } from '../api/useAction';
import { useFieldError } from '../client/actions/ActionDialog';
import type { WebhookEvent } from '../gql/graphql';
import { useI18n } from '../i18n/I18n';
import { ErrorNotice, Notice, TextField } from '../ui/kit';
import {
  CreateWebhookEndpoint,
  DeleteWebhookEndpoint,
  ReplayWebhookDeliveries,
  RotateWebhookSecret,
  SendTestWebhook,
  UpdateWebhookEndpoint,
  WebhookEndpoints,
} from './queries';

const EVENTS: WebhookEvent[] = [
  'CLIENT_CREATED', 'CLIENT_UPDATED', 'CLIENT_MERGED', 'CLIENT_STATUS_CHANGED', 'CLIENT_DELETED',
  'POINTS_CHANGED', 'TAGS_CHANGED', 'PURCHASE_RECORDED', 'ORDER_RECORDED', 'ORDER_UPDATED',
  'BOOKING_RECORDED', 'CONSENT_CHANGED', 'NOTIFICATION_FAILED',
];

/** Webhook endpoints (R10.1–R10.4): the signing secret shown once, deliveries, test, replay. */
export function WebhooksSection() {
  const { t, dateTime, number, errorText } = useI18n();
  const list = useQuery(WebhookEndpoints, {});
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [events, setEvents] = useState<WebhookEvent[]>(['CLIENT_CREATED', 'CLIENT_UPDATED']);
  const [secret, setSecret] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const create = useAction();
  const act = useAction();
  const fieldError = useFieldError(create);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const payload = await create.run(async () => (await request(CreateWebhookEndpoint, { input: { url, events, description: description || null } })).createWebhookEndpoint);
    if (payload?.secret) {
      setSecret(payload.secret);
      setUrl('');
      setDescription('');
      list.reload();
    }
  };
  const run = async (kind: 'toggle' | 'delete' | 'rotate' | 'test' | 'replay', id: string, enabled?: boolean) => {
    setNotice(null);
    const input = { endpointId: id };
    if (kind === 'toggle') {
      if (await act.run(async () => (await request(UpdateWebhookEndpoint, { input: { endpointId: id, enabled: !enabled } })).updateWebhookEndpoint)) list.reload();
    } else if (kind === 'delete') {
      if (await act.run(async () => (await request(DeleteWebhookEndpoint, { input })).deleteWebhookEndpoint)) list.reload();
    } else if (kind === 'rotate') {
      const payload = await act.run(async () => (await request(RotateWebhookSecret, { input })).rotateWebhookSecret);
      if (payload?.secret) setSecret(payload.secret);
    } else if (kind === 'test') {
      if (await act.run(async () => (await request(SendTestWebhook, { input })).sendTestWebhook)) {
        setNotice(t('webhooks.testQueued'));
        list.reload();
      }
    } else {
      const payload = await act.run(async () => (await request(ReplayWebhookDeliveries, { input: { endpointId: id } })).replayWebhookDeliveries);
      if (payload) {
        setNotice(t('webhooks.replayed', { count: number(payload.queued) }));
        list.reload();
      }
    }
  };
  const problem = [...act.errors.values()][0];

  return (
    <section className="card card--wide" aria-labelledby="webhooks-title" data-testid="webhooks">
      <h2 id="webhooks-title">{t('webhooks.title')}</h2>
      <p className="muted small">{t('webhooks.explain')}</p>
      {secret ? (
        <Notice kind="warn">
          <p>{t('webhooks.secretShownOnce')}</p>
          <code className="secret" data-testid="webhook-secret">{secret}</code>
          <p><button type="button" className="button" onClick={() => setSecret(null)}>{t('settings.keyStored')}</button></p>
        </Notice>
      ) : null}
      {notice ? <Notice kind="ok">{notice}</Notice> : null}
      {problem ? <Notice kind="error">{errorText(problem)}</Notice> : null}
      <ErrorNotice error={list.error ?? act.failure} />
      {(list.data?.webhookEndpoints ?? []).map((endpoint) => (
        <article key={endpoint.id} className="endpoint">
          <h3><code>{endpoint.url}</code></h3>
          <p className="muted small">
            {endpoint.description ? `${endpoint.description} · ` : ''}
            {endpoint.enabled ? t('settings.active') : t('webhooks.disabled', { reason: endpoint.disabledReason ?? '—' })}
            {endpoint.failingSince ? ` · ${t('webhooks.failingSince', { date: dateTime(endpoint.failingSince) })}` : ''}
          </p>
          <p className="small">{endpoint.events.map((e) => t(`webhookEvent.${e}`)).join(', ')}</p>
          <div className="button-row">
            <button type="button" className="button" disabled={act.busy} onClick={() => void run('test', endpoint.id)}>{t('webhooks.test')}</button>
            <button type="button" className="button" disabled={act.busy} onClick={() => void run('replay', endpoint.id)}>{t('webhooks.replay')}</button>
            <button type="button" className="button" disabled={act.busy} onClick={() => void run('rotate', endpoint.id)}>{t('webhooks.rotate')}</button>
            <button type="button" className="button" disabled={act.busy} onClick={() => void run('toggle', endpoint.id, endpoint.enabled)}>
              {endpoint.enabled ? t('webhooks.switchOff') : t('webhooks.switchOn')}
            </button>
            <button type="button" className="button button--danger" disabled={act.busy} onClick={() => void run('delete', endpoint.id)}>{t('common.remove')}</button>
          </div>
          {endpoint.deliveries.nodes.length ? (
            <div className="table-wrap">
              <table className="table table--compact">
                <thead>
                  <tr>
                    <th scope="col">{t('col.date')}</th>
                    <th scope="col">{t('col.type')}</th>
                    <th scope="col">{t('col.status')}</th>
                    <th scope="col">{t('col.attempts')}</th>
                    <th scope="col">{t('webhooks.response')}</th>
                  </tr>
                </thead>
                <tbody>
                  {endpoint.deliveries.nodes.map((d) => (
                    <tr key={d.id}>
                      <td>{dateTime(d.createdAt)}</td>
                      <td><code>{d.eventType}</code></td>
                      <td>{t(`deliveryStatus.${d.status}`)}</td>
                      <td className="num">{d.attempts}</td>
                      <td>{d.responseCode ?? d.lastError ?? '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <p className="muted small">{t('webhooks.noDeliveries')}</p>
          )}
        </article>
      ))}
      <form onSubmit={submit} noValidate>
        <h3>{t('webhooks.add')}</h3>
        <TextField label={t('webhooks.url')} type="url" value={url} onChange={(e) => setUrl(e.target.value)} error={fieldError('url')} placeholder="https://" />
        <TextField label={t('col.description')} value={description} onChange={(e) => setDescription(e.target.value)} error={fieldError('description')} />
        <fieldset className="checks">
          <legend>{t('webhooks.events')}</legend>
          {EVENTS.map((e) => (
            <label key={e}>
              <input type="checkbox" checked={events.includes(e)} onChange={() => setEvents((l) => (l.includes(e) ? l.filter((x) => x !== e) : [...l, e]))} /> {t(`webhookEvent.${e}`)}
            </label>
          ))}
        </fieldset>
        {fieldError('events') ? <p className="field__error" role="alert">{fieldError('events')}</p> : null}
        <button type="submit" className="button button--primary" disabled={create.busy}>{t('webhooks.add')}</button>
      </form>
      <ErrorNotice error={create.failure} />
    </section>
  );
}
