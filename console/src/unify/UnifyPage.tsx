import { useMemo, useState } from 'react';
import { request } from '../api/client';
import { useDebounced, useQuery } from '../api/hooks';
import { useAction } from '../api/useAction';
import { Link, navigate } from '../app/router';
import { useSignedIn } from '../auth/Session';
import { FIELD_NAMES, genericOf, type FieldName } from '../client/fields';
import { ClientCardQuery, SendWelcome } from '../client/queries';
import type { CardClient } from '../client/types';
import { genericLabel } from '../clients/labels';
import { hasKey, useI18n } from '../i18n/I18n';
import { ErrorNotice, Loading, Notice } from '../ui/kit';
import type { ClientStatus } from '../gql/graphql';
import { choicesInput, conflictingFields, readChanges, readDropped, readValues, statusChoices, type Change, type Keep } from './merge';
import { MergePreview, PickClient, Unify } from './queries';

function shown(value: unknown, dateTime: (v: string) => string): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value)) return dateTime(value);
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function fullName(c: { firstName: string; lastName: string; id: string }) {
  return `${c.firstName} ${c.lastName}`.trim() || c.id.slice(0, 8);
}

/** Pick the other record by search (names, email, phone, id number). */
function Picker({ exclude, onPick }: { exclude: string; onPick: (id: string) => void }) {
  const { t } = useI18n();
  const [search, setSearch] = useState('');
  const settled = useDebounced(search.trim(), 300);
  const found = useQuery(PickClient, { search: settled }, { skip: settled.length < 2 });
  return (
    <div className="card">
      <label htmlFor="unify-search">{t('unify.pick')}</label>
      <input id="unify-search" type="search" value={search} onChange={(e) => setSearch(e.target.value)} autoComplete="off" autoFocus />
      <ul className="picker" aria-live="polite">
        {settled.length >= 2
          ? (found.data?.clients?.nodes ?? [])
              .filter((c) => c.id !== exclude)
              .map((c) => (
                <li key={c.id}>
                  <button type="button" className="button button--ghost" onClick={() => onPick(c.id)}>
                    <strong>{fullName(c)}</strong> <span className="muted">{[c.email, c.phone, c.city].filter(Boolean).join(' · ')}</span>
                  </button>
                </li>
              ))
          : null}
      </ul>
    </div>
  );
}

