import type { FormEvent, ReactNode } from 'react';
import type { Action } from '../../api/useAction';
import type { UserErrorLike } from '../../api/userErrors';
import { useI18n } from '../../i18n/I18n';
import { Dialog, ErrorNotice, Notice } from '../../ui/kit';

/** The frame every card action shares: a form, its whole-input error, a result, two buttons. */
export function ActionDialog({
  title,
  open,
  onClose,
  onSubmit,
  action,
  done,
  submitLabel,
  children,
  danger,
  wide,
}: {
  title: string;
  open: boolean;
  onClose: () => void;
  onSubmit: () => void;
  action: Action<UserErrorLike>;
  done: ReactNode;
  submitLabel: string;
  children: ReactNode;
  danger?: boolean;
  wide?: boolean;
}) {
  const { t, errorText } = useI18n();
  const whole = action.errors.get('') ?? action.errors.get('clientId');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit();
  };
  return (
    <Dialog title={title} open={open} onClose={onClose} {...(wide ? { wide } : {})}>
      <form onSubmit={submit} noValidate>
        {done ? <Notice kind="ok">{done}</Notice> : children}
        {whole ? <Notice kind="error">{errorText(whole)}</Notice> : null}
        <ErrorNotice error={action.failure} />
        <div className="dialog__actions">
          <button type="button" className="button" onClick={onClose}>
            {done ? t('common.close') : t('common.cancel')}
          </button>
          {!done ? (
            <button type="submit" className={`button ${danger ? 'button--danger' : 'button--primary'}`} disabled={action.busy}>
              {submitLabel}
            </button>
          ) : null}
        </div>
      </form>
    </Dialog>
  );
}

/** A userError for one input field, translated, for <TextField error=…>. */
export function useFieldError(action: Action<UserErrorLike>) {
  const { errorText } = useI18n();
  return (field: string): string | null => {
    const error = action.errors.get(field);
    return error ? errorText(error) : null;
  };
}
