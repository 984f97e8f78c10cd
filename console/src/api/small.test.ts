import { describe, expect, it } from 'vitest';
import { clearSession, loadSession, saveSession } from '../auth/storage';
import { choicesInput, conflictingFields, readChanges, readDropped, readValues, statusChoices } from '../unify/merge';
import { errorsByField, fieldKey } from './userErrors';

describe('userErrors', () => {
  it('keys errors by input field, first one per field, whole-input errors under ""', () => {
    const errors = [
      { field: ['email'], code: 'INVALID_EMAIL' },
      { field: ['input', 'email'], code: 'EMAIL_IN_USE' },
      { field: null, code: 'NOT_FOUND' },
      { field: ['giftCard', 'amount'], code: 'OUT_OF_RANGE' },
    ];
    const byField = errorsByField(errors);
    expect(byField.get('email')?.code).toBe('INVALID_EMAIL');
    expect(byField.get('')?.code).toBe('NOT_FOUND');
    expect(byField.get('giftCard.amount')?.code).toBe('OUT_OF_RANGE');
    expect(fieldKey({ code: 'X', field: ['input'] })).toBe('');
  });
});

describe('session storage', () => {
  const store = () => {
    const map = new Map<string, string>();
    return {
      getItem: (k: string) => map.get(k) ?? null,
      setItem: (k: string, v: string) => void map.set(k, v),
      removeItem: (k: string) => void map.delete(k),
    };
  };
  it('keeps the token until it expires or is cleared', () => {
    const s = store();
    saveSession(s, { token: 'cst_1', expiresAt: '2030-01-01T00:00:00Z' });
    expect(loadSession(s, Date.parse('2029-12-31T00:00:00Z'))?.token).toBe('cst_1');
    expect(loadSession(s, Date.parse('2030-01-02T00:00:00Z'))).toBeNull();
    clearSession(s);
    expect(loadSession(s)).toBeNull();
  });
  it('ignores garbage', () => {
    const s = store();
    s.setItem('clientela.session', '{nope');
    expect(loadSession(s)).toBeNull();
  });
});

describe('merge helpers', () => {
  it('offers a choice only where both records have different values', () => {
    expect(
      conflictingFields({ firstName: 'Ana', email: 'a@x.it', phone: null, city: 'Roma' }, { firstName: 'Anna', email: 'a@x.it', phone: '+39', city: '' }),
    ).toEqual(['firstName']);
  });
  it('sends only the fields taken from the absorbed record', () => {
    expect(choicesInput({ firstName: 'ABSORBED', city: 'SURVIVOR' })).toEqual([{ field: 'firstName', keep: 'ABSORBED' }]);
  });
  it('reads the preview JSON defensively', () => {
    expect(readDropped([{ field: 'city', value: 'Roma', from: 'absorbed' }, 3, null])).toEqual([{ field: 'city', value: 'Roma', from: 'absorbed' }]);
    expect(readValues({ phone: '+39' })).toEqual([['phone', '+39']]);
    expect(readValues([1])).toEqual([]);
  });
  it('reads what else changes on the survivor, status first, skipping malformed entries', () => {
    expect(readChanges({ points: [10, 310], status: ['active', 'disabled'], junk: 3, account: ['a@x.it', null] })).toEqual([
      { what: 'status', before: 'active', after: 'disabled' },
      { what: 'account', before: 'a@x.it', after: null },
      { what: 'points', before: 10, after: 310 },
    ]);
  });
  it('offers DISABLED as a resulting status only to those who may enable clients', () => {
    expect(statusChoices(false)).toEqual(['ACTIVE', 'INACTIVE']);
    expect(statusChoices(true)).toContain('DISABLED');
  });
});
