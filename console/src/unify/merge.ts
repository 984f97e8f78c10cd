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

export interface Change {
  what: string;
  before: unknown;
  after: unknown;
}

/** The preview's `changes` ({status|level|account|points: [before, after]}), in a fixed order. */
export function readChanges(json: unknown): Change[] {
  const order = ['status', 'level', 'account', 'points'];
  return readValues(json)
    .filter((entry): entry is [string, [unknown, unknown]] => Array.isArray(entry[1]) && entry[1].length === 2)
    .map(([what, [before, after]]) => ({ what, before, after }))
    .sort((a, b) => (order.indexOf(a.what) + 1 || 99) - (order.indexOf(b.what) + 1 || 99));
}

/** Statuses a merge may end in (R4.7); DISABLED only for those who may enable clients. */
export function statusChoices(canDisable: boolean): ('ACTIVE' | 'INACTIVE' | 'DISABLED')[] {
  return canDisable ? ['ACTIVE', 'INACTIVE', 'DISABLED'] : ['ACTIVE', 'INACTIVE'];
}
