import { describe, expect, it } from 'vitest';
import { assignableRoles } from './staff';

describe('assignable roles', () => {
  it('lets an owner give every role and an admin every role but owner', () => {
    expect(assignableRoles('OWNER')).toContain('OWNER');
    expect(assignableRoles('ADMIN')).toEqual(['ADMIN', 'AGENT', 'MARKETING', 'READ_ONLY']);
  });
});
