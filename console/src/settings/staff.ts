// Which roles a staff manager may give (R9.3: only an owner grants or changes the owner role).
import type { StaffRole } from '../gql/graphql';

export const ROLES: StaffRole[] = ['OWNER', 'ADMIN', 'AGENT', 'MARKETING', 'READ_ONLY'];

export function assignableRoles(mine: StaffRole): StaffRole[] {
  return mine === 'OWNER' ? ROLES : ROLES.filter((role) => role !== 'OWNER');
}
