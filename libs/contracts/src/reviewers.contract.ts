/** Working days (ISO weekday 1-7) and the daily window "HH:MM"-"HH:MM", in the reviewer's time zone. */
export interface WorkingHours {
  days: number[];
  start: string;
  end: string;
}

/** A reviewer profile (GET /v1/reviewers/{id}, `me` for the caller). */
export interface ReviewerView {
  id: string;
  email: string;
  role: string;
  name: string;
  countries: string[];
  languages: string[];
  uiLanguage: string | null;
  /** The language the workbench shows finding texts in. */
  readingLanguage: string;
  categories: string[];
  capacity: number;
  /** Items held now. */
  open: number;
  availability: string;
  timeZone: string;
  workingHours: WorkingHours;
  weeklyGoal: number;
  homeCountry: string | null;
  substituteId: string | null;
  returnOnComeback: boolean;
  lastAssignedAt: string | null;
  lastActiveAt: string | null;
}

/** GET /v1/reviewers. */
export interface ReviewerList {
  items: ReviewerView[];
}

/** A one-time link with which an invited person sets their password. */
export interface Invitation {
  token: string;
  url: string;
  expiresAt: string;
}

/** POST /v1/reviewers: the profile and the invitation link to hand over. */
export interface CreatedReviewer extends ReviewerView {
  invitation: Invitation;
}
