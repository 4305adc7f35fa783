/** Talks to the API with the signed-in user's token; a 401 sends the user back to the login page. */
export interface User { id: string; email: string; name: string; role: 'reviewer' | 'manager' | 'admin' }

const TOKEN = 'triage.token';
const USER = 'triage.user';

export const session = {
  user(): User | null {
    const raw = localStorage.getItem(USER);
    return raw ? (JSON.parse(raw) as User) : null;
  },
  save(token: string, user: User) {
    localStorage.setItem(TOKEN, token);
    localStorage.setItem(USER, JSON.stringify(user));
    // The queue board is a server page: it reads the same token from a cookie.
    document.cookie = `access_token=${token}; path=/; SameSite=Strict`;
  },
  clear() {
    localStorage.removeItem(TOKEN);
    localStorage.removeItem(USER);
    document.cookie = 'access_token=; path=/; max-age=0; SameSite=Strict';
  },
  token: () => localStorage.getItem(TOKEN),
};

export class ApiFailure extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  const token = session.token();
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (res.status === 401 && !path.endsWith('/auth/login')) {
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
  const headers: Record<string, string> = {};
  const token = session.token();
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(path, { headers, credentials: 'same-origin' });
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
