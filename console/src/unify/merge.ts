// Which fields the user chooses between in a merge (R4.1): both records have a value and they
// differ. Pure: unit-tested.
import { FIELD_NAMES, type ClientValues, type FieldName } from '../client/fields';

export type Keep = 'SURVIVOR' | 'ABSORBED';

function empty(value: unknown): boolean {
  return value === null || value === undefined || value === '';
}

export function conflictingFields(survivor: ClientValues, absorbed: ClientValues): FieldName[] {
  return FIELD_NAMES.filter((name) => {
    const a = survivor[name];
    const b = absorbed[name];
    return !empty(a) && !empty(b) && a !== b;
  });
}

export function choicesInput(choices: Partial<Record<FieldName, Keep>>): { field: string; keep: Keep }[] {
  return Object.entries(choices)
    .filter(([, keep]) => keep === 'ABSORBED')
    .map(([field, keep]) => ({ field, keep: keep as Keep }));
}

export interface Dropped {
  field: string;
  value: unknown;
  from: string;
}

export function readDropped(json: unknown): Dropped[] {
  if (!Array.isArray(json)) return [];
  return json
    .filter((item): item is Record<string, unknown> => Boolean(item) && typeof item === 'object')
    .map((item) => ({ field: String(item.field ?? ''), value: item.value, from: String(item.from ?? '') }));
}

export function readValues(json: unknown): [string, unknown][] {
  return json && typeof json === 'object' && !Array.isArray(json) ? Object.entries(json as Record<string, unknown>) : [];
}
