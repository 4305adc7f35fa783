export type StaffRole = 'reviewer' | 'manager' | 'admin';

/** The signed-in staff user (GET /v1/me); the pages keep only this, never a token. */
export interface StaffUser {
  id: string;
  email: string;
  name: string;
  role: StaffRole;
}

/** POST /v1/auth/login (the session itself travels in HttpOnly cookies). */
export interface LoginResponse {
  accessToken: string;
  expiresAt: string;
  user: StaffUser;
}

/** POST /v1/auth/invitations/accept. */
export interface InvitationAccepted {
  user: StaffUser;
}
