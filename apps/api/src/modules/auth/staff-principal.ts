export type StaffRole = 'reviewer' | 'manager' | 'admin';

export const STAFF_ROLES: readonly StaffRole[] = ['reviewer', 'manager', 'admin'];

export interface StaffPrincipal {
  kind: 'staff';
  userId: string;
  email: string;
  name: string;
  /** Read from the database on every request, so a role change takes effect at once. */
  role: StaffRole;
}

/** Managers and admins may act on any item; reviewers only on their own. */
export const isManager = (p: StaffPrincipal) => p.role === 'manager' || p.role === 'admin';
