import type { GenericField } from '../gql/graphql';
import type { I18n } from '../i18n/I18n';

export const GENERIC_FIELDS: GenericField[] = [
  'TEXT1', 'TEXT2', 'TEXT3', 'TEXT4', 'TEXT5',
  'INT1', 'INT2', 'INT3', 'INT4', 'INT5',
  'DATE1', 'DATE2',
];

/** The organization's label for a generic field ("text1 = shoe size"), else the default name. */
export function genericLabel(
  field: GenericField,
  labels: readonly { field: GenericField; label: string }[],
  t: I18n['t'],
): string {
  return labels.find((l) => l.field === field)?.label || t(`generic.${field}`);
}

/** GenericField 'TEXT1' ↔ the client's property 'text1'. */
export function genericProp(field: GenericField): Lowercase<GenericField> {
  return field.toLowerCase() as Lowercase<GenericField>;
}
