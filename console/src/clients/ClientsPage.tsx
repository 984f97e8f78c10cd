import { useMemo, useState } from 'react';
import { useDebounced, useQuery } from '../api/hooks';
import { Link } from '../app/router';
import { useSignedIn } from '../auth/Session';
import type { ClientOrder } from '../gql/graphql';
import { useI18n } from '../i18n/I18n';
import { ErrorNotice, Loading } from '../ui/kit';
import { BulkTags } from './BulkTags';
import { CountLine, useExactCount } from './CountLine';
import { FilterPanel } from './FilterPanel';
import { recall, remember } from './memory';
import { RemindVerify } from './RemindVerify';
import { activeConditions, EMPTY_FILTER, toFilterInput, type FilterState } from './filters';
import { ClientCount, ClientList, TagNames } from './queries';
import { SaveSegment, UpdateSegment } from './SaveSegment';

const PAGE = 25;

export function ClientsPage() {
  const { t, number, date } = useI18n();
  const { can, viewer } = useSignedIn();
  const [filter, setFilterState] = useState<FilterState>(() => recall().filter);
  const [order, setOrderState] = useState<ClientOrder>(() => recall().order);
  const [cursors, setCursorsState] = useState<(string | null)[]>(() => recall().cursors);
  const [open, setOpenState] = useState(() => recall().open);
  const [segment, setSegment] = useState(() => recall().segment);

  const setCursors = (next: (string | null)[]) => {
    remember({ cursors: next });
    setCursorsState(next);
  };
  const setFilter = (next: FilterState) => {
    remember({ filter: next });
    setFilterState(next);
    setCursors([null]);
  };
  const setOrder = (next: ClientOrder) => {
    remember({ order: next });
    setOrderState(next);
    setCursors([null]);
  };
  const setOpen = (next: boolean) => {
    remember({ open: next });
    setOpenState(next);
  };

  // Typing settles for 300 ms before a request; a newer request aborts the older one.
  const settled = useDebounced(filter, 300);
  const input = useMemo(() => toFilterInput(settled), [settled]);
  const after = cursors[cursors.length - 1] ?? null;
  const list = useQuery(ClientList, { filter: input, first: PAGE, after, orderBy: order });
  // R6.5: the count is exact up to the service's cap, else a lower bound; the exact one is
  // asked only when the user wants it, for this list.
  const exactCount = useExactCount(JSON.stringify(input));
  const count = useQuery(ClientCount, { filter: input, exact: exactCount.exact });
  const tags = useQuery(TagNames, {});
  const tagNames = useMemo(() => (tags.data?.tags ?? []).map((tag) => tag.name), [tags.data]);
  const conditions = activeConditions(filter);
  const total = count.data?.clients?.count;

  const sortHeader = (label: string, asc: ClientOrder | null, desc: ClientOrder | null) => {
    const active = order === asc || order === desc;
    const next = order === desc && asc ? asc : desc ?? asc;
    return (
      <th scope="col" aria-sort={active ? (order === asc ? 'ascending' : 'descending') : 'none'}>
        <button type="button" className="sort" onClick={() => next && setOrder(next)}>
          {label} {active ? (order === asc ? '▲' : '▼') : ''}
        </button>
      </th>
    );
  };

  return (
    <section aria-labelledby="clients-title">
      <div className="page__head">
        <h1 id="clients-title">{t('clients.title')}</h1>
        {can('CLIENTS_WRITE') ? (
          <Link className="button button--primary" to={{ name: 'newClient' }}>
            {t('clients.new')}
          </Link>
        ) : null}
      </div>
      <div className="toolbar">
        <div className="search">
          <label htmlFor="client-search">{t('clients.search')}</label>
          <input
            id="client-search"
            type="search"
            value={filter.search}
            placeholder={t('clients.searchPlaceholder')}
            onChange={(e) => setFilter({ ...filter, search: e.target.value })}
            autoComplete="off"
          />
        </div>
        <button type="button" className="button" aria-expanded={open} aria-controls="filters" onClick={() => setOpen(!open)}>
          {t('clients.filters')} {conditions ? `(${conditions})` : ''}
        </button>
        {conditions || filter.search ? (
          <button type="button" className="button button--ghost" onClick={() => { setFilter(EMPTY_FILTER); remember({ segment: null }); setSegment(null); }}>
            {t('clients.clear')}
          </button>
        ) : null}
      </div>
      <div id="filters" hidden={!open}>
        <FilterPanel value={filter} onChange={setFilter} tagNames={tagNames} />
      </div>
      <div className="toolbar toolbar--summary">
        <CountLine count={total} loading={count.loading} exact={exactCount.exact} onExact={exactCount.ask} testId="client-count" />
        <div className="toolbar__actions">
          {can('SEGMENTS_MANAGE') && input && segment ? (
            <UpdateSegment segment={segment} filter={input} onGone={() => { remember({ segment: null }); setSegment(null); }} />
          ) : null}
          {can('SEGMENTS_MANAGE') && input ? <SaveSegment filter={input} /> : null}
          {can('ACCOUNTS_MANAGE') && can('NOTIFICATIONS_SEND') && viewer.organization.clientAccountsEnabled ? <RemindVerify filter={input} /> : null}
          {can('TAGS_WRITE') ? <BulkTags filter={input} count={total} tagNames={tagNames} onDone={() => { list.reload(); count.reload(); }} /> : null}
        </div>
      </div>
      <ErrorNotice error={list.error ?? count.error} />
      <div className="table-wrap">
        <table className="table table--clients" data-testid="client-table">
          <caption className="visually-hidden">{t('clients.title')}</caption>
          <thead>
            <tr>
              {sortHeader(t('clients.col.name'), 'NAME_ASC', null)}
              <th scope="col">{t('field.email')}</th>
              <th scope="col">{t('field.phone')}</th>
              <th scope="col">{t('field.city')}</th>
              {sortHeader(t('field.points'), null, 'POINTS_DESC')}
              <th scope="col">{t('field.level')}</th>
              <th scope="col">{t('field.tags')}</th>
              <th scope="col">{t('field.status')}</th>
              {sortHeader(t('field.registeredAt'), 'REGISTERED_AT_ASC', 'REGISTERED_AT_DESC')}
            </tr>
          </thead>
          <tbody aria-busy={list.loading}>
            {(list.data?.clients?.nodes ?? []).map((client) => (
              <tr key={client.id}>
                <td>
                  <Link to={{ name: 'client', id: client.id }}>
                    {`${client.firstName} ${client.lastName}`.trim() || t('clients.noName')}
                  </Link>
                </td>
                <td className="wrap-any">{client.email ?? ''}</td>
                <td>{client.phone ?? ''}</td>
                <td>{client.city ?? ''}</td>
                <td className="num">{number(client.points)}</td>
                <td>{client.level?.name ?? ''}</td>
                <td>
                  {client.tags.map((tag) => (
                    <span className="tag" key={tag.id}>
                      {tag.name}
                    </span>
                  ))}
                </td>
                <td>{t(`status.${client.status}`)}</td>
                <td>{date(client.registeredAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {list.loading && !list.data ? <Loading /> : null}
        {list.data && (list.data.clients?.nodes.length ?? 0) === 0 ? <p className="empty">{t('clients.none')}</p> : null}
      </div>
      <nav className="pager" aria-label={t('common.pages')}>
        <button type="button" className="button" disabled={cursors.length < 2} onClick={() => setCursors(cursors.slice(0, -1))}>
          {t('common.previous')}
        </button>
        <span className="muted">{t('common.page', { page: cursors.length })}</span>
        <button
          type="button"
          className="button"
          disabled={!list.data?.clients?.pageInfo.hasNextPage}
          onClick={() => {
            const end = list.data?.clients?.pageInfo.endCursor;
            if (end) setCursors([...cursors, end]);
          }}
        >
          {t('common.next')}
        </button>
      </nav>
    </section>
  );
}
