export type StaffRole = 'reviewer' | 'manager' | 'admin';

export interface StaffPrincipal {
  kind: 'staff';
  userId: string;
  email: string;
  name: string;
  role: StaffRole;
}

/** Managers and admins may act on any item; reviewers only on their own. */
export const isManager = (p: StaffPrincipal) => p.role === 'manager' || p.role === 'admin';
