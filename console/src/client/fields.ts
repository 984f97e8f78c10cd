// The client record's editable fields (PRODUCT.md §2) as the forms hold them (strings) and as
// createClient / updateClient take them. Pure: unit-tested.
import type { GenericField, Gender, IdentificationType } from '../gql/graphql';

export const FIELD_NAMES = [
  'firstName', 'lastName', 'email', 'phone', 'identificationType', 'identificationNumber',
  'externalId', 'gender', 'city', 'birthday', 'locale', 'registrationCode', 'shareCode',
  'text1', 'text2', 'text3', 'text4', 'text5',
  'int1', 'int2', 'int3', 'int4', 'int5',
  'date1', 'date2',
] as const;

export type FieldName = (typeof FIELD_NAMES)[number];
export type FieldKind = 'text' | 'email' | 'tel' | 'date' | 'int' | 'idType' | 'gender' | 'locale';

export const ID_TYPES: IdentificationType[] = ['NATIONAL_ID', 'PASSPORT', 'TAX_ID', 'OTHER'];
export const GENDERS: Gender[] = ['FEMALE', 'MALE', 'OTHER'];
export const LOCALES = ['it', 'es', 'en'] as const;

export function fieldKind(name: FieldName): FieldKind {
  switch (name) {
    case 'email':
      return 'email';
    case 'phone':
      return 'tel';
    case 'birthday':
    case 'date1':
    case 'date2':
      return 'date';
    case 'identificationType':
      return 'idType';
    case 'gender':
      return 'gender';
    case 'locale':
      return 'locale';
    default:
      return /^int\d$/.test(name) ? 'int' : 'text';
  }
}

export function genericOf(name: FieldName): GenericField | null {
  return /^(text|int|date)\d$/.test(name) ? (name.toUpperCase() as GenericField) : null;
}

export type FormValues = Record<FieldName, string>;
export type ClientValues = { [K in FieldName]?: string | number | null | undefined };

export function toFormValues(client: ClientValues): FormValues {
  const out = {} as FormValues;
  for (const name of FIELD_NAMES) {
    const value = client[name];
    out[name] = value === null || value === undefined ? '' : String(value);
  }
  return out;
}

const INT_MAX = 2_147_483_647;

export interface Changes {
  input: Record<string, string | number | null>;
  /** Fields refused before asking the API (a number that is not a whole number). */
  invalid: FieldName[];
}

/**
 * What changed between the record and the form: only those fields are sent (updateClient
 * changes only the fields given; an emptied field is sent as null, which clears it).
 */
export function changedFields(before: FormValues, after: FormValues): Changes {
  const input: Record<string, string | number | null> = {};
  const invalid: FieldName[] = [];
  for (const name of FIELD_NAMES) {
    const old = before[name];
    const value = after[name].trim() === '' ? '' : after[name];
    if (value === old) continue;
    if (value === '') {
      input[name] = null;
      continue;
    }
    if (fieldKind(name) === 'int') {
      const n = Number(value.trim());
      if (!/^-?\d+$/.test(value.trim()) || Math.abs(n) > INT_MAX) {
        invalid.push(name);
        continue;
      }
      input[name] = n;
    } else {
      input[name] = value;
    }
  }
  return { input, invalid };
}
