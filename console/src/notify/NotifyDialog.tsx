import { useState } from 'react';
import { request } from '../api/client';
import { useAction } from '../api/useAction';
import { ActionDialog, useFieldError } from '../client/actions/ActionDialog';
import { Notify } from '../client/queries';
import type { Channel, NotifyClientMutation } from '../gql/graphql';
import { useI18n } from '../i18n/I18n';
import { TextField } from '../ui/kit';

type Result = NotifyClientMutation['sendNotification'];

export type NotifyTarget = { clientIds: string[] } | { segmentId: string };

/** A manual notification (R7.2) to one client or a segment, with the answer's counts. */
export function NotifyDialog({ target, open, onClose, onChanged }: { target: NotifyTarget; open: boolean; onClose: () => void; onChanged?: () => void }) {
  const { t, number } = useI18n();
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [channels, setChannels] = useState<Channel[]>(['EMAIL', 'IN_APP']);
  const [result, setResult] = useState<Result | null>(null);
  const action = useAction();
  const fieldError = useFieldError(action);
  const close = () => {
    setResult(null);
    action.reset();
    onClose();
  };
  const toggle = (channel: Channel) =>
    setChannels((list) => (list.includes(channel) ? list.filter((c) => c !== channel) : [...list, channel]));
  const submit = async () => {
    const payload = await action.run(async () =>
      (await request(Notify, { input: { type: 'MANUAL', channels, params: { title, body }, ...target } })).sendNotification,
    );
    if (payload) {
      setResult(payload);
      onChanged?.();
    }
  };
  const done = result ? (
    <div data-testid="notify-result">
      <p>{t('notify.result', { recipients: number(result.recipients), queued: number(result.queued) })}</p>
      {result.skipped.length ? (
        <>
          <p>{t('notify.skipped')}</p>
          <ul>
            {result.skipped.map((s) => (
              <li key={`${s.channel}-${s.reason}`}>
                {t(`channel.${s.channel}`)} · {t(`skipReason.${s.reason}`)}: {number(s.count)}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  ) : null;
  return (
    <ActionDialog title={t('action.notify')} open={open} onClose={close} onSubmit={() => void submit()} action={action} done={done} submitLabel={t('notify.send')}>
      <fieldset className="checks">
        <legend>{t('notify.channels')}</legend>
        {(['EMAIL', 'IN_APP'] as const).map((c) => (
          <label key={c}>
            <input type="checkbox" checked={channels.includes(c)} onChange={() => toggle(c)} /> {t(`channel.${c}`)}
          </label>
        ))}
      </fieldset>
      {fieldError('channels') ? <p className="field__error">{fieldError('channels')}</p> : null}
      <TextField label={t('notify.title')} value={title} onChange={(e) => setTitle(e.target.value)} error={fieldError('params.title')} autoFocus />
      <TextField label={t('notify.body')} value={body} onChange={(e) => setBody(e.target.value)} error={fieldError('params.body')} />
      <p className="muted small">{t('notify.rules')}</p>
    </ActionDialog>
  );
}
