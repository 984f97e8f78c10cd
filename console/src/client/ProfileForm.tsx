import { useState, type FormEvent, type ReactNode } from 'react';
import type { UserErrorLike } from '../api/userErrors';
import { Link } from '../app/router';
import { useSignedIn } from '../auth/Session';
import { genericLabel } from '../clients/labels';
import { useI18n } from '../i18n/I18n';
import type { MessageKey } from '../i18n/en';
import { Field } from '../ui/kit';
import { fieldKind, genericOf, GENDERS, ID_TYPES, LOCALES, type FieldName, type FormValues } from './fields';

const GROUPS: { title: MessageKey; fields: FieldName[] }[] = [
  { title: 'card.group.person', fields: ['firstName', 'lastName', 'email', 'phone', 'gender', 'birthday', 'city', 'locale'] },
  { title: 'card.group.identity', fields: ['identificationType', 'identificationNumber', 'externalId', 'registrationCode', 'shareCode'] },
  { title: 'card.group.generic', fields: ['text1', 'text2', 'text3', 'text4', 'text5', 'int1', 'int2', 'int3', 'int4', 'int5', 'date1', 'date2'] },
];

type ClientUserError = UserErrorLike & { conflictingClientId?: string | null };

export function ProfileForm({
  initial,
  editable,
  submitLabel,
  onSubmit,
  errors,
  busy,
  selfId,
  footer,
}: {
  initial: FormValues;
  editable: boolean;
  submitLabel: string;
  onSubmit: (values: FormValues) => void;
  errors: Map<string, ClientUserError>;
  busy: boolean;
  selfId?: string;
  footer?: ReactNode;
}) {
  const { t, errorText } = useI18n();
  const { org } = useSignedIn();
  const [values, setValues] = useState<FormValues>(initial);
  const set = (name: FieldName, value: string) => setValues((v) => ({ ...v, [name]: value }));

  const label = (name: FieldName) => {
    const generic = genericOf(name);
    return generic ? genericLabel(generic, org.fieldLabels, t) : t(`field.${name}`);
  };

  const conflict = (error: ClientUserError | undefined): ReactNode => {
    if (!error?.conflictingClientId) return null;
    const other = error.conflictingClientId;
    return (
      <span className="conflict">
        <Link to={{ name: 'client', id: other }}>{t('card.openConflicting')}</Link>
        {selfId ? (
          <>
            {' · '}
            <Link to={{ name: 'unify', id: selfId, other }}>{t('card.unifyWithConflicting')}</Link>
          </>
        ) : null}
      </span>
    );
  };

  const input = (name: FieldName, props: { id: string; 'aria-invalid': boolean; 'aria-describedby'?: string }) => {
    const common = { ...props, name, value: values[name], disabled: !editable, onChange: (e: { target: { value: string } }) => set(name, e.target.value) };
    switch (fieldKind(name)) {
      case 'idType':
        return (
          <select {...common}>
            <option value="">—</option>
            {ID_TYPES.map((v) => <option key={v} value={v}>{t(`idType.${v}`)}</option>)}
          </select>
        );
      case 'gender':
        return (
          <select {...common}>
            <option value="">—</option>
            {GENDERS.map((v) => <option key={v} value={v}>{t(`gender.${v}`)}</option>)}
          </select>
        );
      case 'locale':
        return (
          <select {...common}>
            <option value="">{t('card.localeDefault')}</option>
            {LOCALES.map((v) => <option key={v} value={v}>{t(`locale.${v}`)}</option>)}
          </select>
        );
      case 'date':
        return <input type="date" {...common} />;
      case 'int':
        return <input type="text" inputMode="numeric" {...common} />;
      case 'email':
        return <input type="email" autoComplete="off" {...common} />;
      case 'tel':
        return <input type="tel" autoComplete="off" {...common} />;
      default:
        return <input type="text" autoComplete="off" {...common} />;
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit(values);
  };

  const whole = errors.get('');
  return (
    <form onSubmit={submit} noValidate data-testid="profile-form">
      {GROUPS.map((group) => (
        <fieldset key={group.title} className="form-grid">
          <legend>{t(group.title)}</legend>
          {group.fields.map((name) => {
            const error = errors.get(name);
            return (
              <div key={name} className="form-grid__cell">
                <Field label={label(name)} error={error ? errorText(error) : null}>
                  {(props) => input(name, props)}
                </Field>
                {conflict(error)}
              </div>
            );
          })}
        </fieldset>
      ))}
      {whole ? <p className="field__error" role="alert">{errorText(whole)}</p> : null}
      {editable ? (
        <div className="form-actions">
          <button type="submit" className="button button--primary" disabled={busy}>
            {submitLabel}
          </button>
          {footer}
        </div>
      ) : null}
    </form>
  );
}
