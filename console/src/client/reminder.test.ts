import { describe, expect, it } from 'vitest';
import { makeI18n } from '../i18n/I18n';
import { skippedText } from './reminder';

describe('skippedText', () => {
  it('names each reason with its count, leaving out empty ones', () => {
    const { t } = makeI18n('en', () => undefined);
    expect(
      skippedText(
        [
          { reason: 'ALREADY_VERIFIED', count: 2 },
          { reason: 'NO_ACCOUNT', count: 0 },
          { reason: 'NO_EMAIL', count: 1 },
        ],
        t,
      ),
    ).toBe('2 × already verified, 1 × no email');
  });
});
