import type { ReviewerView, StaffUser } from '@app/contracts';

/**
 * Talks to the API with the signed-in user's session: an HttpOnly cookie the page cannot read (so a
 * script injected into the page cannot steal it) plus the CSRF token from the readable csrf_token cookie,
 * sent in X-CSRF-Token on every state-changing call. A 401 sends the user back to the login page.
 */
export type User = StaffUser;

// Only the user's public profile is kept in the browser (to pick the pages); never a token.
const USER = 'triage.user';

const cookie = (name: string) =>
  document.cookie
    .split(/;\s*/)
    .find((c) => c.startsWith(`${name}=`))
    ?.slice(name.length + 1) ?? null;

export const session = {
  user(): User | null {
    const raw = localStorage.getItem(USER);
    return raw && cookie('csrf_token') ? (JSON.parse(raw) as User) : null;
  },
  save(user: User) {
    localStorage.removeItem('triage.token');
    localStorage.setItem(USER, JSON.stringify(user));
  },
  clear() {
    localStorage.removeItem('triage.token');
    localStorage.removeItem(USER);
  },
  /** Ends the session on the server (every token of the user is revoked) and forgets the profile. */
  async signOut() {
    await api('POST', '/v1/auth/logout').catch(() => undefined);
    session.clear();
  },
};

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The language finding texts are asked in: the signed-in reviewer's (their chosen workbench language,
 * else their first language we write texts in), sent as Accept-Language so the browser's own setting
 * does not decide. Null until loaded, or for staff without a reviewer profile (the browser's then).
 */
let textLanguage: string | null = null;

export async function loadTextLanguage(): Promise<string | null> {
  textLanguage = await api<ReviewerView>('GET', '/v1/reviewers/me')
    .then((me) => me.readingLanguage ?? null)
    .catch(() => null);
  return textLanguage;
}

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  if (textLanguage) headers['accept-language'] = textLanguage;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const csrf = cookie('csrf_token');
  if (csrf && method !== 'GET' && method !== 'HEAD') headers['x-csrf-token'] = decodeURIComponent(csrf);
  const res = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.status === 401 && !path.startsWith('/v1/auth/')) {
    session.clear();
    location.assign(`/login?next=${encodeURIComponent(location.pathname)}`);
  }
  if (res.status === 204) return undefined as T;
  const data = await res.json().catch(() => ({}));
  if (!res.ok) throw new ApiFailure(res.status, data?.error?.code ?? 'ERROR', data?.error?.message ?? res.statusText);
  return data as T;
}

export const homeOf = (u: User | null) => (!u ? '/login' : u.role === 'reviewer' ? '/workbench' : '/dashboard');

/** A non-JSON answer (CSV export) as text, sent with the same credentials as api(). */
export async function apiText(path: string): Promise<string> {
  const res = await fetch(path, { credentials: 'same-origin' });
  if (!res.ok) throw new ApiFailure(res.status, 'ERROR', `Export failed (${res.status})`);
  return res.text();
}

/** Offers text as a file download. */
export function saveFile(name: string, text: string, type = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
