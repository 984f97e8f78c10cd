import { useState } from 'react';
import { request } from '../api/client';
import { useAction } from '../api/useAction';
import { VerificationReminder } from '../client/queries';
import { skippedText } from '../client/reminder';
import type { ClientFilterInput, SendVerificationReminderMutation } from '../gql/graphql';
import { useI18n } from '../i18n/I18n';
import { Dialog, ErrorNotice, Notice } from '../ui/kit';

type Result = SendVerificationReminderMutation['sendVerificationReminder'];

/** R11.5: the seed-002 "verify your email" reminder to every client of the list whose app
 * account is not verified; the answer counts what was queued and skipped, and why. */
export function RemindVerify({ filter }: { filter: ClientFilterInput | null }) {
  const { t, number, errorText } = useI18n();
  const [open, setOpen] = useState(false);
  const [result, setResult] = useState<Result | null>(null);
  const action = useAction();
  const close = () => {
    setOpen(false);
    setResult(null);
    action.reset();
  };
  const send = async () => {
    const payload = await action.run(async () => (await request(VerificationReminder, { input: { filter: filter ?? {} } })).sendVerificationReminder);
    if (payload) setResult(payload);
  };
  const problem = [...action.errors.values()][0];
  return (
    <>
      <button type="button" className="button" onClick={() => setOpen(true)}>
        {t('remind.button')}
      </button>
      <Dialog title={t('remind.title')} open={open} onClose={close}>
        <p>{t('remind.explain')}</p>
        {result ? (
          <Notice kind="ok">
            <p data-testid="remind-result">{t('remind.result', { recipients: number(result.recipients), queued: number(result.queued) })}</p>
            {result.skipped.some((s) => s.count > 0) ? <p>{t('notify.skipped')} {skippedText(result.skipped, t)}</p> : null}
          </Notice>
        ) : null}
        {problem ? <Notice kind="error">{errorText(problem)}</Notice> : null}
        <ErrorNotice error={action.failure} />
        <div className="dialog__actions">
          <button type="button" className="button" onClick={close}>{result ? t('common.close') : t('common.cancel')}</button>
          {!result ? (
            <button type="button" className="button button--primary" disabled={action.busy} onClick={() => void send()}>
              {t('remind.send')}
            </button>
          ) : null}
        </div>
      </Dialog>
    </>
  );
}