/** Unify (R4.1–R4.4): the preview side by side, a choice per field, the account, then the merge. */
export function UnifyPage({ id, other }: { id: string; other: string | null }) {
  const { t, errorText, number, dateTime } = useI18n();
  const { org, can } = useSignedIn();
  const show = (value: unknown) => shown(value, dateTime);
  const [choices, setChoices] = useState<Partial<Record<FieldName, Keep>>>({});
  const [keepAccountOf, setKeepAccountOf] = useState<Keep | null>(null);
  const [status, setStatus] = useState<ClientStatus | null>(null);
  const [merged, setMerged] = useState<string | null>(null);
  const [mergeWarnings, setMergeWarnings] = useState<{ code: string }[]>([]);
  const [welcome, setWelcome] = useState<'sent' | null>(null);
  const survivorQ = useQuery(ClientCardQuery, { id });
  const absorbedQ = useQuery(ClientCardQuery, { id: other ?? '' }, { skip: !other });
  const survivor = survivorQ.data?.client ?? null;
  const absorbed = other ? absorbedQ.data?.client ?? null : null;
  const input = useMemo(
    () => ({ survivorId: id, absorbedId: other ?? '', fieldChoices: choicesInput(choices), keepAccountOf, status }),
    [id, other, choices, keepAccountOf, status],
  );
  const preview = useQuery(MergePreview, { input }, { skip: !other || merged !== null });
  const unify = useAction();
  const send = useAction();

  const label = (name: string) => {
    const generic = /^(text|int|date)\d$/.test(name) ? genericOf(name as FieldName) : null;
    if (generic) return genericLabel(generic, org.fieldLabels, t);
    if (name === 'account') return t('account.loginEmail');
    const key = `field.${name}`;
    return hasKey(key) ? t(key) : name;
  };

  if (!can('CLIENTS_WRITE')) return <Notice kind="warn">{t('error.FORBIDDEN')}</Notice>;
  if (survivorQ.loading && !survivor) return <Loading />;
  if (!survivor) return <ErrorNotice error={survivorQ.error ?? 'NOT_FOUND'} />;

  const doMerge = async () => {
    const payload = await unify.run(async () => (await request(Unify, { input })).unifyClients);
    if (payload?.client) {
      setMergeWarnings(payload.warnings);
      setMerged(payload.client.id);
    }
  };
  const sendWelcome = async () => {
    if (!merged) return;
    if (await send.run(async () => (await request(SendWelcome, { input: { clientId: merged } })).sendWelcomeEmail)) setWelcome('sent');
  };

  const head = (
    <>
      <p className="breadcrumb">
        <Link to={{ name: 'client', id }}>{fullName(survivor)}</Link>
      </p>
      <h1>{t('unify.title')}</h1>
      <p className="muted">{t('unify.explain')}</p>
    </>
  );

  if (merged) {
    return (
      <section data-testid="unify-done">
        {head}
        <Notice kind="ok">{t('unify.done')}</Notice>
        {mergeWarnings.map((w, i) => <Notice key={i} kind="warn">{errorText(w)}</Notice>)}
        <ErrorNotice error={send.failure} />
        {[...send.errors.values()][0] ? <Notice kind="error">{errorText([...send.errors.values()][0])}</Notice> : null}
        {welcome ? <Notice kind="ok">{t('account.welcomeSent')}</Notice> : null}
        <div className="button-row">
          {can('ACCOUNTS_MANAGE') && !welcome ? (
            <button type="button" className="button button--primary" onClick={() => void sendWelcome()} disabled={send.busy}>
              {t('action.sendWelcome')}
            </button>
          ) : null}
          <Link className="button" to={{ name: 'client', id: merged }}>{t('unify.openSurvivor')}</Link>
        </div>
        <p className="muted small">{t('unify.welcomeHint')}</p>
      </section>
    );
  }

  if (!other) {
    return (
      <section>
        {head}
        <Picker exclude={id} onPick={(pick) => navigate({ name: 'unify', id, other: pick }, { replace: true })} />
      </section>
    );
  }
  if (absorbedQ.loading && !absorbed) return <Loading />;
  if (!absorbed) return <ErrorNotice error={absorbedQ.error ?? 'NOT_FOUND'} />;

  const conflicts = new Set(conflictingFields(survivor, absorbed));
  const p = preview.data?.clientMergePreview;
  const dropped = readDropped(p?.dropped);
  const values = readValues(p?.values);
  const bothAccounts = Boolean(survivor.account && absorbed.account);
  const blockers = p?.blockers ?? [];

  const warnings = p?.warnings ?? [];
  const changes = readChanges(p?.changes);
  const changeValue = (change: Change, value: unknown) => {
    if (change.what === 'status' && typeof value === 'string') {
      const key = `status.${value.toUpperCase()}`;
      return hasKey(key) ? t(key) : value;
    }
    if (change.what === 'points' && typeof value === 'number') return number(value);
    return value === null || value === undefined || value === '' ? t('unify.none') : show(value);
  };
  const changeLabel = (what: string) => {
    const key = what === 'account' ? 'account.loginEmail' : `field.${what}`;
    return hasKey(key) ? t(key) : what;
  };

  const column = (c: CardClient, role: Keep) => (
    <th scope="col">
      {role === 'SURVIVOR' ? t('unify.survivor') : t('unify.absorbed')}
      <br />
      <Link to={{ name: 'client', id: c.id }}>{fullName(c)}</Link>
    </th>
  );

  return (
    <section aria-labelledby="unify-title" data-testid="unify">
      {head}
      <div className="button-row">
        <button type="button" className="button" onClick={() => { setChoices({}); setKeepAccountOf(null); setStatus(null); navigate({ name: 'unify', id: absorbed.id, other: survivor.id }, { replace: true }); }}>
          {t('unify.swap')}
        </button>
        <button type="button" className="button button--ghost" onClick={() => navigate({ name: 'unify', id, other: null }, { replace: true })}>
          {t('unify.pickOther')}
        </button>
      </div>
      <div className="table-wrap">
        <table className="table compare">
          <caption className="visually-hidden">{t('unify.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('unify.field')}</th>
              {column(survivor, 'SURVIVOR')}
              {column(absorbed, 'ABSORBED')}
            </tr>
          </thead>
          <tbody>
            {FIELD_NAMES.map((name) => {
              const a = survivor[name];
              const b = absorbed[name];
              if ((a === null || a === '' ) && (b === null || b === '')) return null;
              const choice = choices[name] ?? 'SURVIVOR';
              const pick = (keep: Keep) => setChoices((c) => ({ ...c, [name]: keep }));
              return (
                <tr key={name} className={conflicts.has(name) ? 'compare--conflict' : ''}>
                  <th scope="row">{label(name)}</th>
                  {conflicts.has(name) ? (
                    <>
                      <td><label><input type="radio" name={`keep-${name}`} checked={choice === 'SURVIVOR'} onChange={() => pick('SURVIVOR')} data-testid={`keep-${name}-survivor`} /> {show(a)}</label></td>
                      <td><label><input type="radio" name={`keep-${name}`} checked={choice === 'ABSORBED'} onChange={() => pick('ABSORBED')} data-testid={`keep-${name}-absorbed`} /> {show(b)}</label></td>
                    </>
                  ) : (
                    <>
                      <td>{show(a)}</td>
                      <td>{show(b)}</td>
                    </>
                  )}
                </tr>
              );
            })}
            <tr>
              <th scope="row">{t('field.points')}</th>
              <td>{number(survivor.points)}</td>
              <td>{number(absorbed.points)}</td>
            </tr>
            <tr>
              <th scope="row">{t('field.tags')}</th>
              <td>{survivor.tags.map((x) => x.name).join(', ') || '—'}</td>
              <td>{absorbed.tags.map((x) => x.name).join(', ') || '—'}</td>
            </tr>
            <tr>
              <th scope="row">{t('account.loginEmail')}</th>
              <td>{survivor.account ? `${survivor.account.email}${survivor.account.verified ? ` (${t('account.verifiedShort')})` : ''}` : t('account.none')}</td>
              <td>{absorbed.account ? `${absorbed.account.email}${absorbed.account.verified ? ` (${t('account.verifiedShort')})` : ''}` : t('account.none')}</td>
            </tr>
          </tbody>
        </table>
      </div>
      {bothAccounts ? (
        <fieldset className="checks">
          <legend>{t('unify.accountChoice')}</legend>
          <label><input type="radio" name="account" checked={keepAccountOf === 'SURVIVOR'} onChange={() => setKeepAccountOf('SURVIVOR')} data-testid="keep-account-survivor" /> {survivor.account?.email} <span className="muted">({t('unify.survivor')})</span></label>
          <label><input type="radio" name="account" checked={keepAccountOf === 'ABSORBED'} onChange={() => setKeepAccountOf('ABSORBED')} data-testid="keep-account-absorbed" /> {absorbed.account?.email} <span className="muted">({t('unify.absorbed')})</span></label>
          <p className="muted small">{t('unify.accountExplain')}</p>
        </fieldset>
      ) : null}
      <div className="row">
        <div className="field field--narrow">
          <label htmlFor="merge-status">{t('unify.statusAfter')}</label>
          <select id="merge-status" value={status ?? ''} onChange={(e) => setStatus((e.target.value || null) as ClientStatus | null)} data-testid="merge-status">
            <option value="">{t('unify.statusDefault')}</option>
            {statusChoices(can('CLIENTS_DISABLE')).map((s) => <option key={s} value={s}>{t(`status.${s}`)}</option>)}
          </select>
          <p className="field__hint">{t('unify.statusHint')}</p>
        </div>
      </div>
      <section className="card" aria-labelledby="preview-title" data-testid="merge-preview">
        <h2 id="preview-title">{t('unify.preview')}</h2>
        <ErrorNotice error={preview.error} />
        {preview.loading && !p ? <Loading /> : null}
        {p ? (
          <>
            <ul>
              <li>{t('unify.pointsMoved', { points: number(p.pointsMoved) })}</li>
              <li>{t('unify.newTags', { count: number(p.newTags) })}</li>
              {p.keepAccountOf ? <li>{t('unify.accountKept', { who: p.keepAccountOf === 'SURVIVOR' ? t('unify.survivor') : t('unify.absorbed') })}</li> : null}
            </ul>
            <h3>{t('unify.result')}</h3>
            <dl className="facts" data-testid="merge-result">
              <div><dt>{t('field.status')}</dt><dd data-testid="merge-result-status">{p.status ? t(`status.${p.status}`) : '—'}</dd></div>
              <div><dt>{t('field.level')}</dt><dd>{p.level?.name ?? t('unify.none')}</dd></div>
              <div><dt>{t('field.shareCode')}</dt><dd>{p.shareCode ?? '—'}</dd></div>
              <div>
                <dt>{t('account.loginEmail')}</dt>
                <dd>{p.account ? `${p.account.email}${p.account.verified ? ` (${t('account.verifiedShort')})` : ''}` : t('account.none')}</dd>
              </div>
            </dl>
            {changes.length ? (
              <ul data-testid="merge-changes">
                {changes.map((c) => (
                  <li key={c.what}><strong>{changeLabel(c.what)}</strong>: {changeValue(c, c.before)} → {changeValue(c, c.after)}</li>
                ))}
              </ul>
            ) : null}
            {warnings.length ? (
              <Notice kind="warn">
                <ul data-testid="merge-warnings">
                  {warnings.map((w, i) => <li key={i}>{errorText(w)}</li>)}
                </ul>
              </Notice>
            ) : null}
            {values.length ? (
              <>
                <h3>{t('unify.takes')}</h3>
                <ul data-testid="merge-values">
                  {values.map(([field, value]) => <li key={field}><strong>{label(field)}</strong>: {show(value)}</li>)}
                </ul>
              </>
            ) : null}
            <h3>{t('unify.dropped')}</h3>
            {dropped.length ? (
              <ul data-testid="merge-dropped">
                {dropped.map((d) => (
                  <li key={`${d.field}-${d.from}`}>
                    <strong>{label(d.field)}</strong>: {show(d.value)} <span className="muted">({d.from.toUpperCase() === 'SURVIVOR' ? t('unify.survivor') : t('unify.absorbed')})</span>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="muted">{t('unify.nothingDropped')}</p>
            )}
            {blockers.length ? (
              <Notice kind="error">
                <p>{t('unify.blocked')}</p>
                <ul data-testid="merge-blockers">
                  {blockers.map((b, i) => <li key={i}>{errorText(b)}</li>)}
                </ul>
              </Notice>
            ) : null}
          </>
        ) : null}
      </section>
      {[...unify.errors.values()].map((e, i) => <Notice key={i} kind="error">{errorText(e)}</Notice>)}
      <ErrorNotice error={unify.failure} />
      <div className="form-actions">
        <button type="button" className="button button--primary" disabled={!p || blockers.length > 0 || unify.busy} onClick={() => void doMerge()}>
          {t('unify.merge')}
        </button>
      </div>
    </section>
  );
}
