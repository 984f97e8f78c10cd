import { useCallback, useState } from 'react';
import { errorsByField, type UserErrorLike } from './userErrors';

export interface Action<E extends UserErrorLike> {
  busy: boolean;
  /** A top-level failure (network, FORBIDDEN, …). */
  failure: unknown;
  /** userErrors by field ('' for the whole input). */
  errors: Map<string, E>;
  /** Runs a mutation; resolves to its payload when it had no userErrors, else null. */
  run: <P extends { userErrors: readonly E[] }>(call: () => Promise<P>) => Promise<P | null>;
  reset: () => void;
}

export function useAction<E extends UserErrorLike = UserErrorLike>(): Action<E> {
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const [errors, setErrors] = useState<Map<string, E>>(new Map());
  const reset = useCallback(() => {
    setFailure(null);
    setErrors(new Map());
  }, []);
  const run = useCallback(async <P extends { userErrors: readonly E[] }>(call: () => Promise<P>) => {
    setBusy(true);
    setFailure(null);
    setErrors(new Map());
    try {
      const payload = await call();
      if (payload.userErrors.length) {
        setErrors(errorsByField(payload.userErrors));
        return null;
      }
      return payload;
    } catch (caught) {
      setFailure(caught);
      return null;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, failure, errors, run, reset };
}
