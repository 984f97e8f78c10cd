// The list's filter as the form holds it (strings, as typed) and as the API takes it
// (ClientFilterInput). Pure functions: unit-tested, and used both ways so a saved segment's
// filter (the API gives it back in the input's shape, R6.3) opens in the same form.
import type { ClientFilterInput, ClientStatus, ConsentPurpose, Gender, GenericConditionInput, GenericField } from '../gql/graphql';

export const CONSENT_PURPOSES: ConsentPurpose[] = ['MARKETING_EMAIL', 'MARKETING_IN_APP'];
/** Per purpose: no condition, consent given, or not given (withdrawn or never asked). */
export type ConsentCondition = '' | 'given' | 'notGiven';

export interface GenericRow {
  field: GenericField;
  /** TEXT: equals / contains; INT: min / max; DATE: from / to. */
  a: string;
  b: string;
  mode: 'equals' | 'contains' | 'range';
}

export interface FilterState {
  search: string;
  tagsAny: string;
  tagsAll: string;
  tagsNone: string;
  status: ClientStatus[];
  levelIds: string[];
  cities: string;
  genders: Gender[];
  pointsMin: string;
  pointsMax: string;
  registeredFrom: string;
  registeredTo: string;
  birthdayWithinDays: string;
  birthdayMonth: string;
  consent: Partial<Record<ConsentPurpose, ConsentCondition>>;
  generic: GenericRow[];
}

export const EMPTY_FILTER: FilterState = {
  search: '',
  tagsAny: '',
  tagsAll: '',
  tagsNone: '',
  status: [],
  levelIds: [],
  cities: '',
  genders: [],
  pointsMin: '',
  pointsMax: '',
  registeredFrom: '',
  registeredTo: '',
  birthdayWithinDays: '',
  birthdayMonth: '',
  consent: {},
  generic: [],
};

export function genericKind(field: GenericField): 'TEXT' | 'INT' | 'DATE' {
  if (field.startsWith('TEXT')) return 'TEXT';
  if (field.startsWith('INT')) return 'INT';
  return 'DATE';
}

/** "yoga, Pilates ,," → ["yoga", "Pilates"] (tags and cities are typed comma-separated). */
export function splitList(value: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const part of value.split(',')) {
    const item = part.trim();
    if (item && !seen.has(item.toLowerCase())) {
      seen.add(item.toLowerCase());
      out.push(item);
    }
  }
  return out;
}

function int(value: string): number | null {
  const trimmed = value.trim();
  if (!/^-?\d+$/.test(trimmed)) return null;
  const n = Number(trimmed);
  return Number.isSafeInteger(n) && Math.abs(n) <= 2_147_483_647 ? n : null;
}

function date(value: string): string | null {
  return /^\d{4}-\d{2}-\d{2}$/.test(value.trim()) ? value.trim() : null;
}

/** The API filter, or null when nothing narrows the list. Unparseable numbers are left out. */
export function toFilterInput(state: FilterState): ClientFilterInput | null {
  const filter: ClientFilterInput = {};
  const search = state.search.trim();
  if (search) filter.search = search;
  const any = splitList(state.tagsAny);
  const all = splitList(state.tagsAll);
  const none = splitList(state.tagsNone);
  if (any.length || all.length || none.length) {
    filter.tags = {
      ...(any.length ? { any } : {}),
      ...(all.length ? { all } : {}),
      ...(none.length ? { none } : {}),
    };
  }
  if (state.status.length) filter.status = [...state.status];
  if (state.levelIds.length) filter.levelIds = [...state.levelIds];
  const cities = splitList(state.cities);
  if (cities.length) filter.cities = cities;
  if (state.genders.length) filter.genders = [...state.genders];
  const min = int(state.pointsMin);
  const max = int(state.pointsMax);
  if (min !== null || max !== null) filter.points = { ...(min !== null ? { min } : {}), ...(max !== null ? { max } : {}) };
  const from = date(state.registeredFrom);
  const to = date(state.registeredTo);
  if (from || to) {
    filter.registeredAt = {
      ...(from ? { from: `${from}T00:00:00Z` } : {}),
      ...(to ? { to: `${to}T23:59:59.999Z` } : {}),
    };
  }
  const within = int(state.birthdayWithinDays);
  if (within !== null && within >= 0) filter.birthdayWithinDays = within;
  const month = int(state.birthdayMonth);
  if (month !== null && month >= 1 && month <= 12) filter.birthdayMonth = month;
  const given = CONSENT_PURPOSES.filter((p) => state.consent[p] === 'given');
  const notGiven = CONSENT_PURPOSES.filter((p) => state.consent[p] === 'notGiven');
  if (given.length || notGiven.length)
    filter.consent = { ...(given.length ? { given } : {}), ...(notGiven.length ? { notGiven } : {}) };
  const generic = state.generic.map(toCondition).filter((c): c is GenericConditionInput => c !== null);
  if (generic.length) filter.generic = generic;
  return Object.keys(filter).length ? filter : null;
}

