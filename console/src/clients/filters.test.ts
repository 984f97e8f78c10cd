import { describe, expect, it } from 'vitest';
import { activeConditions, EMPTY_FILTER, fromFilterJson, splitList, toFilterInput } from './filters';

describe('toFilterInput', () => {
  it('is null when nothing narrows the list', () => {
    expect(toFilterInput(EMPTY_FILTER)).toBeNull();
    expect(toFilterInput({ ...EMPTY_FILTER, search: '   ', tagsAny: ' , ' })).toBeNull();
  });

  it('builds every condition the API takes', () => {
    const input = toFilterInput({
      ...EMPTY_FILTER,
      search: ' rossi ',
      tagsAny: 'yoga, Pilates',
      tagsNone: 'vip',
      status: ['ACTIVE'],
      levelIds: ['L1'],
      cities: 'Milano, milano, Roma',
      genders: ['FEMALE'],
      pointsMin: '100',
      pointsMax: 'abc',
      registeredFrom: '2024-01-01',
      registeredTo: '2024-12-31',
      birthdayWithinDays: '7',
      birthdayMonth: '13',
      consent: { MARKETING_EMAIL: 'given', MARKETING_IN_APP: 'notGiven' },
      generic: [
        { field: 'TEXT1', mode: 'contains', a: '42', b: '' },
        { field: 'INT2', mode: 'range', a: '', b: '9' },
        { field: 'DATE1', mode: 'range', a: '', b: '' },
      ],
    });
    expect(input).toEqual({
      search: 'rossi',
      tags: { any: ['yoga', 'Pilates'], none: ['vip'] },
      status: ['ACTIVE'],
      levelIds: ['L1'],
      cities: ['Milano', 'Roma'],
      genders: ['FEMALE'],
      points: { min: 100 },
      registeredAt: { from: '2024-01-01T00:00:00Z', to: '2024-12-31T23:59:59.999Z' },
      birthdayWithinDays: 7,
      consent: { given: ['MARKETING_EMAIL'], notGiven: ['MARKETING_IN_APP'] },
      generic: [
        { field: 'TEXT1', contains: '42' },
        { field: 'INT2', max: 9 },
      ],
    });
  });

  it('round-trips through a saved segment filter', () => {
    const state = {
      ...EMPTY_FILTER,
      tagsAll: 'a, b',
      status: ['INACTIVE' as const],
      pointsMin: '5',
      pointsMax: '50',
      registeredFrom: '2023-02-01',
      consent: { MARKETING_IN_APP: 'notGiven' as const },
      generic: [{ field: 'TEXT3' as const, mode: 'equals' as const, a: 'x', b: '' }],
    };
    const saved = JSON.parse(JSON.stringify(toFilterInput(state))) as unknown;
    expect(toFilterInput(fromFilterJson(saved))).toEqual(toFilterInput(state));
  });

  it("reads the service's stored form of a filter too", () => {
    const stored = {
      tags_any: ['vip'],
      statuses: ['active'],
      genders: ['female'],
      points_min: 10,
      registered_from: '2024-01-01T00:00:00+00:00',
      birthday_within_days: 7,
      consent_given: ['marketing_email'],
      generic: [{ field: 'text1', contains: '42' }],
    };
    expect(toFilterInput(fromFilterJson(stored))).toEqual({
      tags: { any: ['vip'] },
      status: ['ACTIVE'],
      genders: ['FEMALE'],
      points: { min: 10 },
      registeredAt: { from: '2024-01-01T00:00:00Z' },
      birthdayWithinDays: 7,
      consent: { given: ['MARKETING_EMAIL'] },
      generic: [{ field: 'TEXT1', contains: '42' }],
    });
  });

  it('leaves consent out when no purpose has a condition, and ignores unknown purposes', () => {
    expect(toFilterInput({ ...EMPTY_FILTER, consent: { MARKETING_EMAIL: '' } })).toBeNull();
    expect(fromFilterJson({ consent: { given: ['SMS', 'MARKETING_IN_APP'] } }).consent).toEqual({ MARKETING_IN_APP: 'given' });
  });

  it('reads unknown or broken JSON as an empty filter', () => {
    expect(toFilterInput(fromFilterJson(null))).toBeNull();
    expect(toFilterInput(fromFilterJson({ tags: 'x', points: [], generic: 'y' }))).toBeNull();
  });
});

describe('splitList and activeConditions', () => {
  it('splits, trims and dedupes case-insensitively', () => {
    expect(splitList(' Yoga ,yoga,, pilates ')).toEqual(['Yoga', 'pilates']);
  });
  it('counts conditions without the search', () => {
    expect(activeConditions({ ...EMPTY_FILTER, search: 'x' })).toBe(0);
    expect(
      activeConditions({
        ...EMPTY_FILTER,
        tagsAny: 'a',
        generic: [
          { field: 'TEXT1', mode: 'equals', a: '1', b: '' },
          { field: 'TEXT2', mode: 'equals', a: '2', b: '' },
        ],
      }),
    ).toBe(3);
  });
});
