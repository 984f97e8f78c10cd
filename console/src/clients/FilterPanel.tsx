import { useId } from 'react';
import { useSignedIn } from '../auth/Session';
import type { ClientStatus, Gender, GenericField } from '../gql/graphql';
import { useI18n } from '../i18n/I18n';
import { SelectField, TextField } from '../ui/kit';
import { CONSENT_PURPOSES, genericKind, type ConsentCondition, type FilterState, type GenericRow } from './filters';
import { GENERIC_FIELDS, genericLabel } from './labels';

const STATUSES: ClientStatus[] = ['ACTIVE', 'INACTIVE', 'DISABLED', 'MERGED', 'DELETED'];
const GENDERS: Gender[] = ['FEMALE', 'MALE', 'OTHER'];

function toggle<T>(list: T[], item: T): T[] {
  return list.includes(item) ? list.filter((x) => x !== item) : [...list, item];
}

export function FilterPanel({
  value,
  onChange,
  tagNames,
}: {
  value: FilterState;
  onChange: (next: FilterState) => void;
  tagNames: string[];
}) {
  const { t } = useI18n();
  const { org } = useSignedIn();
  const tagList = useId();
  const set = <K extends keyof FilterState>(key: K, v: FilterState[K]) => onChange({ ...value, [key]: v });
  const setRow = (index: number, row: GenericRow) =>
    set('generic', value.generic.map((r, i) => (i === index ? row : r)));

  return (
    <div className="filters" data-testid="filters">
      <datalist id={tagList}>
        {tagNames.map((name) => (
          <option key={name} value={name} />
        ))}
      </datalist>
      <fieldset>
        <legend>{t('filter.tags')}</legend>
        <TextField label={t('filter.tagsAny')} hint={t('filter.commaHint')} list={tagList} value={value.tagsAny} onChange={(e) => set('tagsAny', e.target.value)} name="tagsAny" />
        <TextField label={t('filter.tagsAll')} list={tagList} value={value.tagsAll} onChange={(e) => set('tagsAll', e.target.value)} name="tagsAll" />
        <TextField label={t('filter.tagsNone')} list={tagList} value={value.tagsNone} onChange={(e) => set('tagsNone', e.target.value)} name="tagsNone" />
      </fieldset>
      <fieldset>
        <legend>{t('filter.status')}</legend>
        <div className="checks">
          {STATUSES.map((s) => (
            <label key={s}>
              <input type="checkbox" checked={value.status.includes(s)} onChange={() => set('status', toggle(value.status, s))} />
              {t(`status.${s}`)}
            </label>
          ))}
        </div>
      </fieldset>
      <fieldset>
        <legend>{t('filter.level')}</legend>
        <div className="checks">
          {org.levels.map((level) => (
            <label key={level.id}>
              <input type="checkbox" checked={value.levelIds.includes(level.id)} onChange={() => set('levelIds', toggle(value.levelIds, level.id))} />
              {level.name}
            </label>
          ))}
          {org.levels.length === 0 ? <span className="muted">{t('filter.noLevels')}</span> : null}
        </div>
      </fieldset>
      <fieldset>
        <legend>{t('filter.person')}</legend>
        <TextField label={t('field.city')} hint={t('filter.commaHint')} value={value.cities} onChange={(e) => set('cities', e.target.value)} name="cities" />
        <div className="checks">
          {GENDERS.map((g) => (
            <label key={g}>
              <input type="checkbox" checked={value.genders.includes(g)} onChange={() => set('genders', toggle(value.genders, g))} />
              {t(`gender.${g}`)}
            </label>
          ))}
        </div>
        <div className="row">
          <TextField label={t('filter.birthdayWithinDays')} type="number" min={0} max={366} value={value.birthdayWithinDays} onChange={(e) => set('birthdayWithinDays', e.target.value)} name="birthdayWithinDays" />
          <TextField label={t('filter.birthdayMonth')} type="number" min={1} max={12} value={value.birthdayMonth} onChange={(e) => set('birthdayMonth', e.target.value)} name="birthdayMonth" />
        </div>
      </fieldset>
      <fieldset>
        <legend>{t('filter.loyalty')}</legend>
        <div className="row">
          <TextField label={t('filter.pointsMin')} type="number" value={value.pointsMin} onChange={(e) => set('pointsMin', e.target.value)} name="pointsMin" />
          <TextField label={t('filter.pointsMax')} type="number" value={value.pointsMax} onChange={(e) => set('pointsMax', e.target.value)} name="pointsMax" />
        </div>
        <div className="row">
          <TextField label={t('filter.registeredFrom')} type="date" value={value.registeredFrom} onChange={(e) => set('registeredFrom', e.target.value)} name="registeredFrom" />
          <TextField label={t('filter.registeredTo')} type="date" value={value.registeredTo} onChange={(e) => set('registeredTo', e.target.value)} name="registeredTo" />
        </div>
      </fieldset>
      <fieldset data-testid="consent-filter">
        <legend>{t('filter.consent')}</legend>
        {CONSENT_PURPOSES.map((purpose) => (
          <SelectField
            key={purpose}
            label={t(`consentPurpose.${purpose}`)}
            name={`consent-${purpose}`}
            value={value.consent[purpose] ?? ''}
            onChange={(e) => set('consent', { ...value.consent, [purpose]: e.target.value as ConsentCondition })}
          >
            <option value="">{t('filter.consentAny')}</option>
            <option value="given">{t('filter.consentGiven')}</option>
            <option value="notGiven">{t('filter.consentNotGiven')}</option>
          </SelectField>
        ))}
      </fieldset>
      <fieldset>
        <legend>{t('filter.generic')}</legend>
        {value.generic.map((row, index) => {
          const kind = genericKind(row.field);
          const label = genericLabel(row.field, org.fieldLabels, t);
          return (
            <div className="row generic-row" key={index}>
              <label className="visually-hidden" htmlFor={`g-field-${index}`}>{t('filter.genericField')}</label>
              <select
                id={`g-field-${index}`}
                value={row.field}
                onChange={(e) => setRow(index, { field: e.target.value as GenericField, mode: genericKind(e.target.value as GenericField) === 'TEXT' ? 'equals' : 'range', a: '', b: '' })}
              >
                {GENERIC_FIELDS.map((f) => (
                  <option key={f} value={f}>{genericLabel(f, org.fieldLabels, t)}</option>
                ))}
              </select>
              {kind === 'TEXT' ? (
                <>
                  <label className="visually-hidden" htmlFor={`g-mode-${index}`}>{t('filter.match')}</label>
                  <select id={`g-mode-${index}`} value={row.mode} onChange={(e) => setRow(index, { ...row, mode: e.target.value as GenericRow['mode'] })}>
                    <option value="equals">{t('filter.equals')}</option>
                    <option value="contains">{t('filter.contains')}</option>
                  </select>
                  <input aria-label={label} value={row.a} onChange={(e) => setRow(index, { ...row, a: e.target.value })} />
                </>
              ) : (
                <>
                  <input aria-label={`${label} ${t('filter.from')}`} type={kind === 'INT' ? 'number' : 'date'} value={row.a} onChange={(e) => setRow(index, { ...row, a: e.target.value })} />
                  <input aria-label={`${label} ${t('filter.to')}`} type={kind === 'INT' ? 'number' : 'date'} value={row.b} onChange={(e) => setRow(index, { ...row, b: e.target.value })} />
                </>
              )}
              <button type="button" className="button button--ghost" onClick={() => set('generic', value.generic.filter((_, i) => i !== index))} aria-label={t('common.remove')}>
                ×
              </button>
            </div>
          );
        })}
        <button type="button" className="button" onClick={() => set('generic', [...value.generic, { field: 'TEXT1', mode: 'equals', a: '', b: '' }])}>
          {t('filter.addGeneric')}
        </button>
      </fieldset>
    </div>
  );
}
