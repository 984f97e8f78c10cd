// Small shared pieces: form fields with errors in place, dialogs, notices, paging.
import { useEffect, useId, useRef, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes } from 'react';
import { useI18n } from '../i18n/I18n';

export function Field({
  label,
  error,
  hint,
  children,
}: {
  label: string;
  error?: string | null;
  hint?: string;
  children: (props: { id: string; 'aria-invalid': boolean; 'aria-describedby'?: string }) => ReactNode;
}) {
  const id = useId();
  const describedBy = error ? `${id}-error` : hint ? `${id}-hint` : undefined;
  return (
    <div className={`field${error ? ' field--error' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children({ id, 'aria-invalid': Boolean(error), ...(describedBy ? { 'aria-describedby': describedBy } : {}) })}
      {error ? (
        <p className="field__error" id={`${id}-error`} role="alert">
          {error}
        </p>
      ) : hint ? (
        <p className="field__hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
    </div>
  );
}

export function TextField({
  label,
  error,
  hint,
  ...input
}: { label: string; error?: string | null; hint?: string } & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <Field label={label} error={error ?? null} {...(hint ? { hint } : {})}>
      {(props) => <input {...input} {...props} />}
    </Field>
  );
}

export function SelectField({
  label,
  error,
  children,
  ...select
}: { label: string; error?: string | null; children: ReactNode } & SelectHTMLAttributes<HTMLSelectElement>) {
  return (
    <Field label={label} error={error ?? null}>
      {(props) => (
        <select {...select} {...props}>
          {children}
        </select>
      )}
    </Field>
  );
}

function giveFocusBack(opener: { current: HTMLElement | null }): void {
  const element = opener.current;
  opener.current = null;
  if (element?.isConnected) element.focus();
}

/** A modal dialog on the native <dialog>: focus stays inside, Escape closes it. */
export function Dialog({
  title,
  open,
  onClose,
  children,
  wide,
}: {
  title: string;
  open: boolean;
  onClose: () => void;
  children: ReactNode;
  wide?: boolean;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  // What had the focus when the dialog opened gets it back when it closes, also when the
  // dialog is simply removed (a parent that renders it only while open).
  const opener = useRef<HTMLElement | null>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      dialog.showModal();
    }
    if (!open && dialog.open) {
      dialog.close();
      giveFocusBack(opener);
    }
  }, [open]);
  useEffect(() => () => giveFocusBack(opener), []);
  const { t } = useI18n();
  return (
    <dialog
      ref={ref}
      className={`dialog${wide ? ' dialog--wide' : ''}`}
      aria-labelledby={titleId}
      onClose={onClose}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      {open ? (
        <>
          <header className="dialog__header">
            <h2 id={titleId}>{title}</h2>
            <button type="button" className="button button--ghost" onClick={onClose} aria-label={t('common.close')}>
              ×
            </button>
          </header>
          <div className="dialog__body">{children}</div>
        </>
      ) : null}
    </dialog>
  );
}

export function Notice({ kind, children }: { kind: 'error' | 'ok' | 'info' | 'warn'; children: ReactNode }) {
  return (
    <div className={`notice notice--${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {children}
    </div>
  );
}

export function ErrorNotice({ error }: { error: unknown }) {
  const { errorText } = useI18n();
  if (!error) return null;
  return <Notice kind="error">{errorText(error)}</Notice>;
}

export function Loading() {
  const { t } = useI18n();
  return (
    <p className="loading" role="status">
      {t('common.loading')}
    </p>
  );
}

/** "More" for a cursor connection: the console never jumps to page N (no exact counts needed). */
export function MoreButton({ hasNext, onMore, busy }: { hasNext: boolean; onMore: () => void; busy?: boolean }) {
  const { t } = useI18n();
  if (!hasNext) return null;
  return (
    <button type="button" className="button" onClick={onMore} disabled={busy}>
      {t('common.more')}
    </button>
  );
}
