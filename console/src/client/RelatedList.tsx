import { useEffect, useState, type ReactNode } from 'react';
import { isAbort, request } from '../api/client';
import type { TypedDocumentString } from '../gql/graphql';
import { useI18n } from '../i18n/I18n';
import { ErrorNotice, Loading, MoreButton } from '../ui/kit';

interface Page<N> {
  nodes: N[];
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
}

/** One of the card's lists (purchases, notes, …): 20 at a time, newest first, "more" appends. */
export function RelatedList<R, N extends { id: string }>({
  document,
  clientId,
  pick,
  headers,
  row,
  version,
  testId,
}: {
  document: TypedDocumentString<R, { id: string; after?: string | null }>;
  clientId: string;
  pick: (data: R) => Page<N> | undefined;
  headers: string[];
  row: (node: N) => ReactNode[];
  version: number;
  testId: string;
}) {
  const { t } = useI18n();
  const key = `${clientId}:${version}`;
  // The first page follows the client and `version` (bumped after an action); "more" appends.
  const [state, setState] = useState<{ key: string | null; nodes: N[]; next: string | null; hasNext: boolean; error: unknown }>({
    key: null,
    nodes: [],
    next: null,
    hasNext: false,
    error: null,
  });
  const [busyMore, setBusyMore] = useState(false);

  useEffect(() => {
    const controller = new AbortController();
    const [id = ''] = key.split(':');
    request(document, { id, after: null }, { signal: controller.signal }).then(
      (data) => {
        const page = pick(data);
        setState({ key, nodes: page?.nodes ?? [], next: page?.pageInfo.endCursor ?? null, hasNext: page?.pageInfo.hasNextPage ?? false, error: null });
      },
      (error: unknown) => {
        if (!isAbort(error)) setState({ key, nodes: [], next: null, hasNext: false, error });
      },
    );
    return () => controller.abort();
    // `pick` is an inline selector: the document and key decide what is loaded.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [document, key]);

  const more = () => {
    setBusyMore(true);
    request(document, { id: clientId, after: state.next }).then(
      (data) => {
        const page = pick(data);
        setState((s) => ({ ...s, nodes: [...s.nodes, ...(page?.nodes ?? [])], next: page?.pageInfo.endCursor ?? null, hasNext: page?.pageInfo.hasNextPage ?? false }));
        setBusyMore(false);
      },
      (error: unknown) => {
        setState((s) => ({ ...s, error }));
        setBusyMore(false);
      },
    );
  };
  const loading = state.key !== key;
  const { nodes, hasNext, error } = state;

  return (
    <div data-testid={testId}>
      <ErrorNotice error={error} />
      {nodes.length ? (
        <div className="table-wrap">
          <table className="table table--compact">
            <thead>
              <tr>
                {headers.map((h) => (
                  <th scope="col" key={h}>
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {nodes.map((node) => (
                <tr key={node.id}>
                  {row(node).map((cell, i) => (
                    <td key={i}>{cell}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : loading ? (
        <Loading />
      ) : (
        <p className="empty">{t('common.nothingYet')}</p>
      )}
      <MoreButton hasNext={hasNext && !loading} onMore={more} busy={busyMore} />
    </div>
  );
}
