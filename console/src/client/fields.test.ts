import { describe, expect, it } from 'vitest';
import { changedFields, fieldKind, genericOf, toFormValues } from './fields';

describe('changedFields', () => {
  const before = toFormValues({ firstName: 'Ana', email: 'ana@example.com', int1: 3, city: null });

  it('sends only what changed; an emptied field is null (cleared)', () => {
    const after = { ...before, firstName: 'Ana María', email: '  ', city: 'Madrid' };
    expect(changedFields(before, after)).toEqual({
      input: { firstName: 'Ana María', email: null, city: 'Madrid' },
      invalid: [],
    });
  });

  it('sends integers as numbers and refuses what is not one', () => {
    expect(changedFields(before, { ...before, int1: '12' }).input).toEqual({ int1: 12 });
    expect(changedFields(before, { ...before, int1: '1.5', int2: '99999999999' })).toEqual({
      input: {},
      invalid: ['int1', 'int2'],
    });
  });

  it('sends nothing when nothing changed', () => {
    expect(changedFields(before, { ...before })).toEqual({ input: {}, invalid: [] });
  });
});

describe('field kinds', () => {
  it('knows the input each field needs', () => {
    expect(fieldKind('birthday')).toBe('date');
    expect(fieldKind('int4')).toBe('int');
    expect(fieldKind('text2')).toBe('text');
    expect(fieldKind('identificationType')).toBe('idType');
    expect(genericOf('date2')).toBe('DATE2');
    expect(genericOf('city')).toBeNull();
  });
});
