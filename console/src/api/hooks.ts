import { useCallback, useEffect, useState } from 'react';
import type { TypedDocumentString } from '../gql/graphql';
import { isAbort, request } from './client';

export interface QueryState<R> {
  /** The latest answer; while a newer request runs it stays visible (no flicker when paging). */
  data: R | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
}

/**
 * Runs a query whenever its variables change. A newer request aborts the older one, so a stale
 * answer can never overwrite a fresh one (search as you type).
 */
export function useQuery<R, V>(
  document: TypedDocumentString<R, V>,
  variables: V,
  options: { skip?: boolean } = {},
): QueryState<R> {
  const key = JSON.stringify(variables);
  const skip = options.skip ?? false;
  const [tick, setTick] = useState(0);
  const requestKey = `${tick}:${key}`;
  const [state, setState] = useState<{ key: string | null; data: R | undefined; error: unknown }>({
    key: null,
    data: undefined,
    error: undefined,
  });

  useEffect(() => {
    if (skip) return;
    const controller = new AbortController();
    const done = `${tick}:${key}`;
    request(document, JSON.parse(key) as V, { signal: controller.signal }).then(
      (data) => setState({ key: done, data, error: undefined }),
      (error: unknown) => {
        if (!isAbort(error)) setState((s) => ({ key: done, data: s.data, error }));
      },
    );
    return () => controller.abort();
  }, [document, key, tick, skip]);

  const reload = useCallback(() => setTick((t) => t + 1), []);
  const current = state.key === requestKey;
  return { data: state.data, error: current ? state.error : undefined, loading: !skip && !current, reload };
}

/** A value that settles `delay` ms after its last change (search as you type). */
export function useDebounced<T>(value: T, delay: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), delay);
    return () => clearTimeout(timer);
  }, [value, delay]);
  return settled;
}
