import { useState } from 'react';
import { useI18n } from '../i18n/I18n';
import { countText, type BoundedCount } from './count';

/**
 * Whether the exact count was asked for this list (R6.5): asked per list, so a new filter
 * goes back to the fast, bounded count.
 */
export function useExactCount(listKey: string): { exact: boolean; ask: () => void } {
  const [askedFor, setAskedFor] = useState<string | null>(null);
  return { exact: askedFor === listKey, ask: () => setAskedFor(listKey) };
}

/** "1,234 clients", or "10,000+ clients" with a button that asks the exact count. */
export function CountLine({
  count,
  loading,
  exact,
  onExact,
  testId,
}: {
  count: BoundedCount | undefined;
  loading: boolean;
  exact: boolean;
  onExact: () => void;
  testId: string;
}) {
  const { t, number } = useI18n();
  return (
    <div className="countline">
      <p className="count" aria-live="polite" data-testid={testId}>
        {countText(count, { t, number })}
      </p>
      {count?.precision === 'AT_LEAST' && !(exact && loading) ? (
        <button type="button" className="link" onClick={onExact}>
          {t('clients.countExactly')}
        </button>
      ) : null}
      {exact && loading ? <span className="muted small" role="status">{t('clients.countingExactly')}</span> : null}
    </div>
  );
}
