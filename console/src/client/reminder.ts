// The skipped counts of a send in words ("2 × email not verified, 1 × no app account").
import type { SkipReason } from '../gql/graphql';
import type { I18n } from '../i18n/I18n';

export function skippedText(skipped: readonly { reason: SkipReason; count: number }[], t: I18n['t']): string {
  return skipped
    .filter((s) => s.count > 0)
    .map((s) => t('common.timesReason', { count: s.count, reason: t(`skipReason.${s.reason}`) }))
    .join(', ');
}
