import { useEffect, useRef, useState } from 'react';
import { request } from '../api/client';
import { useQuery } from '../api/hooks';
import { useAction } from '../api/useAction';
import { useSignedIn } from '../auth/Session';
import { ActionDialog, useFieldError } from '../client/actions/ActionDialog';
import type { CardClient } from '../client/types';
import { CONSENT_PURPOSES } from '../clients/filters';
import type { ConsentPurpose, ConsentSource } from '../gql/graphql';
import { useI18n } from '../i18n/I18n';
import { ErrorNotice, Field, Loading, Notice, SelectField } from '../ui/kit';
import { ClearUndeliverable, ClientConsentQuery, SetClientConsent } from './queries';
import { proofWording } from './wording';

// Sources staff may record; CLIENT_APP and UNSUBSCRIBE_LINK are the person's own flows.
const STAFF_SOURCES: ConsentSource[] = ['STAFF', 'IMPORT'];

/**
 * Consent per purpose (R11.1) and whether mail reaches the address (R11.4): the current answer
 * with how and when it was given, recording a new one with its proof, clearing a bounce mark.
 * The history is a tab of the card's lists.
 */
export function ConsentPanel({ client, version, onChanged }: { client: CardClient; version: number; onChanged: () => void }) {
  const { t, dateTime, errorText } = useI18n();
  const { can } = useSignedIn();
  const data = useQuery(ClientConsentQuery, { id: client.id });
  // Another action of the card (a new email, a merge) can change what this panel shows.
  const seen = useRef(version);
  const { reload } = data;
  useEffect(() => {
    if (seen.current !== version) {
      seen.current = version;
      reload();
    }
  }, [version, reload]);
  const [dialog, setDialog] = useState<ConsentPurpose | null>(null);
  const [cleared, setCleared] = useState(false);
  const clear = useAction();
  const live = client.status !== 'DELETED' && client.status !== 'MERGED';
  const writable = live && can('CLIENTS_WRITE');
  const c = data.data?.client;
  const texts = data.data?.me?.organization.consentTexts ?? [];
  const orgLocale = data.data?.me?.organization.defaultLocale ?? 'it';

  const doClear = async () => {
    setCleared(false);
    if (await clear.run(async () => (await request(ClearUndeliverable, { input: { clientId: client.id } })).clearUndeliverableEmail)) {
      setCleared(true);
      onChanged();
    }
  };
  const clearError = [...clear.errors.values()][0];

  return (
    <section className="card" aria-labelledby="consent-title" data-testid="consent-panel">
      <h2 id="consent-title">{t('consent.title')}</h2>
      <ErrorNotice error={data.error} />
      {!c && data.loading ? <Loading /> : null}
      {c?.undeliverableEmail ? (
        <Notice kind="warn">
          <p data-testid="undeliverable">{t('consent.undeliverable', { email: client.email ?? '—', date: dateTime(c.undeliverableEmail.since) })}</p>
          <p className="small"><code>{c.undeliverableEmail.reply}</code></p>
          {writable ? (
            <button type="button" className="button" onClick={() => void doClear()} disabled={clear.busy}>
              {t('consent.clearUndeliverable')}
            </button>
          ) : null}
        </Notice>
      ) : null}
      {cleared ? <Notice kind="ok">{t('consent.cleared')}</Notice> : null}
      {clearError ? <Notice kind="error">{errorText(clearError)}</Notice> : null}
      <ErrorNotice error={clear.failure} />
      {c ? (
        <table className="table table--compact" data-testid="consent-state">
          <caption className="visually-hidden">{t('consent.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('consent.purpose')}</th>
              <th scope="col">{t('consent.answer')}</th>
              <th scope="col"><span className="visually-hidden">{t('card.actions')}</span></th>
            </tr>
          </thead>
          <tbody>
            {CONSENT_PURPOSES.map((purpose) => {
              const state = c.consents.find((s) => s.purpose === purpose);
              return (
                <tr key={purpose}>
                  <th scope="row">{t(`consentPurpose.${purpose}`)}</th>
                  <td>
                    <strong>{!state?.source ? t('consent.neverAsked') : state.granted ? t('consent.given') : t('consent.withdrawn')}</strong>
                    {state?.source ? (
                      <span className="muted small"> · {t(`consentSource.${state.source}`)} · {dateTime(state.changedAt)}</span>
                    ) : null}
                  </td>
                  <td>
                    {writable ? (
                      <button type="button" className="button" onClick={() => setDialog(purpose)} aria-label={t('consent.recordFor', { purpose: t(`consentPurpose.${purpose}`) })}>
                        {t('consent.record')}
                      </button>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
      <p className="muted small">{t('consent.explain')}</p>
      {dialog ? (
        <SetConsentDialog
          clientId={client.id}
          purpose={dialog}
          granted={Boolean(c?.consents.find((s) => s.purpose === dialog)?.granted)}
          wording={proofWording(texts, c?.locale, orgLocale)}
          onClose={() => setDialog(null)}
          onChanged={onChanged}
        />
      ) : null}
    </section>
  );
}

function SetConsentDialog({
  clientId,
  purpose,
  granted: current,
  wording,
  onClose,
  onChanged,
}: {
  clientId: string;
  purpose: ConsentPurpose;
  granted: boolean;
  wording: string;
  onClose: () => void;
  onChanged: () => void;
}) {
  const { t } = useI18n();
  const [granted, setGranted] = useState(!current);
  const [source, setSource] = useState<ConsentSource>('STAFF');
  const [proof, setProof] = useState(current ? '' : wording);
  const [done, setDone] = useState<string | null>(null);
  const action = useAction();
  const fieldError = useFieldError(action);
  const submit = async () => {
    const payload = await action.run(async () =>
      (await request(SetClientConsent, { input: { clientId, purpose, granted, source, proof: proof.trim() || null } })).setClientConsent,
    );
    if (payload) {
      setDone(payload.event ? t('consent.recorded') : t('consent.unchanged'));
      onChanged();
    }
  };
  const choose = (next: boolean) => {
    setGranted(next);
    if (next && !proof.trim()) setProof(wording);
  };
  return (
    <ActionDialog
      title={t('consent.recordTitle', { purpose: t(`consentPurpose.${purpose}`) })}
      open
      onClose={onClose}
      onSubmit={() => void submit()}
      action={action}
      done={done}
      submitLabel={t('consent.record')}
    >
      <fieldset className="checks">
        <legend>{t('consent.answer')}</legend>
        <label><input type="radio" name="granted" checked={granted} onChange={() => choose(true)} /> {t('consent.given')}</label>
        <label><input type="radio" name="granted" checked={!granted} onChange={() => choose(false)} /> {t('consent.withdrawn')}</label>
      </fieldset>
      <SelectField label={t('consent.source')} value={source} onChange={(e) => setSource(e.target.value as ConsentSource)} error={fieldError('source')}>
        {STAFF_SOURCES.map((s) => <option key={s} value={s}>{t(`consentSource.${s}`)}</option>)}
      </SelectField>
      <Field label={granted ? t('consent.proofRequired') : t('consent.proofOptional')} error={fieldError('proof')} hint={t('consent.proofHint')}>
        {(props) => <textarea {...props} rows={4} value={proof} onChange={(e) => setProof(e.target.value)} />}
      </Field>
    </ActionDialog>
  );
}
