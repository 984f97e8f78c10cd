import { describe, expect, it } from 'vitest';
import { levelChanges, organizationChanges } from './changes';

describe('organization settings', () => {
  const org = {
    senderName: null,
    replyTo: 'info@gym.example',
    timeZone: 'Europe/Rome',
    currency: 'EUR',
    levelMode: 'AUTOMATIC' as const,
    clientAccountsEnabled: true,
    staffPasswordAssignment: true,
  };
  const form = { ...org, senderName: '', replyTo: 'info@gym.example' };
  it('sends nothing when nothing changed', () => {
    expect(organizationChanges(form, org)).toEqual({});
  });
  it('sends only the switches and texts that changed; an emptied text as ""', () => {
    expect(
      organizationChanges({ ...form, staffPasswordAssignment: false, levelMode: 'MANUAL', replyTo: ' ', senderName: ' Gym ' }, org),
    ).toEqual({ staffPasswordAssignment: false, levelMode: 'MANUAL', replyTo: '', senderName: 'Gym' });
  });
});

describe('level edits', () => {
  const level = { name: 'Gold', threshold: 500 };
  it('sends a changed name or threshold only', () => {
    expect(levelChanges({ name: 'Gold', threshold: '500' }, level)).toEqual({ input: {}, invalid: false });
    expect(levelChanges({ name: ' Oro ', threshold: '600' }, level)).toEqual({ input: { name: 'Oro', threshold: 600 }, invalid: false });
  });
  it('refuses a threshold that is not a whole number of points', () => {
    expect(levelChanges({ name: 'Gold', threshold: '-1' }, level).invalid).toBe(true);
    expect(levelChanges({ name: 'Gold', threshold: '1.5' }, level).invalid).toBe(true);
  });
});