function toCondition(row: GenericRow): GenericConditionInput | null {
  const kind = genericKind(row.field);
  if (kind === 'TEXT') {
    const value = row.a.trim();
    if (!value) return null;
    return row.mode === 'contains' ? { field: row.field, contains: value } : { field: row.field, equals: value };
  }
  if (kind === 'INT') {
    const min = int(row.a);
    const max = int(row.b);
    if (min === null && max === null) return null;
    return { field: row.field, ...(min !== null ? { min } : {}), ...(max !== null ? { max } : {}) };
  }
  const from = date(row.a);
  const to = date(row.b);
  if (!from && !to) return null;
  return { field: row.field, ...(from ? { from } : {}), ...(to ? { to } : {}) };
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function str(value: unknown): string {
  return typeof value === 'number' ? String(value) : typeof value === 'string' ? value : '';
}

function record(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

const upper = (value: unknown) => strings(value).map((v) => v.toUpperCase());

/**
 * A saved filter in the input's shape (R6.3). The service has also answered with its stored
 * form (tags_any, statuses, points_min, lower-case enum values): that is read as well.
 */
export function normalizeFilterJson(json: unknown): Record<string, unknown> {
  const f = record(json);
  const stored = ['tags_any', 'tags_all', 'tags_none', 'statuses', 'level_ids', 'points_min', 'points_max', 'registered_from', 'registered_to', 'birthday_month', 'birthday_within_days', 'consent_given', 'consent_not_given'].some((k) => k in f);
  if (!stored) return f;
  const pick = <T>(entries: [string, T | undefined | null][]) => Object.fromEntries(entries.filter(([, v]) => v !== undefined && v !== null));
  return pick<unknown>([
    ['search', f.search],
    ['tags', pick<unknown>([['any', f.tags_any], ['all', f.tags_all], ['none', f.tags_none]])],
    ['status', f.statuses !== undefined ? upper(f.statuses) : undefined],
    ['levelIds', f.level_ids],
    ['cities', f.cities],
    ['genders', f.genders !== undefined ? upper(f.genders) : undefined],
    ['points', pick<unknown>([['min', f.points_min], ['max', f.points_max]])],
    ['registeredAt', pick<unknown>([['from', f.registered_from], ['to', f.registered_to]])],
    ['birthdayMonth', f.birthday_month],
    ['birthdayWithinDays', f.birthday_within_days],
    ['consent', pick<unknown>([['given', f.consent_given !== undefined ? upper(f.consent_given) : undefined], ['notGiven', f.consent_not_given !== undefined ? upper(f.consent_not_given) : undefined]])],
    [
      'generic',
      Array.isArray(f.generic)
        ? f.generic.map((raw) => {
            const g = record(raw);
            return pick<unknown>([['field', str(g.field).toUpperCase()], ['equals', g.equals], ['contains', g.contains], ['min', g.min], ['max', g.max], ['from', g.date_from], ['to', g.date_to]]);
          })
        : undefined,
    ],
  ]);
}

function isPurpose(value: string): value is ConsentPurpose {
  return (CONSENT_PURPOSES as string[]).includes(value);
}

/** A saved segment's filter back into the form. */
export function fromFilterJson(json: unknown): FilterState {
  const f = normalizeFilterJson(json);
  const tags = record(f.tags);
  const points = record(f.points);
  const registered = record(f.registeredAt);
  const consentJson = record(f.consent);
  const consent: FilterState['consent'] = {};
  for (const p of strings(consentJson.given)) if (isPurpose(p)) consent[p] = 'given';
  for (const p of strings(consentJson.notGiven)) if (isPurpose(p)) consent[p] = 'notGiven';
  const day = (value: unknown) => str(value).slice(0, 10);
  return {
    ...EMPTY_FILTER,
    search: str(f.search),
    tagsAny: strings(tags.any).join(', '),
    tagsAll: strings(tags.all).join(', '),
    tagsNone: strings(tags.none).join(', '),
    status: strings(f.status) as ClientStatus[],
    levelIds: strings(f.levelIds),
    cities: strings(f.cities).join(', '),
    genders: strings(f.genders) as Gender[],
    pointsMin: str(points.min),
    pointsMax: str(points.max),
    registeredFrom: day(registered.from),
    registeredTo: day(registered.to),
    birthdayWithinDays: str(f.birthdayWithinDays),
    birthdayMonth: str(f.birthdayMonth),
    consent,
    generic: (Array.isArray(f.generic) ? f.generic : []).map((raw): GenericRow => {
      const c = record(raw);
      const field = str(c.field) as GenericField;
      const kind = genericKind(field);
      if (kind === 'TEXT') {
        const contains = c.contains != null;
        return { field, mode: contains ? 'contains' : 'equals', a: str(contains ? c.contains : c.equals), b: '' };
      }
      if (kind === 'INT') return { field, mode: 'range', a: str(c.min), b: str(c.max) };
      return { field, mode: 'range', a: str(c.from), b: str(c.to) };
    }),
  };
}

/** How many conditions narrow the list (shown on the filters button). */
export function activeConditions(state: FilterState): number {
  const input = toFilterInput({ ...state, search: '' });
  if (!input) return 0;
  return Object.keys(input).length + (input.generic ? input.generic.length - 1 : 0);
}
