// A list's count as the API gives it (R6.5: exact up to a cap, else a lower bound) in words.
import type { I18n } from '../i18n/I18n';

export interface BoundedCount {
  value: number;
  precision: 'EXACT' | 'AT_LEAST';
}

export function countText(count: BoundedCount | number | undefined, { t, number }: Pick<I18n, 't' | 'number'>): string {
  if (count === undefined) return t('clients.counting');
  if (typeof count === 'number') return t('clients.count', { count: number(count) });
  return count.precision === 'AT_LEAST'
    ? t('clients.countAtLeast', { count: number(count.value) })
    : t('clients.count', { count: number(count.value) });
}
